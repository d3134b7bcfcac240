package dev.podpath.model.finding;

import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pods whose MTU exceeds the overlay's: a node routes pod traffic into a tunnel device (VXLAN,
 * IPIP, flannel's TUN) of MTU m, and a pod behind it (a veth on its bridge, or a Calico-style veth
 * the node routes to) has a larger MTU. The pod sends full-size packets the node cannot put into
 * the tunnel: with DF it gets "Frag needed" (and TCP stalls where that ICMP is filtered), without
 * DF they are fragmented.
 */
final class PodMtuCheck implements Check {

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    List<Finding> out = new ArrayList<>();
    Shell shell = new Shell(facts);
    for (Netns node : facts.topology().netnsList()) {
      Optional<NetDevice> overlay = overlay(node);
      if (overlay.isEmpty()) {
        continue;
      }
      NetDevice t = overlay.get();
      for (NetDevice hostSide : podVeths(node)) {
        DeviceRef peer = ((LinkKind.Veth) hostSide.kind()).peer();
        Optional<NetDevice> pod = facts.topology().device(peer);
        if (pod.isEmpty()
            || pod.get().mtu() <= t.mtu()
            || peer.netns().equals(node.name())
            || overlay(facts.topology().require(peer.netns())).isPresent()) {
          continue;
        }
        NetDevice p = pod.get();
        out.add(
            new Finding(
                Code.POD_MTU_ABOVE_OVERLAY,
                Severity.WARNING,
                peer.netns().toString(),
                peer
                    + " has MTU "
                    + p.mtu()
                    + ", but "
                    + node.name()
                    + " carries pod traffic to other nodes through "
                    + t.name()
                    + " (MTU "
                    + t.mtu()
                    + "): the pod's packets of "
                    + (t.mtu() + 1)
                    + " to "
                    + p.mtu()
                    + " bytes toward other nodes get \"Frag needed\" when DF is set (TCP stalls where that ICMP is filtered)"
                    + " and are fragmented otherwise.",
                List.of(
                    Evidence.of(peer.netns(), p.name() + " mtu " + p.mtu(), p.origin()),
                    Evidence.of(
                        node.name(),
                        t.name() + " (" + t.kind().typeName() + ") mtu " + t.mtu(),
                        t.origin())),
                List.of(
                    new Fix(
                        shell.ip(peer.netns(), "link set " + p.name() + " mtu " + t.mtu()),
                        "the pod's MTU must not exceed the overlay's; the CNI sets it when the pod starts (flannel passes"
                            + " FLANNEL_MTU from subnet.env to the bridge plugin, Calico its veth_mtu), so fix that setting"
                            + " and restart the pods"))));
      }
    }
    return out;
  }

  /** The tunnel device the node's non-default routes send into, the one of the smallest MTU. */
  private static Optional<NetDevice> overlay(Netns node) {
    Optional<NetDevice> best = Optional.empty();
    for (Route r : node.routing().allRoutes()) {
      for (var h : r.nextHops()) {
        if (!Routes.tunnel(node, h) || r.destination().isDefault()) {
          continue;
        }
        NetDevice d = node.device(h.dev()).orElseThrow();
        if (d.up() && (best.isEmpty() || d.mtu() < best.get().mtu())) {
          best = Optional.of(d);
        }
      }
    }
    return best;
  }

  /**
   * The node's veths to pods: ports of its bridges, and veths without an address it routes /32s to
   * directly (Calico's cali*); a peer that has an overlay itself is another node, not a pod.
   */
  private static List<NetDevice> podVeths(Netns node) {
    List<NetDevice> out = new ArrayList<>();
    for (NetDevice d : node.deviceList()) {
      if (!(d.kind() instanceof LinkKind.Veth)) {
        continue;
      }
      boolean bridged = d.master().flatMap(node::device).map(NetDevice::isBridge).orElse(false);
      boolean routed =
          d.addresses().isEmpty()
              && node.routing().allRoutes().stream()
                  .anyMatch(
                      r ->
                          r.type() == RouteType.UNICAST
                              && r.table() != TableIds.LOCAL
                              && r.uses(d.name())
                              && r.destination().length() == 32
                              && r.nextHops().stream().allMatch(h -> h.via().isEmpty()));
      if ((bridged || routed) && out.stream().noneMatch(x -> x == d)) {
        out.add(d);
      }
    }
    return List.copyOf(out);
  }
}
