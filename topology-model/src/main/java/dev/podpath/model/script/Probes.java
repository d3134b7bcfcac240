package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.build.FibTableLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The questions a script asks: {@code ping}, {@code traceroute} and {@code ip route get}, turned
 * into {@link ProbeSpec}s for the namespace they run in. Destinations must be IPv4 addresses
 * ({@code localhost} is 127.0.0.1); podpath resolves no other names.
 */
final class Probes {

  private Probes() {}

  /** A tiny getopt: short options (clustered, value attached or next), {@code --long[=v]}. */
  record Option(String name, String value) {}

  static List<Object> getopt(
      String tool, List<String> args, String withValue, List<String> longWithValue) {
    List<Object> out = new ArrayList<>();
    for (int k = 0; k < args.size(); k++) {
      String s = args.get(k);
      if (s.startsWith("--") && s.length() > 2) {
        int eq = s.indexOf('=');
        String name = eq < 0 ? s.substring(2) : s.substring(2, eq);
        String v = eq < 0 ? null : s.substring(eq + 1);
        if (v == null && longWithValue.contains(name)) {
          if (++k >= args.size()) {
            throw new CommandError(tool + ": option '--" + name + "' requires an argument");
          }
          v = args.get(k);
        }
        out.add(new Option("--" + name, v));
      } else if (s.startsWith("-") && s.length() > 1) {
        for (int j = 1; j < s.length(); j++) {
          char c = s.charAt(j);
          if (withValue.indexOf(c) >= 0) {
            String v = s.substring(j + 1);
            if (v.isEmpty()) {
              if (++k >= args.size()) {
                throw new CommandError(tool + ": option requires an argument -- '" + c + "'");
              }
              v = args.get(k);
            }
            out.add(new Option("-" + c, v));
            break;
          }
          out.add(new Option("-" + c, null));
        }
      } else {
        out.add(s);
      }
    }
    return out;
  }

  static int number(String tool, String v, long min, long max) {
    try {
      long n = Long.parseLong(v.trim());
      if (n < min || n > max) {
        throw new CommandError(
            tool + ": invalid argument: '" + v + "': out of range: " + min + " <= value <= " + max);
      }
      return (int) Math.min(n, Integer.MAX_VALUE);
    } catch (NumberFormatException e) {
      throw new CommandError(tool + ": invalid argument: '" + v + "'");
    }
  }

  /** The destination, or null (with a note) when it is IPv6. */
  static Ipv4Address destination(Exec ex, String tool, String text) {
    if (Args.isIpv6(text)) {
      ex.notModelled("IPv6 is not modelled: podpath does not run this probe");
      return null;
    }
    if (text.equals("localhost")) {
      return Ipv4Address.of(127, 0, 0, 1);
    }
    return Ipv4Address.tryParse(text)
        .orElseThrow(
            () ->
                new CommandError(
                    tool
                        + ": "
                        + text
                        + ": Name or service not known (podpath resolves no names: use an IPv4 address)"));
  }

  static void ping(Exec ex, List<String> argv) {
    int count = 1;
    Optional<Integer> ttl = Optional.empty();
    int size = 56;
    boolean df = true;
    Optional<String> source = Optional.empty();
    long wait = ProbeSpec.PING_DEFAULT_WAIT_MILLIS;
    String dest = null;
    boolean bounded = false;
    for (Object o : getopt("ping", argv.subList(1, argv.size()), "ceFiIlmMNpQsStTwW", List.of())) {
      if (o instanceof String s) {
        if (dest != null) {
          throw new CommandError("ping: usage error: Only one destination may be given");
        }
        dest = s;
        continue;
      }
      Option opt = (Option) o;
      switch (opt.name()) {
        case "-c":
          count = number("ping", opt.value(), 1, Long.MAX_VALUE);
          bounded = true;
          break;
        case "-w":
          bounded = true;
          break;
        case "-t":
          ttl = Optional.of(number("ping", opt.value(), 0, 255));
          break;
        case "-s":
          size = number("ping", opt.value(), 0, 65507);
          break;
        case "-M":
          switch (opt.value()) {
            case "do":
            case "want":
            case "probe":
              df = true;
              break;
            case "dont":
              df = false;
              break;
            default:
              throw new CommandError("ping: invalid -M argument: " + opt.value());
          }
          break;
        case "-I":
          source = Optional.of(bindTo(ex, opt.value()));
          break;
        case "-W":
          wait = seconds("ping", opt.value());
          break;
        case "-6":
          ex.notModelled("IPv6 is not modelled: podpath does not run this probe");
          return;
        case "-h":
        case "-V":
          return;
        default:
          break;
      }
    }
    if (dest == null) {
      throw new CommandError("ping: usage error: Destination address required");
    }
    Ipv4Address d = destination(ex, "ping", dest);
    if (!bounded) {
      ex.info(
          "ping without -c or -w never ends by itself: podpath sends one echo request, and verify's kernel run"
              + " runs it as ping -c 1");
      List<String> once = new ArrayList<>(argv);
      once.addAll(1, List.of("-c", "1"));
      ex.world().kernelSteps.replaceArgv(once);
    }
    if (d != null) {
      ex.world()
          .probe(
              new ProbeSpec.Ping(
                  ex.ns().name(), d, count, ttl, size, df, source, wait, ex.origin()));
    }
  }

  /** A wait given in seconds (fractions allowed), as milliseconds. */
  static long seconds(String tool, String value) {
    try {
      double s = Double.parseDouble(value);
      if (s < 0 || Double.isNaN(s) || s > 86400) {
        throw new NumberFormatException();
      }
      return Math.round(s * 1000);
    } catch (NumberFormatException e) {
      throw new CommandError(tool + ": bad wait time: " + value);
    }
  }

  /** {@code -I}: an address (ping binds even to a non-local one) or a device that must exist. */
  private static String bindTo(Exec ex, String value) {
    Optional<Ipv4Address> a = Ipv4Address.tryParse(value);
    if (a.isEmpty() && !ex.ns().has(value)) {
      throw new CommandError("ping: SO_BINDTODEVICE " + value + ": No such device");
    }
    return value;
  }

  static void traceroute(Exec ex, List<String> argv) {
    TracerouteMethod method = TracerouteMethod.DEFAULT;
    Optional<Integer> port = Optional.empty();
    int maxTtl = 30;
    int queries = ProbeSpec.TRACEROUTE_DEFAULT_QUERIES;
    long wait = ProbeSpec.TRACEROUTE_DEFAULT_WAIT_MILLIS;
    Optional<Ipv4Address> source = Optional.empty();
    List<String> positional = new ArrayList<>();
    List<String> longValued =
        List.of(
            "max-hops",
            "port",
            "queries",
            "wait",
            "first",
            "sim-queries",
            "interface",
            "source",
            "sport",
            "fwmark",
            "module",
            "tos",
            "flowlabel",
            "sendwait",
            "options",
            "gateway",
            "protocol");
    for (Object o :
        getopt("traceroute", argv.subList(1, argv.size()), "fgimMNpqstwzPOl", longValued)) {
      if (o instanceof String s) {
        positional.add(s);
        continue;
      }
      Option opt = (Option) o;
      switch (opt.name()) {
        case "-I":
        case "--icmp":
          method = TracerouteMethod.ICMP;
          break;
        case "-T":
        case "--tcp":
          method = TracerouteMethod.TCP;
          break;
        case "-U":
        case "--udp":
          method = TracerouteMethod.UDP;
          break;
        case "-M":
        case "--module":
          String module = opt.value();
          Optional<TracerouteMethod> m = TracerouteMethod.ofModule(module);
          if (m.isEmpty()) {
            if (!List.of("tcpconn", "raw", "udplite", "dccp").contains(module)) {
              throw new CommandError("Unknown traceroute module " + module);
            }
            ex.notModelled(
                "traceroute's "
                    + module
                    + " method is not modelled: podpath does not run this probe");
            return;
          }
          method = m.get();
          break;
        case "-P":
        case "--protocol":
          ex.notModelled(
              "traceroute's raw method (-P "
                  + opt.value()
                  + ") is not modelled: podpath does not run this probe");
          return;
        case "-p":
        case "--port":
          port = Optional.of(number("traceroute", opt.value(), 0, 65535));
          break;
        case "-q":
        case "--queries":
          queries = number("traceroute", opt.value(), Integer.MIN_VALUE, Integer.MAX_VALUE);
          if (queries < 1 || queries > ProbeSpec.TRACEROUTE_MAX_QUERIES) {
            throw new CommandError(
                "no more than " + ProbeSpec.TRACEROUTE_MAX_QUERIES + " probes per hop");
          }
          break;
        case "-m":
        case "--max-hops":
          maxTtl = number("traceroute", opt.value(), Integer.MIN_VALUE, Integer.MAX_VALUE);
          if (maxTtl > 255) {
            throw new CommandError("max hops cannot be more than 255");
          }
          if (maxTtl < 1) {
            throw new CommandError("first hop out of range");
          }
          break;
        case "-w":
        case "--wait":
          wait = seconds("traceroute", opt.value().split(",")[0]);
          break;
        case "-s":
        case "--source":
          source =
              Optional.of(
                  Ipv4Address.tryParse(opt.value())
                      .orElseThrow(
                          () ->
                              new CommandError(
                                  "traceroute: "
                                      + opt.value()
                                      + ": Name or service not known (podpath resolves no names)")));
          if (!FibTableLookup.isLocal(ex.ns(), source.get())) {
            throw new CommandError("bind: Cannot assign requested address");
          }
          break;
        case "-6":
          ex.notModelled("IPv6 is not modelled: podpath does not run this probe");
          return;
        default:
          break;
      }
    }
    if (positional.isEmpty()) {
      throw new CommandError(
          "traceroute: host is missing (usage: traceroute [options] host [packetlen])");
    }
    Ipv4Address d = destination(ex, "traceroute", positional.get(0));
    if (d != null) {
      ex.world()
          .probe(
              new ProbeSpec.Traceroute(
                  ex.ns().name(), d, method, port, maxTtl, queries, wait, source, ex.origin()));
    }
  }

  /** {@code ip route get [to] ADDR [from S] [iif D] [oif D] [mark M] ...}. */
  static void routeGet(Exec ex, Args a) {
    Ipv4Address dest = null;
    Optional<Ipv4Address> from = Optional.empty();
    Optional<String> iif = Optional.empty();
    Optional<String> oif = Optional.empty();
    Optional<Long> mark = Optional.empty();
    while (a.hasNext()) {
      String k = a.next();
      if (k.equals("from")) {
        from = Optional.of(Args.address(strip32(a.value())));
      } else if (k.equals("iif")) {
        iif = Optional.of(ex.device(a.value()).name());
      } else if (k.equals("oif") || k.equals("dev")) {
        oif = Optional.of(ex.device(a.value()).name());
      } else if (k.equals("mark")) {
        mark = Optional.of(Args.u32(a.value(), "invalid mark value"));
      } else if (k.equals("tos")
          || Keywords.matches(k, "dsfield")
          || k.equals("ipproto")
          || k.equals("sport")
          || k.equals("dport")
          || k.equals("uid")
          || k.equals("vrf")) {
        a.value();
        ex.notModelled("ip route get " + k + " is not modelled: podpath ignores it");
      } else if (k.equals("fibmatch") || k.equals("connected") || k.equals("notify")) {
        continue;
      } else {
        if (k.equals("to")) {
          k = a.value();
        }
        if (Args.isIpv6(k)) {
          ex.notModelled("IPv6 is not modelled: podpath does not run this probe");
          return;
        }
        dest = Args.address(strip32(k));
      }
    }
    if (dest == null) {
      throw new CommandError("need at least a destination address");
    }
    ex.world()
        .probe(new ProbeSpec.RouteGet(ex.ns().name(), dest, from, iif, oif, mark, ex.origin()));
  }

  private static String strip32(String s) {
    return s.endsWith("/32") ? s.substring(0, s.length() - 3) : s;
  }
}
