package dev.podpath.sim.netfilter;

import static dev.podpath.sim.netfilter.Scenarios.delivered;
import static dev.podpath.sim.netfilter.Scenarios.deliveredPacket;
import static dev.podpath.sim.netfilter.Scenarios.ping;
import static dev.podpath.sim.netfilter.Scenarios.steps;
import static dev.podpath.sim.netfilter.Scenarios.udp;
import static dev.podpath.sim.netfilter.Scenarios.visited;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.sim.net.Simulation;
import dev.podpath.sim.outcome.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order of tables and hooks a packet meets, compared with the kernel's own trace ({@code
 * xtables-monitor --trace}, kernel-semantics.md 9.1 traces A-F, experiment 10-netfilter-trace.sh):
 * node n1 with kube-proxy's rules and a no-op rule in every built-in chain so that every chain
 * exists.
 */
final class HookOrderTest {

  private static Scenarios traced(int callIptables) {
    Scenarios s =
        Scenarios.twoNodes().add("ip netns exec n1 iptables-restore --noflush kube-proxy.rules");
    for (String c : List.of("PREROUTING", "OUTPUT")) {
      s.add("ip netns exec n1 iptables -t raw -A " + c + " -m comment --comment probe");
    }
    for (String c : List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING")) {
      s.add("ip netns exec n1 iptables -t mangle -A " + c + " -m comment --comment probe");
    }
    for (String c : List.of("INPUT", "OUTPUT")) {
      s.add("ip netns exec n1 iptables -t nat -A " + c + " -m comment --comment probe");
    }
    for (String c : List.of("INPUT", "FORWARD", "OUTPUT")) {
      s.add("ip netns exec n1 iptables -t filter -A " + c + " -m comment --comment probe");
    }
    return s.add(
        "ip netns exec n1 iptables -t raw -I PREROUTING -p icmp --icmp-type echo-request -j TRACE",
        "ip netns exec n1 iptables -t raw -I OUTPUT -p icmp --icmp-type echo-request -j TRACE",
        "ip netns exec n1 iptables -t raw -I PREROUTING -p udp --dport 80 -j TRACE",
        "ip netns exec n1 sysctl -w net.bridge.bridge-nf-call-iptables=" + callIptables);
  }

  private static final List<String> FORWARDED =
      List.of(
          "raw:PREROUTING",
          "mangle:PREROUTING",
          "nat:PREROUTING",
          "mangle:FORWARD",
          "filter:FORWARD",
          "mangle:POSTROUTING",
          "nat:POSTROUTING");

  @Test
  void forwarded_podToRemotePod_traceA() throws Exception {
    Simulation sim = traced(0).simulation();
    long id = ping(sim, "p1", "10.244.1.2");
    assertThat(visited(sim, id, "n1")).isEqualTo(FORWARDED);
    assertThat(delivered(sim, id, "pc")).isTrue();
    assertThat(deliveredPacket(sim, id, "pc").orElseThrow().ttl()).isEqualTo(62);
  }

  @Test
  void localDelivery_podToNodeAddress_traceB_natInputAfterFilterInput() throws Exception {
    Simulation sim = traced(0).simulation();
    long id = ping(sim, "p1", "192.168.50.11");
    assertThat(visited(sim, id, "n1"))
        .containsExactly(
            "raw:PREROUTING",
            "mangle:PREROUTING",
            "nat:PREROUTING",
            "mangle:INPUT",
            "filter:INPUT",
            "nat:INPUT");
    assertThat(delivered(sim, id, "n1")).isTrue();
    Step.Netfilter natPre = steps(sim, id, Step.Netfilter.class).get(2);
    assertThat(natPre.hits())
        .extracting(h -> h.chain() + " #" + h.number())
        .containsExactly("PREROUTING #1", "KUBE-SERVICES #3");
  }

  @Test
  void locallyGenerated_nodeToRemotePod_traceC_routedBeforeRawOutput() throws Exception {
    Simulation sim = traced(0).simulation();
    long id = ping(sim, "n1", "10.244.1.2");
    assertThat(visited(sim, id, "n1"))
        .containsExactly(
            "raw:OUTPUT",
            "mangle:OUTPUT",
            "nat:OUTPUT",
            "filter:OUTPUT",
            "mangle:POSTROUTING",
            "nat:POSTROUTING");
    List<Step.Netfilter> nf = steps(sim, id, Step.Netfilter.class);
    assertThat(nf.get(0).out()).isEqualTo("eth0");
    assertThat(nf.get(0).before().src().toString()).isEqualTo("192.168.50.11");
    // flannel's "! -s 10.244.0.0/16 -d 10.244.0.0/16 -j MASQUERADE" matched; the address stays the
    // same
    Step.Netfilter natPost = nf.get(5);
    assertThat(natPost.hits().get(natPost.hits().size() - 1).rule().text())
        .endsWith("-j MASQUERADE");
    assertThat(natPost.after().src().toString()).isEqualTo("192.168.50.11");
    assertThat(delivered(sim, id, "pc")).isTrue();
  }

  @Test
  void bridged_withoutBrNetfilter_traceD_noHookAtAll() throws Exception {
    Simulation sim = traced(0).simulation();
    long id = ping(sim, "p1", "10.244.0.3");
    assertThat(visited(sim, id, "n1")).isEmpty();
    assertThat(deliveredPacket(sim, id, "pa").orElseThrow().ttl()).isEqualTo(64);
  }

  @Test
  void bridged_withBrNetfilter_traceE_inAndOutAreTheBridge() throws Exception {
    Simulation sim = traced(1).simulation();
    long id = ping(sim, "p1", "10.244.0.3");
    assertThat(visited(sim, id, "n1")).isEqualTo(FORWARDED);
    List<Step.Netfilter> nf = steps(sim, id, Step.Netfilter.class);
    Step.Netfilter filterForward = nf.get(4);
    assertThat(filterForward.in()).isEqualTo("cni0");
    assertThat(filterForward.out()).isEqualTo("cni0");
    assertThat(filterForward.before().ttl()).isEqualTo(64);
    assertThat(deliveredPacket(sim, id, "pa").orElseThrow().ttl()).isEqualTo(64);
  }

  @Test
  void kubeProxyDnat_bridged_traceF_endpointChainAndTtl64() throws Exception {
    Simulation sim =
        traced(1)
            .simulation(
                dev.podpath.sim.net.SimConfig.defaults()
                    .withStatistic(StatisticChoice.pinned("KUBE-SEP-A")));
    long id = udp(sim, "p1", "10.96.0.10", 44233, 80);
    assertThat(visited(sim, id, "n1")).isEqualTo(FORWARDED);
    Step.Netfilter natPre = steps(sim, id, Step.Netfilter.class).get(2);
    assertThat(natPre.hits())
        .extracting(h -> h.chain() + " #" + h.number())
        .containsExactly("PREROUTING #1", "KUBE-SERVICES #2", "KUBE-SVC-WEB #2", "KUBE-SEP-A #3");
    assertThat(natPre.after().dst().toString()).isEqualTo("10.244.0.3");
    Step.Netfilter mangleForward = steps(sim, id, Step.Netfilter.class).get(3);
    assertThat(mangleForward.in()).isEqualTo("cni0");
    assertThat(mangleForward.out()).isEqualTo("cni0");
    assertThat(mangleForward.before().ttl()).isEqualTo(64);
    assertThat(deliveredPacket(sim, id, "pa").orElseThrow().ttl()).isEqualTo(64);
    assertThat(deliveredPacket(sim, id, "pa").orElseThrow().dst().toString())
        .isEqualTo("10.244.0.3");
  }
}
