package dev.podpath.model.snapshot;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.topo.LinkKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * flanneld's UDP backend on a real cluster, from {@code kubectl get nodes -o json}: the real
 * flanneld's leases are not in any dump of the node, but every node's annotations say which backend
 * it runs ({@code flannel.alpha.coreos.com/backend-type: udp}) and its public address ({@code
 * flannel.alpha.coreos.com/public-ip}), and its {@code spec.podCIDR} is its lease. A node annotated
 * {@code udp} whose {@code flannel0} TUN device has no program from {@code ps.txt} gets a relay to
 * port 8285 (flannel's default: the net-conf, which could change it, is not in a snapshot) with the
 * other annotated nodes' leases; this is an {@link Assumption}, printed by lint. Package-private.
 *
 * <pre>{@code
 * worker1: assumed: flannel0 is held by flanneld with the UDP backend (kubectl-get-nodes.json:12:
 *     Node worker1 has flannel.alpha.coreos.com/backend-type: udp): ...
 * }</pre>
 */
final class FlannelUdpLeases {

  /** flannel's UDP backend port when the net-conf does not set {@code Backend.Port}. */
  static final int FLANNEL_UDP_PORT = 8285;

  /** The TUN device flanneld's UDP backend opens ({@code flannel%d}: the first is flannel0). */
  static final String TUN = "flannel0";

  private FlannelUdpLeases() {}

  static void assume(
      List<NetnsDraft> node, List<KubeNode> kubeNodes, Map<String, KubeNode> kubeNodeNamed) {
    NetnsDraft host = node.get(0);
    Optional<KubeNode> self = Optional.ofNullable(kubeNodeNamed.get(host.node));
    if (self.isEmpty() || !isUdp(self.get())) {
      return;
    }
    Optional<DeviceDraft> tun =
        host.device(TUN).filter(d -> d.details.filter(LinkKind.Tun.class::isInstance).isPresent());
    if (tun.isEmpty() || TunPrograms.kind(TUN, host.dump.tunPrograms()).flanneld().isPresent()) {
      return;
    }
    List<LinkKind.Lease> leases = new ArrayList<>();
    for (KubeNode k : kubeNodes) {
      Optional<Ipv4Address> publicIp =
          Optional.ofNullable(k.annotations().get(KubeNode.FLANNEL_PUBLIC_IP))
              .flatMap(Ipv4Address::tryParse);
      if (k == self.get() || !isUdp(k) || publicIp.isEmpty()) {
        continue;
      }
      for (Prefix p : k.podCidrs()) {
        leases.add(new LinkKind.Lease(p, publicIp.get()));
      }
    }
    tun.get().assumedRelay =
        Optional.of(new LinkKind.FlanneldUdp(FLANNEL_UDP_PORT, leases, self.get().origin()));
    host.assume(
        TUN
            + " is held by flanneld with the UDP backend ("
            + self.get().origin().location()
            + ": Node "
            + self.get().name()
            + " has "
            + KubeNode.FLANNEL_BACKEND_TYPE
            + ": udp), relaying on UDP port "
            + FLANNEL_UDP_PORT
            + " (flannel's default; the net-conf was not collected) with the leases the other"
            + " nodes' podCIDR and "
            + KubeNode.FLANNEL_PUBLIC_IP
            + " annotations give: "
            + (leases.isEmpty()
                ? "none"
                : leases.stream()
                    .map(l -> l.subnet() + " -> " + l.node())
                    .collect(Collectors.joining(", "))));
  }

  private static boolean isUdp(KubeNode k) {
    return "udp".equals(k.annotations().get(KubeNode.FLANNEL_BACKEND_TYPE));
  }
}
