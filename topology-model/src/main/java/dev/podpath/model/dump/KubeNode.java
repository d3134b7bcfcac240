package dev.podpath.model.dump;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.topo.Origin;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Kubernetes node as {@code kubectl get nodes -o wide} or {@code -o json} shows it.
 *
 * @param name the node name
 * @param internalIp the {@code InternalIP} address, when it is IPv4
 * @param externalIp the {@code ExternalIP} address, when there is an IPv4 one
 * @param podCidrs {@code spec.podCIDRs} (JSON only; the wide table has no pod CIDRs)
 */
public record KubeNode(
    String name,
    Optional<Ipv4Address> internalIp,
    Optional<Ipv4Address> externalIp,
    List<Prefix> podCidrs,
    Origin origin) {

  public KubeNode {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(internalIp, "internalIp");
    Objects.requireNonNull(externalIp, "externalIp");
    podCidrs = List.copyOf(podCidrs);
    Objects.requireNonNull(origin, "origin");
  }
}
