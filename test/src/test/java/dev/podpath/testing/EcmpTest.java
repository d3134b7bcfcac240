package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.finding.Findings;
import dev.podpath.model.finding.NetworkFacts;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.net.MultipathChoice;
import dev.podpath.sim.net.NexthopPin;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.trace.Branches;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Tracer;
import dev.podpath.trace.diagnosis.Diagnoser;
import dev.podpath.trace.diagnosis.Diagnosis;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Given a router with a multipath route (two uplinks), when a probe crosses it, then podpath
 * follows the first next hop and says the kernel's hash may pick another; every next hop is traced
 * as a branch with its weight's share; a pin picks one.
 */
final class EcmpTest {

  private static final Path DIR = Path.of("src/test/resources/ecmp");
  private static final NetnsName A = NetnsName.of("a");
  private static final Ipv4Address B = Ipv4Address.parse("10.2.0.2");

  @Test
  void unpinned_followsTheFirstNextHop_andSaysTheKernelMayPickAnother() throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(DIR.resolve("ecmp.sh"));

    Trace t = Tracer.trace(sc.topology(), Probe.icmp(A, B));

    assertThat(t.succeeded()).isTrue();
    assertThat(t.request().hops().stream().map(h -> h.netns().toString()))
        .containsSubsequence("a", "r", "up1", "lan", "b");
    assertThat(t.notModelled()).anySatisfy(n -> assertThat(n).contains("ECMP"));
  }

  @Test
  void allBranches_traceEveryNextHop_halfEach() throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(DIR.resolve("ecmp.sh"));

    List<Branches.Branch> all =
        Branches.all(sc.topology(), Probe.icmp(A, B), SimConfig.defaults(), 8);

    assertThat(all).hasSize(2);
    assertThat(all).allSatisfy(b -> assertThat(b.probability()).isEqualTo(0.5));
    assertThat(all).allSatisfy(b -> assertThat(b.trace().succeeded()).isTrue());
    assertThat(all.get(0).trace().request().hops().stream().map(h -> h.netns().toString()))
        .contains("up1")
        .doesNotContain("up2");
    assertThat(all.get(1).trace().request().hops().stream().map(h -> h.netns().toString()))
        .contains("up2")
        .doesNotContain("up1");
    assertThat(all.get(1).nexthops()).extracting(NexthopPin::index).containsExactly(1);
    assertThat(all.get(1).trace().notModelled()).noneSatisfy(n -> assertThat(n).contains("ECMP"));
  }

  @Test
  void aBrokenUplink_failsOneBranch_andTheDiagnosisNamesIt() throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(DIR.resolve("ecmp-uplink-broken.sh"));

    List<Branches.Branch> all =
        Branches.all(sc.topology(), Probe.icmp(A, B), SimConfig.defaults(), 8);

    assertThat(all).extracting(b -> b.trace().succeeded()).containsExactly(true, false);
    Trace broken = all.get(1).trace();
    NetworkFacts facts = NetworkFacts.scenario(sc.topology());
    Diagnosis d = Diagnoser.diagnose(broken, facts, Findings.of(facts)).orElseThrow();
    assertThat(d.reason()).isInstanceOf(DropReason.ForwardingDisabled.class);
    assertThat(d.fixes().get(0).change())
        .isEqualTo("ip netns exec up2 sysctl -w net.ipv4.ip_forward=1");
  }

  @Test
  void aPin_picksTheSecondNextHop() throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(DIR.resolve("ecmp-uplink-broken.sh"));
    var route =
        sc.topology().require(NetnsName.of("r")).routing().allRoutes().stream()
            .filter(r -> r.nextHops().size() == 2)
            .findFirst()
            .orElseThrow();
    SimConfig pinned =
        SimConfig.defaults()
            .withMultipath(new MultipathChoice(Set.of(NexthopPin.of(NetnsName.of("r"), route, 1))));

    Trace t = Tracer.trace(sc.topology(), Probe.icmp(A, B), pinned);

    assertThat(t.succeeded()).isFalse();
    assertThat(t.request().reason()).containsInstanceOf(DropReason.ForwardingDisabled.class);
  }
}
