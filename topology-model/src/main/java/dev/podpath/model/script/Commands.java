package dev.podpath.model.script;

import dev.podpath.model.build.KernelError;
import java.util.List;
import java.util.Set;

/**
 * Which program a command line runs, and the wrappers around it ({@code sudo}, {@code timeout},
 * {@code nsenter --net=...}, {@code sh -c}). Configuration tools change the world; probes become
 * {@link ProbeSpec}s; display and capture tools are accepted and ignored; iptables and ipset change
 * the namespace's netfilter rules; other netfilter tools and anything unknown fail the line.
 */
final class Commands {

  /**
   * Programs that only display, query or wait: accepted without effect and without a note, and
   * nothing to say when a kernel run does not run them ({@link KernelSteps}).
   */
  static final Set<String> DISPLAY =
      Set.of(
          "echo", "printf", "cat", "true", ":", "wait", "nstat", "ss", "netstat", "lsmod", "cd",
          "pwd", "trap", "grep", "egrep", "fgrep", "head", "tail", "awk", "sed", "wc", "sort",
          "uniq", "cut", "tr", "column", "less", "more", "jq", "date", "uname", "id", "whoami",
          "which", "type", "clear", "ls", "stat", "tee", "dmesg");

  /**
   * Accepted without effect and without a note: {@link #DISPLAY}, and programs that act on a real
   * machine but not on podpath's model (a kernel run reports them as not run).
   */
  private static final Set<String> SILENT =
      union(DISPLAY, Set.of("sleep", "kill", "killall", "pkill", "tcpdump", "hostname", "ethtool"));

  /**
   * The shell's own state and the shells themselves: the interpreter follows them (each in {@link
   * #run}); a kernel run has nothing to say of them ({@link KernelSteps}).
   */
  static final Set<String> SHELL =
      Set.of(
          "sh",
          "bash",
          "dash",
          "nsenter",
          "set",
          "export",
          "readonly",
          "local",
          "declare",
          "unset",
          "exit",
          "false");

  /** Netfilter tools podpath does not model yet. */
  private static final Set<String> NETFILTER =
      Set.of("ebtables", "arptables", "xtables-monitor", "conntrack");

  // conntrack -L/-S/-C only display the table: accepted without effect (see run)

  private static final Set<String> CONTROL =
      Set.of(
          "if",
          "then",
          "else",
          "elif",
          "fi",
          "for",
          "while",
          "until",
          "do",
          "done",
          "case",
          "esac",
          "function",
          "select",
          "{",
          "}",
          "[",
          "[[",
          "test",
          "!");

  /**
   * The programs {@link #run} knows by name (besides {@link #SILENT}, {@link #NETFILTER} and
   * flanneld-udp.py).
   */
  private static final Set<String> PROGRAMS =
      union(
          SHELL,
          Set.of(
              "ip",
              "bridge",
              "sysctl",
              "brctl",
              "ifconfig",
              "route",
              "ipset",
              "arp",
              "modprobe",
              "mkdir",
              "iptables",
              "nft",
              "wg",
              "iptables-nft",
              "iptables-legacy",
              "iptables-restore",
              "iptables-nft-restore",
              "iptables-legacy-restore",
              "iptables-save",
              "iptables-nft-save",
              "iptables-legacy-save",
              "ip6tables",
              "ip6tables-restore",
              "ip6tables-save",
              "ip6tables-nft",
              "ip6tables-legacy",
              "ping",
              "ping4",
              "ping6",
              "traceroute",
              "traceroute4",
              "traceroute6",
              "nc",
              "netcat",
              "nc.openbsd",
              "python",
              "python3"));

  private Commands() {}

  private static Set<String> union(Set<String> a, Set<String> b) {
    return com.google.common.collect.Sets.union(a, b).immutableCopy();
  }

  /**
   * Refuses a command podpath does not know even where the script would not run it (the branch
   * after {@code ||} of a command that succeeds): a script is refused whole rather than in part.
   */
  static void requireKnown(List<String> whole) {
    List<String> argv = unwrap(whole);
    if (argv.isEmpty()) {
      return;
    }
    String name = basename(argv.get(0));
    if (CONTROL.contains(name)) {
      throw new CommandError(ShellParser.notRun(name));
    }
    if (!PROGRAMS.contains(name)
        && !SILENT.contains(name)
        && !NETFILTER.contains(name)
        && !FlanneldUdpCommand.matches(argv)) {
      throw new CommandError("unknown command \"" + name + "\"");
    }
  }

  static String basename(String cmd) {
    int slash = cmd.lastIndexOf('/');
    return slash >= 0 && slash < cmd.length() - 1 ? cmd.substring(slash + 1) : cmd;
  }

  /**
   * Drops {@code sudo [-opts]}, {@code timeout [-opts] DURATION}, {@code nohup}, {@code command}.
   */
  static List<String> unwrap(List<String> argv) {
    int k = 0;
    while (k < argv.size()) {
      String c = basename(argv.get(k));
      if (c.equals("sudo") || c.equals("doas")) {
        k++;
        while (k < argv.size() && argv.get(k).startsWith("-")) {
          k++;
        }
      } else if (c.equals("timeout")) {
        k++;
        while (k < argv.size() && argv.get(k).startsWith("-")) {
          k++;
        }
        k++;
      } else if (c.equals("nohup") || c.equals("command") || c.equals("exec") || c.equals("time")) {
        k++;
      } else {
        break;
      }
    }
    return argv.subList(Math.min(k, argv.size()), argv.size());
  }

  static void run(Exec ex, List<String> whole) {
    List<String> argv = unwrap(whole);
    if (argv.isEmpty()) {
      return;
    }
    KernelSteps steps = ex.world().kernelSteps;
    steps.begin(ex, argv);
    boolean failed = true;
    try {
      dispatch(ex, argv);
      failed = false;
    } finally {
      steps.end(failed);
    }
  }

  private static void dispatch(Exec ex, List<String> argv) {
    String name = basename(argv.get(0));
    switch (name) {
      case "ip":
        try {
          IpCommand.run(ex, argv);
        } catch (KernelError e) {
          throw CommandError.netlink(e);
        }
        return;
      case "bridge":
        BridgeCommand.run(ex, argv);
        return;
      case "sysctl":
        SysctlCommand.sysctl(ex, argv);
        return;
      case "brctl":
        Brctl.run(ex, argv);
        return;
      case "iptables":
      case "iptables-nft":
      case "iptables-legacy":
        Iptables.iptables(ex, argv);
        return;
      case "iptables-restore":
      case "iptables-nft-restore":
      case "iptables-legacy-restore":
        Iptables.restore(ex, argv);
        return;
      case "iptables-save":
      case "iptables-nft-save":
      case "iptables-legacy-save":
        return;
      case "ip6tables":
      case "ip6tables-restore":
      case "ip6tables-save":
      case "ip6tables-nft":
      case "ip6tables-legacy":
        ex.notModelled("IPv6 is not modelled: podpath ignores " + name);
        return;
      case "ipset":
        Ipset.run(ex, argv);
        return;
      case "nft":
        Nft.run(ex, argv);
        return;
      case "wg":
        Wg.run(ex, argv);
        return;
      case "ifconfig":
        Ifconfig.run(ex, argv);
        return;
      case "route":
        NetToolsRoute.run(ex, argv);
        return;
      case "ping":
      case "ping4":
        Probes.ping(ex, argv);
        return;
      case "nc":
      case "netcat":
      case "nc.openbsd":
        Netcat.run(ex, argv);
        return;
      case "traceroute":
      case "traceroute4":
        Probes.traceroute(ex, argv);
        return;
      case "ping6":
      case "traceroute6":
        ex.notModelled("IPv6 is not modelled: podpath does not run this probe");
        return;
      case "sh":
      case "bash":
      case "dash":
        shell(ex, argv);
        return;
      case "nsenter":
        nsenter(ex, argv);
        return;
      case "set":
        set(ex, argv);
        return;
      case "export":
      case "readonly":
      case "local":
      case "declare":
        for (String a : argv.subList(1, argv.size())) {
          int eq = a.indexOf('=');
          if (eq > 0) {
            ex.runner().env.assign(a.substring(0, eq), a.substring(eq + 1));
          }
        }
        return;
      case "unset":
        argv.subList(1, argv.size()).forEach(ex.runner().env::unset);
        return;
      case "exit":
        throw new ScriptRunner.Exit(argv.size() > 1 ? parseStatus(argv.get(1)) : 0);
      case "false":
        throw new CommandError("false: exit status 1");
      case "python3":
      case "python":
        if (FlanneldUdpCommand.matches(argv)) {
          FlanneldUdpCommand.run(ex, argv);
          return;
        }
        throw new CommandError(
            "running "
                + String.join(" ", argv)
                + " is not supported (podpath models only "
                + FlanneldUdpCommand.PROGRAM
                + ")");
      case "modprobe":
        if (argv.size() > 1 && argv.get(argv.size() - 1).equals("ipip")) {
          ex.world().loadIpip(ex.origin());
          ex.info(
              "ipip: tunl0 now exists (down) in every namespace; ipip is modelled from the kernel"
                  + " source and checked in Debian's kernel in a VM (podpath verify --kernel=vm):"
                  + " this machine's kernel has no ipip module");
          ex.changed();
          return;
        }
        ex.info(
            "kernel modules are not modelled: podpath assumes "
                + String.join(" ", argv.subList(1, argv.size()))
                + " is available");
        return;
      case "mkdir":
        return;
      case "sleep":
        sleep(argv);
        return;
      case "arp":
        if (argv.size() > 1
            && (argv.contains("-s") || argv.contains("-d") || argv.contains("-f"))) {
          throw new CommandError("arp -s/-d is not supported by podpath: use ip neigh");
        }
        return;
      default:
        break;
    }
    if (FlanneldUdpCommand.matches(argv)) {
      FlanneldUdpCommand.run(ex, argv);
      return;
    }
    if (SILENT.contains(name)) {
      if (name.equals("ethtool")
          && argv.size() > 2
          && argv.get(1).matches("-[KsGLACk]|--(offload|change|features)")) {
        ex.info("ethtool settings do not change podpath's datapath");
      }
      return;
    }
    if (name.equals("conntrack")
        && argv.size() > 1
        && argv.get(1).matches("-[LSC]|--(dump|stats|count)")) {
      return;
    }
    if (NETFILTER.contains(name)) {
      throw new CommandError(
          "netfilter ("
              + name
              + ") is not modelled yet"
              + (name.equals("conntrack")
                  ? " (conntrack -L, -S and -C, which only display, are accepted)"
                  : ""));
    }
    if (CONTROL.contains(name)) {
      throw new CommandError(ShellParser.notRun(name));
    }
    throw new CommandError("unknown command \"" + name + "\"");
  }

  /** The longest {@code sleep} a scenario may have: verify's kernel run waits for it for real. */
  static final double LONGEST_SLEEP_SECONDS = 60;

  /**
   * {@code sleep N[smhd]...}: waits (podpath's time does not need it); a long or endless one is
   * refused.
   */
  private static void sleep(List<String> argv) {
    double total = 0;
    for (String a : argv.subList(1, argv.size())) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("([0-9]*\\.?[0-9]+)([smhd]?)").matcher(a);
      if (!m.matches()) {
        throw new CommandError(
            "sleep: invalid time interval '"
                + a
                + "'"
                + (a.startsWith("inf") ? " (podpath refuses a sleep without end)" : ""));
      }
      double unit =
          switch (m.group(2)) {
            case "m" -> 60;
            case "h" -> 3600;
            case "d" -> 86400;
            default -> 1;
          };
      total += Double.parseDouble(m.group(1)) * unit;
    }
    if (total > LONGEST_SLEEP_SECONDS) {
      throw new CommandError(
          "sleep "
              + String.join(" ", argv.subList(1, argv.size()))
              + ": podpath refuses waits over "
              + (int) LONGEST_SLEEP_SECONDS
              + " s (verify runs the scenario in the kernel and would wait for it)");
    }
  }

  private static int parseStatus(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 2;
    }
  }

  /** {@code sh -c 'TEXT'}: the text runs here, in the current namespace. */
  private static void shell(Exec ex, List<String> argv) {
    for (int k = 1; k < argv.size(); k++) {
      String a = argv.get(k);
      if (a.equals("-c")) {
        if (k + 1 >= argv.size()) {
          throw new CommandError(argv.get(0) + ": -c: option requires an argument");
        }
        ex.runner().runText(ex, argv.get(k + 1));
        return;
      }
      if (!a.startsWith("-")) {
        break;
      }
    }
    throw new CommandError(
        "running another script (" + String.join(" ", argv) + ") is not supported");
  }

  /** {@code nsenter --net=/run/netns/NS CMD...} (also {@code -n/var/run/netns/NS}). */
  private static void nsenter(Exec ex, List<String> argv) {
    Exec inner = ex;
    int k = 1;
    for (; k < argv.size() && argv.get(k).startsWith("-"); k++) {
      String a = argv.get(k);
      String path =
          a.startsWith("--net=")
              ? a.substring(6)
              : a.startsWith("-n") && a.length() > 2 ? a.substring(2) : null;
      if (path != null) {
        String ns = path.replaceFirst("^(/var)?/run/netns/", "");
        if (ns.equals(path)) {
          throw new CommandError("nsenter: podpath knows namespaces only as /run/netns/NAME");
        }
        inner = ex.in(ex.world().netns(ns));
      } else if (a.startsWith("-t") || a.startsWith("--target")) {
        throw new CommandError("nsenter --target is not supported: use --net=/run/netns/NAME");
      }
    }
    if (k >= argv.size()) {
      throw new CommandError("nsenter: no command given (podpath runs no interactive shells)");
    }
    Commands.run(inner, argv.subList(k, argv.size()));
  }

  private static void set(Exec ex, List<String> argv) {
    for (int k = 1; k < argv.size(); k++) {
      String a = argv.get(k);
      if (!a.matches("[-+][a-zA-Z]+")) {
        throw new CommandError("set: positional parameters are not supported");
      }
      if (a.indexOf('u') > 0) {
        ex.runner().env.nounset(a.startsWith("-"));
      }
      if (a.indexOf('o') > 0) {
        k++;
      }
    }
  }
}
