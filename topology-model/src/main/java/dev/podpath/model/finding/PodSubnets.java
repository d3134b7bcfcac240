package dev.podpath.model.finding;

import dev.podpath.model.addr.Prefix;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pod subnets of a network, as the model shows them: a bridge's subnet that kubectl's podCIDR
 * of its node contains, or that another namespace routes to, via a gateway or a tunnel, by a route
 * of exactly that prefix (flannel's host-gw and VXLAN routes, a static route to another host's
 * Docker bridge). A bridge nobody routes to (docker0 on a Kubernetes node) is not one.
 */
final class PodSubnets {

  /**
   * One node's pod subnet.
   *
   * @param because the route of another namespace, or the kubectl node, that makes it a pod subnet
   */
  record PodSubnet(
      Netns node, NetDevice bridge, IfAddress address, Prefix prefix, Evidence because) {}

  private PodSubnets() {}

  static List<PodSubnet> of(Survey survey) {
    NetworkFacts facts = survey.facts();
    Map<Prefix, List<Evidence>> routed = routedPrefixes(facts);
    List<PodSubnet> out = new ArrayList<>();
    for (Netns y : facts.topology().netnsList()) {
      for (NetDevice b : y.deviceList()) {
        if (!b.isBridge()) {
          continue;
        }
        for (IfAddress a : b.addresses()) {
          if (!Gateways.global(a) || a.prefixLength() >= 31) {
            continue;
          }
          Prefix p = a.connectedPrefix();
          because(facts, routed, y, p).ifPresent(e -> out.add(new PodSubnet(y, b, a, p, e)));
        }
      }
    }
    return out;
  }

  private static Optional<Evidence> because(
      NetworkFacts facts, Map<Prefix, List<Evidence>> routed, Netns y, Prefix p) {
    Optional<KubeNode> k = facts.cluster().node(y.name().toString());
    if (k.isPresent() && k.get().podCidrs().stream().anyMatch(c -> c.contains(p))) {
      return Optional.of(
          Evidence.of(k.get().name(), "podCIDR " + k.get().podCidrs(), k.get().origin()));
    }
    return routed.getOrDefault(p, List.of()).stream()
        .filter(e -> !e.where().equals(y.name().toString()))
        .findFirst();
  }

  /**
   * Every prefix some namespace routes via a gateway or into a tunnel, with the routes (first one
   * first).
   */
  private static Map<Prefix, List<Evidence>> routedPrefixes(NetworkFacts facts) {
    Map<Prefix, List<Evidence>> out = new HashMap<>();
    for (Netns z : facts.topology().netnsList()) {
      for (Route r : z.routing().allRoutes()) {
        if (r.table() != TableIds.LOCAL
            && r.type() == RouteType.UNICAST
            && Routes.toGatewayOrTunnel(z, r)) {
          out.computeIfAbsent(r.destination(), x -> new ArrayList<>())
              .add(Evidence.of(z.name(), r, r.origin()));
        }
      }
    }
    return out;
  }

  /**
   * The cluster's nodes: the namespaces that have a pod subnet, or route to another node's by its
   * exact prefix via a gateway or a tunnel, and kubectl's nodes.
   */
  static List<Netns> routers(Survey survey, List<PodSubnet> subnets) {
    NetworkFacts facts = survey.facts();
    Set<NetnsName> members = new HashSet<>();
    subnets.forEach(s -> members.add(s.node().name()));
    Map<Prefix, List<PodSubnet>> byPrefix = new HashMap<>();
    subnets.forEach(s -> byPrefix.computeIfAbsent(s.prefix(), x -> new ArrayList<>()).add(s));
    for (Netns z : facts.topology().netnsList()) {
      if (facts.cluster().node(z.name().toString()).isPresent() && !subnets.isEmpty()) {
        members.add(z.name());
        continue;
      }
      for (Route r : z.routing().allRoutes()) {
        List<PodSubnet> hit = byPrefix.get(r.destination());
        if (hit != null
            && r.table() != TableIds.LOCAL
            && r.type() == RouteType.UNICAST
            && Routes.toGatewayOrTunnel(z, r)
            && hit.stream().anyMatch(s -> s.node() != z)) {
          members.add(z.name());
          break;
        }
      }
    }
    return facts.topology().netnsList().stream().filter(n -> members.contains(n.name())).toList();
  }
}
