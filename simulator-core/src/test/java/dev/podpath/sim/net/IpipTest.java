package dev.podpath.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An IPIP tunnel on its own (kernel-semantics.md 11.4, from {@code net/ipv4/ip_tunnel.c} and {@code
 * net/ipv4/ipip.c}: this machine's kernel has no ipip module, so these facts are the source's;
 * samples/calico-ipip.sh and ipip-demo.sh check them end to end in Debian's kernel in a VM, {@code
 * verify --kernel=vm}): given two nodes with Calico's {@code tunl0} and a point-to-point tunnel,
 * when a packet is routed into a tunnel or a protocol-4 packet arrives, then the outer packet
 * handed to the underlay, the inner packet handed to the links, or the typed drop and its ICMP
 * error. The underlay, the links and ICMP are recorders ({@link Bench}).
 */
final class IpipTest {

  private static final Ipv4Address N1 = Ipv4Address.parse("192.168.50.11");
  private static final Ipv4Address N2 = Ipv4Address.parse("192.168.50.12");

  /**
   * n1 192.168.50.11 and n2 192.168.50.12 on one veth; ipip loaded (tunl0 in both, down); tunl0 of
   * n1 as Calico sets it up (MTU 1480, a /32, a route to n2's block via n2 onlink).
   */
  private static String[] nodes(String... extra) {
    return Bench.script(
        Bench.N1_N2,
        List.of(
            "modprobe ipip",
            "ip -n n1 link set tunl0 mtu 1480 up",
            "ip -n n1 addr add 10.244.1.0/32 dev tunl0",
            "ip -n n1 route add 10.244.2.0/26 via 192.168.50.12 dev tunl0 onlink"),
        extra);
  }

  /** A pod's packet after n1 forwarded it (TTL 63). */
  private static Ipv4Packet podPacket(int length, boolean df) {
    return new Ipv4Packet(
        Ipv4Address.parse("10.244.1.2"),
        Ipv4Address.parse("10.244.2.3"),
        63,
        0,
        df,
        length,
        0,
        L4.Icmp.echoRequest(7, 1));
  }

  private static final Ipv4Packet INNER = podPacket(84, true);

  private static Ipip ipip(Bench b) {
    return new Ipip(b.run, b.underlay, b.host, b.icmp, new PathMtu(b.run.clock()));
  }

  private static void transmit(Bench b, String ns, String dev, Ipv4Address nextHop, Ipv4Packet p) {
    ipip(b)
        .transmit(
            Bench.dev(ns, dev),
            b.device(ns, dev),
            (LinkKind.Ipip) b.device(ns, dev).kind(),
            nextHop,
            1,
            b.log.newCopyId(),
            p);
  }

  /** An IPIP packet from {@code src} to n2 carrying {@link #INNER}, received on n2's eth0. */
  private static void receive(Bench b, Ipip tunnels, Ipv4Address src) {
    Ipv4Packet outer = new Ipv4Packet(src, N2, 63, 0, true, 104, 0, new L4.Ipip(INNER));
    Skb skb =
        new Skb(5, b.log.newCopyId(), new Frame(MacAddress.ZERO, MacAddress.ZERO, outer), false);
    tunnels.receive(b.network.netns(NetnsName.of("n2")), "eth0", skb, outer, (L4.Ipip) outer.l4());
  }

  // ---- transmit ----

  @Test
  void tunl0HasNoRemote_soTheOuterDestinationIsTheRoutesGateway_protocol4_20BytesMore() {
    // 11.4: "the outer destination is the route's next hop: dst = rt_nexthop(rt,
    // inner_iph->daddr)"; the outer source "comes from a normal output route lookup"
    Bench b = Bench.given(nodes());
    transmit(b, "n1", "tunl0", N2, INNER);

    assertThat(b.steps(Step.Transmitted.class))
        .extracting(Step.Transmitted::dev)
        .containsExactly(Bench.dev("n1", "tunl0"));
    assertThat(b.underlaid)
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.tunnel()).isEqualTo(Bench.dev("n1", "tunl0"));
              assertThat(u.outer().dst()).isEqualTo(N2);
              assertThat(u.outer().src()).isEqualTo(Ipv4Address.ANY);
              assertThat(u.outer().l4()).isEqualTo(new L4.Ipip(INNER));
              assertThat(u.outer().totalLength()).isEqualTo(104);
              assertThat(((Step.Encapsulated) u.step()).tunnel()).isEqualTo(Step.Tunnel.IPIP);
            });
  }

  @Test
  void tunl0sTtlInherit_andNopmtudisc_copyTheInnerTtlAndDf() {
    // 11.4: tunl0 is "ttl inherit nopmtudisc": "outer TTL = inner TTL (after the forwarding
    // decrement)"; "Outer DF = DF of the inner packet (df |= inner_iph->frag_off & IP_DF)"
    Bench b = Bench.given(nodes());
    transmit(b, "n1", "tunl0", N2, INNER);
    transmit(b, "n1", "tunl0", N2, podPacket(84, false));

    assertThat(b.underlaid).extracting(u -> u.outer().ttl()).containsExactly(63, 63);
    assertThat(b.underlaid).extracting(u -> u.outer().dontFragment()).containsExactly(true, false);
  }

  @Test
  void aTunnelWithARemote_sendsThere_fromItsLocal_whateverTheRoutesGateway() {
    // ip_tunnel_xmit: a tunnel with a fixed remote uses tnl_params->daddr, not rt_nexthop
    Bench b =
        Bench.given(
            nodes(
                "ip -n n1 tunnel add tun1 mode ipip remote 192.168.50.12 local 192.168.50.11",
                "ip -n n1 link set tun1 up"));
    transmit(b, "n1", "tun1", Ipv4Address.parse("10.244.2.3"), INNER);

    assertThat(b.underlaid)
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.outer().dst()).isEqualTo(N2);
              assertThat(u.outer().src()).isEqualTo(N1);
            });
  }

  @Test
  void aFixedTtlAndPmtudisc_giveThatTtl_andDfEvenWhenTheInnerPacketHasNone() {
    // ip-link(8) ipip: "ttl TTL"; pmtudisc (ip link's default) sets the tunnel's frag_off to DF
    Bench b =
        Bench.given(
            nodes(
                "ip -n n1 link add ipip1 type ipip remote 192.168.50.12 local 192.168.50.11 ttl 32",
                "ip -n n1 link set ipip1 up"));
    transmit(b, "n1", "ipip1", N2, podPacket(84, false));

    Ipv4Packet outer = b.underlaid.get(0).outer();
    assertThat(outer.ttl()).isEqualTo(32);
    assertThat(outer.dontFragment()).isTrue();
  }

  @Test
  void aDfPacketThatNoLongerFitsTheUnderlay_getsFragmentationNeeded_withTheMtuMinus20() {
    // 11.4: "If the inner packet has DF and is larger than route MTU - 20, an ICMP frag-needed is
    // sent (tnl_update_pmtu())"; eth0's MTU is 1500
    Bench b = Bench.given(nodes());
    Ipv4Packet big = podPacket(1481, true);
    transmit(b, "n1", "tunl0", N2, big);

    assertThat(b.underlaid).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.reason())
                    .isInstanceOfSatisfying(
                        DropReason.FragmentationNeeded.class,
                        f -> {
                          assertThat(f.egress()).isEqualTo(Bench.dev("n1", "tunl0"));
                          assertThat(f.length()).isEqualTo(1481);
                          assertThat(f.mtu()).isEqualTo(1480);
                        }));
    assertThat(b.icmpErrors)
        .containsExactly(
            new Bench.IcmpError(
                NetnsName.of("n1"), 1, big, L4.Icmp.DEST_UNREACH, L4.Icmp.FRAG_NEEDED));

    Bench fits = Bench.given(nodes());
    transmit(fits, "n1", "tunl0", N2, podPacket(1480, true));
    assertThat(fits.underlaid).hasSize(1);
    assertThat(fits.icmpErrors).isEmpty();
  }

  // ---- receive ----

  @Test
  void aProtocol4PacketFromTheTunnelsRemote_isUnwrapped_andTheInnerPacketArrivesOnTheTunnel() {
    // 11.4: "The decapsulated packet re-enters the stack with in-device tunl0" (here the matching
    // point-to-point tunnel)
    Bench b =
        Bench.given(
            nodes(
                "ip -n n2 tunnel add tun2 mode ipip remote 192.168.50.11 local 192.168.50.12",
                "ip -n n2 link set tun2 up"));
    receive(b, ipip(b), N1);

    assertThat(b.steps(Step.Decapsulated.class))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.dev()).isEqualTo(Bench.dev("n2", "tun2"));
              assertThat(d.tunnel()).isEqualTo(Step.Tunnel.IPIP);
              assertThat(d.inner()).isEqualTo(INNER);
            });
    assertThat(b.decapsulated)
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.dev()).isEqualTo(Bench.dev("n2", "tun2"));
              assertThat(h.frame().payload()).isEqualTo(INNER);
              assertThat(h.skb().packetId()).isEqualTo(5);
            });
    assertThat(b.icmpErrors).isEmpty();
  }

  @Test
  void theMostSpecificTunnelWins_andTunl0TakesTheRest_whenUp() {
    // 11.4 ip_tunnel_lookup: "the most specific tunnel (remote/local)"; "All keyless packets, if
    // not matched configured keyless tunnels will match fallback tunnel", only if tunl0 is UP
    Bench b =
        Bench.given(
            nodes(
                "ip -n n2 link set tunl0 up",
                "ip -n n2 tunnel add tun2 mode ipip remote 192.168.50.11 local 192.168.50.12",
                "ip -n n2 link set tun2 up"));
    Ipip tunnels = ipip(b);
    receive(b, tunnels, N1);
    receive(b, tunnels, Ipv4Address.parse("192.168.50.13"));

    assertThat(b.decapsulated)
        .extracting(Bench.Handed::dev)
        .containsExactly(Bench.dev("n2", "tun2"), Bench.dev("n2", "tunl0"));
  }

  @Test
  void aPacketFromAnUnknownRemote_withTunl0Down_isDropped_withPortUnreachable() {
    // 11.4: tunl0 takes keyless packets "only if tunl0 is UP"; tunnel4_rcv then answers ICMP port
    // unreachable
    Bench b =
        Bench.given(
            nodes(
                "ip -n n2 tunnel add tun2 mode ipip remote 192.168.50.11 local 192.168.50.12",
                "ip -n n2 link set tun2 up"));
    receive(b, ipip(b), Ipv4Address.parse("192.168.50.13"));

    assertThat(b.decapsulated).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.reason())
                    .isInstanceOfSatisfying(
                        DropReason.NoTunnel.class,
                        n -> assertThat(n.detail()).contains("192.168.50.13")));
    assertThat(b.icmpErrors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.ns()).isEqualTo(NetnsName.of("n2"));
              assertThat(e.type()).isEqualTo(L4.Icmp.DEST_UNREACH);
              assertThat(e.code()).isEqualTo(L4.Icmp.PORT_UNREACH);
            });
  }

  @Test
  void aTunnelThatIsDown_doesNotReceive() {
    Bench b =
        Bench.given(
            nodes("ip -n n2 tunnel add tun2 mode ipip remote 192.168.50.11 local 192.168.50.12"));
    receive(b, ipip(b), N1);
    assertThat(b.decapsulated).isEmpty();
    assertThat(b.steps(Step.Dropped.class)).hasSize(1);
  }

  @Test
  void withoutTheIpipModule_protocol4HasNoHandler_protocolUnreachable() {
    // no ipip device at all: no handler registered for protocol 4, ICMP protocol unreachable (2)
    Bench b =
        Bench.given(
            "ip netns add n2",
            "ip -n n2 link add eth0 type veth peer name eth1",
            "ip -n n2 addr add 192.168.50.12/24 dev eth0",
            "ip -n n2 link set eth0 up");
    receive(b, ipip(b), N1);
    assertThat(b.decapsulated).isEmpty();
    assertThat(b.icmpErrors).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo(2));
  }

  @Test
  void anIcmpErrorAboutAnOuterPacket_isAbsorbedByTheTunnel_andItsErrorCountIsNotModelled() {
    // ipip_err: the error reaches the tunnel, not the inner sender
    Bench b = Bench.given(nodes());
    Ipv4Packet outer = new Ipv4Packet(N1, N2, 63, 0, true, 104, 0, new L4.Ipip(INNER));
    L4.Icmp error = new L4.Icmp(L4.Icmp.DEST_UNREACH, 1, 0, 0, Optional.of(outer), 0);
    Ipv4Packet carrier = new Ipv4Packet(N2, N1, 64, 0, false, 132, 0, error);
    Skb skb =
        new Skb(9, b.log.newCopyId(), new Frame(MacAddress.ZERO, MacAddress.ZERO, carrier), false);
    ipip(b).errorReceived(b.network.netns(NetnsName.of("n1")), "eth0", skb, error);

    assertThat(b.steps(Step.NotModelled.class)).hasSize(1);
    assertThat(b.steps(Step.Dropped.class))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.reason())
                    .isEqualTo(
                        new DropReason.TunnelErrorAbsorbed(
                            NetnsName.of("n1"), L4.Icmp.DEST_UNREACH, 1, Step.Tunnel.IPIP)));
    assertThat(b.decapsulated).isEmpty();
  }
}
