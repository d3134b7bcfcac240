package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.script.ProbeSpec;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.snapshot.Snapshot;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.trace.ProbeAnswers;
import dev.podpath.trace.Session;
import dev.podpath.trace.render.AnswerLines;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Given Calico's IPIP network of samples/calico-ipip.sh as its nodes' dumps would show it (test
 * resources snapshots/calico-ipip, written by hand: this kernel has no ipip module to build and
 * collect it; the tunl0 lines are real posted outputs), when the sample's first probes are asked on
 * the snapshot, then they answer as on the script: pod to pod across nodes through tunl0 with the
 * route's gateway as the outer destination.
 */
final class CalicoIpipSnapshotTest {

  private static final Path SNAPSHOT = Path.of("src/test/resources/snapshots/calico-ipip");

  @Test
  void tunl0_isReadAsTheFallbackIpipDevice_noProblems() throws Exception {
    Snapshot snap = Snapshot.load(SNAPSHOT, Snapshot.Options.DEFAULTS);
    assertThat(snap.warnings()).isEmpty();
    for (String node : List.of("worker1", "worker2")) {
      assertThat(snap.topology().require(NetnsName.of(node)).device("tunl0").orElseThrow().kind())
          .isEqualTo(new LinkKind.Ipip(Optional.empty(), Optional.empty(), 0, true, false));
    }
  }

  @Test
  void theSamplesFirstProbes_answerAsOnTheScript() throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(Samples.dir().resolve("calico-ipip.sh"));
    Snapshot snap = Snapshot.load(SNAPSHOT, Snapshot.Options.DEFAULTS);
    List<ProbeSpec> probes = SnapshotRoundTripTest.firstStage(sc);
    assertThat(probes).hasSizeGreaterThanOrEqualTo(5);
    Scenario script = new Scenario(sc.file(), sc.topologyAt(0), probes, sc.notes());
    Scenario replay = new Scenario(SNAPSHOT.toString(), snap.topology(), probes, sc.notes());
    Session onScript = new Session(sc.topologyAt(0), SimConfig.defaults().withClosedPorts(true));
    Session onSnapshot = new Session(snap.topology(), SimConfig.defaults().withClosedPorts(true));
    for (ProbeSpec p : probes) {
      List<String> expected = AnswerLines.of(ProbeAnswers.answer(script, onScript, p));
      assertThat(AnswerLines.of(ProbeAnswers.answer(replay, onSnapshot, p)))
          .as("%s: %s", p.origin().location(), p.origin().text())
          .isEqualTo(expected);
    }
    assertThat(
            AnswerLines.of(
                ProbeAnswers.answer(
                    replay,
                    new Session(snap.topology(), SimConfig.defaults().withClosedPorts(true)),
                    probes.get(1))))
        .containsExactly("64 bytes from 10.244.2.7: icmp_seq=1 ttl=62");
  }
}
