package dev.podpath.sim.net;

import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.util.Optional;

/**
 * Where a tunnel device's MTU went: the bytes its encapsulation adds on the underlay, said when a
 * packet does not fit it ("fragmentation needed" at flannel.1, tunl0 or flannel0).
 */
final class TunnelOverhead {

  private TunnelOverhead() {}

  static Optional<String> describe(Netns ns, NetDevice dev) {
    LinkKind k = dev.kind();
    if (k instanceof LinkKind.Vxlan v) {
      return Optional.of(
          dev.name()
              + " is a VXLAN device: encapsulation adds "
              + LinkKind.Vxlan.OVERHEAD
              + " bytes (outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14)"
              + v.lower()
                  .flatMap(ns::device)
                  .map(l -> ", and " + l.name() + "'s MTU is " + l.mtu())
                  .orElse(""));
    }
    if (k instanceof LinkKind.Geneve) {
      return Optional.of(
          dev.name()
              + " is a Geneve device: encapsulation adds "
              + LinkKind.Geneve.OVERHEAD
              + " bytes (outer IPv4 20 + UDP 8 + Geneve 8 + inner Ethernet 14)");
    }
    if (k instanceof LinkKind.WireGuard) {
      return Optional.of(
          dev.name()
              + " is a WireGuard device: encapsulation adds "
              + LinkKind.WireGuard.OVERHEAD
              + " bytes and more (outer IPv4 20 + UDP 8 + WireGuard header 16 + tag 16, and the"
              + " packet padded to a multiple of 16)");
    }
    if (k instanceof LinkKind.Ipip) {
      return Optional.of(
          dev.name()
              + " is an IPIP tunnel: encapsulation adds "
              + LinkKind.Ipip.OVERHEAD
              + " bytes (the outer IPv4 header)");
    }
    if (k instanceof LinkKind.Tun t && t.flanneld().isPresent()) {
      return Optional.of(
          dev.name()
              + " leads to flanneld, which sends each packet in UDP: 28 bytes more"
              + " (outer IPv4 20 + UDP 8)");
    }
    return Optional.empty();
  }
}
