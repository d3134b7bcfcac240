package dev.podpath.sim.netfilter;

import static dev.podpath.sim.netfilter.FilterTableTest.tcp;
import static dev.podpath.sim.netfilter.Scenarios.answers;
import static dev.podpath.sim.netfilter.Scenarios.delivered;
import static dev.podpath.sim.netfilter.Scenarios.deliveredPacket;
import static dev.podpath.sim.netfilter.Scenarios.dropped;
import static dev.podpath.sim.netfilter.Scenarios.ping;
import static dev.podpath.sim.netfilter.Scenarios.steps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.netfilter.IptablesSave;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.net.Simulation;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import org.junit.jupiter.api.Test;

/**
 * br_netfilter as experiment 11-br-netfilter.sh saw it (kernel-semantics.md section 10): node n1
 * with pods p1 10.244.0.2 and p2 10.244.0.3 on cni0.
 */
final class BrNetfilterTest {

  private static Scenarios node(int callIptables, String... extra) {
    return Scenarios.script()
        .node("n1", "10.244.0.1/24")
        .ns("other")
        .pod("n1", "p1", "10.244.0.2/24", "10.244.0.1")
        .pod("n1", "p2", "10.244.0.3/24", "10.244.0.1")
        .listen("p2", 8080)
        .add(extra)
        .add("ip netns exec n1 sysctl -w net.bridge.bridge-nf-call-iptables=" + callIptables);
  }

  private static final String[] CLUSTER_IP = {
    "ip netns exec n1 iptables -t nat -A PREROUTING -d 10.96.0.20/32 -p udp --dport 80 -j DNAT --to-destination 10.244.0.3:8080",
    "ip netns exec n1 iptables -t nat -A PREROUTING -d 10.96.0.20/32 -p tcp --dport 80 -j DNAT --to-destination 10.244.0.3:8080",
    "ip netns exec n1 iptables -t nat -A POSTROUTING -s 10.244.0.3/32 -d 10.244.0.3/32 -j MASQUERADE"
  };

  private static String forward(Simulation sim) {
    return IptablesSave.print(sim.ruleset(NetnsName.of("n1")), true)
        .lines()
        .filter(l -> l.contains("FORWARD"))
        .toList()
        .toString();
  }

  @Test
  void theSysctlIsPerNamespace_defaultOne() throws Exception {
    var topo = node(0).topology();
    assertThat(
            topo.require(NetnsName.of("n1"))
                .sysctls()
                .intValue("net.bridge.bridge-nf-call-iptables", 1))
        .isZero();
    assertThat(
            topo.require(NetnsName.of("other"))
                .sysctls()
                .intValue("net.bridge.bridge-nf-call-iptables", 1))
        .isOne();
  }

  @Test
  void forwardPolicyDrop_breaksSameBridgePodToPod_onlyWithBrNetfilter() throws Exception {
    String[] rules = {
      "ip netns exec n1 iptables -P FORWARD DROP",
      "ip netns exec n1 iptables -A FORWARD -m physdev --physdev-in veth-p1 --physdev-out veth-p2 -m comment --comment \"counter only\""
    };
    Simulation off = node(0, rules).simulation();
    for (int i = 0; i < 2; i++) {
      long id = ping(off, "p1", "10.244.0.3");
      assertThat(delivered(off, answers(off, id).get(0), "p1")).isTrue();
    }
    assertThat(forward(off))
        .isEqualTo(
            "[:FORWARD DROP [0:0], [0:0] -A FORWARD -m physdev --physdev-in veth-p1"
                + " --physdev-out veth-p2 -m comment --comment \"counter only\"]");

    Simulation on = node(1, rules).simulation();
    for (int i = 0; i < 2; i++) {
      long id = ping(on, "p1", "10.244.0.3");
      assertThat(dropped(on, id)).get().isInstanceOf(DropReason.PolicyDrop.class);
    }
    assertThat(forward(on))
        .isEqualTo(
            "[:FORWARD DROP [2:168], [2:168] -A FORWARD -m physdev --physdev-in veth-p1"
                + " --physdev-out veth-p2 -m comment --comment \"counter only\"]");
  }

  @Test
  void dnatToASameBridgeEndpoint_isBridged_ttl64AndTheClientsMac_replyUnNatted() throws Exception {
    Simulation sim = node(1, CLUSTER_IP).simulation();
    long syn = tcp(sim, "p1", "10.96.0.20", 56846, 80);
    Ipv4Packet at = deliveredPacket(sim, syn, "p2").orElseThrow();
    assertThat(at.ttl()).isEqualTo(64);
    assertThat(at.src().toString()).isEqualTo("10.244.0.2");
    MacAddress p1Mac =
        sim.topology().device(new DeviceRef(NetnsName.of("p1"), "eth0")).orElseThrow().mac();
    assertThat(receivedAt(sim, syn, "p2").frame().src()).isEqualTo(p1Mac);
    Ipv4Packet synAck = deliveredPacket(sim, answers(sim, syn).get(0), "p1").orElseThrow();
    assertThat(synAck.src() + ":" + ((L4.Tcp) synAck.l4()).sport()).isEqualTo("10.96.0.20:80");
  }

  @Test
  void withoutBrNetfilter_theDnatIsRouted_ttl63_andTheClientDropsTheUnTranslatedReply()
      throws Exception {
    Simulation sim = node(0, CLUSTER_IP).simulation();
    long syn = tcp(sim, "p1", "10.96.0.20", 60441, 80);
    Ipv4Packet at = deliveredPacket(sim, syn, "p2").orElseThrow();
    assertThat(at.ttl()).isEqualTo(63);
    MacAddress cni0 =
        sim.topology().device(new DeviceRef(NetnsName.of("n1"), "cni0")).orElseThrow().mac();
    assertThat(receivedAt(sim, syn, "p2").frame().src()).isEqualTo(cni0);
    long synAck = answers(sim, syn).get(0);
    DropReason.NoSocket d = (DropReason.NoSocket) dropped(sim, synAck).orElseThrow();
    assertThat(d.from() + ":" + d.fromPort()).isEqualTo("10.244.0.3:8080");
    assertThat(d.expected() + ":" + d.expectedPort()).isEqualTo("10.96.0.20:80");
    assertThat(
            steps(sim, synAck).stream()
                .filter(s -> s instanceof Step.Netfilter || s instanceof Step.Conntrack))
        .as("the reply is bridged past conntrack")
        .isEmpty();
  }

  @Test
  void hairpinToItself_needsHairpinWithBrNetfilter_notWithout() throws Exception {
    Simulation on = node(1, CLUSTER_IP).simulation();
    long lost = tcp(on, "p2", "10.96.0.20", 42460, 80);
    assertThat(deliveredPacket(on, lost, "p2")).isEmpty();
    assertThat(dropped(on, lost)).get().isInstanceOf(DropReason.BridgeNoPort.class);

    Simulation off = node(0, CLUSTER_IP).simulation();
    long routed = tcp(off, "p2", "10.96.0.20", 42462, 80);
    assertThat(deliveredPacket(off, routed, "p2").orElseThrow().src().toString())
        .isEqualTo("10.244.0.1");
    assertThat(delivered(off, answers(off, routed).get(0), "p2")).isTrue();

    Simulation hairpin =
        node(1, CLUSTER_IP)
            .add("ip -n n1 link set veth-p2 type bridge_slave hairpin on")
            .simulation();
    long ok = tcp(hairpin, "p2", "10.96.0.20", 42466, 80);
    assertThat(deliveredPacket(hairpin, ok, "p2").orElseThrow().src().toString())
        .isEqualTo("10.244.0.1");
    assertThat(delivered(hairpin, answers(hairpin, ok).get(0), "p2")).isTrue();
  }

  private static Step.Received receivedAt(Simulation sim, long id, String ns) {
    return steps(sim, id, Step.Received.class).stream()
        .filter(r -> r.netns().value().equals(ns))
        .findFirst()
        .orElseThrow();
  }
}
