package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.script.ProbeSpec;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.trace.ProbeAnswers;
import dev.podpath.trace.Session;
import dev.podpath.trace.render.PingLine;
import dev.podpath.trace.verify.KernelTranscript;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every probe of every sample, answered by podpath, equals what the real kernel printed for it
 * (the transcripts in samples/expected/, recorded with samples/run-in-sandbox.sh): ping's
 * reply or error line, traceroute's hops and marks, {@code ip route get}'s answer.
 */
final class KernelAgreementTest {

  static Stream<Path> samples() {
    return Samples.withTranscripts();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sample_everyProbe_agreesWithTheKernelTranscript(Path sample) throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(sample);
    KernelTranscript kernel = KernelTranscript.read(Samples.transcript(sample));
    Session session = new Session(sc.topology(), SimConfig.defaults().withClosedPorts(true));
    assertThat(sc.probes()).as("probes in %s", sample).isNotEmpty();
    List<String> differences = new ArrayList<>();
    for (ProbeSpec p : sc.probes()) {
      List<String> ours = new ArrayList<>(ProbeAnswers.answer(sc, session, p));
      if (p instanceof ProbeSpec.Traceroute) {
        ours.remove(0);
      }
      ours.replaceAll(l -> l.equals(PingLine.NO_REPLY) ? "no reply" : l);
      var block = kernel.next(p.origin().text());
      if (block.isEmpty()) {
        differences.add(p.origin().location() + ": not in the kernel transcript: " + p.origin().text());
        continue;
      }
      List<String> theirs = KernelTranscript.keyLines(block.get());
      if (!ours.equals(theirs)) {
        differences.add(p.origin().location() + ": " + p.origin().text() + "\n      kernel:  " + theirs
            + "\n      podpath: " + ours);
      }
    }
    assertThat(differences).as("probes where podpath and the kernel differ").isEmpty();
  }
}
