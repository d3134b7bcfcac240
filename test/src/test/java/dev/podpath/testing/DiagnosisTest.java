package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.finding.Findings;
import dev.podpath.model.finding.Fix;
import dev.podpath.model.finding.NetworkFacts;
import dev.podpath.model.script.ProbeSpec;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.trace.ProbeAnswers;
import dev.podpath.trace.Session;
import dev.podpath.trace.Trace;
import dev.podpath.trace.diagnosis.Diagnoser;
import dev.podpath.trace.diagnosis.Diagnosis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Given a sample, when its probes run, then every failed one is diagnosed: the entries responsible
 * with their lines and a fix (or why there is none); and for the samples built around one mistake,
 * the diagnosis names that mistake's line and the command that undoes it.
 */
final class DiagnosisTest {

  /** Every probe of the sample, run as {@code podpath probes} runs them, with its diagnosis. */
  static List<Diagnosed> run(Path sample) throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(sample);
    Session session = new Session(sc.topology(), SimConfig.defaults().withClosedPorts(true));
    List<Diagnosed> out = new ArrayList<>();
    for (ProbeSpec p : sc.probes()) {
      Optional<Trace> t = ProbeAnswers.answer(sc, session, p).trace();
      if (t.isEmpty()) {
        continue;
      }
      int index = sc.probes().indexOf(p);
      NetworkFacts facts = NetworkFacts.scenario(sc.topologyAt(index));
      out.add(new Diagnosed(p, t.get(), Diagnoser.diagnose(t.get(), facts, Findings.of(facts))));
    }
    return out;
  }

  record Diagnosed(ProbeSpec probe, Trace trace, Optional<Diagnosis> diagnosis) {}

  static Stream<Path> samples() {
    return Samples.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everyDroppedProbe_isDiagnosed_withItsCulprit(Path sample) throws Exception {
    for (Diagnosed d : run(sample)) {
      if (d.trace().succeeded()) {
        assertThat(d.diagnosis()).as(d.probe().toString()).isEmpty();
        continue;
      }
      boolean dropped =
          Stream.concat(Stream.of(d.trace().request()), d.trace().response().stream())
              .anyMatch(p -> p.reason().isPresent());
      if (!dropped) {
        continue;
      }
      assertThat(d.diagnosis()).as(d.probe().toString()).isPresent();
      Diagnosis g = d.diagnosis().get();
      assertThat(g.culprit()).as(d.probe() + ": " + g.reason().code()).isNotEmpty();
      if (System.getProperty("podpath.printDiagnoses") != null) {
        System.out.println(
            "== "
                + sample.getFileName()
                + ": "
                + d.probe()
                + "\n"
                + String.join("\n", dev.podpath.trace.render.DiagnosisText.lines(g, f -> f)));
      }
    }
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        // sample, probe's text, code, culprit's line (0: a setting without a line), fix
        Arguments.of(
            "ip-forward-off.sh",
            "ping -c1 -W1 10.1.2.2",
            "FORWARDING_DISABLED",
            0,
            "ip netns exec router sysctl -w net.ipv4.ip_forward=1"),
        Arguments.of(
            "blackhole.sh",
            "ping -c1 -W1 10.1.2.3",
            "ROUTE_BLACKHOLE",
            66,
            "ip -n router route del blackhole 10.1.2.3"),
        Arguments.of("veth-down.sh", "ping", "", -1, "ip -n node link set veth-b up"),
        Arguments.of(
            "firewall.sh",
            "192.168.1.100 ",
            "IPTABLES_POLICY_DROP",
            69,
            "ip netns exec node iptables -t filter -A FORWARD -i cni0 -o eth0"),
        Arguments.of(
            "firewall.sh",
            "nc -zv -w2 -p 42002",
            "IPTABLES_REJECT",
            82,
            "iptables -t filter -D INPUT -p tcp -m tcp --dport 10250 -j REJECT"),
        Arguments.of(
            "rp-filter.sh",
            "ping",
            "RP_FILTER",
            0,
            "ip netns exec router sysctl -w net.ipv4.conf.v3_r.rp_filter=2"),
        Arguments.of(
            "rp-filter-loose.sh", "ping", "RP_FILTER", 0, "ip -n router route add 10.77.0.1/32"),
        Arguments.of(
            "gateway-other-segment.sh",
            "10.10.3.2",
            "NEIGHBOUR_FAILED",
            100,
            "ip -n worker1 route replace 10.10.3.0/24 via 192.168.2.1 dev enp0s5"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("mistakes")
  void theSamplesMistake_isTheCulprit_andTheFixUndoesIt(
      String sample, String probe, String code, int line, String fix) throws Exception {
    Diagnosed d =
        run(Samples.sample(sample)).stream()
            .filter(x -> x.diagnosis().isPresent())
            .filter(x -> x.probe().toString().contains(probe))
            .filter(x -> x.diagnosis().get().reason().code().startsWith(code))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError(sample + ": no failed probe " + probe + " " + code));
    Diagnosis g = d.diagnosis().get();
    if (line > 0) {
      assertThat(g.culprit().get(0).origin().orElseThrow().line()).isEqualTo(line);
    } else if (line < 0) {
      assertThat(g.culprit())
          .anySatisfy(e -> assertThat(e.origin().filter(o -> !o.isKernel())).isPresent());
    }
    assertThat(g.fixes().stream().map(Fix::change)).anySatisfy(c -> assertThat(c).contains(fix));
  }
}
