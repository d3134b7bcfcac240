package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.script.ProbeSpec;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.trace.ProbeAnswers;
import dev.podpath.trace.Session;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@link Session#dropping} session, whose log forgets each probe once its trace is assembled,
 * answers every sample's probes (ping, {@code nc -z} with its retransmissions, traceroute's rounds,
 * {@code ip route get}) exactly as a session that keeps its whole log: the answers are equal,
 * traces and all, probe for probe. What it drops is history nobody reads again; its log holds no
 * more than a kept session's.
 */
final class DroppingSessionTest {

  static Stream<Path> samples() {
    return Samples.all();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void answersEveryProbeAsAKeptSession(Path sample) throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(sample);
    SimConfig config = SimConfig.defaults().withClosedPorts(true);
    Session kept = new Session(sc.topology(), config);
    Session dropping = Session.dropping(sc.topology(), config);
    int i = 0;
    for (ProbeSpec p : sc.probes()) {
      i++;
      assertThat(ProbeAnswers.answer(sc, dropping, p))
          .as("%s, probe %d", sample.getFileName(), i)
          .isEqualTo(ProbeAnswers.answer(sc, kept, p));
    }
    assertThat(dropping.simulation().log().size())
        .isLessThanOrEqualTo(kept.simulation().log().size());
  }
}
