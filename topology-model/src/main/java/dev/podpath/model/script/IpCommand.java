package dev.podpath.model.script;

import java.util.List;

/**
 * {@code ip [OPTIONS] OBJECT COMMAND ...}: the global options ({@code -n NS}, {@code -4}, {@code
 * -6}, the display options) and the objects, matched by prefix in iproute2's order, so {@code ip a}
 * is {@code ip address}, {@code ip r} is {@code ip route}, {@code ip n} is {@code ip neighbor},
 * {@code ip ru} is {@code ip rule}.
 */
final class IpCommand {

  /** The objects in the order of iproute2's {@code cmds[]} table; the first prefix match wins. */
  private static final List<String> OBJECTS =
      List.of(
          "address",
          "addrlabel",
          "maddress",
          "route",
          "rule",
          "neighbor",
          "neighbour",
          "ntable",
          "ntbl",
          "link",
          "l2tp",
          "fou",
          "ila",
          "macsec",
          "tunnel",
          "tunl",
          "tuntap",
          "tap",
          "token",
          "tcpmetrics",
          "tcp_metrics",
          "monitor",
          "xfrm",
          "mroute",
          "mrule",
          "netns",
          "netconf",
          "vrf",
          "sr",
          "nexthop",
          "mptcp",
          "ioam",
          "help",
          "stats");

  private IpCommand() {}

  static void run(Exec ex, List<String> argv) {
    Args a = new Args(argv.subList(1, argv.size()));
    boolean ipv6 = false;
    while (a.hasNext() && a.peek().startsWith("-") && a.peek().length() > 1) {
      String opt = a.next();
      String o = opt.startsWith("--") ? opt.substring(1) : opt;
      if (o.equals("-n") || Keywords.matches(o, "-netns") && o.length() > 2) {
        ex = ex.in(ex.world().netns(a.value()));
      } else if (o.equals("-6")) {
        ipv6 = true;
      } else if (o.equals("-4") || o.equals("-0")) {
        ipv6 = false;
      } else if (Keywords.matches(o, "-family") || o.equals("-f")) {
        String fam = a.value();
        ipv6 = fam.equals("inet6");
      } else if (Keywords.matches(o, "-batch") || o.equals("-b")) {
        throw new CommandError("ip -batch is not supported: write the commands into the script");
      } else if (Keywords.matches(o, "-loops")
          || o.equals("-rc")
          || Keywords.matches(o, "-rcvbuf")) {
        a.value();
      } else if (!isDisplayOption(o)) {
        throw new CommandError("Option \"" + opt + "\" is unknown, try \"ip -help\".");
      }
    }
    if (!a.hasNext()) {
      throw new CommandError("Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }");
    }
    String obj = a.next();
    String object =
        OBJECTS.stream()
            .filter(k -> Keywords.matches(obj, k))
            .findFirst()
            .orElseThrow(
                () -> new CommandError("Object \"" + obj + "\" is unknown, try \"ip help\"."));
    if (ipv6 && !object.equals("link") && !object.equals("netns")) {
      if (a.hasNext() && !isShow(a.peek())) {
        ex.notModelled("IPv6 is not modelled: podpath ignores this command");
      }
      return;
    }
    switch (object) {
      case "address":
        IpAddr.run(ex, a);
        break;
      case "route":
        IpRoute.run(ex, a);
        break;
      case "rule":
        IpRule.run(ex, a);
        break;
      case "neighbor":
      case "neighbour":
        IpNeigh.run(ex, a);
        break;
      case "link":
        IpLink.run(ex, a);
        break;
      case "netns":
        IpNetns.run(ex, a);
        break;
      case "tunnel":
      case "tunl":
      case "tuntap":
      case "tap":
        IpTunnel.run(ex, object, a);
        break;
      case "monitor":
      case "help":
      case "ntable":
      case "ntbl":
      case "netconf":
      case "stats":
      case "addrlabel":
      case "maddress":
      case "tcpmetrics":
      case "tcp_metrics":
      case "mroute":
        if (a.hasNext() && !isShow(a.peek())) {
          throw new CommandError("ip " + object + " " + a.peek() + " is not supported by podpath");
        }
        break;
      default:
        throw new CommandError("ip " + object + " is not modelled by podpath");
    }
  }

  /** {@code show}, {@code list}, {@code lst}, {@code get} for objects that only display. */
  static boolean isShow(String cmd) {
    return Keywords.matches(cmd, "show") || Keywords.matches(cmd, "list") || cmd.equals("lst");
  }

  private static boolean isDisplayOption(String o) {
    for (String k :
        List.of(
            "-stats",
            "-statistics",
            "-details",
            "-resolve",
            "-oneline",
            "-timestamp",
            "-tshort",
            "-json",
            "-pretty",
            "-brief",
            "-color",
            "-colour",
            "-echo",
            "-Numeric",
            "-all",
            "-force",
            "-human",
            "-iec",
            "-Version",
            "-help",
            "-addrgenmode")) {
      if (Keywords.matches(o.contains("=") ? o.substring(0, o.indexOf('=')) : o, k)) {
        return true;
      }
    }
    return o.equals("-br")
        || o.equals("-j")
        || o.equals("-p")
        || o.equals("-s")
        || o.equals("-d")
        || o.equals("-o")
        || o.equals("-r")
        || o.equals("-t")
        || o.equals("-ts")
        || o.equals("-c")
        || o.equals("-N")
        || o.equals("-h")
        || o.equals("-a")
        || o.equals("-V");
  }
}
