package dev.podpath.testing;

import static dev.podpath.testing.TraceAssert.assertThatTrace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.Disposition;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Tracer;
import dev.podpath.trace.render.PingLine;
import org.junit.jupiter.api.Test;

/**
 * iptables rules in a router's FORWARD chain decide the trace, which names the rule (or the
 * policy); a match podpath does not simulate ends the trace NOT_MODELLED naming the rule.
 */
final class NetfilterTraceTest {

  private static final String ROUTER = String.join("\n",
      "ip netns add r", "ip netns add a", "ip netns add b",
      "ip -n r link add va type veth peer name eth0 netns a",
      "ip -n r link add vb type veth peer name eth0 netns b",
      "ip -n r addr add 10.1.1.1/24 dev va", "ip -n r addr add 10.1.2.1/24 dev vb",
      "ip -n r link set va up", "ip -n r link set vb up",
      "ip -n a addr add 10.1.1.2/24 dev eth0", "ip -n a link set eth0 up", "ip -n a route add default via 10.1.1.1",
      "ip -n b addr add 10.1.2.2/24 dev eth0", "ip -n b link set eth0 up", "ip -n b route add default via 10.1.2.1",
      "ip netns exec r sysctl -w net.ipv4.ip_forward=1", "");

  private static Trace ping(String extra) throws Exception {
    Scenario sc = ScenarioInterpreter.interpret("nf.sh", ROUTER + extra + "\n", Sysctls.kernelDefaults());
    return Tracer.trace(sc.topology(), Probe.icmp(NetnsName.of("a"), Ipv4Address.parse("10.1.2.2")));
  }

  @Test
  void withoutRules_theRouterForwards() throws Exception {
    assertThatTrace(ping("")).isReachable();
  }

  @Test
  void aForwardDropRule_dropsSilently_andTheTraceNamesIt() throws Exception {
    Trace t = ping("ip netns exec r iptables -A FORWARD -d 10.1.2.0/24 -j DROP");
    assertThatTrace(t).isNotReachable().request().hasDisposition(Disposition.DROPPED)
        .droppedBecause(DropReason.RuleDrop.class, "r");
    DropReason.RuleDrop d = (DropReason.RuleDrop) t.request().reason().orElseThrow();
    assertThat(d.chain()).isEqualTo("FORWARD");
    assertThat(d.number()).isEqualTo(1);
    assertThat(d.rule().text()).isEqualTo("-A FORWARD -d 10.1.2.0/24 -j DROP");
    assertThat(d.rule().origin().location()).isEqualTo("nf.sh:17");
  }

  @Test
  void aDropPolicyWithoutRules_dropsByThePolicy() throws Exception {
    Trace t = ping("ip netns exec r iptables -P FORWARD DROP");
    assertThatTrace(t).request().hasDisposition(Disposition.DROPPED).droppedBecause(DropReason.PolicyDrop.class, "r");
  }

  @Test
  void aMatchPodpathDoesNotSimulate_isNotGuessed_theTraceSaysNotModelledAndNamesTheRule() throws Exception {
    Trace t = ping("ip netns exec r iptables -A FORWARD -m owner --uid-owner 0 -j ACCEPT");
    assertThatTrace(t).isNotReachable().request().hasDisposition(Disposition.NOT_MODELLED)
        .droppedBecause(DropReason.NotModelled.class, "r");
    assertThat(t.request().reason().orElseThrow().explain()).contains("owner").contains("FORWARD #1");
    assertThat(PingLine.of(t)).startsWith("not modelled: ");
  }
}
