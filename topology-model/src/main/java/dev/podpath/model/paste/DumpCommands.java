package dev.podpath.model.paste;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which snapshot file a typed command's output becomes: {@code ip r}, {@code ip -4 route show table
 * all}, {@code ip -j addr}, {@code ifconfig cni0}, {@code route -n}, {@code sudo iptables-save},
 * {@code kubectl get pods -A -o wide}... ({@link Recognition.Dump}); the commands whose output
 * shows network state podpath does not read ({@code iptables -L}, {@code brctl show}, {@code ip
 * route get}, {@code conntrack -L}; {@link Recognition.NotRead}, with what to paste instead); and
 * the rest ({@link Recognition.NotADump}). Package-private.
 */
final class DumpCommands {

  /**
   * Programs people type in debugging threads: after a bare {@code # }, one of these is a prompt.
   */
  private static final Set<String> PROGRAMS =
      Set.of(
          "ip",
          "ifconfig",
          "route",
          "netstat",
          "arp",
          "bridge",
          "brctl",
          "iptables",
          "iptables-save",
          "iptables-legacy-save",
          "iptables-nft-save",
          "iptables-legacy",
          "iptables-nft",
          "ip6tables",
          "ip6tables-save",
          "ipset",
          "sysctl",
          "cat",
          "kubectl",
          "docker",
          "crictl",
          "ss",
          "conntrack",
          "ethtool",
          "calicoctl",
          "ping",
          "traceroute",
          "tracepath",
          "curl",
          "wget",
          "nc",
          "telnet",
          "dig",
          "nslookup",
          "tcpdump",
          "systemctl",
          "journalctl",
          "uname",
          "etcdctl",
          "hostname",
          "nsenter",
          "kubeadm",
          "ps",
          "lsmod",
          "modprobe",
          "ovs-vsctl",
          "ovs-ofctl",
          "nft",
          "mtr",
          "echo",
          "ls",
          "k3s",
          "microk8s",
          "sudo",
          "flanneld");

  private DumpCommands() {}

  /**
   * Whether {@code command} starts with a program people type when debugging (for a bare {@code #}
   * prompt).
   */
  static boolean isKnown(String command) {
    EchoedCommand c = EchoedCommand.parse(command);
    return c.program().map(PROGRAMS::contains).orElse(false) || c.in().isPresent();
  }

  static Recognition recognise(EchoedCommand c) {
    List<String> a = c.argv();
    if (a.isEmpty()) {
      return new Recognition.NotADump("an empty command");
    }
    String p = a.get(0);
    List<String> args = a.subList(1, a.size());
    return switch (p) {
      case "ip" -> ip(args);
      case "ifconfig" ->
          args.stream().filter(x -> !x.startsWith("-")).count() > 1
              ? new Recognition.NotADump("ifconfig changing a device")
              : new Recognition.Dump(SnapshotFile.IFCONFIG);
      case "route" ->
          args.stream().anyMatch(x -> x.equals("add") || x.equals("del"))
              ? new Recognition.NotADump("route changing the table")
              : new Recognition.Dump(
                  SnapshotFile.ROUTE_N,
                  Optional.empty(),
                  args.stream().anyMatch(x -> x.startsWith("-") && x.contains("n"))
                      ? List.of()
                      : List.of(
                          "route without -n prints names for addresses; the lines with a name are not read"));
      case "netstat" ->
          args.stream().anyMatch(x -> x.startsWith("-") && x.contains("r"))
              ? new Recognition.Dump(SnapshotFile.NETSTAT_RN)
              : new Recognition.NotRead(
                  "netstat's socket listing: podpath reads `ss -ltun` (listening sockets)");
      case "arp" ->
          args.stream().anyMatch(x -> x.equals("-d") || x.equals("-s"))
              ? new Recognition.NotADump("arp changing the table")
              : new Recognition.Dump(SnapshotFile.ARP_N);
      case "bridge" -> bridge(args);
      case "brctl" -> brctl(args);
      case "iptables-save", "iptables-legacy-save", "iptables-nft-save" ->
          new Recognition.Dump(
              SnapshotFile.IPTABLES_SAVE,
              Optional.empty(),
              tableOption(args)
                  .map(t -> List.of("only the " + t + " table (-t " + t + ")"))
                  .orElse(List.of()));
      case "ip6tables-save", "ip6tables" -> new Recognition.NotRead("IPv6 rules: not modelled");
      case "iptables", "iptables-legacy", "iptables-nft" -> iptables(args);
      case "ipset" ->
          !args.isEmpty() && args.get(0).equals("save")
              ? new Recognition.Dump(SnapshotFile.IPSET_SAVE)
              : !args.isEmpty() && (args.get(0).equals("list") || args.get(0).equals("-L"))
                  ? new Recognition.NotRead("`ipset list`: paste `ipset save` instead")
                  : new Recognition.NotADump("ipset changing a set");
      case "sysctl" -> sysctl(args);
      case "cat", "more", "less", "head", "tail" -> cat(args);
      case "kubectl" -> KubectlCommands.recognise(args);
      case "ss" -> ss(args);
      case "conntrack" -> conntrack(args);
      case "ethtool" -> ethtool(args);
      case "docker", "podman", "nerdctl" ->
          args.size() >= 2 && args.get(0).equals("network") && args.get(1).equals("inspect")
              ? new Recognition.Dump(SnapshotFile.DOCKER_NETWORKS)
              : !args.isEmpty() && args.get(0).equals("inspect")
                  ? new Recognition.NotRead(
                      "`docker inspect`: a container's settings; not read (paste `docker network"
                          + " inspect NETWORK`, and the host's `ip addr` and `ip route`)")
                  : new Recognition.NotADump(
                      "docker " + String.join(" ", args.subList(0, Math.min(1, args.size()))));
      case "calicoctl" -> new Recognition.NotRead("calicoctl: Calico's own objects; not read");
      case "ovs-vsctl", "ovs-ofctl", "nft" -> new Recognition.NotRead(p + ": not modelled");
      default -> new Recognition.NotADump(p);
    };
  }

  /**
   * {@code ss} listing listening sockets ({@code -l}, or {@code -a} with the connections): the
   * namespace's servers; a listing of connections alone or a summary is not read.
   */
  private static Recognition ss(List<String> args) {
    boolean listening =
        args.stream()
            .anyMatch(
                a -> a.equals("--listening") || a.equals("--all") || a.matches("-[^-]*[la][^-]*"));
    if (!listening) {
      return new Recognition.NotRead(
          "`ss` without -l (or -a) lists connections, not the listening sockets podpath reads:"
              + " paste `ss -ltnp` and `ss -lunp` (or `ss -tulpn`)");
    }
    List<String> notes = new ArrayList<>();
    List<String> filter =
        args.stream().filter(a -> !a.startsWith("-") && !a.matches("tcp|udp|inet|4")).toList();
    if (!filter.isEmpty()) {
      notes.add(
          "only the sockets matching `"
              + String.join(" ", filter)
              + "`: the sockets of the namespace stay unknown");
    }
    return new Recognition.Dump(SnapshotFile.SS, Optional.empty(), notes);
  }

  /**
   * {@code conntrack -L} (the connections conntrack holds, as a trace starts with them); its
   * events, statistics and changes are not read.
   */
  private static Recognition conntrack(List<String> args) {
    if (args.stream().anyMatch(a -> a.matches("-[DFIUR]|--delete|--flush|--create|--update"))) {
      return new Recognition.NotADump("conntrack changing the table");
    }
    if (args.stream().noneMatch(a -> a.equals("-L") || a.equals("--dump"))
        || args.stream().anyMatch(a -> a.equals("expect") || a.equals("dying"))) {
      return new Recognition.NotRead(
          "conntrack's events, statistics or counts: podpath reads `conntrack -L` (the"
              + " connections it holds)");
    }
    List<String> notes = new ArrayList<>();
    if (args.stream()
        .anyMatch(
            a ->
                a.matches(
                    "-[psdrq]|--proto|--src|--dst|--orig-.*|--reply-.*|--state|--mark|--zone"))) {
      notes.add(
          "only the entries matching `conntrack "
              + String.join(" ", args)
              + "`: the other connections are unknown (a trace takes them as new)");
    }
    return new Recognition.Dump(SnapshotFile.CONNTRACK, Optional.empty(), notes);
  }

  private static Recognition brctl(List<String> args) {
    if (args.isEmpty() || args.get(0).equals("show")) {
      List<String> bridges = args.isEmpty() ? List.of() : args.subList(1, args.size());
      return new Recognition.Dump(
          SnapshotFile.BRCTL_SHOW,
          Optional.empty(),
          bridges.isEmpty()
              ? List.of()
              : List.of(
                  "only bridge" + (bridges.size() == 1 ? " " : "s ") + String.join(", ", bridges)));
    }
    return args.get(0).equals("showmacs")
        ? new Recognition.NotRead(
            "`brctl showmacs` names ports by number: paste" + " `bridge fdb show` instead")
        : new Recognition.NotADump("brctl changing a bridge");
  }

  /**
   * {@code ethtool -i DEV} (the driver: the device's kind); the other forms show settings podpath
   * does not model.
   */
  private static Recognition ethtool(List<String> args) {
    List<String> plain = args.stream().filter(a -> !a.startsWith("-")).toList();
    boolean driver = args.stream().anyMatch(a -> a.equals("-i") || a.equals("--driver"));
    if (driver && plain.size() == 1) {
      return new Recognition.Dump(SnapshotFile.ETHTOOL_I, Optional.of(plain.get(0)), List.of());
    }
    if (args.stream()
        .anyMatch(a -> a.matches("-[sKAGLCEe]|--change|--set-.*|--offload|--features"))) {
      return new Recognition.NotADump("ethtool changing a device");
    }
    return new Recognition.NotRead(
        "ethtool: a device's link settings, offloads or statistics; not read (podpath reads"
            + " `ethtool -i DEV`, the driver, for the device's kind)");
  }

  /** The table an {@code iptables} or {@code iptables-save} command names ({@code -t nat}). */
  static Optional<String> tableOption(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String o = args.get(i);
      if ((o.equals("-t") || o.equals("--table")) && i + 1 < args.size()) {
        return Optional.of(args.get(i + 1));
      }
      if (o.startsWith("-t") && o.length() > 2 && !o.startsWith("--")) {
        return Optional.of(o.substring(2));
      }
      if (o.startsWith("--table=")) {
        return Optional.of(o.substring("--table=".length()));
      }
    }
    return Optional.empty();
  }

  private static Recognition iptables(List<String> args) {
    boolean list =
        args.stream().anyMatch(o -> o.equals("--list") || o.matches("-[a-zA-Z]*L[a-zA-Z]*"));
    boolean rules =
        args.stream().anyMatch(o -> o.equals("--list-rules") || o.matches("-[a-zA-Z]*S[a-zA-Z]*"));
    if (rules) {
      String table = tableOption(args).orElse("filter");
      List<String> notes = new ArrayList<>();
      rulesChain(args)
          .ifPresent(
              c ->
                  notes.add(
                      "only chain "
                          + c
                          + " (`iptables -S "
                          + c
                          + "`): the other chains"
                          + " of the "
                          + table
                          + " table are not in the paste"));
      return new Recognition.Dump(SnapshotFile.IPTABLES_SAVE, Optional.empty(), notes);
    }
    if (list) {
      return new Recognition.Dump(SnapshotFile.IPTABLES_SAVE, Optional.empty(), List.of());
    }
    return new Recognition.NotADump("iptables changing the rules");
  }

  /** The chain {@code iptables -S CHAIN} lists, when it lists one. */
  static Optional<String> rulesChain(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String o = args.get(i);
      if ((o.equals("-S") || o.equals("--list-rules") || o.matches("-[a-zA-Z]*S"))
          && i + 1 < args.size()
          && !args.get(i + 1).startsWith("-")) {
        return Optional.of(args.get(i + 1));
      }
      if ((o.equals("-t") || o.equals("--table")) && i + 1 < args.size()) {
        i++;
      }
    }
    return Optional.empty();
  }

  /** The chain {@code iptables -L CHAIN} lists, when it lists one. */
  static Optional<String> listChain(List<String> args) {
    for (int i = 1; i < args.size(); i++) {
      String o = args.get(i);
      if ((o.equals("--list") || o.matches("-[a-zA-Z]*L[a-zA-Z]*"))
          && i + 1 < args.size()
          && !args.get(i + 1).startsWith("-")) {
        return Optional.of(args.get(i + 1));
      }
      if ((o.equals("-t") || o.equals("--table")) && i + 1 < args.size()) {
        i++;
      }
    }
    return Optional.empty();
  }

  /** Whether an {@code iptables} command lists rules as a table ({@code -L}, {@code --list}). */
  static boolean listsTable(List<String> argv) {
    return !argv.isEmpty()
        && argv.get(0).startsWith("iptables")
        && !argv.get(0).endsWith("-save")
        && !listsRules(argv)
        && argv.subList(1, argv.size()).stream()
            .anyMatch(o -> o.equals("--list") || o.matches("-[a-zA-Z]*L[a-zA-Z]*"));
  }

  /** Whether an {@code iptables} command lists rules ({@code -S}, {@code --list-rules}). */
  static boolean listsRules(List<String> argv) {
    return !argv.isEmpty()
        && argv.get(0).startsWith("iptables")
        && !argv.get(0).endsWith("-save")
        && argv.subList(1, argv.size()).stream()
            .anyMatch(o -> o.equals("--list-rules") || o.matches("-[a-zA-Z]*S[a-zA-Z]*"));
  }

  private static Recognition sysctl(List<String> args) {
    if (args.stream().anyMatch(o -> o.equals("-w") || o.contains("=") && !o.startsWith("-"))) {
      return new Recognition.NotADump("sysctl setting a value");
    }
    if (args.stream().anyMatch(o -> o.equals("-n") || o.equals("-N"))) {
      return new Recognition.NotRead(
          "`sysctl -n` prints values without their keys: paste `sysctl KEY...` or"
              + " `sysctl -a` instead");
    }
    return new Recognition.Dump(SnapshotFile.SYSCTL);
  }

  private static Recognition cat(List<String> args) {
    List<String> files = args.stream().filter(x -> !x.startsWith("-")).toList();
    if (files.size() == 1) {
      String f = files.get(0);
      if (f.equals("/proc/net/nf_conntrack") || f.equals("/proc/net/ip_conntrack")) {
        return new Recognition.Dump(SnapshotFile.CONNTRACK);
      }
      if (f.endsWith("subnet.env")) {
        return new Recognition.Dump(SnapshotFile.SUBNET_ENV);
      }
      if (f.matches("/proc/sys/net/[A-Za-z0-9_./-]+")) {
        return new Recognition.Dump(SnapshotFile.SYSCTL, Optional.of(f), List.of());
      }
    }
    return new Recognition.NotADump("cat " + String.join(" ", files));
  }

  private static Recognition bridge(List<String> args) {
    boolean json = false;
    int i = 0;
    while (i < args.size() && args.get(i).startsWith("-")) {
      String o = args.get(i++);
      json |= o.equals("-j") || o.equals("-json") || o.equals("--json");
    }
    if (i >= args.size()) {
      return new Recognition.NotADump("bridge");
    }
    String object = args.get(i++);
    if (!"fdb".startsWith(object) || object.isEmpty()) {
      return object.equals("link") || object.equals("vlan")
          ? new Recognition.NotRead(
              "`bridge "
                  + object
                  + "`: not read; podpath reads bridge ports from `ip -d link"
                  + " show`")
          : new Recognition.NotADump("bridge " + object);
    }
    List<String> rest = args.subList(i, args.size());
    if (!rest.isEmpty()
        && Set.of("add", "append", "del", "replace", "flush").contains(rest.get(0))) {
      return new Recognition.NotADump("bridge fdb changing the table");
    }
    Optional<String> dev = valueOf(rest, "dev");
    return new Recognition.Dump(
        json ? SnapshotFile.BRIDGE_FDB_JSON : SnapshotFile.BRIDGE_FDB,
        dev,
        valueOf(rest, "br").map(b -> List.of("only the entries of bridge " + b)).orElse(List.of()));
  }

  private static Optional<String> valueOf(List<String> words, String key) {
    int k = words.indexOf(key);
    return k >= 0 && k + 1 < words.size() ? Optional.of(words.get(k + 1)) : Optional.empty();
  }

  private static Recognition ip(List<String> args) {
    boolean json = false;
    boolean six = false;
    boolean brief = false;
    int i = 0;
    while (i < args.size() && args.get(i).startsWith("-")) {
      String o = args.get(i++);
      switch (o) {
        case "-j", "-json", "--json" -> json = true;
        case "-6" -> six = true;
        case "-br", "-brief", "--brief" -> brief = true;
        case "-f", "-family" -> {
          if (i < args.size() && args.get(i).equals("inet6")) {
            six = true;
          }
          i++;
        }
        default -> {
          // -4 -d -s -o -p -c -h -N: the same lines, more or fewer details
        }
      }
    }
    if (i >= args.size()) {
      return new Recognition.NotADump("ip");
    }
    String object = args.get(i++);
    List<String> rest = args.subList(i, args.size());
    String verb = rest.isEmpty() ? "show" : rest.get(0);
    boolean show =
        rest.isEmpty() || Set.of("show", "list", "lst", "sh", "ls", "s", "l").contains(verb);
    List<String> selectors = show && !rest.isEmpty() ? rest.subList(1, rest.size()) : rest;
    Family f = Family.of(object);
    if (f == Family.OTHER) {
      return new Recognition.NotADump("ip " + object);
    }
    if (f == Family.ROUTE && verb.equals("get")) {
      return new Recognition.NotRead(NotReadReasons.ROUTE_GET);
    }
    if (!show && !(f == Family.ROUTE || f == Family.NEIGH) && !looksLikeSelector(verb)) {
      return new Recognition.NotADump("ip " + object + " " + verb);
    }
    if (!show
        && Set.of(
                "add", "del", "delete", "change", "replace", "append", "flush", "set", "prepend",
                "test")
            .contains(verb)) {
      return new Recognition.NotADump("ip " + object + " " + verb);
    }
    if (six) {
      return new Recognition.NotRead("IPv6 (ip -6): not modelled");
    }
    if (brief) {
      return new Recognition.NotRead(
          "`ip -brief` leaves out what podpath reads (flags, MACs, scopes): paste `ip addr`"
              + " (or `ip -d link`) instead");
    }
    List<String> notes = new ArrayList<>();
    Optional<String> device = valueOf(selectors, "dev");
    return switch (f) {
      case ROUTE -> {
        valueOf(selectors, "table")
            .filter(t -> !t.equals("all") && !t.equals("main"))
            .ifPresent(t -> notes.add("only table " + t));
        if (selectors.stream()
            .anyMatch(s -> s.matches("\\d[\\d./]*|default|proto|scope|type|via"))) {
          notes.add("only the routes matching `" + String.join(" ", selectors) + "`");
        }
        yield new Recognition.Dump(
            json ? SnapshotFile.IP_ROUTE_JSON : SnapshotFile.IP_ROUTE, device, notes);
      }
      case ADDR, LINK -> {
        Optional<String> shown =
            device.or(
                () ->
                    selectors.stream()
                        .filter(
                            s ->
                                !Set.of("up", "type", "master", "group", "scope", "label", "to")
                                    .contains(s))
                        .findFirst()
                        .filter(s -> !s.startsWith("-")));
        shown.ifPresent(d -> notes.add("only device " + d));
        SnapshotFile file =
            f == Family.ADDR
                ? (json ? SnapshotFile.IP_ADDR_JSON : SnapshotFile.IP_ADDR)
                : (json ? SnapshotFile.IP_LINK_JSON : SnapshotFile.IP_LINK);
        yield new Recognition.Dump(file, Optional.empty(), notes);
      }
      case NEIGH ->
          new Recognition.Dump(
              json ? SnapshotFile.IP_NEIGH_JSON : SnapshotFile.IP_NEIGH, device, notes);
      case RULE -> new Recognition.Dump(json ? SnapshotFile.IP_RULE_JSON : SnapshotFile.IP_RULE);
      default -> new Recognition.NotADump("ip " + object);
    };
  }

  private static boolean looksLikeSelector(String w) {
    return Set.of("dev", "table", "type", "up", "scope", "proto", "nud").contains(w)
        || w.matches("[A-Za-z0-9@.:_-]+");
  }

  /** The objects of {@code ip}, as ip abbreviates them. */
  private enum Family {
    ROUTE,
    ADDR,
    LINK,
    NEIGH,
    RULE,
    OTHER;

    static Family of(String w) {
      if (w.isEmpty()) {
        return OTHER;
      }
      if ("route".startsWith(w) || w.equals("r")) {
        return ROUTE;
      }
      if ("address".startsWith(w) || "addr".startsWith(w)) {
        return ADDR;
      }
      if ("link".startsWith(w)) {
        return LINK;
      }
      if ("neighbour".startsWith(w) || "neighbor".startsWith(w) || "neigh".startsWith(w)) {
        return NEIGH;
      }
      if (w.length() >= 2 && "rule".startsWith(w)) {
        return RULE;
      }
      return OTHER;
    }
  }
}
