package dev.podpath.trace.diagnosis;

import dev.podpath.model.errno.Errno;
import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Fix;
import dev.podpath.model.finding.Shell;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.net.EdgeAssumption;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Remedies for drops in the routing decision: no route, a failing route or rule, a sysctl. */
final class RoutingRemedies {

  private RoutingRemedies() {}

  static Remedy noRoute(DropReason.NoRoute r, Scene s) {
    List<Evidence> culprit = new ArrayList<>();
    culprit.add(
        Evidence.unplaced(r.netns(), "no route to " + r.dst() + " in tables " + r.tablesTried()));
    Optional<Route> lan = s.lanWithoutDefault(r.netns(), r.tablesTried());
    if (lan.isEmpty() || EdgeAssumption.PRIVATE.stream().anyMatch(p -> p.contains(r.dst()))) {
      return Remedy.fixes(culprit, addRoute(r.netns(), r.dst(), s));
    }
    // A node with one LAN and no default route at all: a public address is missing the default
    // route, not a route of its own (harvester/harvester#709).
    Route connected = lan.get();
    String dev = connected.nextHops().get(0).dev();
    culprit.add(Scene.route(r.netns(), connected));
    return Remedy.fixes(
        culprit,
        new Fix(
            s.shell().ip(r.netns(), "route add default via GATEWAY dev " + dev),
            r.netns()
                + " has no default route in any table it tried, and its only LAN is "
                + connected.destination()
                + " on "
                + dev
                + ": every address beyond its own networks is unreachable, not "
                + r.dst()
                + " alone; add the default route back (GATEWAY: the router on "
                + dev
                + "'s segment), and find what removed it"),
        addRoute(r.netns(), r.dst(), s));
  }

  /**
   * A route to {@code dst}: via the namespace's default gateway when it has one elsewhere, or to
   * the device of a neighbour namespace that owns {@code dst} on a shared segment; else the shape
   * of the command with the gateway to fill in.
   */
  static Fix addRoute(NetnsName ns, dev.podpath.model.addr.Ipv4Address dst, Scene s) {
    String why =
        "nothing in "
            + ns
            + " covers "
            + dst
            + ": the kernel answers 'Network is unreachable' (or sends ICMP net unreachable);"
            + " add a route to "
            + dst
            + " or a prefix covering it, via a gateway on one of "
            + ns
            + "'s segments that reaches it";
    String dev = s.onlyUplink(ns).orElse("DEVICE");
    return new Fix(
        s.shell().ip(ns, "route add " + dst + "/32 via GATEWAY dev " + dev),
        why + " (GATEWAY: an address on " + dev + "'s segment that reaches " + dst + ")");
  }

  static Remedy routeType(DropReason.RouteType r, Scene s) {
    Route route = r.route();
    if (route.type() == dev.podpath.model.route.RouteType.BLACKHOLE
        && route.protocol().name().equals("bird")) {
      return CalicoBlocks.borrowed(r, s);
    }
    return Remedy.fixes(
        List.of(Scene.route(r.netns(), route)),
        new Fix(
            s.shell().ip(r.netns(), "route del " + Shell.routeSpec(route)),
            "the "
                + route.type().keyword()
                + " route "
                + route.destination()
                + " ends the lookup with an error; delete it so a less specific route (or the"
                + " one you add) decides"));
  }

  static Remedy ruleAction(DropReason.RuleAction r, Scene s) {
    RoutingRule rule = r.rule();
    return Remedy.fixes(
        List.of(Evidence.of(r.netns(), "ip rule " + rule, rule.origin())),
        new Fix(
            s.shell().ip(r.netns(), "rule del priority " + rule.priority()),
            "the rule at priority "
                + rule.priority()
                + " fails the lookup before any table is read; delete it (or give it a"
                + " narrower selector)"));
  }

  static Remedy forwardingDisabled(DropReason.ForwardingDisabled r, Scene s) {
    NetnsName ns = r.ingress().netns();
    String dev = r.ingress().name();
    List<Evidence> culprit = new ArrayList<>();
    culprit.add(Scene.setting(ns, "net.ipv4.conf." + dev + ".forwarding = 0"));
    boolean allOff =
        s.topology().netns(ns).map(n -> n.sysctls().confAll("forwarding") == 0).orElse(true);
    if (allOff) {
      culprit.add(Scene.setting(ns, "net.ipv4.ip_forward = 0"));
      return Remedy.fixes(
          culprit,
          new Fix(
              s.sysctl(ns, "net.ipv4.ip_forward", 1),
              ns
                  + " is not a router: a packet it should pass on is dropped on the way in;"
                  + " ip_forward=1 turns forwarding on for every device"));
    }
    return Remedy.fixes(
        culprit,
        new Fix(
            s.sysctl(ns, "net.ipv4.conf." + dev + ".forwarding", 1),
            "forwarding is on in " + ns + " but off on " + dev + ", the device it came in on"));
  }

  static Remedy rpFilter(DropReason.RpFilter r, Scene s) {
    NetnsName ns = r.ingress().netns();
    String dev = r.ingress().name();
    List<Evidence> culprit = new ArrayList<>();
    culprit.add(Scene.setting(ns, "rp_filter = " + r.mode() + " on " + dev));
    r.reverseRoute().ifPresent(route -> culprit.add(Scene.route(ns, route)));
    if (r.mode() == 2) {
      Fix back =
          new Fix(
              s.shell().ip(ns, "route add " + r.src() + "/32 via GATEWAY"),
              "loose mode (rp_filter=2) only asks that "
                  + r.src()
                  + " be reachable through some device, and no route of "
                  + ns
                  + " reaches it; add one (GATEWAY: the next hop towards "
                  + r.src()
                  + ")");
      Fix off =
          new Fix(
              s.shell()
                  .execAll(
                      ns,
                      "sysctl -w net.ipv4.conf.all.rp_filter=0",
                      "sysctl -w net.ipv4.conf." + dev + ".rp_filter=0"),
              "or switch the filter off: the kernel uses the larger of conf.all and conf." + dev);
      return Remedy.fixes(culprit, back, off);
    }
    Fix loose =
        new Fix(
            s.sysctl(ns, "net.ipv4.conf." + dev + ".rp_filter", 2),
            "the kernel uses the larger of conf.all and conf."
                + dev
                + ": 2 (loose) accepts a source that is reachable through any device, as"
                + " asymmetric paths and tunnels need");
    Fix routeBack =
        new Fix(
            s.shell().ip(ns, "route add " + r.src() + "/32 via GATEWAY dev " + dev),
            "or make the route back to "
                + r.src()
                + " leave through "
                + dev
                + ", the device the packet came in on, as strict mode requires");
    return Remedy.fixes(culprit, loose, routeBack);
  }

  static Remedy martianSource(DropReason.MartianSource r, Scene s) {
    NetnsName ns = r.ingress().netns();
    List<Evidence> culprit = new ArrayList<>();
    s.topology()
        .netns(ns)
        .flatMap(n -> n.deviceWithAddress(r.src()))
        .ifPresent(d -> culprit.add(s.device(new dev.podpath.model.topo.DeviceRef(ns, d.name()))));
    culprit.add(s.device(r.ingress()));
    List<NetnsName> others =
        s.owners(r.src()).stream().map(Netns::name).filter(n -> !n.equals(ns)).toList();
    return Remedy.fixes(
        culprit,
        new Fix(
            "give "
                + (others.isEmpty() ? "the sender" : String.join(", ", names(others)))
                + " an address "
                + ns
                + " does not own (not "
                + r.src()
                + ")",
            ns
                + " owns "
                + r.src()
                + " itself, so a packet arriving from outside with that source is a martian:"
                + " two hosts share one address"));
  }

  private static List<String> names(List<NetnsName> ns) {
    return ns.stream().map(NetnsName::toString).toList();
  }

  static Remedy martianDestination(DropReason.MartianDestination r, Scene s) {
    NetnsName ns = r.ingress().netns();
    List<Evidence> culprit = new ArrayList<>();
    culprit.add(s.device(r.ingress()));
    s.lastRoute(ns).ifPresent(rs -> culprit.add(Scene.route(ns, rs.route())));
    return Remedy.fixes(
        culprit,
        new Fix(
            "send to a unicast address of the destination, not " + r.dst(),
            r.dst()
                + " is a broadcast, multicast or zero address for "
                + ns
                + ", which the kernel never forwards"));
  }

  static Remedy ttlExceeded(DropReason.TtlExceeded r, Scene s) {
    return Remedy.none(
        List.of(Evidence.unplaced(r.netns(), "TTL " + r.ttl() + " on arrival")),
        "the probe's TTL ran out in "
            + r.netns()
            + " before the packet reached its destination: expected for traceroute's early"
            + " probes; for another probe, send it with a larger TTL (ping -t)");
  }

  static Remedy routingLoop(DropReason.RoutingLoop r, Scene s) {
    List<Evidence> culprit = new ArrayList<>();
    List<Fix> fixes = new ArrayList<>();
    for (NetnsName ns : r.cycle()) {
      s.lastRoute(ns)
          .ifPresent(
              rs -> {
                culprit.add(Scene.route(ns, rs.route()));
                fixes.add(
                    new Fix(
                        s.shell().ip(ns, "route replace " + replaced(rs) + " via GATEWAY"),
                        ns
                            + " sends the packet on to the next namespace of the loop; point"
                            + " this route at a gateway that is closer to the destination (the"
                            + " loop breaks where one route changes)"));
              });
    }
    if (fixes.isEmpty()) {
      r.cycle().forEach(ns -> culprit.add(Evidence.unplaced(ns, "a namespace of the loop")));
      return Remedy.none(
          culprit,
          "the routes of the loop were not recorded: trace with the steps shown to see them");
    }
    return Remedy.fixes(culprit, fixes.subList(0, 1));
  }

  private static String replaced(Step.RouteSelected rs) {
    return rs.route().destination().toRouteString();
  }

  static Remedy localError(DropReason.LocalError r, Scene s) {
    List<Evidence> culprit =
        List.of(Evidence.unplaced(r.netns(), r.message() + " (" + r.errno() + ")"));
    if (r.errno() == Errno.ENETUNREACH) {
      return s.packet()
          .map(p -> Remedy.fixes(culprit, addRoute(r.netns(), p.dst(), s)))
          .orElse(
              Remedy.none(culprit, "no packet was built, so the destination is not known here"));
    }
    return Remedy.none(
        culprit,
        "the sender's own kernel refused the send ("
            + r.errno()
            + "); the steps above show which route or rule returned it");
  }
}
