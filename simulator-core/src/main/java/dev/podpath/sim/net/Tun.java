package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.packet.UdpPayload;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.EncapBasis;
import dev.podpath.sim.outcome.Step;
import java.util.Optional;

/**
 * TUN devices and the modelled flanneld UDP backend behind them (kernel-semantics.md 11.3): a
 * packet routed into the device leaves the kernel to flanneld, which looks up the subnet lease of
 * the destination and sends the bare packet in a UDP datagram from its port to that node's port,
 * through the node's OUTPUT path (a local socket: DF set, TTL 64). A datagram arriving on the port
 * is written into the device and received there, as if it had come in on it.
 */
final class Tun {

  private static final String PROGRAM = "flanneld";

  private final Run run;
  private final TunnelUnderlay underlay;
  private final LinkInput links;

  /**
   * @param underlay how flanneld's datagram is routed and sent
   * @param links where the packet written into the device is received
   */
  Tun(Run run, TunnelUnderlay underlay, LinkInput links) {
    this.run = run;
    this.underlay = underlay;
    this.links = links;
  }

  /** {@code tun_net_xmit}: the packet is queued for the program reading the device. */
  void transmit(DeviceRef ref, NetDevice dev, long packetId, long copyId, Ipv4Packet inner) {
    Skb skb = new Skb(packetId, copyId, new Frame(MacAddress.ZERO, MacAddress.ZERO, inner), false);
    run.log().record(skb, new Step.Transmitted(ref, skb.frame()));
    LinkKind.Tun kind = (LinkKind.Tun) dev.kind();
    Optional<LinkKind.FlanneldUdp> flanneld = kind.flanneld();
    if (flanneld.isEmpty() && kind.holderUnknown().isPresent()) {
      run.log().drop(skb, ref, new DropReason.NotModelled(ref.netns(), kind.holderUnknown().get()));
      return;
    }
    if (flanneld.isEmpty()) {
      run.log()
          .drop(
              skb,
              ref,
              new DropReason.NoTunnel(
                  ref.netns(),
                  "no program holds "
                      + ref.name()
                      + " open (the kernel counts the packet as TX dropped)"));
      return;
    }
    run.log().record(skb, new Step.UserSpace(ref, PROGRAM, true, inner));
    Optional<LinkKind.Lease> lease = flanneld.get().leaseFor(inner.dst());
    if (lease.isEmpty()) {
      run.log().drop(skb, ref, new DropReason.NoSubnetLease(ref, inner.dst()));
      return;
    }
    Netns ns = run.net().netns(ref.netns());
    int port = flanneld.get().port();
    Ipv4Packet outer =
        new Ipv4Packet(
            Ipv4Address.ANY,
            lease.get().node(),
            ns.sysctls().defaultTtl(),
            0,
            true,
            inner.totalLength() + Ipv4Packet.HEADER_BYTES + L4.Udp.HEADER_BYTES,
            0,
            new L4.Udp(port, port, Optional.of(new UdpPayload.Ip(inner))));
    EncapBasis why =
        new EncapBasis.FlannelUdp(
            lease.get().subnet(),
            lease.get().node(),
            port,
            ns.sysctls().defaultTtl(),
            flanneld.get().origin());
    underlay.send(
        ns,
        ref,
        skb,
        o ->
            new Step.Encapsulated(
                ref, Step.Tunnel.FLANNEL_UDP, Optional.empty(), inner, o, Optional.empty(), why),
        outer);
  }

  /**
   * A UDP datagram for a local address; true if a flanneld of this namespace owns the port (the
   * datagram is then consumed here).
   */
  boolean receive(Netns ns, String inDev, Skb skb, Ipv4Packet outer, L4.Udp udp) {
    Optional<NetDevice> tun =
        ns.deviceList().stream()
            .filter(
                d ->
                    d.kind() instanceof LinkKind.Tun t
                        && t.flanneld().map(f -> f.port() == udp.dport()).orElse(false))
            .findFirst();
    if (tun.isEmpty()) {
      return false;
    }
    DeviceRef ref = new DeviceRef(ns.name(), tun.get().name());
    if (udp.payload().isEmpty() || !(udp.payload().get() instanceof UdpPayload.Ip ip)) {
      run.log()
          .drop(
              skb,
              new DeviceRef(ns.name(), inDev),
              new DropReason.NotModelled(
                  ns.name(),
                  "a datagram to flanneld's port "
                      + udp.dport()
                      + " that does not carry an IP packet"));
      return true;
    }
    Ipv4Packet inner = ip.inner();
    run.log()
        .record(
            skb,
            new Step.Decapsulated(ref, Step.Tunnel.FLANNEL_UDP, outer, Optional.empty(), inner));
    run.log().record(skb, new Step.UserSpace(ref, PROGRAM, false, inner));
    links.receiveDecapsulated(
        ref, skb.withFrame(new Frame(MacAddress.ZERO, MacAddress.ZERO, inner)));
    return true;
  }
}
