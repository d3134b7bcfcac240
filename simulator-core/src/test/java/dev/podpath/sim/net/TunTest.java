package dev.podpath.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.packet.UdpPayload;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A TUN device and the flanneld UDP backend behind it (kernel-semantics.md 11.3;
 * kernel-experiments/07-flannel-udp-tun.sh, where samples/flanneld-udp.py stands in for flanneld):
 * given a node whose flannel0 is held by flanneld with one lease, when a packet is routed into
 * flannel0 or a datagram arrives on flanneld's port, then the datagram handed to the underlay, the
 * packet written back into flannel0, or the typed drop. The underlay and the links are recorders
 * ({@link Bench}).
 */
final class TunTest {

  private static final Ipv4Address N2 = Ipv4Address.parse("192.168.50.12");

  /** n1 192.168.50.11 towards n2; flannel0 as flanneld's UDP backend sets it up (07-...sh). */
  private static String[] node(String... extra) {
    return Bench.script(Bench.N1, List.of("ip -n n1 tuntap add dev flannel0 mode tun"), extra);
  }

  private static final String[] FLANNELD = {
    "ip netns exec n1 python3 flanneld-udp.py --tun flannel0 --port 8285 10.244.1.0/24=192.168.50.12",
    "ip -n n1 addr add 10.244.0.0/32 dev flannel0",
    "ip -n n1 link set flannel0 mtu 1472 up",
    "ip -n n1 route add 10.244.0.0/16 dev flannel0"
  };

  /** p1's echo request after n1 forwarded it into flannel0 (TTL 63, DF). */
  private static Ipv4Packet ping(String dst) {
    return new Ipv4Packet(
        Ipv4Address.parse("10.244.0.2"),
        Ipv4Address.parse(dst),
        63,
        0,
        true,
        84,
        0,
        L4.Icmp.echoRequest(1798, 1));
  }

  private static Tun tun(Bench b) {
    return new Tun(b.run, b.underlay, b.host);
  }

  private static void transmit(Bench b, Ipv4Packet p) {
    tun(b).transmit(Bench.dev("n1", "flannel0"), b.device("n1", "flannel0"), 1, 1, p);
  }

  /** A datagram from n2's flanneld to n1's {@code port}, carrying {@code payload}. */
  private static boolean receive(Bench b, int port, Optional<UdpPayload> payload) {
    Ipv4Packet outer =
        new Ipv4Packet(
            N2,
            Ipv4Address.parse("192.168.50.11"),
            64,
            0,
            true,
            112,
            0,
            new L4.Udp(8285, port, payload));
    Skb skb =
        new Skb(3, b.log.newCopyId(), new Frame(MacAddress.ZERO, MacAddress.ZERO, outer), false);
    return tun(b)
        .receive(b.network.netns(NetnsName.of("n1")), "eth0", skb, outer, (L4.Udp) outer.l4());
  }

  @Test
  void flanneldSendsTheBarePacket_inUdpFromItsPortToTheLeasesNode_dfSet_ttl64() {
    // 07-flannel-udp-tun.sh underlay: "(tos 0x0, ttl 64, ..., flags [DF], proto UDP (17), length
    // 112) 192.168.50.11.8285 > 192.168.50.12.8285: UDP, length 84"
    Bench b = Bench.given(node(FLANNELD));
    Ipv4Packet inner = ping("10.244.1.2");
    transmit(b, inner);

    assertThat(b.steps())
        .containsSubsequence(
            new Step.Transmitted(
                Bench.dev("n1", "flannel0"), new Frame(MacAddress.ZERO, MacAddress.ZERO, inner)),
            new Step.UserSpace(Bench.dev("n1", "flannel0"), "flanneld", true, inner));
    assertThat(b.underlaid)
        .singleElement()
        .satisfies(
            u -> {
              Ipv4Packet outer = u.outer();
              assertThat(outer.src()).isEqualTo(Ipv4Address.ANY);
              assertThat(outer.dst()).isEqualTo(N2);
              assertThat(outer.ttl()).isEqualTo(64);
              assertThat(outer.dontFragment()).isTrue();
              assertThat(outer.totalLength()).isEqualTo(112);
              assertThat(outer.l4())
                  .isEqualTo(new L4.Udp(8285, 8285, Optional.of(new UdpPayload.Ip(inner))));
              assertThat(((Step.Encapsulated) u.step()).tunnel())
                  .isEqualTo(Step.Tunnel.FLANNEL_UDP);
            });
  }

  @Test
  void aDestinationWithoutALease_isDroppedByFlanneld() {
    // samples/flannel-udp.sh: "a destination without a lease (10.10.7.7, inside 10.10.0.0/16):
    // flanneld drops it"
    Bench b = Bench.given(node(FLANNELD));
    transmit(b, ping("10.244.7.7"));

    assertThat(b.underlaid).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.reason())
                    .isEqualTo(
                        new DropReason.NoSubnetLease(
                            Bench.dev("n1", "flannel0"), Ipv4Address.parse("10.244.7.7"))));
  }

  @Test
  void aTunDeviceNoProgramHolds_dropsWhatIsRoutedIntoIt() {
    // tun_net_xmit without a reader: the packet is counted as TX dropped
    Bench b =
        Bench.given(
            node("ip -n n1 link set flannel0 up", "ip -n n1 route add 10.244.0.0/16 dev flannel0"));
    transmit(b, ping("10.244.1.2"));

    assertThat(b.underlaid).isEmpty();
    assertThat(b.steps(Step.UserSpace.class)).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.reason())
                    .isInstanceOfSatisfying(
                        DropReason.NoTunnel.class,
                        n -> assertThat(n.detail()).contains("no program holds flannel0")));
  }

  @Test
  void aTunDeviceWhoseReaderIsUnknown_endsNotModelled_notAsADrop() {
    // a snapshot that did not say which program holds the device: the model cannot know whether
    // anything reads it, and says so instead of guessing "TX dropped"
    Bench b = Bench.given(node("ip -n n1 link set flannel0 up"));
    NetDevice d = b.device("n1", "flannel0");
    NetDevice unknown =
        new NetDevice(
            d.name(),
            d.index(),
            new LinkKind.Tun(Optional.empty(), Optional.of("the program holding flannel0")),
            d.mac(),
            d.mtu(),
            d.up(),
            d.master(),
            d.port(),
            d.addresses(),
            d.origin());
    tun(b).transmit(Bench.dev("n1", "flannel0"), unknown, 1, 1, ping("10.244.1.2"));

    assertThat(b.underlaid).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .singleElement()
        .satisfies(
            x ->
                assertThat(x.reason())
                    .isEqualTo(
                        new DropReason.NotModelled(
                            NetnsName.of("n1"), "the program holding flannel0")));
  }

  @Test
  void aDatagramOnFlanneldsPort_isWrittenIntoFlannel0_andReceivedThere() {
    // 11.3: "The peer writes the payload into its flannel0, where it is received as if it had
    // arrived on flannel0"
    Bench b = Bench.given(node(FLANNELD));
    Ipv4Packet inner = ping("10.244.0.2").withSrc(Ipv4Address.parse("10.244.1.2"));

    assertThat(receive(b, 8285, Optional.of(new UdpPayload.Ip(inner)))).isTrue();
    assertThat(b.steps(Step.Decapsulated.class))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.dev()).isEqualTo(Bench.dev("n1", "flannel0"));
              assertThat(d.tunnel()).isEqualTo(Step.Tunnel.FLANNEL_UDP);
              assertThat(d.inner()).isEqualTo(inner);
            });
    assertThat(b.steps(Step.UserSpace.class))
        .containsExactly(new Step.UserSpace(Bench.dev("n1", "flannel0"), "flanneld", false, inner));
    assertThat(b.decapsulated)
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.dev()).isEqualTo(Bench.dev("n1", "flannel0"));
              assertThat(h.frame().payload()).isEqualTo(inner);
            });
  }

  @Test
  void aDatagramToAnotherPort_isNotFlanneldsAndGoesOn() {
    Bench b = Bench.given(node(FLANNELD));
    assertThat(receive(b, 8472, Optional.of(new UdpPayload.Ip(ping("10.244.0.2"))))).isFalse();
    assertThat(b.steps()).isEmpty();
    assertThat(b.decapsulated).isEmpty();
  }

  @Test
  void aDatagramOnThePortThatCarriesNoIpPacket_isNotModelled() {
    Bench b = Bench.given(node(FLANNELD));
    assertThat(receive(b, 8285, Optional.empty())).isTrue();
    assertThat(b.decapsulated).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .singleElement()
        .satisfies(d -> assertThat(d.reason()).isInstanceOf(DropReason.NotModelled.class));
  }
}
