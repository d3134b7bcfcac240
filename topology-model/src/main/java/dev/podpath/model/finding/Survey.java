package dev.podpath.model.finding;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The network under examination for one run of the checks: the facts, and what several checks
 * derive from them, derived once (who owns an address, the L2 segment of a device, the routes via
 * gateways, the pod subnets). It belongs to one {@link Findings#of} call and is thrown away after.
 */
final class Survey {

  private final NetworkFacts facts;
  private final Map<DeviceRef, L2Segment> segments = new HashMap<>();
  private Map<Ipv4Address, List<Netns>> owners;
  private List<Gateways.Use> uses;
  private List<PodSubnets.PodSubnet> pods;
  private List<Netns> nodes;

  Survey(NetworkFacts facts) {
    this.facts = Objects.requireNonNull(facts, "facts");
  }

  NetworkFacts facts() {
    return facts;
  }

  Topology topology() {
    return facts.topology();
  }

  /** The L2 segment of {@code dev}. */
  L2Segment segment(DeviceRef dev) {
    return segments.computeIfAbsent(dev, d -> L2Segment.of(facts.topology(), d));
  }

  /** The namespaces that have {@code address} on a device, in the topology's order. */
  List<Netns> owners(Ipv4Address address) {
    if (owners == null) {
      owners = new HashMap<>();
      for (Netns ns : facts.topology().netnsList()) {
        for (NetDevice d : ns.deviceList()) {
          for (IfAddress a : d.addresses()) {
            List<Netns> l = owners.computeIfAbsent(a.address(), k -> new ArrayList<>(1));
            if (l.isEmpty() || l.get(l.size() - 1) != ns) {
              l.add(ns);
            }
          }
        }
      }
    }
    return owners.getOrDefault(address, List.of());
  }

  /** Every route via a gateway whose namespace is on the route's segment in the model. */
  List<Gateways.Use> gatewayUses() {
    if (uses == null) {
      uses = Gateways.all(this);
    }
    return uses;
  }

  /** The pod subnets ({@link PodSubnets}). */
  List<PodSubnets.PodSubnet> podSubnets() {
    if (pods == null) {
      pods = PodSubnets.of(this);
    }
    return pods;
  }

  /** The cluster's nodes ({@link PodSubnets#routers}). */
  List<Netns> nodes() {
    if (nodes == null) {
      nodes = PodSubnets.routers(this, podSubnets());
    }
    return nodes;
  }
}
