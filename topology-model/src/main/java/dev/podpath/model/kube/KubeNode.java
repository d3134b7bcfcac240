package dev.podpath.model.kube;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Kubernetes node as {@code kubectl get nodes -o wide} or {@code -o json} shows it.
 *
 * @param name the node name
 * @param internalIp the {@code InternalIP} address, when it is IPv4
 * @param externalIp the {@code ExternalIP} address, when there is an IPv4 one
 * @param podCidrs {@code spec.podCIDRs} (JSON only; the wide table has no pod CIDRs)
 * @param annotations {@code metadata.annotations} (JSON only), e.g. flannel's {@code
 *     flannel.alpha.coreos.com/backend-type} and {@code flannel.alpha.coreos.com/public-ip}
 */
public record KubeNode(
    String name,
    Optional<Ipv4Address> internalIp,
    Optional<Ipv4Address> externalIp,
    List<Prefix> podCidrs,
    Map<String, String> annotations,
    Origin origin) {

  /**
   * flannel's annotation naming the node's backend ({@code vxlan}, {@code udp}, {@code host-gw}).
   */
  public static final String FLANNEL_BACKEND_TYPE = "flannel.alpha.coreos.com/backend-type";

  /** flannel's annotation naming the node's public address (where other nodes send to it). */
  public static final String FLANNEL_PUBLIC_IP = "flannel.alpha.coreos.com/public-ip";

  public KubeNode {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(internalIp, "internalIp");
    Objects.requireNonNull(externalIp, "externalIp");
    podCidrs = List.copyOf(podCidrs);
    annotations = Map.copyOf(annotations);
    Objects.requireNonNull(origin, "origin");
  }

  /** A node as the wide table shows it: no annotations. */
  public KubeNode(
      String name,
      Optional<Ipv4Address> internalIp,
      Optional<Ipv4Address> externalIp,
      List<Prefix> podCidrs,
      Origin origin) {
    this(name, internalIp, externalIp, podCidrs, Map.of(), origin);
  }
}
