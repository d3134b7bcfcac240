package dev.podpath.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import dev.podpath.sim.outcome.Step.BridgeDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The bridge on its own (kernel-semantics.md section 3; kernel-experiments/02-bridge-same-node.sh):
 * given node's cni0 (10.244.0.1) with the ports veth-p1..3 of pods p1..3 (10.244.0.2..4), when a
 * frame enters a port, then the bridge's steps and the ports it leaves by. The links and the host's
 * stack are recorders ({@link Bench}).
 */
final class BridgeTest {

  private static final DeviceRef CNI0 = Bench.dev("node", "cni0");
  private static final DeviceRef VETH_P1 = Bench.dev("node", "veth-p1");
  private static final DeviceRef VETH_P2 = Bench.dev("node", "veth-p2");
  private static final DeviceRef VETH_P3 = Bench.dev("node", "veth-p3");

  private static String[] node(String... extra) {
    List<String> c = new ArrayList<>();
    c.add("ip netns add node");
    c.add("ip -n node link add cni0 type bridge");
    c.add("ip -n node link set cni0 up");
    c.add("ip -n node addr add 10.244.0.1/24 dev cni0");
    for (int i = 1; i <= 3; i++) {
      c.add("ip netns add p" + i);
      c.add("ip -n node link add veth-p" + i + " type veth peer name eth0 netns p" + i);
      c.add("ip -n node link set veth-p" + i + " master cni0");
      c.add("ip -n node link set veth-p" + i + " up");
      c.add("ip -n p" + i + " link set eth0 up");
      c.add("ip -n p" + i + " addr add 10.244.0." + (i + 1) + "/24 dev eth0");
    }
    c.addAll(List.of(extra));
    return c.toArray(String[]::new);
  }

  private final Bench bench = Bench.given(node());
  private final Bridging bridge = bridge(bench);

  private static Bridging bridge(Bench b) {
    return new Bridging(b.run, b.links, b.host, b.noNeighbours, b.noIptables);
  }

  private MacAddress pod(int i) {
    return bench.mac("p" + i, "eth0");
  }

  /** A frame from pod {@code from} to {@code dst} enters the bridge on the pod's port. */
  private void fromPod(Bench b, Bridging br, int from, MacAddress dst) {
    Ipv4Packet p = Bench.ping("10.244.0." + (from + 1), "10.244.0.9");
    br.portInput(
        CNI0, b.device("node", "veth-p" + from), b.frame(1, b.mac("p" + from, "eth0"), dst, p));
  }

  private void fromPod(int from, MacAddress dst) {
    fromPod(bench, bridge, from, dst);
  }

  @Test
  void broadcast_learnsTheSource_floodsToEveryOtherPort_andGoesUpToTheHost() {
    // 02-bridge-same-node.sh: the FDB learned p1's MAC from its ARP request; gotcha 5: ARP
    // requests are always flooded
    bridge.portInput(
        CNI0,
        bench.device("node", "veth-p1"),
        bench.arpRequest(pod(1), "10.244.0.2", "10.244.0.3"));

    assertThat(bench.steps(Step.BridgeLearned.class))
        .containsExactly(new Step.BridgeLearned(CNI0, pod(1), "veth-p1", true));
    Step.BridgeForwarded f = bench.steps(Step.BridgeForwarded.class).get(0);
    assertThat(f.decision()).isEqualTo(BridgeDecision.FLOOD_BROADCAST);
    assertThat(f.outPorts()).containsExactly("veth-p2", "veth-p3");
    assertThat(bench.transmittedOn()).containsExactly(VETH_P2, VETH_P3);
    assertThat(bench.transmitted.get(0).skb().copyId())
        .isNotEqualTo(bench.transmitted.get(1).skb().copyId());
    assertThat(bench.passedUp).extracting(Bench.Handed::dev).containsExactly(CNI0);
  }

  @Test
  void unknownUnicast_isFloodedToTheOtherPorts_notUpToTheHost() {
    // gotcha 5 (02-bridge-same-node.sh, "unknown-unicast flooding"): the bystander port sees the
    // first frame
    fromPod(1, pod(3));

    Step.BridgeForwarded f = bench.steps(Step.BridgeForwarded.class).get(0);
    assertThat(f.decision()).isEqualTo(BridgeDecision.FLOOD_UNKNOWN);
    assertThat(f.outPorts()).containsExactly("veth-p2", "veth-p3");
    assertThat(bench.transmittedOn()).containsExactly(VETH_P2, VETH_P3);
    assertThat(bench.passedUp).isEmpty();
  }

  @Test
  void knownUnicast_goesOutOfTheOnePort_withMacsAndTtlUnchanged() {
    // gotcha 4 and 5: once the reply taught the FDB, only the destination's port sees the frame;
    // a bridged frame is not routed (TTL and MACs unchanged)
    fromPod(3, pod(1));
    bench.transmitted.clear();
    fromPod(1, pod(3));

    Step.BridgeForwarded f = bench.steps(Step.BridgeForwarded.class).get(1);
    assertThat(f.decision()).isEqualTo(BridgeDecision.KNOWN_UNICAST);
    assertThat(f.outPorts()).containsExactly("veth-p3");
    assertThat(f.entry()).map(FdbEntry::kind).contains(FdbEntry.Kind.DYNAMIC);
    assertThat(bench.transmittedOn()).containsExactly(VETH_P3);
    var frame = bench.transmitted.get(0).frame();
    assertThat(frame.src()).isEqualTo(pod(1));
    assertThat(frame.dst()).isEqualTo(pod(3));
    assertThat(((Ipv4Packet) frame.payload()).ttl()).isEqualTo(64);
  }

  @Test
  void aFrameForAMacLearnedOnItsIngressPort_isNotSentBackOut_withoutHairpin() {
    // section 3, should_deliver(): never back out of the ingress port; gotcha 6
    MacAddress behindP1 = MacAddress.parse("02:00:00:00:00:99");
    bridge.portInput(
        CNI0,
        bench.device("node", "veth-p1"),
        bench.frame(1, behindP1, pod(2), Bench.ping("10.244.0.50", "10.244.0.3")));
    bench.transmitted.clear();
    fromPod(1, behindP1);

    assertThat(bench.transmitted).isEmpty();
    assertThat(bench.steps(Step.Dropped.class))
        .extracting(Step.Dropped::reason)
        .singleElement()
        .isInstanceOfSatisfying(
            DropReason.BridgeNoPort.class,
            r -> assertThat(r.detail()).contains("ingress port veth-p1 and hairpin is off"));
  }

  @Test
  void hairpinOn_sendsTheFrameBackOutOfItsIngressPort() {
    // section 3: BR_HAIRPIN_MODE lets should_deliver() pick the ingress port (samples/hairpin.sh)
    Bench b = Bench.given(node("bridge -n node link set dev veth-p1 hairpin on"));
    Bridging br = bridge(b);
    MacAddress behindP1 = MacAddress.parse("02:00:00:00:00:99");
    br.portInput(
        CNI0,
        b.device("node", "veth-p1"),
        b.frame(1, behindP1, b.mac("p2", "eth0"), Bench.ping("10.244.0.50", "10.244.0.3")));
    b.transmitted.clear();
    fromPod(b, br, 1, behindP1);

    assertThat(b.transmittedOn()).containsExactly(VETH_P1);
  }

  @Test
  void floodingFromTheHost_mayUseEveryPort_theHairpinRuleIsForPorts() {
    // section 3: frames the host sends via the bridge device have skb->dev == br
    bridge.transmitFromHost(
        CNI0,
        bench.device("node", "cni0"),
        bench.arpRequest(bench.mac("node", "cni0"), "10.244.0.1", "10.244.0.2"));

    assertThat(bench.steps(Step.Transmitted.class))
        .extracting(Step.Transmitted::dev)
        .containsExactly(CNI0);
    assertThat(bench.transmittedOn()).containsExactly(VETH_P1, VETH_P2, VETH_P3);
    assertThat(bench.passedUp).isEmpty();
  }

  @Test
  void aFrameForTheBridgeMac_goesUpToTheHost_andIsNotForwarded() {
    // section 3: frames to the bridge device's MAC go up to the host stack
    fromPod(1, bench.mac("node", "cni0"));

    Step.BridgeForwarded f = bench.steps(Step.BridgeForwarded.class).get(0);
    assertThat(f.decision()).isEqualTo(BridgeDecision.TO_HOST);
    assertThat(bench.passedUp).extracting(Bench.Handed::dev).containsExactly(CNI0);
    assertThat(bench.transmitted).isEmpty();
  }

  @Test
  void aPortsOwnMac_isAPermanentLocalEntry_framesToItGoUpToTheHost() {
    // section 3, "initial FDB": every port's MAC is "master cni0 permanent"; frames to it go up
    fromPod(1, bench.mac("node", "veth-p3"));

    Step.BridgeForwarded f = bench.steps(Step.BridgeForwarded.class).get(0);
    assertThat(f.decision()).isEqualTo(BridgeDecision.TO_HOST);
    assertThat(f.entry()).map(FdbEntry::kind).contains(FdbEntry.Kind.PERMANENT);
    assertThat(bench.passedUp).hasSize(1);
    assertThat(bench.transmitted).isEmpty();
  }

  @Test
  void learning_isNotRepeatedForAKnownMac_onTheSamePort() {
    fromPod(1, pod(2));
    fromPod(1, pod(2));

    assertThat(bench.steps(Step.BridgeLearned.class)).hasSize(1);
  }

  @Test
  void learnedEntries_ageOutAfterAgeingTime_thenTheDestinationIsFloodedAgain() {
    // 02-bridge-same-node.sh "FDB ageing": ageing_time 500 (5 s); gone after 8 s idle
    Bench b = Bench.given(node("ip -n node link set cni0 type bridge ageing_time 500"));
    Bridging br = bridge(b);
    fromPod(b, br, 3, b.mac("p1", "eth0"));
    b.advance(4 * SimConfig.SECONDS);
    b.transmitted.clear();
    fromPod(b, br, 1, b.mac("p3", "eth0"));
    assertThat(b.transmittedOn()).containsExactly(VETH_P3);

    b.advance(8 * SimConfig.SECONDS);
    b.transmitted.clear();
    fromPod(b, br, 2, b.mac("p3", "eth0"));
    assertThat(b.transmittedOn()).containsExactly(VETH_P1, VETH_P3);
    assertThat(b.steps(Step.BridgeForwarded.class).get(2).decision())
        .isEqualTo(BridgeDecision.FLOOD_UNKNOWN);
  }

  @Test
  void aPortThatIsDown_isLeftOutOfFloods_andAKnownDestinationBehindItIsDropped() {
    // 02-bridge-same-node.sh "bridge port down": veth-p3 down -> state disabled; p1's pings fail
    fromPod(3, pod(1));
    bench.reconfigure(node("ip -n node link set veth-p3 down"));
    bench.transmitted.clear();

    fromPod(2, MacAddress.BROADCAST);
    assertThat(bench.transmittedOn()).containsExactly(VETH_P1);

    bench.transmitted.clear();
    fromPod(1, pod(3));
    assertThat(bench.transmitted).isEmpty();
    assertThat(bench.steps(Step.Dropped.class))
        .extracting(Step.Dropped::reason)
        .last()
        .isInstanceOfSatisfying(
            DropReason.BridgeNoPort.class,
            r -> assertThat(r.detail()).contains("port veth-p3 is not forwarding"));
  }

  @Test
  void aPortWhoseVethPeerIsDown_hasNoCarrier_andIsNotForwarding() {
    // section 2 (02-bridge-same-node.sh "veth peer down"): NO-CARRIER, the port becomes disabled
    Bench b = Bench.given(node("ip -n p3 link set eth0 down"));
    Bridging br = bridge(b);
    fromPod(b, br, 1, MacAddress.BROADCAST);

    assertThat(b.transmittedOn()).containsExactly(VETH_P2);
  }

  @Test
  void portDown_flushesTheLearnedEntriesOfThatPort_only() {
    // section 3: "the dynamic FDB entries of that port are flushed immediately"
    fromPod(1, pod(2));
    fromPod(3, pod(2));
    bench.reconfigure(node("ip -n node link set veth-p3 down"));
    bridge.reconfigure(Set.of(VETH_P3));

    assertThat(bridge.learned().get(CNI0)).containsOnlyKeys(pod(1));
  }

  @Test
  void aBridgeThatIsDown_dropsWhatItsPortsReceive() {
    Bench b = Bench.given(node("ip -n node link set cni0 down"));
    Bridging br = bridge(b);
    fromPod(b, br, 1, MacAddress.BROADCAST);

    assertThat(b.transmitted).isEmpty();
    assertThat(b.steps(Step.Dropped.class))
        .extracting(Step.Dropped::reason)
        .containsExactly(new DropReason.DeviceDown(CNI0));
  }
}
