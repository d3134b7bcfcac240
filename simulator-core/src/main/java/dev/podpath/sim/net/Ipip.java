package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.EncapBasis;
import dev.podpath.sim.outcome.Step;
import java.util.Comparator;
import java.util.Optional;

/**
 * IPIP tunnels, from the kernel source ({@code net/ipv4/ip_tunnel.c}, {@code ipip.c};
 * kernel-semantics.md 11.4; this machine's kernel has no ipip module, so it is checked in Debian's
 * kernel in a VM instead: {@code podpath verify --kernel=vm}, samples/calico-ipip.sh and
 * ipip-demo.sh, docs/kernel-agreement.md). Transmit: the outer destination is the tunnel's {@code
 * remote}, or for a tunnel without one (tunl0) the route's gateway ({@code rt_nexthop}); the outer
 * source is {@code local} or the route's; TTL 0 = inherit the inner TTL; DF copied from the inner
 * packet; a DF packet that no longer fits the underlay after 20 bytes more gets "fragmentation
 * needed". Receive: protocol 4 to a local address goes to the most specific tunnel (remote and
 * local, then remote, then local, then the fallback tunl0 if up), and the inner packet is received
 * on that device.
 */
final class Ipip {

  private final Run run;
  private final TunnelUnderlay underlay;
  private final LinkInput links;
  private final IcmpOutput icmp;
  private final PathMtu pathMtu;

  /**
   * @param underlay how the outer packet is routed and sent
   * @param links where the unwrapped inner packet is received
   * @param icmp where "fragmentation needed" and "protocol/port unreachable" come from
   * @param pathMtu the exceptions each packet sent through a tunnel updates ({@code
   *     tnl_update_pmtu})
   */
  Ipip(Run run, TunnelUnderlay underlay, LinkInput links, IcmpOutput icmp, PathMtu pathMtu) {
    this.run = run;
    this.underlay = underlay;
    this.links = links;
    this.icmp = icmp;
    this.pathMtu = pathMtu;
  }

  /**
   * {@code ip_tunnel_xmit}: the inner packet was routed into the tunnel towards {@code nextHop}.
   */
  void transmit(
      DeviceRef ref,
      NetDevice dev,
      LinkKind.Ipip conf,
      Ipv4Address nextHop,
      long packetId,
      long copyId,
      Ipv4Packet inner) {
    Skb skb = new Skb(packetId, copyId, new Frame(MacAddress.ZERO, MacAddress.ZERO, inner), false);
    run.log().record(skb, new Step.Transmitted(ref, skb.frame()));
    Netns ns = run.net().netns(ref.netns());
    // rt_nexthop(): the route's gateway, or the inner destination when the route has none.
    Ipv4Address dst = conf.remote().orElse(nextHop);
    int ttl = conf.ttl() != 0 ? conf.ttl() : inner.ttl();
    // ip_tunnel_xmit: df = the tunnel's frag_off (DF with pmtudisc), | the inner DF.
    boolean df = conf.pmtudisc() || inner.dontFragment();
    Ipv4Packet outer =
        new Ipv4Packet(
            conf.local().orElse(Ipv4Address.ANY),
            dst,
            ttl,
            0,
            df,
            inner.totalLength() + LinkKind.Ipip.OVERHEAD,
            0,
            new L4.Ipip(inner));
    Optional<Integer> underlayMtu = underlayMtu(ns, outer);
    // tnl_update_pmtu: the inner route's path MTU is updated on every packet, to the underlay's
    // less the header with pmtudisc, else to its own (an exception even so: ip route get shows it)
    if (underlayMtu.isPresent() || !conf.pmtudisc()) {
      int tunnelMtu =
          conf.pmtudisc() ? underlayMtu.get() - LinkKind.Ipip.OVERHEAD : routeMtu(ns, dev, inner);
      pathMtu.tunnelUpdate(ns.name(), inner.dst(), tunnelMtu, routeMtu(ns, dev, inner));
    }
    if (underlayMtu.isPresent()
        && inner.totalLength() > underlayMtu.get() - LinkKind.Ipip.OVERHEAD) {
      int mtu = underlayMtu.get() - LinkKind.Ipip.OVERHEAD;
      if (!inner.dontFragment()) {
        run.log()
            .drop(
                skb,
                ref,
                Fragmentation.notModelled(
                    ns, outer.totalLength(), underlayMtu.get(), "the underlay"));
        return;
      }
      // tnl_update_pmtu: an inner DF packet that no longer fits gets "fragmentation needed".
      run.log()
          .drop(
              skb,
              ref,
              new DropReason.FragmentationNeeded(
                  ref, inner.totalLength(), mtu, TunnelOverhead.describe(ns, dev)));
      icmp.sendError(ref.netns(), packetId, inner, L4.Icmp.DEST_UNREACH, L4.Icmp.FRAG_NEEDED, mtu);
      return;
    }
    EncapBasis why =
        new EncapBasis.Ipip(
            dst,
            conf.remote().isPresent(),
            ttl,
            conf.ttl(),
            conf.pmtudisc()
                ? EncapBasis.IpipDf.PMTUDISC
                : df ? EncapBasis.IpipDf.INNER : EncapBasis.IpipDf.UNSET);
    underlay.send(
        ns,
        ref,
        skb,
        o ->
            new Step.Encapsulated(
                ref, Step.Tunnel.IPIP, Optional.empty(), inner, o, Optional.empty(), why),
        outer);
  }

  /** {@code dst_mtu} of the inner route: an unexpired exception's, else the tunnel device's. */
  private int routeMtu(Netns ns, NetDevice dev, Ipv4Packet inner) {
    return pathMtu.mtu(ns.name(), inner.dst()).orElse(dev.mtu());
  }

  private static Optional<Integer> underlayMtu(Netns ns, Ipv4Packet outer) {
    FibResult r = FibLookup.lookup(ns, FibLookup.Key.output(outer.dst(), outer.src(), 0));
    if (r instanceof FibResult.Found f && f.hop().isPresent()) {
      NextHop hop = f.hop().get();
      return ns.device(hop.dev()).map(NetDevice::mtu);
    }
    return Optional.empty();
  }

  /** {@code ipip_rcv}: a protocol-4 packet for a local address of {@code ns}. */
  void receive(Netns ns, String inDev, Skb skb, Ipv4Packet outer, L4.Ipip ipip) {
    DeviceRef in = new DeviceRef(ns.name(), inDev);
    boolean loaded = ns.deviceList().stream().anyMatch(d -> d.kind() instanceof LinkKind.Ipip);
    Optional<NetDevice> tunnel =
        ns.deviceList().stream()
            .filter(d -> d.up() && d.kind() instanceof LinkKind.Ipip t && matches(t, outer))
            .min(Comparator.comparingInt(d -> specificity((LinkKind.Ipip) d.kind())));
    if (tunnel.isEmpty()) {
      String detail =
          !loaded
              ? "no ipip device: the kernel has no handler for protocol 4 (ICMP protocol unreachable)"
              : "no ipip tunnel that is up matches "
                  + outer.src()
                  + " > "
                  + outer.dst()
                  + " (tunl0 takes the rest only when up; tunnel4_rcv answers ICMP port unreachable)";
      run.log().drop(skb, in, new DropReason.NoTunnel(ns.name(), detail));
      icmp.sendError(
          ns.name(),
          skb.packetId(),
          outer,
          L4.Icmp.DEST_UNREACH,
          loaded ? L4.Icmp.PORT_UNREACH : 2,
          0);
      return;
    }
    DeviceRef ref = new DeviceRef(ns.name(), tunnel.get().name());
    Ipv4Packet inner = ipip.inner();
    run.log()
        .record(skb, new Step.Decapsulated(ref, Step.Tunnel.IPIP, outer, Optional.empty(), inner));
    links.receiveDecapsulated(
        ref, skb.withFrame(new Frame(MacAddress.ZERO, MacAddress.ZERO, inner)));
  }

  private static boolean matches(LinkKind.Ipip t, Ipv4Packet outer) {
    return t.remote().map(r -> r.equals(outer.src())).orElse(true)
        && t.local().map(l -> l.equals(outer.dst())).orElse(true);
  }

  /** {@code ip_tunnel_lookup}'s order: remote and local, remote only, local only, then any/any. */
  private static int specificity(LinkKind.Ipip t) {
    if (t.remote().isPresent() && t.local().isPresent()) {
      return 0;
    }
    if (t.remote().isPresent()) {
      return 1;
    }
    if (t.local().isPresent()) {
      return 2;
    }
    return t.fallback() ? 4 : 3;
  }

  /**
   * {@code ipip_err}: an ICMP error about an outer IPIP packet reaches the tunnel, not the inner
   * sender. The kernel also counts it and, for 30 s, answers packets sent into the tunnel with ICMP
   * host unreachable ({@code dst_link_failure}); podpath does not model that count and says so.
   */
  void errorReceived(Netns ns, String inDev, Skb skb, L4.Icmp icmp) {
    run.log()
        .record(
            skb,
            new Step.NotModelled(
                ns.name(),
                "the tunnel's error count: for 30 s after this error the"
                    + " kernel answers packets sent into the tunnel with ICMP host unreachable (dst_link_failure)"));
    run.log()
        .drop(
            skb,
            new DeviceRef(ns.name(), inDev),
            new DropReason.TunnelErrorAbsorbed(
                ns.name(), icmp.type(), icmp.code(), Step.Tunnel.IPIP));
  }
}
