package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.origin.Origin;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * VXLAN devices ({@code drivers/net/vxlan/vxlan_core.c}, kernel-semantics.md 11.2): a frame sent on
 * the device is looked up by destination MAC in the device's FDB (then the all-zero default
 * entries); each destination gets a copy wrapped in VXLAN/UDP/IPv4 with DF unset and sent through
 * the namespace's own routing and neighbour layer. No entry: dropped silently (TX dropped). A
 * datagram arriving on the device's UDP port is matched by VNI, unwrapped, and the inner frame
 * received on the VXLAN device, so routing and rp_filter see {@code flannel.1} as the input.
 */
final class Vxlan {

  /**
   * The local port range ({@code ip_local_port_range} 32768 60999) the outer source port is mapped
   * into.
   */
  static final int PORT_MIN = 32768;

  static final int PORT_MAX = 60999;

  private final Run run;
  private final TunnelUnderlay underlay;
  private final LinkInput links;
  private final ArpExits arpExits;

  /** MACs learned from received frames (devices with learning on): device -> MAC -> remote VTEP. */
  private final Map<DeviceRef, Map<MacAddress, Ipv4Address>> learned = new HashMap<>();

  /**
   * @param underlay how the outer packet is routed and sent
   * @param links where the unwrapped inner frame is received
   * @param arpExits where an ARP request sent into a device whose FDB was not dumped is noted
   */
  Vxlan(Run run, TunnelUnderlay underlay, LinkInput links, ArpExits arpExits) {
    this.run = run;
    this.underlay = underlay;
    this.links = links;
    this.arpExits = arpExits;
  }

  /** {@code vxlan_xmit}: the inner frame was transmitted on {@code ref} (already recorded). */
  void transmit(DeviceRef ref, NetDevice dev, LinkKind.Vxlan conf, Skb skb) {
    Netns ns = run.net().netns(ref.netns());
    Frame inner = skb.frame();
    List<Destination> dsts = destinations(ns, ref, inner.dst());
    if (dsts.isEmpty() && conf.fdbUnknown().isPresent()) {
      DropReason.NotModelled why = new DropReason.NotModelled(ref.netns(), conf.fdbUnknown().get());
      if (inner.payload() instanceof dev.podpath.model.packet.ArpMessage a) {
        arpExits.notModelled(skb.packetId(), a.targetIp(), why);
      }
      run.log().drop(skb, ref, why);
      return;
    }
    if (dsts.isEmpty()) {
      run.log().drop(skb, ref, new DropReason.VxlanNoFdb(ref, inner.dst()));
      return;
    }
    for (int i = 0; i < dsts.size(); i++) {
      Skb copy = skb;
      if (i > 0) {
        long id = run.log().newCopyId();
        run.log().copied(id, skb.copyId());
        copy = skb.withCopy(id);
      }
      encapsulate(ns, ref, dev, conf, copy, dsts.get(i));
    }
  }

  /** A remote VTEP for a frame, and the entry (configured or learned) that named it. */
  private record Destination(Ipv4Address vtep, Optional<FdbEntry> entry) {}

  private List<Destination> destinations(Netns ns, DeviceRef ref, MacAddress dst) {
    List<Destination> exact = new ArrayList<>();
    List<Destination> defaults = new ArrayList<>();
    for (FdbEntry f : ns.fdb()) {
      if (f.master().isPresent() || !f.dev().equals(ref.name()) || f.dst().isEmpty()) {
        continue;
      }
      if (f.mac().equals(dst)) {
        exact.add(new Destination(f.dst().get(), Optional.of(f)));
      } else if (f.mac().isZero()) {
        defaults.add(new Destination(f.dst().get(), Optional.of(f)));
      }
    }
    if (!exact.isEmpty()) {
      return exact;
    }
    Ipv4Address learnt = learned.getOrDefault(ref, Map.of()).get(dst);
    if (learnt != null) {
      return List.of(
          new Destination(
              learnt,
              Optional.of(
                  new FdbEntry(
                      dst,
                      ref.name(),
                      Optional.empty(),
                      FdbEntry.Kind.DYNAMIC,
                      Optional.of(learnt),
                      Origin.KERNEL))));
    }
    return defaults;
  }

  private void encapsulate(
      Netns ns, DeviceRef ref, NetDevice dev, LinkKind.Vxlan conf, Skb skb, Destination d) {
    Frame inner = skb.frame();
    Ipv4Address src = conf.local().orElse(Ipv4Address.ANY);
    int innerTtl = inner.payload() instanceof Ipv4Packet p ? p.ttl() : 0;
    int ttl =
        conf.ttlInherit() && innerTtl > 0
            ? innerTtl
            : conf.ttl() != 0 ? conf.ttl() : ns.sysctls().defaultTtl();
    int sport = sourcePort(inner);
    UdpPayload.Vxlan payload = new UdpPayload.Vxlan(conf.vni(), inner);
    int length = Ipv4Packet.HEADER_BYTES + L4.Udp.HEADER_BYTES + payload.length();
    Ipv4Packet outer =
        new Ipv4Packet(
            src,
            d.vtep(),
            ttl,
            0,
            false,
            length,
            0,
            new L4.Udp(sport, conf.dstPort(), Optional.of(payload)));
    EncapBasis why =
        new EncapBasis.Vxlan(
            d.vtep(), ttl, new EncapBasis.UdpTtl(conf.ttl(), conf.ttlInherit()), sport);
    underlay.send(
        ns,
        ref,
        skb,
        o ->
            new Step.Encapsulated(
                ref, Step.Tunnel.VXLAN, Optional.of(inner), inner.payload(), o, d.entry(), why),
        outer);
  }

  /**
   * {@code udp_flow_src_port}: a hash of the inner flow mapped into the local port range. The
   * kernel's hash is keyed per boot; this one is a fixed stand-in with the same properties (stable
   * per flow, the same for both directions, ICMP ids not included).
   */
  static int sourcePort(Frame inner) {
    return FlowSourcePort.of(inner, PORT_MIN, PORT_MAX);
  }

  /**
   * {@code vxlan_rcv}: a UDP datagram for a local address; true if a VXLAN socket of this namespace
   * owns its port (the datagram is then consumed here, whatever happens to it).
   */
  boolean receive(Netns ns, String inDev, Skb skb, Ipv4Packet outer, L4.Udp udp) {
    List<NetDevice> bound =
        ns.deviceList().stream()
            .filter(
                d -> d.up() && d.kind() instanceof LinkKind.Vxlan v && v.dstPort() == udp.dport())
            .toList();
    if (bound.isEmpty()) {
      return false;
    }
    if (udp.payload().isEmpty() || !(udp.payload().get() instanceof UdpPayload.Vxlan v)) {
      run.log()
          .drop(
              skb,
              new DeviceRef(ns.name(), inDev),
              new DropReason.NoTunnel(
                  ns.name(),
                  "the datagram to UDP "
                      + udp.dport()
                      + " has no valid VXLAN header (dropped by the VXLAN socket)"));
      return true;
    }
    Optional<NetDevice> dev =
        bound.stream().filter(d -> ((LinkKind.Vxlan) d.kind()).vni() == v.vni()).findFirst();
    if (dev.isEmpty()) {
      run.log()
          .drop(
              skb,
              new DeviceRef(ns.name(), inDev),
              new DropReason.NoTunnel(
                  ns.name(),
                  "no VXLAN device with VNI " + v.vni() + " on UDP port " + udp.dport()));
      return true;
    }
    DeviceRef ref = new DeviceRef(ns.name(), dev.get().name());
    Frame inner = v.inner();
    run.log()
        .record(
            skb,
            new Step.Decapsulated(
                ref, Step.Tunnel.VXLAN, outer, Optional.of(inner), inner.payload()));
    if (((LinkKind.Vxlan) dev.get().kind()).learning() && !inner.src().isMulticast()) {
      learned.computeIfAbsent(ref, r -> new HashMap<>()).put(inner.src(), outer.src());
    }
    NetDevice vtep = dev.get();
    if (vtep.master().isEmpty() && !inner.dst().isMulticast() && !inner.dst().equals(vtep.mac())) {
      Skb in = skb.withFrame(inner);
      run.log().record(in, new Step.Received(ref, inner));
      run.log().drop(in, ref, new DropReason.VtepMacMismatch(ref, inner.dst(), vtep.mac()));
      return true;
    }
    // the outer packet was routed to this host: the inner frame starts its own way across bridges
    links.receiveDecapsulated(ref, new Skb(skb.packetId(), skb.copyId(), inner, skb.arp()));
    return true;
  }

  /** What every VXLAN device has learned. */
  List<LearnedVtep> learned() {
    List<LearnedVtep> out = new ArrayList<>();
    learned.forEach(
        (dev, macs) -> macs.forEach((mac, dst) -> out.add(new LearnedVtep(dev, mac, dst))));
    return out;
  }

  /** Forgets what devices that went away learned. */
  void reconfigure(java.util.Set<DeviceRef> gone) {
    learned.keySet().removeIf(gone::contains);
  }
}
