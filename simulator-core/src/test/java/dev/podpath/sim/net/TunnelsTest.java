package dev.podpath.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.packet.UdpPayload;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import dev.podpath.sim.outcome.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * VXLAN, PMTU and tunnel decisions: given two VTEPs a and b on one veth (10.0.0.1, 10.0.0.2) with
 * vx0 (VNI 1, port 8472, MTU 1450), when a sends through vx0, then these steps (kernel-semantics.md
 * 8 and 11.2).
 */
final class TunnelsTest {

  private static final String TWO_VTEPS =
      String.join(
          "\n",
          "ip netns add a",
          "ip netns add b",
          "ip -n a link add eth0 type veth peer name eth0 netns b",
          "ip -n a addr add 10.0.0.1/24 dev eth0",
          "ip -n b addr add 10.0.0.2/24 dev eth0",
          "ip -n a link set eth0 up",
          "ip -n b link set eth0 up",
          "ip -n a link set lo up",
          "ip -n b link set lo up",
          "ip -n a link add vx0 address 0e:00:00:00:00:0a type vxlan id 1 local 10.0.0.1 dev eth0 dstport 8472 nolearning",
          "ip -n b link add vx0 address 0e:00:00:00:00:0b type vxlan id 1 local 10.0.0.2 dev eth0 dstport 8472 nolearning",
          "ip -n a addr add 172.16.0.1/24 dev vx0",
          "ip -n b addr add 172.16.0.2/24 dev vx0",
          "ip -n a link set vx0 up",
          "ip -n b link set vx0 up",
          "ip -n a neigh add 172.16.0.2 lladdr 0e:00:00:00:00:0b dev vx0 nud permanent",
          "ip -n b neigh add 172.16.0.1 lladdr 0e:00:00:00:00:0a dev vx0 nud permanent",
          "");

  private static Topology topo(String... extra) throws Exception {
    return ScenarioInterpreter.interpret(
            "t.sh", TWO_VTEPS + String.join("\n", extra) + "\n", Sysctls.kernelDefaults())
        .topology();
  }

  private static List<Step> ping(Topology t, String from, String to, int payload, boolean df) {
    Simulation sim = new Simulation(t, SimConfig.defaults());
    long id =
        sim.send(
            new LocalSend(
                NetnsName.of(from),
                Ipv4Address.parse(to),
                java.util.Optional.empty(),
                L4.Icmp.echoRequest(1, 1),
                64,
                payload,
                df));
    sim.run();
    return sim.log().events().stream()
        .filter(e -> e.packetId() == id)
        .map(TraceEvent::step)
        .toList();
  }

  @Test
  void sourcePort_isStablePerFlow_symmetric_inTheLocalPortRange_andIgnoresIcmpIds() {
    Ipv4Packet ab =
        new Ipv4Packet(
            Ipv4Address.parse("10.244.0.3"),
            Ipv4Address.parse("10.244.1.2"),
            63,
            0,
            true,
            84,
            0,
            L4.Icmp.echoRequest(1318, 1));
    Ipv4Packet ba =
        new Ipv4Packet(ab.dst(), ab.src(), 63, 0, false, 84, 0, L4.Icmp.echoRequest(1379, 2));
    int p1 = Vxlan.sourcePort(new Frame(MacAddress.ZERO, MacAddress.ZERO, ab));
    int p2 = Vxlan.sourcePort(new Frame(MacAddress.ZERO, MacAddress.ZERO, ba));
    assertThat(p1).isEqualTo(p2).isBetween(Vxlan.PORT_MIN, Vxlan.PORT_MAX);
    Ipv4Packet other = ab.withSrc(Ipv4Address.parse("10.244.0.2"));
    assertThat(Vxlan.sourcePort(new Frame(MacAddress.ZERO, MacAddress.ZERO, other)))
        .isNotEqualTo(p1);
  }

  @Test
  void withFdbEntry_theFrameIsWrappedFor8472_andUnwrappedOnTheRemoteVxlanDevice() throws Exception {
    Topology t =
        topo("bridge -n a fdb append 0e:00:00:00:00:0b dev vx0 dst 10.0.0.2 self permanent");
    List<Step> steps = ping(t, "a", "172.16.0.2", 56, true);
    Step.Encapsulated e =
        steps.stream()
            .filter(s -> s instanceof Step.Encapsulated)
            .map(s -> (Step.Encapsulated) s)
            .findFirst()
            .orElseThrow();
    assertThat(e.outer().src()).isEqualTo(Ipv4Address.parse("10.0.0.1"));
    assertThat(e.outer().dst()).isEqualTo(Ipv4Address.parse("10.0.0.2"));
    assertThat(e.outer().dontFragment()).isFalse();
    assertThat(e.outer().totalLength()).isEqualTo(84 + 50);
    assertThat(((L4.Udp) e.outer().l4()).payload())
        .get()
        .isInstanceOfSatisfying(UdpPayload.Vxlan.class, v -> assertThat(v.vni()).isEqualTo(1));
    assertThat(steps)
        .anySatisfy(
            s ->
                assertThat(s)
                    .isInstanceOfSatisfying(
                        Step.Decapsulated.class,
                        d -> assertThat(d.dev().toString()).isEqualTo("b/vx0")));
    assertThat(steps)
        .anySatisfy(
            s ->
                assertThat(s)
                    .isInstanceOfSatisfying(
                        Step.LocalDelivery.class, d -> assertThat(d.dev()).isEqualTo("vx0")));
  }

  @Test
  void withoutFdbEntry_theFrameIsDroppedOnTheVxlanDevice() throws Exception {
    List<Step> steps = ping(topo(), "a", "172.16.0.2", 56, true);
    assertThat(steps)
        .last()
        .isInstanceOfSatisfying(
            Step.Dropped.class,
            d -> assertThat(d.reason()).isInstanceOf(DropReason.VxlanNoFdb.class));
  }

  @Test
  void theAllZeroEntries_areTheDefault_oneCopyPerDestination() throws Exception {
    Topology t =
        topo(
            "bridge -n a fdb append 00:00:00:00:00:00 dev vx0 dst 10.0.0.2",
            "bridge -n a fdb append 00:00:00:00:00:00 dev vx0 dst 10.0.0.9");
    List<Step> steps = ping(t, "a", "172.16.0.2", 56, true);
    assertThat(
            steps.stream()
                .filter(s -> s instanceof Step.Encapsulated)
                .map(s -> ((Step.Encapsulated) s).outer().dst().toString()))
        .containsExactly("10.0.0.2", "10.0.0.9");
  }

  @Test
  void aVniNobodyHas_isDroppedByTheReceivingSocket() throws Exception {
    Topology t =
        topo(
            "bridge -n a fdb append 0e:00:00:00:00:0b dev vx0 dst 10.0.0.2 self permanent",
            "ip -n b link del vx0",
            "ip -n b link add vx9 type vxlan id 9 dstport 8472",
            "ip -n b link set vx9 up");
    List<Step> steps = ping(t, "a", "172.16.0.2", 56, true);
    assertThat(steps)
        .last()
        .isInstanceOfSatisfying(
            Step.Dropped.class,
            d ->
                assertThat(d.reason())
                    .isInstanceOfSatisfying(
                        DropReason.NoTunnel.class, n -> assertThat(n.explain()).contains("VNI 1")));
  }

  @Test
  void aDfPacketAboveTheVxlanMtu_failsLocally_withTheDevicesMtu() throws Exception {
    Topology t =
        topo("bridge -n a fdb append 0e:00:00:00:00:0b dev vx0 dst 10.0.0.2 self permanent");
    Simulation sim = new Simulation(t, SimConfig.defaults());
    long id =
        sim.send(
            new LocalSend(
                NetnsName.of("a"),
                Ipv4Address.parse("172.16.0.2"),
                java.util.Optional.empty(),
                L4.Icmp.echoRequest(1, 1),
                64,
                1423,
                true));
    sim.run();
    assertThat(sim.localError(id))
        .get()
        .extracting(dev.podpath.sim.outcome.SocketError::explain)
        .isEqualTo("local error: message too long, mtu=1450");
  }

  @Test
  void anIcmpErrorAboutTheOuterPacket_isTakenByTheTunnel_notGivenToTheInnerSender()
      throws Exception {
    Topology t =
        topo("bridge -n a fdb append 0e:00:00:00:00:0b dev vx0 dst 10.0.0.9 self permanent");
    Simulation sim = new Simulation(t, SimConfig.defaults());
    long id =
        sim.send(
            new LocalSend(
                NetnsName.of("a"),
                Ipv4Address.parse("172.16.0.2"),
                java.util.Optional.empty(),
                L4.Icmp.echoRequest(1, 1),
                64,
                56,
                true));
    sim.run();
    List<Step> all = sim.log().events().stream().map(TraceEvent::step).toList();
    assertThat(all)
        .anySatisfy(
            s ->
                assertThat(s)
                    .isInstanceOfSatisfying(
                        Step.Dropped.class,
                        d ->
                            assertThat(d.reason()).isInstanceOf(DropReason.NeighbourFailed.class)));
    assertThat(all)
        .anySatisfy(
            s ->
                assertThat(s)
                    .isInstanceOfSatisfying(
                        Step.Dropped.class,
                        d ->
                            assertThat(d.reason())
                                .isInstanceOfSatisfying(
                                    DropReason.TunnelErrorAbsorbed.class,
                                    r -> assertThat(r.tunnel()).isEqualTo(Step.Tunnel.VXLAN))));
    assertThat(all).noneSatisfy(s -> assertThat(s).isInstanceOf(Step.LocalDelivery.class));
    assertThat(id).isPositive();
  }
}
