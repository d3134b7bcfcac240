package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.build.FibTableLookup;
import dev.podpath.model.build.KernelError;
import dev.podpath.model.build.RouteCheck;
import dev.podpath.model.build.RouteTables;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteProtocol;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import java.util.List;
import java.util.Optional;

/**
 * net-tools' {@code route add|del [-net|-host] TARGET [netmask M] [gw G] [metric N] [reject] [[dev]
 * IF]} and {@code route [-n]}. The kernel takes these through {@code SIOCADDRT} ({@code
 * rtentry_to_fib_config}): table main, protocol boot, create without exclusive (so a new route goes
 * before an equal-metric one, and only an identical route is refused); the scope is global when the
 * gateway is a unicast address of the main table, else link.
 */
final class NetToolsRoute {

  private static final String USAGE =
      "Usage: inet_route [-vF] del {-host|-net} Target[/prefix] [gw Gw] [metric M] [[dev] If]";

  private NetToolsRoute() {}

  static void run(Exec ex, List<String> argv) {
    Args a = new Args(argv.subList(1, argv.size()));
    while (a.hasNext()
        && a.peek().startsWith("-")
        && !a.peek().equals("-net")
        && !a.peek().equals("-host")) {
      String o = a.next();
      if (o.equals("-A")) {
        a.value();
      }
    }
    if (!a.hasNext()) {
      return;
    }
    String cmd = a.next();
    boolean add = cmd.equals("add");
    if (!add && !cmd.equals("del")) {
      if (cmd.equals("flush")) {
        throw new CommandError("route flush is NOT supported");
      }
      throw new CommandError(USAGE);
    }
    String request = add ? "SIOCADDRT" : "SIOCDELRT";
    Boolean net = null;
    String target = null;
    Ipv4Address netmask = null;
    Optional<Ipv4Address> gw = Optional.empty();
    Optional<String> dev = Optional.empty();
    int metric = 0;
    boolean reject = false;
    while (a.hasNext()) {
      String k = a.next();
      if (k.equals("-net") || k.equals("-host")) {
        net = k.equals("-net");
      } else if (k.equals("netmask") || k.equals("genmask")) {
        String v = a.value();
        netmask =
            Ipv4Address.tryParse(v)
                .orElseThrow(() -> new CommandError("route: bogus netmask " + v));
      } else if (k.equals("gw") || k.equals("gateway")) {
        String v = a.value();
        gw =
            Optional.of(
                Ipv4Address.tryParse(v).orElseThrow(() -> new CommandError(v + ": Unknown host")));
      } else if (k.equals("metric")) {
        metric = (int) Args.u32(a.value(), "metric");
      } else if (k.equals("dev")) {
        dev = Optional.of(a.value());
      } else if (k.equals("reject")) {
        reject = true;
      } else if (k.equals("mss") || k.equals("window") || k.equals("irtt")) {
        a.value();
        ex.info("route " + k + " only matters to TCP; podpath ignores it");
      } else if (k.equals("mod") || k.equals("dyn") || k.equals("reinstate")) {
        continue;
      } else if (target == null) {
        target = k;
      } else if (!a.hasNext()) {
        dev = Optional.of(k);
      } else {
        throw new CommandError(USAGE);
      }
    }
    if (target == null) {
      throw new CommandError(USAGE);
    }
    Prefix dst = destination(target, net, netmask);
    dev.ifPresent(
        x -> {
          if (!ex.ns().has(x)) {
            throw CommandError.ioctl(request, KernelError.of(Errno.ENODEV));
          }
        });
    RouteType type = reject ? RouteType.UNREACHABLE : RouteType.UNICAST;
    try {
      if (add) {
        RouteScope scope =
            reject
                ? RouteScope.HOST
                : gw.isPresent()
                        && FibTableLookup.addrTypeMain(ex.ns(), gw.get()) == RouteType.UNICAST
                    ? RouteScope.GLOBAL
                    : RouteScope.LINK;
        List<RouteCheck.HopSpec> hops =
            reject ? List.of() : List.of(new RouteCheck.HopSpec(gw, dev, 1, false));
        Route r =
            RouteCheck.create(
                ex.ns(),
                new RouteCheck.Request(
                    TableIds.MAIN,
                    type,
                    dst,
                    hops,
                    false,
                    Optional.empty(),
                    metric,
                    Optional.of(scope),
                    RouteProtocol.BOOT,
                    ex.origin()));
        ex.ns().routes().insert(r, RouteTables.Mode.PREPEND);
      } else {
        Optional<Ipv4Address> g = gw;
        Optional<String> dv = dev;
        int m = metric;
        ex.ns()
            .routes()
            .delete(
                TableIds.MAIN,
                dst,
                r ->
                    r.type() == type
                        && (m == 0 || r.metric() == m)
                        && g.map(x -> r.firstHop().flatMap(h -> h.via()).equals(Optional.of(x)))
                            .orElse(true)
                        && dv.map(x -> r.firstHop().map(h -> h.dev().equals(x)).orElse(false))
                            .orElse(true));
      }
    } catch (KernelError e) {
      throw CommandError.ioctl(request, e);
    }
    ex.changed();
  }

  private static Prefix destination(String target, Boolean net, Ipv4Address netmask) {
    if (target.equals("default")) {
      return Prefix.DEFAULT;
    }
    int slash = target.indexOf('/');
    Ipv4Address addr =
        Ipv4Address.tryParse(slash < 0 ? target : target.substring(0, slash))
            .orElseThrow(() -> new CommandError(target + ": Unknown host"));
    int len;
    if (slash >= 0) {
      String l = target.substring(slash + 1);
      if (!l.matches("[0-9]{1,2}") || Integer.parseInt(l) > 32) {
        throw new CommandError(target + ": Unknown host");
      }
      len = Integer.parseInt(l);
    } else if (netmask != null) {
      len =
          Prefix.lengthOfNetmask(netmask)
              .orElseThrow(() -> new CommandError("route: bogus netmask " + netmask));
    } else {
      len = Boolean.TRUE.equals(net) ? 0 : 32;
    }
    if ((addr.bits() & ~Prefix.mask(len)) != 0) {
      if (Boolean.TRUE.equals(net) && netmask == null && slash < 0) {
        throw CommandError.ioctl("SIOCADDRT", KernelError.of(Errno.EINVAL));
      }
      throw new CommandError("route: netmask doesn't match route address");
    }
    return Prefix.of(addr, len);
  }
}
