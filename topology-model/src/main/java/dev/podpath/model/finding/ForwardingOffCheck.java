package dev.podpath.model.finding;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A namespace other namespaces use as their gateway toward networks it reaches through another of
 * its devices, with forwarding off on the device the packets arrive on: the packets are dropped
 * silently (the {@code ip_forward=0} node, or pod gateway). Only where forwarding is known (a
 * snapshot without {@code sysctl.txt} says nothing).
 */
final class ForwardingOffCheck implements Check {

  private record Seen(NetnsName router, String dev) {}

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    SysctlFacts sysctls = new SysctlFacts(facts);
    Shell shell = new Shell(facts);
    List<Finding> out = new ArrayList<>();
    Set<Seen> seen = new HashSet<>();
    for (Gateways.Use use : survey.gatewayUses()) {
      Netns y = use.router();
      String e = use.arrival().name();
      if (use.from() == y || !sysctls.forwarding(y, e).filter(f -> !f).isPresent()) {
        continue;
      }
      Optional<IfAddress> src = Gateways.source(use.from(), use.route(), use.hop());
      Optional<Route> onward = onward(use, src.map(IfAddress::address));
      if (onward.isEmpty() || !seen.add(new Seen(y.name(), e))) {
        continue;
      }
      out.add(
          new Finding(
              Code.FORWARDING_OFF,
              Severity.ERROR,
              y.name().toString(),
              use.from().name()
                  + " sends "
                  + use.route().destination().toRouteString()
                  + " via "
                  + use.hop().via().orElseThrow()
                  + ", which is "
                  + y.name()
                  + ", and "
                  + y.name()
                  + " would forward such packets (e.g. to "
                  + onward.get().destination()
                  + " "
                  + Routes.target(onward.get())
                  + "), but forwarding is off on "
                  + e
                  + ": they are dropped without an ICMP error.",
              List.of(
                  Evidence.of(use.from().name(), use.route(), use.route().origin()),
                  Evidence.unplaced(
                      y.name(), SysctlFacts.line(y, "net.ipv4.conf." + e + ".forwarding", 0)),
                  Evidence.of(y.name(), onward.get(), onward.get().origin())),
              List.of(
                  new Fix(
                      shell.exec(y.name(), "sysctl -w net.ipv4.ip_forward=1"),
                      "turns forwarding on for every device (conf.all and each conf.DEV); to keep it across reboots, set"
                          + " net.ipv4.ip_forward = 1 in /etc/sysctl.d/"))));
    }
    return out;
  }

  /** A route of the router, out of another device, that the sender's route leads packets to. */
  private static Optional<Route> onward(Gateways.Use use, Optional<Ipv4Address> src) {
    Netns y = use.router();
    for (Route q : y.routing().allRoutes()) {
      if (q.type() != RouteType.UNICAST
          || q.table() == TableIds.LOCAL
          || q.destination().isDefault()
          || q.uses(use.arrival().name())) {
        continue;
      }
      Optional<Ipv4Address> candidate = Gateways.insideNotOwned(q.destination(), y);
      if (candidate.isEmpty()) {
        continue;
      }
      Ipv4Address z = candidate.get();
      if (!(Fib.output(use.from(), z) instanceof Fib.Hit hx) || hx.route() != use.route()) {
        continue;
      }
      if (Fib.lookup(y, z, src, use.arrival().name()) instanceof Fib.Hit hy && hy.route() == q) {
        return Optional.of(q);
      }
    }
    return Optional.empty();
  }
}
