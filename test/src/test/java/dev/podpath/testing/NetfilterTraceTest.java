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

  private static final String ROUTER =
      String.join(
          "\n",
          "ip netns add r",
          "ip netns add a",
          "ip netns add b",
          "ip -n r link add va type veth peer name eth0 netns a",
          "ip -n r link add vb type veth peer name eth0 netns b",
          "ip -n r addr add 10.1.1.1/24 dev va",
          "ip -n r addr add 10.1.2.1/24 dev vb",
          "ip -n r link set va up",
          "ip -n r link set vb up",
          "ip -n a addr add 10.1.1.2/24 dev eth0",
          "ip -n a link set eth0 up",
          "ip -n a route add default via 10.1.1.1",
          "ip -n b addr add 10.1.2.2/24 dev eth0",
          "ip -n b link set eth0 up",
          "ip -n b route add default via 10.1.2.1",
          "ip netns exec r sysctl -w net.ipv4.ip_forward=1",
          "");

  private static Trace ping(String extra) throws Exception {
    Scenario sc =
        ScenarioInterpreter.interpret("nf.sh", ROUTER + extra + "\n", Sysctls.kernelDefaults());
    return Tracer.trace(
        sc.topology(), Probe.icmp(NetnsName.of("a"), Ipv4Address.parse("10.1.2.2")));
  }

  @Test
  void withoutRules_theRouterForwards() throws Exception {
    assertThatTrace(ping("")).isReachable();
  }

  @Test
  void aForwardDropRule_dropsSilently_andTheTraceNamesIt() throws Exception {
    Trace t = ping("ip netns exec r iptables -A FORWARD -d 10.1.2.0/24 -j DROP");
    assertThatTrace(t)
        .isNotReachable()
        .request()
        .hasDisposition(Disposition.DROPPED)
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
    assertThatTrace(t)
        .request()
        .hasDisposition(Disposition.DROPPED)
        .droppedBecause(DropReason.PolicyDrop.class, "r");
  }

  @Test
  void aMatchPodpathDoesNotSimulate_isNotGuessed_theTraceSaysNotModelledAndNamesTheRule()
      throws Exception {
    Trace t = ping("ip netns exec r iptables -A FORWARD -m owner --uid-owner 0 -j ACCEPT");
    assertThatTrace(t)
        .isNotReachable()
        .request()
        .hasDisposition(Disposition.NOT_MODELLED)
        .droppedBecause(DropReason.NotModelled.class, "r");
    assertThat(t.request().reason().orElseThrow().explain())
        .contains("owner")
        .contains("FORWARD #1");
    assertThat(PingLine.of(t)).startsWith("not modelled: ");
  }

  private static final String NODE =
      String.join(
          "\n",
          "ip netns add n1",
          "ip -n n1 link add cni0 type bridge",
          "ip -n n1 addr add 10.244.0.1/24 dev cni0",
          "ip -n n1 link set cni0 up",
          "ip netns exec n1 sysctl -w net.ipv4.ip_forward=1",
          "ip netns add p1",
          "ip -n p1 link add eth0 type veth peer name veth-p1 netns n1",
          "ip -n n1 link set veth-p1 master cni0 up",
          "ip -n p1 addr add 10.244.0.2/24 dev eth0",
          "ip -n p1 link set eth0 up",
          "ip -n p1 route add default via 10.244.0.1",
          "ip netns add pa",
          "ip -n pa link add eth0 type veth peer name veth-pa netns n1",
          "ip -n n1 link set veth-pa master cni0 up",
          "ip -n pa addr add 10.244.0.3/24 dev eth0",
          "ip -n pa link set eth0 up",
          "ip -n pa route add default via 10.244.0.1",
          "ip netns exec pa nc -lk 8080 &",
          "ip netns exec n1 iptables -t nat -N KUBE-SERVICES",
          "ip netns exec n1 iptables -t nat -N KUBE-SVC-WEB",
          "ip netns exec n1 iptables -t nat -N KUBE-SEP-A",
          "ip netns exec n1 iptables -t nat -N KUBE-SEP-B",
          "ip netns exec n1 iptables -t nat -A PREROUTING -j KUBE-SERVICES",
          "ip netns exec n1 iptables -t nat -A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-WEB",
          "ip netns exec n1 iptables -t nat -A KUBE-SVC-WEB -m statistic --mode random --probability 0.5 -j KUBE-SEP-A",
          "ip netns exec n1 iptables -t nat -A KUBE-SVC-WEB -j KUBE-SEP-B",
          "ip netns exec n1 iptables -t nat -A KUBE-SEP-A -p tcp -j DNAT --to-destination 10.244.0.3:8080",
          "ip netns exec n1 iptables -t nat -A KUBE-SEP-B -p tcp -j DNAT --to-destination 10.244.0.4:8080",
          "");

  @Test
  void kubeProxyDnat_theTraceShowsThePathTheChoiceAndTheRewrite_andTheReplyIsUnNatted()
      throws Exception {
    Scenario sc = ScenarioInterpreter.interpret("kube.sh", NODE, Sysctls.kernelDefaults());
    Probe probe =
        new Probe(
            NetnsName.of("p1"),
            Ipv4Address.parse("10.96.0.10"),
            java.util.Optional.empty(),
            Probe.Protocol.TCP,
            40000,
            80,
            64);
    Trace t =
        Tracer.trace(
            sc.topology(),
            probe,
            dev.podpath.sim.net.SimConfig.defaults()
                .withStatistic(dev.podpath.sim.netfilter.StatisticChoice.pinned("KUBE-SEP-A")));
    assertThatTrace(t).isReachable().request().isDeliveredTo("pa");
    String text = dev.podpath.trace.render.TextRenderer.render(t, "kube.sh");
    assertThat(text)
        .contains(
            "iptables nat PREROUTING: #1 -> KUBE-SERVICES #1 -> KUBE-SVC-WEB #1 (pinned p=0.500,"
                + " chosen) -> KUBE-SEP-A #1 DNAT: dst 10.96.0.10:80 -> 10.244.0.3:8080  (ctstate NEW)  [kube.sh:27]");
    assertThat(text)
        .contains(
            "translated by the connection at POSTROUTING: src 10.244.0.3:8080 -> 10.96.0.10:80");
    assertThat(t.response().orElseThrow().disposition()).isEqualTo(Disposition.DELIVERED);
  }
}
