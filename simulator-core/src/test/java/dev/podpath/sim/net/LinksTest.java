package dev.podpath.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The links on their own (kernel-semantics.md sections 1 and 2; kernel-experiments/
 * 01-netns-defaults-loopback.sh, 02-bridge-same-node.sh, 15-mtu-l2.sh): given namespaces a
 * (10.0.0.1) and b (10.0.0.2) joined by a veth pair, when a frame is sent on a device, then where
 * it arrives and what the receiving side hands it to. The bridge, ARP and IP are recorders ({@link
 * Bench}).
 */
final class LinksTest {

  private static final DeviceRef A = Bench.dev("a", "eth0");
  private static final DeviceRef B = Bench.dev("b", "eth0");

  private static String[] pair(String... extra) {
    List<String> c =
        new ArrayList<>(
            List.of(
                "ip netns add a",
                "ip netns add b",
                "ip -n a link add eth0 type veth peer name eth0 netns b",
                "ip -n a addr add 10.0.0.1/24 dev eth0",
                "ip -n b addr add 10.0.0.2/24 dev eth0",
                "ip -n a link set eth0 up",
                "ip -n b link set eth0 up",
                "ip -n a link set lo up"));
    c.addAll(List.of(extra));
    return c.toArray(String[]::new);
  }

  private static Links links(Bench b) {
    return new Links(b.run, b.bridges, b.arp, b.ip, b.noTunnels, new ArpExits());
  }

  private static Skb ab(Bench b, MacAddress dst, int length) {
    Ipv4Packet p =
        new Ipv4Packet(
            dev.podpath.model.addr.Ipv4Address.parse("10.0.0.1"),
            dev.podpath.model.addr.Ipv4Address.parse("10.0.0.2"),
            64,
            0,
            true,
            length,
            0,
            L4.Icmp.echoRequest(1, 1));
    return b.frame(1, b.mac("a", "eth0"), dst, p);
  }

  @Test
  void aVethFrame_arrivesOnThePeerAfterTheVethDelay_andGoesUpToIp() {
    // section 2: a frame transmitted on one end is received on the other
    Bench b = Bench.given(pair());
    links(b).transmit(A, ab(b, b.mac("b", "eth0"), 84));
    assertThat(b.ipIn).isEmpty();

    b.advance(SimConfig.defaults().vethDelayNanos());
    assertThat(b.steps())
        .extracting(Step::getClass)
        .containsExactly(Step.Transmitted.class, Step.Received.class);
    assertThat(b.steps(Step.Received.class)).extracting(Step.Received::dev).containsExactly(B);
    assertThat(b.ipIn).extracting(Bench.Handed::dev).containsExactly(B);
  }

  @Test
  void aVethWhosePeerIsDown_dropsWhatItSends_noCarrier() {
    // section 2 (02-bridge-same-node.sh "veth peer down"): NO-CARRIER, frames sent on the up end
    // are dropped (TX dropped)
    Bench b = Bench.given(pair("ip -n b link set eth0 down"));
    links(b).transmit(A, ab(b, b.mac("b", "eth0"), 84));
    b.advance(SimConfig.SECONDS);

    assertThat(b.steps(Step.Dropped.class))
        .extracting(Step.Dropped::reason)
        .containsExactly(new DropReason.NoCarrier(A, Optional.of(B)));
    assertThat(b.ipIn).isEmpty();
  }

  @Test
  void aDeviceThatIsDown_sendsNothing() {
    Bench b = Bench.given(pair("ip -n a link set eth0 down"));
    links(b).transmit(A, ab(b, b.mac("b", "eth0"), 84));

    assertThat(b.steps(Step.Dropped.class))
        .extracting(Step.Dropped::reason)
        .containsExactly(new DropReason.DeviceDown(A));
  }

  @Test
  void aFrameForAnotherMac_isNotForThisHost() {
    Bench b = Bench.given(pair());
    links(b).transmit(A, ab(b, MacAddress.parse("02:00:00:00:00:42"), 84));
    b.advance(SimConfig.SECONDS);

    assertThat(b.steps(Step.Dropped.class))
        .extracting(Step.Dropped::reason)
        .containsExactly(new DropReason.NotForThisHost(B, MacAddress.parse("02:00:00:00:00:42")));
    assertThat(b.ipIn).isEmpty();
  }

  @Test
  void aBroadcastArpRequest_goesToArp() {
    Bench b = Bench.given(pair());
    links(b).transmit(A, b.arpRequest(b.mac("a", "eth0"), "10.0.0.1", "10.0.0.2"));
    b.advance(SimConfig.SECONDS);

    assertThat(b.arpIn).extracting(Bench.Handed::dev).containsExactly(B);
    assertThat(b.ipIn).isEmpty();
  }

  @Test
  void theMtu_isCheckedOnReceive_aFrameTooBigForThePeerIsDroppedSilently() {
    // section 2 and gotcha 19 (15-mtu-l2.sh): b's MTU 1400, a sends 1500 bytes
    Bench b = Bench.given(pair("ip -n b link set eth0 mtu 1400"));
    links(b).transmit(A, ab(b, b.mac("b", "eth0"), 1500));
    b.advance(SimConfig.SECONDS);

    assertThat(b.steps(Step.Dropped.class))
        .extracting(Step.Dropped::reason)
        .containsExactly(new DropReason.FrameTooBig(B, 1500, 1400));
    assertThat(b.ipIn).isEmpty();
  }

  @Test
  void aBridgePort_handsWhatItReceivesToItsBridge() {
    Bench b =
        Bench.given(
            pair(
                "ip -n b link add br0 type bridge",
                "ip -n b link set br0 up",
                "ip -n b link set eth0 master br0"));
    links(b).transmit(A, ab(b, MacAddress.BROADCAST, 84));
    b.advance(SimConfig.SECONDS);

    assertThat(b.bridged).extracting(Bench.Handed::dev).containsExactly(B);
    assertThat(b.ipIn).isEmpty();
  }

  @Test
  void loopback_deliversToItself_atOnce_withoutTheMacFilter() {
    // section 1: packets to local addresses are delivered through lo
    Bench b = Bench.given(pair());
    DeviceRef lo = Bench.dev("a", "lo");
    Ipv4Packet p = Bench.ping("10.0.0.1", "10.0.0.1");
    links(b).transmit(lo, new Skb(1, 1, new Frame(MacAddress.ZERO, MacAddress.ZERO, p), false));
    b.advance(0);

    assertThat(b.steps(Step.Received.class)).extracting(Step.Received::dev).containsExactly(lo);
    assertThat(b.ipIn).extracting(Bench.Handed::dev).containsExactly(lo);
    assertThat(b.scheduler.now()).isZero();
  }

  @Test
  void loopbackDown_aNewNamespacesLo_deliversNothing() {
    // gotcha 1 (01-netns-defaults-loopback.sh): a new netns has lo DOWN; with lo down the host
    // cannot reach even its own address (LocalOut stops such a packet as LoopbackDown first)
    Bench b = Bench.given(pair());
    DeviceRef lo = Bench.dev("b", "lo");
    Ipv4Packet p = Bench.ping("10.0.0.2", "10.0.0.2");
    links(b).transmit(lo, new Skb(1, 1, new Frame(MacAddress.ZERO, MacAddress.ZERO, p), false));
    b.advance(0);

    assertThat(b.steps(Step.Dropped.class))
        .extracting(Step.Dropped::reason)
        .containsExactly(new DropReason.DeviceDown(lo));
    assertThat(b.ipIn).isEmpty();
  }
}
