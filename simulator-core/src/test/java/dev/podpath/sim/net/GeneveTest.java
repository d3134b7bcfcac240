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
 * A Geneve device on its own ({@code drivers/net/geneve.c}; this machine's kernel has no geneve
 * module, samples/geneve.sh checks these facts end to end in Debian's kernel in a VM): given two
 * nodes with {@code g0 type geneve id 42 remote <the other>}, when a frame is transmitted on g0 or
 * a datagram arrives on UDP 6081, then the outer packet handed to the underlay, the unwrapped frame
 * handed to the links, or the typed drop. The underlay and the links are recorders ({@link Bench}).
 */
final class GeneveTest {

  private static final MacAddress G1 = MacAddress.parse("0e:6e:00:00:00:01");
  private static final MacAddress G2 = MacAddress.parse("0e:6e:00:00:00:02");
  private static final MacAddress OTHER = MacAddress.parse("0e:6e:00:00:00:09");
  private static final Ipv4Address N1 = Ipv4Address.parse("192.168.50.11");
  private static final Ipv4Address N2 = Ipv4Address.parse("192.168.50.12");

  private static String[] nodes(String options, String... extra) {
    return Bench.script(
        Bench.N1_N2,
        List.of(
            "ip -n n1 link add g0 address " + G1 + " type geneve id 42 remote " + N2 + options,
            "ip -n n2 link add g0 address " + G2 + " type geneve id 42 remote " + N1 + options,
            "ip -n n1 addr add 10.0.0.1/24 dev g0",
            "ip -n n2 addr add 10.0.0.2/24 dev g0",
            "ip -n n1 link set g0 up",
            "ip -n n2 link set g0 up"),
        extra);
  }

  private static final Ipv4Packet PING =
      new Ipv4Packet(
          Ipv4Address.parse("10.0.0.1"),
          Ipv4Address.parse("10.0.0.2"),
          64,
          0,
          true,
          84,
          0,
          L4.Icmp.echoRequest(7, 1));

  private static Geneve geneve(Bench b) {
    return new Geneve(b.run, b.underlay, b.host);
  }

  private static void transmit(Bench b, String ns, Frame inner) {
    Skb skb = new Skb(1, b.log.newCopyId(), inner, false);
    geneve(b).transmit(Bench.dev(ns, "g0"), (LinkKind.Geneve) b.device(ns, "g0").kind(), skb);
  }

  private static Ipv4Packet datagram(Ipv4Address src, int vni, Frame inner) {
    UdpPayload.Geneve g = new UdpPayload.Geneve(vni, inner);
    return new Ipv4Packet(
        src,
        N2,
        64,
        0,
        false,
        Ipv4Packet.HEADER_BYTES + L4.Udp.HEADER_BYTES + g.length(),
        0,
        new L4.Udp(40000, LinkKind.Geneve.DEFAULT_PORT, Optional.of(g)));
  }

  private static boolean receive(Bench b, Ipv4Packet outer) {
    Skb skb = new Skb(7, b.log.newCopyId(), new Frame(OTHER, OTHER, outer), false);
    return geneve(b)
        .receive(b.network.netns(NetnsName.of("n2")), "eth0", skb, outer, (L4.Udp) outer.l4());
  }

  @Test
  void theDevice_takesItsMtuFromTheRouteToTheRemote_lessFifty() {
    // the VM's kernel: g0 over a 1500-byte veth answers "message too long, mtu=1450"
    assertThat(Bench.given(nodes("")).device("n1", "g0").mtu()).isEqualTo(1450);
  }

  @Test
  void everyFrame_goesToTheOneRemote_inUdp6081_vni_ttl64_dfUnset_50BytesMore() {
    Bench b = Bench.given(nodes(""));
    Frame inner = new Frame(G1, G2, PING);
    transmit(b, "n1", inner);

    assertThat(b.underlaid)
        .singleElement()
        .satisfies(
            u -> {
              Ipv4Packet outer = u.outer();
              assertThat(outer.dst()).isEqualTo(N2);
              assertThat(outer.ttl()).isEqualTo(64);
              assertThat(outer.dontFragment()).isFalse();
              assertThat(outer.totalLength()).isEqualTo(84 + 50);
              L4.Udp udp = (L4.Udp) outer.l4();
              assertThat(udp.dport()).isEqualTo(6081);
              assertThat(udp.sport()).isBetween(1, 65535);
              assertThat(udp.payload())
                  .contains(new UdpPayload.Geneve(42, inner))
                  .get()
                  .hasToString("Geneve vni 42");
              assertThat(((Step.Encapsulated) u.step()).tunnel()).isEqualTo(Step.Tunnel.GENEVE);
            });
  }

  @Test
  void aFixedTtl_isTheOuterTtl() {
    Bench b = Bench.given(nodes(" ttl 9"));
    transmit(b, "n1", new Frame(G1, G2, PING));
    assertThat(b.underlaid.get(0).outer().ttl()).isEqualTo(9);
  }

  @Test
  void aDatagramFromTheRemote_withTheVni_isUnwrapped_andReceivedOnTheDevice() {
    Bench b = Bench.given(nodes(""));
    Frame inner = new Frame(G1, G2, PING);
    assertThat(receive(b, datagram(N1, 42, inner))).isTrue();

    assertThat(b.decapsulated)
        .singleElement()
        .satisfies(h -> assertThat(h.dev()).isEqualTo(Bench.dev("n2", "g0")));
    assertThat(b.steps(Step.Dropped.class)).isEmpty();
  }

  @Test
  void aDatagramFromAnotherSource_orWithAnotherVni_isDroppedByTheSocket() {
    // geneve_lookup: the VNI and the outer source (the device's remote) both must match
    Bench b = Bench.given(nodes(""));
    Frame inner = new Frame(G1, G2, PING);
    assertThat(receive(b, datagram(Ipv4Address.parse("192.168.50.13"), 42, inner))).isTrue();
    assertThat(receive(b, datagram(N1, 43, inner))).isTrue();

    assertThat(b.decapsulated).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .extracting(d -> d.reason())
        .hasSize(2)
        .allSatisfy(r -> assertThat(r).isInstanceOf(DropReason.NoTunnel.class))
        .extracting(r -> ((DropReason.NoTunnel) r).detail())
        .containsExactly(
            "no Geneve device with VNI 42 and remote 192.168.50.13 on UDP port 6081"
                + " (geneve_lookup matches the outer source with the device's remote;"
                + " dropped without an answer)",
            "no Geneve device with VNI 43 and remote 192.168.50.11 on UDP port 6081"
                + " (geneve_lookup matches the outer source with the device's remote;"
                + " dropped without an answer)");
  }

  @Test
  void aDownDevice_hasNoSocket_theDatagramIsNotTaken() {
    Bench b = Bench.given(nodes("", "ip -n n2 link set g0 down"));
    assertThat(receive(b, datagram(N1, 42, new Frame(G1, G2, PING)))).isFalse();
  }
}
