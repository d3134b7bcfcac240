package dev.podpath.trace.api;

import dev.podpath.model.addr.Prefix;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.net.EdgeAssumption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code --edge} assumption of a network: what a gateway no dump owns does, with the networks
 * it is taken to own (the subnet it sits on and the dumped hosts' addresses there: the VPC or LAN),
 * and the sentence the output prints for it. Package-private.
 */
final class EdgeChoice {

  private EdgeChoice() {}

  /** The run's assumption for {@code mode} on {@code topology}. */
  static EdgeAssumption of(EdgeAssumption.Mode mode, Topology topology) {
    if (mode != EdgeAssumption.Mode.DROPS_PRIVATE) {
      // routes: the router is in the topology (namespace edge); nothing to assume at run time
      return EdgeAssumption.UNKNOWN;
    }
    return EdgeAssumption.dropsPrivate(owned(topology));
  }

  /** The assumption as the trace prints it, when one is made. */
  static Optional<String> sentence(EdgeAssumption.Mode mode, Topology topology) {
    if (mode == EdgeAssumption.Mode.UNKNOWN) {
      return Optional.empty();
    }
    if (mode == EdgeAssumption.Mode.ROUTES) {
      return Optional.of(
          topology.netns(dev.podpath.model.topo.NetnsName.of("edge")).isPresent()
              ? "--edge=routes: the gateways no dump holds are one router (namespace edge) that"
                  + " routes every dumped host's own networks (its addresses, its bridges' and pods'"
                  + " subnets, its pod CIDRs) back to that host and sends the rest out of the"
                  + " model; a verdict that passes through it rests on this"
              : "--edge=routes: no route of the dumps leads to a gateway no dump holds; nothing"
                  + " is assumed");
    }
    List<Prefix> owned = owned(topology);
    return Optional.of(
        "--edge="
            + mode.word()
            + ": a gateway no dump holds (a cloud VPC router, a home or ISP router) does not route"
            + " private address space ("
            + EdgeAssumption.PRIVATE.stream()
                .map(Prefix::toString)
                .collect(Collectors.joining(", "))
            + ") it does not own; it owns the networks it sits on, which dumped hosts reach it"
            + " through"
            + (owned.isEmpty()
                ? " (none known: no address of theirs is dumped)"
                : " ("
                    + owned.stream()
                        .limit(6)
                        .map(Prefix::toString)
                        .collect(Collectors.joining(", "))
                    + (owned.size() > 6 ? ", ..." : "")
                    + ")")
            + "; a verdict that meets such a gateway rests on this");
  }

  /**
   * The networks a gateway no dump owns sits on: for each route of the model via such a gateway,
   * the connected subnet of the route's device that holds the gateway, and that device's own
   * addresses (the hosts of the VPC or LAN, which it routes).
   */
  private static List<Prefix> owned(Topology topology) {
    Set<Prefix> out = new LinkedHashSet<>();
    for (Netns n : topology.netnsList()) {
      for (Route r : n.routing().allRoutes()) {
        for (NextHop h : r.nextHops()) {
          if (h.via().isEmpty() || !topology.owners(h.via().get()).isEmpty()) {
            continue;
          }
          Optional<NetDevice> d = n.device(h.dev());
          if (d.isEmpty()) {
            continue;
          }
          for (IfAddress a : d.get().addresses()) {
            Prefix subnet = Prefix.of(a.address(), a.prefixLength());
            if (subnet.contains(h.via().get())) {
              out.add(subnet);
            }
            out.add(Prefix.of(a.address(), 32));
          }
        }
      }
    }
    return new ArrayList<>(out);
  }
}
