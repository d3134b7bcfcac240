package dev.podpath.model.finding;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A tunnel device whose MTU plus the encapsulation overhead exceeds its underlay device's MTU
 * (VXLAN 50 bytes, IPIP 20, flannel's UDP 28): a full-size inner packet makes an outer packet the
 * underlay cannot carry whole. It is fragmented (VXLAN's outer header has no DF), or dropped where
 * the underlay drops fragments or DF is set (IPIP with pmtudisc), and throughput suffers either
 * way.
 */
final class TunnelMtuCheck implements Check {

  /** flannel's UDP backend: outer IPv4 20 + UDP 8. */
  static final int UDP_OVERHEAD = 28;

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    List<Finding> out = new ArrayList<>();
    Shell shell = new Shell(facts);
    for (Netns ns : facts.topology().netnsList()) {
      for (NetDevice t : ns.deviceList()) {
        if (!t.up()) {
          continue;
        }
        int overhead;
        Optional<NetDevice> lower;
        if (t.kind() instanceof LinkKind.Vxlan vx) {
          overhead = LinkKind.Vxlan.OVERHEAD;
          lower =
              vx.lower().flatMap(ns::device).or(() -> vx.local().flatMap(ns::deviceWithAddress));
        } else if (t.kind() instanceof LinkKind.Ipip ip) {
          overhead = LinkKind.Ipip.OVERHEAD;
          lower = ip.local().flatMap(ns::deviceWithAddress);
        } else if (t.kind() instanceof LinkKind.Tun tun
            && tun.flanneld().isPresent()
            && !tun.flanneld().get().leases().isEmpty()) {
          overhead = UDP_OVERHEAD;
          Ipv4Address peer = tun.flanneld().get().leases().get(0).node();
          lower =
              Fib.output(ns, peer) instanceof Fib.Hit h && h.forwards()
                  ? h.route().dev().flatMap(ns::device)
                  : Optional.empty();
        } else {
          continue;
        }
        if (lower.isEmpty() || lower.get() == t || t.mtu() + overhead <= lower.get().mtu()) {
          continue;
        }
        NetDevice u = lower.get();
        int fit = u.mtu() - overhead;
        out.add(
            new Finding(
                Code.TUNNEL_MTU_TOO_LARGE,
                Severity.WARNING,
                ns.name().toString(),
                t.name()
                    + " ("
                    + t.kind().typeName()
                    + ") has MTU "
                    + t.mtu()
                    + ", but its packets get "
                    + overhead
                    + " bytes of encapsulation and leave by "
                    + u.name()
                    + " (MTU "
                    + u.mtu()
                    + "): an inner packet over "
                    + fit
                    + " bytes makes an outer one "
                    + u.name()
                    + " cannot carry whole, so it is fragmented or, where"
                    + " the underlay drops fragments, lost.",
                List.of(
                    Evidence.of(ns.name(), t.name() + " mtu " + t.mtu(), t.origin()),
                    Evidence.of(ns.name(), u.name() + " mtu " + u.mtu(), u.origin())),
                List.of(
                    new Fix(
                        shell.ip(ns.name(), "link set " + t.name() + " mtu " + fit),
                        u.name()
                            + "'s MTU minus the "
                            + overhead
                            + "-byte overhead; the CNI chooses it at start (flannel from"
                            + " its --iface, written as FLANNEL_MTU to subnet.env), so fix its configuration and the pods' MTU"
                            + " too"))));
      }
    }
    return out;
  }
}
