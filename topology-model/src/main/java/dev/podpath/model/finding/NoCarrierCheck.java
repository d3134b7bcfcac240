package dev.podpath.model.finding;

import dev.podpath.model.route.Route;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A veth that is up while its peer is down: it has no carrier (NO-CARRIER, routes flagged {@code
 * linkdown}), and what is sent through it is lost. Reported when something uses it: a route, or a
 * bridge it is a port of.
 */
final class NoCarrierCheck implements Check {

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    List<Finding> out = new ArrayList<>();
    Shell shell = new Shell(facts);
    for (Netns ns : facts.topology().netnsList()) {
      for (NetDevice d : ns.deviceList()) {
        if (!(d.kind() instanceof LinkKind.Veth v) || !d.up()) {
          continue;
        }
        Optional<NetDevice> peer = facts.topology().device(v.peer());
        if (peer.isEmpty() || peer.get().up()) {
          continue;
        }
        List<Route> using =
            ns.routing().allRoutes().stream()
                .filter(
                    r ->
                        r.uses(d.name()) && !Routes.connected(r)
                            || r.uses(d.name())
                                && r.type() == dev.podpath.model.route.RouteType.UNICAST)
                .toList();
        if (using.isEmpty() && d.master().isEmpty()) {
          continue;
        }
        List<Evidence> ev = new ArrayList<>();
        ev.add(Evidence.of(ns.name(), d.name() + " up", d.origin()));
        ev.add(Evidence.of(v.peer().netns(), v.peer().name() + " down", peer.get().origin()));
        using.stream().limit(3).forEach(r -> ev.add(Evidence.of(ns.name(), r, r.origin())));
        String what =
            d.master().isPresent()
                ? "the bridge port "
                    + d.name()
                    + " of "
                    + d.master().get()
                    + " is disabled, so frames for what is behind it are dropped"
                : "the routes through it ("
                    + String.join(
                        ", ",
                        using.stream().map(r -> r.destination().toRouteString()).limit(3).toList())
                    + ") lose every packet: ARP gets no answer, so senders get \"Destination Host"
                    + " Unreachable\"";
        out.add(
            new Finding(
                Code.NO_CARRIER,
                Severity.WARNING,
                ns.name().toString(),
                ns.name()
                    + "/"
                    + d.name()
                    + " is up but its peer "
                    + v.peer()
                    + " is down, so it has no carrier: "
                    + what
                    + ".",
                ev,
                List.of(
                    new Fix(
                        shell.ip(v.peer().netns(), "link set " + v.peer().name() + " up"),
                        "a veth carries frames only when both ends are up (the CNI brings the host side up when it attaches a"
                            + " pod)"))));
      }
    }
    return out;
  }
}
