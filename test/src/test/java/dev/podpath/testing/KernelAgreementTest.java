package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.trace.verify.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every probe of every sample, answered by podpath, equals what the real kernel printed for it (the
 * transcripts in samples/expected/, recorded with `podpath verify --save-transcript`): ping's reply
 * or error line, traceroute's hops and marks, {@code ip route get}'s answer.
 */
final class KernelAgreementTest {

  static Stream<Path> samples() {
    return Samples.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sample_everyProbe_agreesWithTheKernelTranscript(Path sample) throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(sample);
    if (!Files.exists(Samples.transcript(sample))) {
      java.util.Optional<String> missing = dev.podpath.trace.verify.KernelFeatures.missingFor(sc);
      assertThat(missing)
          .as(
              "%s has no kernel transcript: record one with ./podpath verify %s --save-transcript %s",
              sample, sample, Samples.transcript(sample))
          .isPresent();
      org.junit.jupiter.api.Assumptions.abort(
          "no kernel transcript for " + sample.getFileName() + ": " + missing.get());
    }
    Verifier.Report report =
        Verifier.compare(sample.toString(), sc, Files.readString(Samples.transcript(sample)));
    assertThat(sc.probes()).as("probes in %s", sample).isNotEmpty();
    String differences =
        report.probes().stream()
            .filter(Verifier.ProbeResult::differs)
            .map(
                p ->
                    p.probe().origin().location()
                        + ": "
                        + p.probe().origin().text()
                        + "\n      kernel:  "
                        + p.kernel()
                        + "\n      podpath: "
                        + p.podpath()
                        + p.note().map(n -> "\n      " + n).orElse(""))
            .collect(Collectors.joining("\n"));
    assertThat(report.differing())
        .as("probes where podpath and the kernel differ:%n%s", differences)
        .isZero();
    assertThat(KnownDifferences.unknown(sample, report.state().differences()))
        .as("state after the probes")
        .isEmpty();
    assertThat(KnownDifferences.gone(sample, report.state().differences()))
        .as("known differences that are gone (remove them from KnownDifferences)")
        .isEmpty();
  }

  /**
   * A model whose bridges do not learn is caught against the recorded kernel state, without root.
   */
  @org.junit.jupiter.api.Test
  void bridgeThatDoesNotLearn_isCaught_againstTheRecordedState() throws Exception {
    Path sample = Samples.sample("flannel-host-gw.sh");
    Scenario sc = ScenarioInterpreter.interpret(sample);
    Scenario broken =
        new Scenario(
            sc.file(),
            LiveKernelVerifyTest.withoutLearning(sc.topology()),
            sc.probes(),
            sc.notes());
    Verifier.Report report =
        Verifier.compare(sample.toString(), broken, Files.readString(Samples.transcript(sample)));
    assertThat(report.allAgree()).isFalse();
    assertThat(report.state().differences()).anySatisfy(d -> assertThat(d.kind()).isEqualTo("fdb"));
  }
}
