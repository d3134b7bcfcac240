package dev.podpath.model.finding;

import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An ECMP route to a node's pod subnet whose next hops are not all that node: the kernel spreads
 * flows over the next hops by a hash, so the share that goes to another node reaches no pod there
 * (or loops back). Only next hops whose namespace is on the route's segment in the model count.
 */
final class EcmpCheck implements Check {

  @Override
  public List<Finding> find(Survey survey) {
    List<Finding> out = new ArrayList<>();
    Shell shell = new Shell(survey.facts());
    for (Netns x : survey.topology().netnsList()) {
      for (Route r : x.routing().allRoutes()) {
        if (r.type() != RouteType.UNICAST
            || r.table() == TableIds.LOCAL
            || r.nextHops().size() < 2) {
          continue;
        }
        for (PodSubnets.PodSubnet s : survey.podSubnets()) {
          if (s.node() == x || !s.prefix().contains(r.destination())) {
            continue;
          }
          List<NextHop> wrong = new ArrayList<>();
          List<String> where = new ArrayList<>();
          for (NextHop h : r.nextHops()) {
            if (h.via().isEmpty()) {
              continue;
            }
            Optional<DeviceRef> st =
                Gateways.station(survey, new DeviceRef(x.name(), h.dev()), h.via().get());
            if (st.isPresent() && !st.get().netns().equals(s.node().name())) {
              wrong.add(h);
              where.add(h.via().get() + " is " + st.get().netns());
            }
          }
          if (wrong.isEmpty()) {
            continue;
          }
          List<Evidence> ev =
              new ArrayList<>(
                  List.of(
                      Evidence.of(x.name(), r, r.origin()),
                      Evidence.of(
                          s.node().name(),
                          s.address() + " on " + s.bridge().name(),
                          s.address().origin()),
                      s.because()));
          out.add(
              new Finding(
                  Code.ECMP_NEXT_HOP_ELSEWHERE,
                  Severity.ERROR,
                  x.name().toString(),
                  x.name()
                      + " spreads "
                      + r.destination()
                      + " over "
                      + r.nextHops().size()
                      + " next hops, but it is "
                      + s.node().name()
                      + "'s pod subnet and "
                      + String.join(", ", where)
                      + ": the flows the kernel's hash"
                      + " puts there reach no pod.",
                  ev,
                  List.of(
                      new Fix(
                          shell.ip(
                              x.name(),
                              "route replace "
                                  + r.destination()
                                  + " via "
                                  + r.nextHops().stream()
                                      .filter(h -> !wrong.contains(h))
                                      .findFirst()
                                      .flatMap(NextHop::via)
                                      .map(Object::toString)
                                      .orElse("NODE_ADDRESS")),
                          "one next hop, the node that has the pods (a routing daemon that announces "
                              + r.destination()
                              + " from several nodes is announcing a block that is not theirs)"))));
        }
      }
    }
    return out;
  }
}
