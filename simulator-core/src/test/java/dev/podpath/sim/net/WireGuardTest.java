package dev.podpath.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.packet.UdpPayload;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A WireGuard device on its own ({@code drivers/net/wireguard}; this machine's kernel has no
 * wireguard module, samples/wireguard.sh checks these facts end to end in Debian's kernel in a VM):
 * given two nodes whose wg0 has the other as its peer, when a packet is routed into wg0 or a
 * datagram arrives on UDP 51820, then the handshake and data messages handed to the underlay, the
 * unwrapped packet handed to the links, or the typed drop. The underlay is a recorder ({@link
 * Bench}): each test hands the outer packets from one node to the other itself.
 */
final class WireGuardTest {

  private static final String A_PUB = "TptPhf/IRNZfKImmpqxITQu/C5OqMAhj9tTQ7534zDw=";
  private static final String B_PUB = "4XBXjAqk/bVjAhPwCqpmrZb8EGirTY8kBKhknpeksFE=";
  private static final String KEYS = "src/test/resources/wireguard/";
  private static final Ipv4Address N1 = Ipv4Address.parse("192.168.50.11");
  private static final Ipv4Address N2 = Ipv4Address.parse("192.168.50.12");

  private static String[] nodes(String... extra) {
    return Bench.script(
        Bench.N1_N2,
        List.of(
            "ip -n n1 link add wg0 type wireguard",
            "ip -n n2 link add wg0 type wireguard",
            "ip netns exec n1 wg set wg0 listen-port 51820 private-key "
                + KEYS
                + "a.key peer "
                + B_PUB
                + " allowed-ips 10.0.2.0/24 endpoint "
                + N2
                + ":51820",
            "ip netns exec n2 wg set wg0 listen-port 51820 private-key "
                + KEYS
                + "b.key peer "
                + A_PUB
                + " allowed-ips 10.0.1.0/24 endpoint "
                + N1
                + ":51820",
            "ip -n n1 addr add 10.0.1.0/32 dev wg0",
            "ip -n n2 addr add 10.0.2.0/32 dev wg0",
            "ip -n n1 link set wg0 up",
            "ip -n n2 link set wg0 up"),
        extra);
  }

  private static Ipv4Packet ping(String src, String dst) {
    return new Ipv4Packet(
        Ipv4Address.parse(src),
        Ipv4Address.parse(dst),
        64,
        0,
        true,
        84,
        0,
        L4.Icmp.echoRequest(7, 1));
  }

  private static void transmit(Bench b, WireGuard wg, String ns, Ipv4Packet inner) {
    wg.transmit(
        Bench.dev(ns, "wg0"),
        b.device(ns, "wg0"),
        (LinkKind.WireGuard) b.device(ns, "wg0").kind(),
        1,
        b.log.newCopyId(),
        inner);
  }

  /** Hands the outer packet to {@code ns} as received on its eth0, from the other node. */
  private static boolean deliver(Bench b, WireGuard wg, String ns, Ipv4Packet outer) {
    Ipv4Packet o = outer.withSrc(ns.equals("n2") ? N1 : N2);
    Skb skb = new Skb(9, b.log.newCopyId(), new Frame(MacAddress.ZERO, MacAddress.ZERO, o), false);
    return wg.receive(b.network.netns(NetnsName.of(ns)), "eth0", skb, o, (L4.Udp) o.l4());
  }

  private static UdpPayload.WireGuard message(Bench.Underlaid u) {
    return (UdpPayload.WireGuard) ((L4.Udp) u.outer().l4()).payload().orElseThrow();
  }

  @Test
  void theDevice_hasNoLinkLayer_andMtu1420() {
    Bench b = Bench.given(nodes());
    assertThat(b.device("n1", "wg0").mtu()).isEqualTo(1420);
    assertThat(b.device("n1", "wg0").mac()).isEqualTo(MacAddress.ZERO);
    assertThat(((LinkKind.WireGuard) b.device("n1", "wg0").kind()).publicKey()).contains(A_PUB);
  }

  @Test
  void theFirstPacket_waitsForTheHandshake_thenLeavesEncrypted_toThePeersEndpoint() {
    Bench b = Bench.given(nodes());
    WireGuard wg = new WireGuard(b.run, b.underlay, b.host, b.icmp);
    transmit(b, wg, "n1", ping("10.0.1.0", "10.0.2.7"));

    // only the initiation left: 148 bytes in UDP from 51820 to the endpoint
    assertThat(b.underlaid).hasSize(1);
    assertThat(message(b.underlaid.get(0)).type())
        .isEqualTo(UdpPayload.WgMessage.HANDSHAKE_INITIATION);
    assertThat(b.underlaid.get(0).outer().dst()).isEqualTo(N2);
    assertThat(b.underlaid.get(0).outer().totalLength()).isEqualTo(20 + 8 + 148);

    assertThat(deliver(b, wg, "n2", b.underlaid.get(0).outer())).isTrue();
    assertThat(message(b.underlaid.get(1)).type())
        .isEqualTo(UdpPayload.WgMessage.HANDSHAKE_RESPONSE);
    assertThat(b.underlaid.get(1).outer().dst()).isEqualTo(N1);

    assertThat(deliver(b, wg, "n1", b.underlaid.get(1).outer())).isTrue();
    Bench.Underlaid data = b.underlaid.get(2);
    assertThat(message(data).type()).isEqualTo(UdpPayload.WgMessage.DATA);
    assertThat(message(data).inner()).contains(ping("10.0.1.0", "10.0.2.7"));
    // 84 bytes padded to 96, + header 16 + tag 16, + UDP 8 + IPv4 20
    assertThat(data.outer().totalLength()).isEqualTo(96 + 32 + 28);
    assertThat(data.outer().dontFragment()).isFalse();
    assertThat(((Step.Encapsulated) data.step()).tunnel()).isEqualTo(Step.Tunnel.WIREGUARD);

    assertThat(deliver(b, wg, "n2", data.outer())).isTrue();
    assertThat(b.decapsulated)
        .singleElement()
        .satisfies(h -> assertThat(h.dev()).isEqualTo(Bench.dev("n2", "wg0")));
  }

  @Test
  void noPeersAllowedIps_holdTheDestination_dropped_andHostUnreachableSentBack() {
    Bench b = Bench.given(nodes());
    WireGuard wg = new WireGuard(b.run, b.underlay, b.host, b.icmp);
    transmit(b, wg, "n1", ping("10.0.1.0", "10.99.0.1"));

    assertThat(b.underlaid).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .singleElement()
        .satisfies(d -> assertThat(d.reason()).isInstanceOf(DropReason.NoPeer.class));
    assertThat(b.icmpErrors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(L4.Icmp.DEST_UNREACH);
              assertThat(e.code()).isEqualTo(L4.Icmp.HOST_UNREACH);
            });
  }

  @Test
  void thePeerWithTheLongestAllowedIp_isChosen() {
    LinkKind.WireGuard conf =
        new LinkKind.WireGuard(
            Optional.of(A_PUB),
            51820,
            List.of(
                new LinkKind.WgPeer(
                    "wide",
                    Optional.empty(),
                    0,
                    List.of(dev.podpath.model.addr.Prefix.parse("10.0.0.0/8"))),
                new LinkKind.WgPeer(
                    "narrow",
                    Optional.empty(),
                    0,
                    List.of(dev.podpath.model.addr.Prefix.parse("10.0.2.0/24")))));
    assertThat(conf.peerFor(Ipv4Address.parse("10.0.2.9")).map(LinkKind.WgPeer::publicKey))
        .contains("narrow");
    assertThat(conf.peerFor(Ipv4Address.parse("10.0.3.9")).map(LinkKind.WgPeer::publicKey))
        .contains("wide");
    assertThat(conf.peerFor(Ipv4Address.parse("11.0.0.1"))).isEmpty();
  }

  @Test
  void aSourceOutsideTheSendersAllowedIps_isDroppedAfterDecryption() {
    Bench b = Bench.given(nodes());
    WireGuard wg = new WireGuard(b.run, b.underlay, b.host, b.icmp);
    // n2 sends from an address outside what n1 allows for it (10.0.2.0/24)
    transmit(b, wg, "n2", ping("192.168.50.12", "10.0.1.0"));
    deliver(b, wg, "n1", b.underlaid.get(0).outer());
    deliver(b, wg, "n2", b.underlaid.get(1).outer());
    assertThat(deliver(b, wg, "n1", b.underlaid.get(2).outer())).isTrue();

    assertThat(b.decapsulated).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .extracting(Step.Dropped::reason)
        .singleElement()
        .isInstanceOfSatisfying(
            DropReason.NoPeer.class,
            r ->
                assertThat(r.detail()).contains("not in the allowed-ips of the peer that sent it"));
  }

  @Test
  void aDownDevice_hasNoSocket_theDatagramIsNotTaken() {
    Bench b = Bench.given(nodes("ip -n n2 link set wg0 down"));
    WireGuard wg = new WireGuard(b.run, b.underlay, b.host, b.icmp);
    transmit(b, wg, "n1", ping("10.0.1.0", "10.0.2.7"));
    assertThat(deliver(b, wg, "n2", b.underlaid.get(0).outer())).isFalse();
  }
}
