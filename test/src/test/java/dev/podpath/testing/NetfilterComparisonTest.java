package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.topo.Netns;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.sim.netfilter.ConntrackEntry;
import dev.podpath.trace.ProbeAnswers;
import dev.podpath.trace.Session;
import dev.podpath.trace.verify.NetfilterComparison;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * conntrack -L lines as verify compares them: timeouts and use counts dropped, and the values the
 * kernel draws at random (ICMP ids, ports a NAT rule picked) shown as {@code *}.
 */
final class NetfilterComparisonTest {

  @Test
  void aMasqueradedFlow_hidesThePortTheKernelPicked_only() {
    String a =
        "tcp      6 119 TIME_WAIT src=10.244.0.2 dst=192.168.50.100 sport=41008 dport=80 src=192.168.50.100"
            + " dst=192.168.50.11 sport=80 dport=14517 [ASSURED] mark=0 use=1";
    String b =
        "tcp      6 9 TIME_WAIT src=10.244.0.2 dst=192.168.50.100 sport=41008 dport=80 src=192.168.50.100"
            + " dst=192.168.50.11 sport=80 dport=33333 [ASSURED] mark=0 use=1";
    assertThat(NetfilterComparison.normalise(a))
        .isEqualTo(NetfilterComparison.normalise(b))
        .isEqualTo(
            "tcp TIME_WAIT src=10.244.0.2 dst=192.168.50.100 sport=41008 dport=80 | src=192.168.50.100"
                + " dst=192.168.50.11 sport=80 dport=* mark=0");
  }

  @Test
  void aDnatWithoutSnat_keepsEveryPort_andTheEndpoint() {
    String k =
        "tcp      6 114 TIME_WAIT src=10.244.0.2 dst=10.96.0.10 sport=41001 dport=80 src=10.244.0.4"
            + " dst=10.244.0.2 sport=8080 dport=41001 [ASSURED] mark=0 use=1";
    assertThat(NetfilterComparison.normalise(k))
        .isEqualTo(
            "tcp TIME_WAIT src=10.244.0.2 dst=10.96.0.10 sport=41001"
                + " dport=80 | src=10.244.0.4 dst=10.244.0.2 sport=8080 dport=41001 mark=0");
    String otherEndpoint = k.replace("src=10.244.0.4", "src=10.244.0.3");
    assertThat(NetfilterComparison.normalise(otherEndpoint))
        .isNotEqualTo(NetfilterComparison.normalise(k));
  }

  @Test
  void pingIds_areTheKernelsDraw_butUnrepliedIsKept() {
    String k =
        "icmp     1 26 src=10.244.0.2 dst=10.96.0.10 type=8 code=0 id=184 [UNREPLIED] src=10.96.0.10"
            + " dst=192.168.50.11 type=0 code=0 id=30156 mark=0 use=1";
    assertThat(NetfilterComparison.normalise(k))
        .isEqualTo(
            "icmp src=10.244.0.2 dst=10.96.0.10 type=8 code=0 id=*"
                + " [UNREPLIED] | src=10.96.0.10 dst=192.168.50.11 type=0 code=0 id=* mark=0");
  }

  @Test
  void theKernelsOwnIgmpReports_areRecognised() {
    assertThat(
            NetfilterComparison.isIgmpReport(
                "unknown  2 599 src=10.244.0.1 dst=224.0.0.22 [UNREPLIED] src=224.0.0.22"
                    + " dst=10.244.0.1 mark=0 use=1"))
        .isTrue();
    assertThat(
            NetfilterComparison.isIgmpReport(
                "udp      17 29 src=10.0.0.1 dst=224.0.0.22 sport=1 dport=2 [UNREPLIED]"
                    + " src=224.0.0.22 dst=10.0.0.1 sport=2 dport=1 mark=0 use=1"))
        .isFalse();
  }

  @Test
  void podpathsOwnEntries_areKeyedFromTheirFields_asTheirPrintedLinesWouldBe() throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(Samples.sample("kube-proxy.sh"));
    Session session = new Session(sc.topology(), SimConfig.defaults().withClosedPorts(true));
    sc.probes().forEach(p -> ProbeAnswers.answer(sc, session, p));
    List<ConntrackEntry> entries = new ArrayList<>();
    for (Netns ns : sc.topology().netnsList()) {
      entries.addAll(session.simulation().conntrack(ns.name()));
    }
    assertThat(entries)
        .as("conntrack entries the sample's probes left")
        .hasSizeGreaterThan(5)
        .anySatisfy(e -> assertThat(e.tcpState()).isPresent())
        .anySatisfy(e -> assertThat(e.original().protocol()).isEqualTo(1));
    for (ConntrackEntry e : entries) {
      assertThat(NetfilterComparison.normalise(e))
          .as(e.line())
          .isEqualTo(NetfilterComparison.normalise(e.line()));
    }
  }
}
