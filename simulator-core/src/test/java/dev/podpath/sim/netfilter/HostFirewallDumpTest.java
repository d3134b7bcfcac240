package dev.podpath.sim.netfilter;

import static dev.podpath.sim.netfilter.FilterTableTest.tcp;
import static dev.podpath.sim.netfilter.Scenarios.answers;
import static dev.podpath.sim.netfilter.Scenarios.delivered;
import static dev.podpath.sim.netfilter.Scenarios.deliveredPacket;
import static dev.podpath.sim.netfilter.Scenarios.dropped;
import static dev.podpath.sim.netfilter.Scenarios.steps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.sim.net.Simulation;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import org.junit.jupiter.api.Test;

/**
 * A real case (real-dumps/kube-proxy-host-firewall-reject, master-01's iptables-save before and
 * after the fix): a pod's TCP to the kubernetes Service 10.2.0.1:443 is DNATed to the API server
 * 192.168.1.5:6443 on the node itself, then rejected by the host firewall's last INPUT rule ({@code
 * -j REJECT --reject-with icmp-host-prohibited}). After the fix it is delivered.
 */
final class HostFirewallDumpTest {

  private static Simulation master(String dump) throws Exception {
    return Scenarios.script()
        .node("m", "10.1.0.1/24")
        .ns("lan")
        .add("ip -n lan link add br0 type bridge", "ip -n lan link set br0 up")
        .lanPort("lan", "br0", "m", "eth0", "192.168.1.5/24")
        .pod("m", "pod", "10.1.0.55/24", "10.1.0.1")
        .listen("m", 6443)
        .add(
            "ip -n m route add default via 192.168.1.1", "ip netns exec m iptables-restore " + dump)
        .simulation();
  }

  @Test
  void before_rejectedAtFilterInputAfterTheDnat_answerUnNatted() throws Exception {
    Simulation sim = master("host-firewall.before.iptables-save");
    long syn = tcp(sim, "pod", "10.2.0.1", 40000, 443);
    Step.Netfilter nat =
        steps(sim, syn, Step.Netfilter.class).stream()
            .filter(n -> n.table() == NetfilterTable.NAT)
            .findFirst()
            .orElseThrow();
    assertThat(nat.after().dst().toString()).isEqualTo("192.168.1.5");
    DropReason.RuleReject r = (DropReason.RuleReject) dropped(sim, syn).orElseThrow();
    assertThat(r.table()).isEqualTo(NetfilterTable.FILTER);
    assertThat(r.chain()).isEqualTo("INPUT");
    assertThat(r.rule().text()).isEqualTo("-A INPUT -j REJECT --reject-with icmp-host-prohibited");
    assertThat(r.rule().origin().location()).endsWith("host-firewall.before.iptables-save:91");
    long err = answers(sim, syn).get(0);
    Ipv4Packet atPod = deliveredPacket(sim, err, "pod").orElseThrow();
    L4.Icmp icmp = (L4.Icmp) atPod.l4();
    assertThat(icmp.code()).isEqualTo(10);
    assertThat(atPod.src().toString()).isEqualTo("10.2.0.1");
    Ipv4Packet quoted = icmp.quoted().orElseThrow();
    assertThat(quoted.dst() + ":" + ((L4.Tcp) quoted.l4()).dport()).isEqualTo("10.2.0.1:443");
  }

  @Test
  void after_delivered() throws Exception {
    Simulation sim = master("host-firewall.after.iptables-save");
    long syn = tcp(sim, "pod", "10.2.0.1", 40000, 443);
    Ipv4Packet at =
        deliveredPacket(sim, syn, "m").orElseThrow(() -> new AssertionError(steps(sim, syn)));
    assertThat(at.dst() + ":" + ((L4.Tcp) at.l4()).dport()).isEqualTo("192.168.1.5:6443");
    assertThat(delivered(sim, answers(sim, syn).get(0), "pod")).isTrue();
  }
}
