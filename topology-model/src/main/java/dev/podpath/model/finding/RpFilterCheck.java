package dev.podpath.model.finding;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reverse-path filtering that drops what a neighbour sends through this router: the neighbour's
 * route via the router carries packets from one of its addresses (a reply from a multi-homed host
 * leaves by its default route, whatever address it answers from), and the router's route back to
 * that address leaves by another device that also leads to the neighbour (strict, rp_filter=1), or
 * there is none (strict or loose, rp_filter=2). A bridge's address is not such a source (its
 * containers send with their own). Only where rp_filter is known, and not where the router's policy
 * routing depends on the packet's source (the kernel's reverse lookup would use its destination).
 */
final class RpFilterCheck implements Check {

  private record Seen(NetnsName router, String dev, Ipv4Address source) {}

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    SysctlFacts sysctls = new SysctlFacts(facts);
    Shell shell = new Shell(facts);
    List<Finding> out = new ArrayList<>();
    Set<Seen> seen = new HashSet<>();
    for (Gateways.Use use : survey.gatewayUses()) {
      Netns x = use.from();
      Netns y = use.router();
      String e = use.arrival().name();
      Optional<Integer> mode = sysctls.rpFilter(y, e);
      if (x == y || mode.isEmpty() || mode.get() == 0 || selectsBySource(y)) {
        continue;
      }
      Ipv4Address probe =
          use.route().destination().isDefault()
              ? Gateways.FAR
              : Gateways.inside(use.route().destination());
      for (NetDevice d : x.deviceList()) {
        if (d.isBridge()) {
          continue; // a bridge's address is its containers' gateway: what they send has their own
          // sources
        }
        for (IfAddress a : d.addresses()) {
          if (!Gateways.global(a)) {
            continue;
          }
          Ipv4Address s = a.address();
          if (!(Fib.lookup(x, probe, Optional.of(s), "lo") instanceof Fib.Hit hx)
              || hx.route() != use.route()) {
            continue;
          }
          Fib.Result back = Fib.lookup(y, s, Optional.empty(), "lo");
          if (back instanceof Fib.Unknown || back instanceof Fib.Hit hb && hb.local()) {
            continue;
          }
          boolean none = !(back instanceof Fib.Hit hb2) || !hb2.forwards();
          boolean otherDevice =
              back instanceof Fib.Hit hb3 && hb3.forwards() && !hb3.route().uses(e);
          boolean drops =
              none
                  || (mode.get() == 1
                      && otherDevice
                      && leadsTo(survey, y, ((Fib.Hit) back).route(), x, s));
          if (!drops || !seen.add(new Seen(y.name(), e, s))) {
            continue;
          }
          List<Evidence> ev =
              new ArrayList<>(
                  List.of(
                      Evidence.of(x.name(), use.route(), use.route().origin()),
                      Evidence.of(x.name(), a + " on " + d.name(), a.origin()),
                      Evidence.unplaced(
                          y.name(),
                          SysctlFacts.line(
                              y, "net.ipv4.conf.all.rp_filter", y.sysctls().confAll("rp_filter"))),
                      Evidence.unplaced(
                          y.name(),
                          SysctlFacts.line(
                              y,
                              "net.ipv4.conf." + e + ".rp_filter",
                              y.sysctls().conf(e, "rp_filter")))));
          if (back instanceof Fib.Hit hb) {
            ev.add(Evidence.of(y.name(), hb.route(), hb.route().origin()));
          }
          String how = mode.get() == 1 ? "strict (rp_filter=1)" : "loose (rp_filter=2)";
          String explanation =
              x.name()
                  + " sends packets from "
                  + s
                  + " via "
                  + y.name()
                  + " ("
                  + use.route()
                  + "), so they arrive on "
                  + y.name()
                  + "/"
                  + e
                  + "; "
                  + y.name()
                  + "'s reverse-path filter is "
                  + how
                  + (none
                      ? " and it has no route back to " + s
                      : " and its route back to "
                          + s
                          + " leaves by "
                          + ((Fib.Hit) back).route().dev().orElse("?")
                          + ", not "
                          + e)
                  + ": they are dropped silently (a reply from a multi-homed host is the usual victim).";
          List<Fix> fixes = new ArrayList<>();
          if (!none) {
            fixes.add(
                new Fix(
                    shell.exec(
                        y.name(),
                        "sysctl -w net.ipv4.conf.all.rp_filter=2 net.ipv4.conf."
                            + e
                            + ".rp_filter=2"),
                    "loose mode (the effective value is the maximum of all and "
                        + e
                        + ") accepts a source with any route back"));
            Prefix own = a.connectedPrefix();
            fixes.add(
                new Fix(
                    shell.ip(x.name(), "rule add from " + s + " lookup 100")
                        + " && "
                        + shell.ip(
                            x.name(), "route add " + own + " dev " + d.name() + " table 100"),
                    "or route "
                        + x.name()
                        + "'s packets from "
                        + s
                        + " out of "
                        + d.name()
                        + " (source routing, plus a"
                        + " default route in table 100 via "
                        + d.name()
                        + "'s gateway), so they come back in the way the"
                        + " router expects"));
          } else {
            String via =
                Gateways.source(x, use.route(), use.hop())
                    .map(g -> g.address().toString())
                    .orElse("GATEWAY");
            fixes.add(
                new Fix(
                    shell.ip(y.name(), "route add " + a.connectedPrefix() + " via " + via),
                    y.name()
                        + " then has a route back to "
                        + s
                        + " (through "
                        + x.name()
                        + "), which rp_filter requires"));
          }
          out.add(
              new Finding(
                  Code.RP_FILTER_DROPS,
                  Severity.ERROR,
                  y.name().toString(),
                  explanation,
                  ev,
                  fixes));
        }
      }
    }
    return out;
  }

  /**
   * Whether {@code route} of the router leads to {@code x}'s address {@code s}: then what reaches
   * {@code s} that way can be answered from {@code s} by the other way, the asymmetric case. A
   * route that leads elsewhere (the router's own docker0 holding the same range) is no such path.
   */
  private static boolean leadsTo(Survey survey, Netns y, Route route, Netns x, Ipv4Address s) {
    for (NextHop h : route.nextHops()) {
      DeviceRef out = new DeviceRef(y.name(), h.dev());
      if (h.via().isPresent()) {
        if (Gateways.station(survey, out, h.via().get())
            .filter(st -> st.netns().equals(x.name()))
            .isPresent()) {
          return true;
        }
      } else if (Gateways.station(survey, out, s)
          .filter(st -> st.netns().equals(x.name()))
          .isPresent()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the router's rules look at a packet's source: then its reverse lookup cannot be redone
   * here.
   */
  private static boolean selectsBySource(Netns y) {
    return y.routing().rules().stream()
        .map(RoutingRule::from)
        .anyMatch(f -> f.isPresent() && !f.get().isDefault());
  }
}
