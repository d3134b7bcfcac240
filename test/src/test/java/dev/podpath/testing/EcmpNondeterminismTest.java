package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.trace.NextHopAnswers;
import dev.podpath.trace.ProbeAnswer;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.api.TraceRequest;
import dev.podpath.trace.render.BriefLine;
import dev.podpath.trace.render.NextHopText;
import dev.podpath.trace.verify.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Given a router whose multipath route has one working and one broken next hop, when a ping crosses
 * it, then {@code probes}, {@code trace --brief} and {@code verify} name the kernel's hash as the
 * chooser (next hop 1 REACHABLE, next hop 2 NOT REACHABLE) instead of giving the first next hop's
 * answer as certain; with two working next hops, the one answer is said to hold through each. The
 * kernel transcripts are three runs of ecmp-flows.sh, each in a sandbox of its own.
 */
final class EcmpNondeterminismTest {

  private static final Path DIR = Path.of("src/test/resources/ecmp");
  private static final String DIFFERENT =
      "ECMP: the kernel hashes the flow with a per-boot key: next hop 1 REACHABLE, next hop 2 NOT"
          + " REACHABLE";

  @Test
  void probes_nameTheNondeterminism_whereTheNextHopsDiffer() {
    Network net = Podpath.loadScenario(DIR.resolve("ecmp-flows.sh"));

    List<ProbeAnswer> answers = net.probes();

    assertThat(answers).hasSize(8);
    for (ProbeAnswer a : answers) {
      Optional<NextHopAnswers> n = net.nextHops(a);
      assertThat(n).isPresent();
      assertThat(n.get().branches()).hasSize(2);
      assertThat(NextHopText.line(n.get())).isEqualTo(DIFFERENT);
      assertThat(BriefLine.of(a, n))
          .startsWith("ECMP  a -> 10.2.0.2  next hop 1 REACHABLE, next hop 2 NOT REACHABLE  (");
    }
  }

  @Test
  void probes_stateTheOneAnswer_whereEveryNextHopGivesIt() {
    Network net = Podpath.loadScenario(DIR.resolve("ecmp.sh"));
    ProbeAnswer ping =
        net.probes().stream()
            .filter(a -> a.probe().origin().text().contains("ping"))
            .findFirst()
            .orElseThrow();

    Optional<NextHopAnswers> n = net.nextHops(ping);

    assertThat(n).isPresent();
    assertThat(NextHopText.line(n.get()))
        .isEqualTo("ECMP: REACHABLE through each of the 2 next hops");
    assertThat(BriefLine.of(ping, n))
        .startsWith("REACHABLE  a -> ")
        .contains("(each of the 2 next hops)");
  }

  @Test
  void aProbeThatMeetsNoMultipathRoute_hasNoNextHopAnswers() {
    Network net = Podpath.loadScenario(DIR.resolve("ecmp-uplink-broken.sh"));
    ProbeAnswer fromUp2 = net.probes().get(net.probes().size() - 1);

    assertThat(net.nextHops(fromUp2)).isEmpty();
  }

  @Test
  void traceBrief_namesEachNextHop() {
    Network net = Podpath.loadScenario(DIR.resolve("ecmp-uplink-broken.sh"));

    var hops = net.nextHops(net.plan(TraceRequest.builder("a", "10.2.0.2").build()));

    assertThat(BriefLine.ofNextHops(hops))
        .isEqualTo("ECMP  a -> 10.2.0.2  next hop 1 REACHABLE, next hop 2 NOT REACHABLE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ecmp-flows.run1", "ecmp-flows.run2", "ecmp-flows.run3"})
  void verify_countsTheKernelsAnswers_asAgreeingWithinEcmp(String run) throws Exception {
    Network net = Podpath.loadScenario(DIR.resolve("ecmp-flows.sh"));
    String transcript = Files.readString(DIR.resolve(run + ".kernel.txt"));

    Verifier.Report r = net.verify(transcript);

    assertThat(r.differing()).as(r.toString()).isZero();
    assertThat(r.withinEcmp()).isEqualTo(8);
    assertThat(r.agreeing()).isZero();
    assertThat(r.probes())
        .allSatisfy(
            p -> assertThat(p.note()).hasValueSatisfying(n -> assertThat(n).startsWith(DIFFERENT)));
  }

  @Test
  void theKernelRuns_tookBothNextHops() throws Exception {
    // the scenario is only a check if some flows were hashed to each next hop
    String transcript = Files.readString(DIR.resolve("ecmp-flows.run1.kernel.txt"));
    Verifier.Report r = Podpath.loadScenario(DIR.resolve("ecmp-flows.sh")).verify(transcript);

    assertThat(r.probes()).anySatisfy(p -> assertThat(p.kernel().get(0)).startsWith("64 bytes"));
    assertThat(r.probes())
        .anySatisfy(p -> assertThat(p.kernel().get(0)).doesNotStartWith("64 bytes"));
  }

  @Test
  void aKernelAnswerNoNextHopGives_differs() throws Exception {
    String transcript = Files.readString(DIR.resolve("ecmp-flows.run1.kernel.txt"));
    String replaced =
        transcript.replaceFirst(
            "(?m)^64 bytes from 10\\.2\\.0\\.2: icmp_seq=1 ttl=62.*$",
            "From 10.1.0.1 icmp_seq=1 Destination Net Unreachable");
    assertThat(replaced).isNotEqualTo(transcript);

    Verifier.Report r = Podpath.loadScenario(DIR.resolve("ecmp-flows.sh")).verify(replaced);

    assertThat(r.differing()).isEqualTo(1);
    assertThat(r.withinEcmp()).isEqualTo(7);
  }
}
