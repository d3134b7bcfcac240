package dev.podpath.sim.net;

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
import java.util.List;
import java.util.Optional;

/**
 * Geneve devices ({@code drivers/net/geneve.c}, not in collect-metadata mode): a frame sent on the
 * device is wrapped in Geneve/UDP/IPv4 to the device's one {@code remote} ({@code geneve_xmit_skb}:
 * no FDB, DF unset unless {@code df set}, the outer TTL the device's or the route's default, the
 * UDP source port a hash of the inner flow over 1..65535) and sent through the namespace's own
 * routing. A datagram to the device's port is taken by the device whose VNI and remote match the
 * outer packet ({@code geneve_lookup}: the outer source must be the remote); no such device, it is
 * dropped without an answer. The inner frame is received on the device. Kernel-checked in a VM
 * (samples/geneve.sh, docs/kernel-agreement.md).
 */
final class Geneve {

  /** {@code udp_flow_src_port(net, skb, 1, USHRT_MAX, true)} in {@code geneve_xmit_skb}. */
  private static final int PORT_MIN = 1;

  private static final int PORT_MAX = 65535;

  private final Run run;
  private final TunnelUnderlay underlay;
  private final LinkInput links;

  Geneve(Run run, TunnelUnderlay underlay, LinkInput links) {
    this.run = run;
    this.underlay = underlay;
    this.links = links;
  }

  /** {@code geneve_xmit}: the inner frame was transmitted on {@code ref} (already recorded). */
  void transmit(DeviceRef ref, LinkKind.Geneve conf, Skb skb) {
    Netns ns = run.net().netns(ref.netns());
    Frame inner = skb.frame();
    int innerTtl = inner.payload() instanceof Ipv4Packet p ? p.ttl() : 0;
    int ttl =
        conf.ttlInherit() && innerTtl > 0
            ? innerTtl
            : conf.ttl() != 0 ? conf.ttl() : ns.sysctls().defaultTtl();
    int sport = FlowSourcePort.of(inner, PORT_MIN, PORT_MAX);
    UdpPayload.Geneve payload = new UdpPayload.Geneve(conf.vni(), inner);
    int length = Ipv4Packet.HEADER_BYTES + L4.Udp.HEADER_BYTES + payload.length();
    Ipv4Packet outer =
        new Ipv4Packet(
            dev.podpath.model.addr.Ipv4Address.ANY,
            conf.remote(),
            ttl,
            0,
            false,
            length,
            0,
            new L4.Udp(sport, conf.dstPort(), Optional.of(payload)));
    EncapBasis why =
        new EncapBasis.Geneve(
            conf.remote(),
            conf.vni(),
            ttl,
            new EncapBasis.UdpTtl(conf.ttl(), conf.ttlInherit()),
            sport);
    underlay.send(
        ns,
        ref,
        skb,
        o ->
            new Step.Encapsulated(
                ref,
                Step.Tunnel.GENEVE,
                Optional.of(inner),
                inner.payload(),
                o,
                Optional.empty(),
                why),
        outer);
  }

  /**
   * {@code geneve_udp_encap_recv}: a UDP datagram for a local address; true if a Geneve socket of
   * this namespace owns its port (an up device on that port: the socket is opened by {@code
   * geneve_open}), and the datagram is then consumed here, whatever happens to it.
   */
  boolean receive(Netns ns, String inDev, Skb skb, Ipv4Packet outer, L4.Udp udp) {
    List<NetDevice> bound =
        ns.deviceList().stream()
            .filter(
                d -> d.up() && d.kind() instanceof LinkKind.Geneve g && g.dstPort() == udp.dport())
            .toList();
    if (bound.isEmpty()) {
      return false;
    }
    DeviceRef in = new DeviceRef(ns.name(), inDev);
    if (udp.payload().isEmpty() || !(udp.payload().get() instanceof UdpPayload.Geneve g)) {
      run.log()
          .drop(
              skb,
              in,
              new DropReason.NoTunnel(
                  ns.name(),
                  "the datagram to UDP "
                      + udp.dport()
                      + " has no valid Geneve header (dropped by the Geneve socket)"));
      return true;
    }
    Optional<NetDevice> dev =
        bound.stream()
            .filter(
                d -> {
                  LinkKind.Geneve c = (LinkKind.Geneve) d.kind();
                  return c.vni() == g.vni() && c.remote().equals(outer.src());
                })
            .findFirst();
    if (dev.isEmpty()) {
      run.log()
          .drop(
              skb,
              in,
              new DropReason.NoTunnel(
                  ns.name(),
                  "no Geneve device with VNI "
                      + g.vni()
                      + " and remote "
                      + outer.src()
                      + " on UDP port "
                      + udp.dport()
                      + " (geneve_lookup matches the outer source with the device's remote;"
                      + " dropped without an answer)"));
      return true;
    }
    DeviceRef ref = new DeviceRef(ns.name(), dev.get().name());
    Frame inner = g.inner();
    run.log()
        .record(
            skb,
            new Step.Decapsulated(
                ref, Step.Tunnel.GENEVE, outer, Optional.of(inner), inner.payload()));
    NetDevice vtep = dev.get();
    if (vtep.master().isEmpty() && !inner.dst().isMulticast() && !inner.dst().equals(vtep.mac())) {
      Skb s = skb.withFrame(inner);
      run.log().record(s, new Step.Received(ref, inner));
      run.log().drop(s, ref, new DropReason.VtepMacMismatch(ref, inner.dst(), vtep.mac()));
      return true;
    }
    links.receiveDecapsulated(ref, new Skb(skb.packetId(), skb.copyId(), inner, skb.arp()));
    return true;
  }
}
