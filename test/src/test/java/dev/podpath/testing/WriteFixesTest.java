package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.script.ScriptCheck;
import dev.podpath.model.sysctl.Sysctls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Given a failed trace or lint's findings, when {@code --write-fixes FILE}, then FILE is a changes
 * file the interpreter reads after the scenario without a failing line; and for the samples built
 * around one mistake (DiagnosisTest's), the network as the failing probe saw it, with the written
 * fixes appended, answers the same trace REACHABLE: the fixes work, checked by the simulation.
 */
final class WriteFixesTest {

  @TempDir Path tmp;

  /**
   * The first {@code lines} lines of the sample: the network as the probe on the next line saw it.
   */
  private Path upTo(String sample, int probeLine, String probe) throws Exception {
    List<String> all = Files.readAllLines(Samples.sample(sample));
    assertThat(all.get(probeLine - 1)).contains(probe);
    Path p = tmp.resolve(sample);
    Files.write(p, all.subList(0, probeLine - 1));
    return p;
  }

  private static Path appended(Path script, Path fixes) throws Exception {
    Path out = script.resolveSibling("fixed-" + script.getFileName());
    Files.writeString(out, Files.readString(script) + "\n" + Files.readString(fixes));
    return out;
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        // sample, the failing probe's line and text, trace's arguments
        Arguments.of(
            "ip-forward-off.sh",
            52,
            "ping -c1 -W1 10.1.2.2",
            List.of("--from", "ns1", "--to", "10.1.2.2")),
        Arguments.of(
            "blackhole.sh",
            81,
            "ping -c1 -W1 10.1.2.3",
            List.of("--from", "ns1", "--to", "10.1.2.3")),
        Arguments.of(
            "veth-down.sh",
            59,
            "ping -c1 -W4 10.244.0.3",
            List.of("--from", "pod-a", "--to", "10.244.0.3")),
        Arguments.of(
            "firewall.sh",
            70,
            "ping -c1 -W1 192.168.1.100",
            List.of("--from", "p1", "--to", "192.168.1.100")),
        Arguments.of(
            "firewall.sh",
            83,
            "nc -zv -w2 -p 42002 10.244.0.1 10250",
            List.of(
                "--from",
                "p1",
                "--to",
                "10.244.0.1",
                "--proto",
                "tcp",
                "--sport",
                "42002",
                "--dport",
                "10250")),
        Arguments.of(
            "rp-filter.sh",
            77,
            "ping -c1 -W1 10.1.2.2",
            List.of("--from", "ns1", "--to", "10.1.2.2")),
        Arguments.of(
            "rp-filter-loose.sh",
            97,
            "ping -c1 -W1 -I 10.77.0.1 10.1.3.2",
            List.of("--from", "10.77.0.1", "--to", "10.1.3.2")),
        Arguments.of(
            "gateway-other-segment.sh",
            107,
            "ping -c1 -W4 10.10.3.2",
            List.of("--from", "busybox-jpnb6", "--to", "10.10.3.2")));
  }

  @ParameterizedTest(name = "{0}:{1}")
  @MethodSource("mistakes")
  void theWrittenFixes_appendedToTheScript_makeTheTraceReachable(
      String sample, int line, String probe, List<String> args) throws Exception {
    Path script = upTo(sample, line, probe);
    Path fixes = tmp.resolve("fixes.sh");
    List<String> trace = new ArrayList<>(List.of("trace", script.toString()));
    trace.addAll(args);
    List<String> write = new ArrayList<>(trace);
    write.addAll(List.of("--write-fixes", fixes.toString()));

    CliTest.Run broken = CliTest.run(write.toArray(String[]::new));

    assertThat(broken.status()).as(broken.out()).isEqualTo(1);
    assertThat(broken.err()).contains("podpath: wrote ").contains(" to " + fixes);
    String text = Files.readString(fixes);
    assertThat(text).startsWith("# podpath fixes, written by: podpath trace ");
    assertThat(text).contains("# why: ").contains("# culprit: ");
    assertThat(text)
        .contains("# checked: with the ")
        .contains(" appended to " + script + ", the trace is REACHABLE");
    List<String> commands = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    assertThat(commands).as(text).isNotEmpty();
    Path fixed = appended(script, fixes);
    ScriptCheck c =
        ScenarioInterpreter.check(
            fixed.toString(), Files.readString(fixed), Sysctls.kernelDefaults());
    assertThat(c.problems()).as(text).isEmpty();
    trace.set(1, fixed.toString());
    CliTest.Run after = CliTest.run(trace.toArray(String[]::new));
    assertThat(after.status()).as(text + "\n" + after.out()).isZero();
    assertThat(after.out()).contains("result: REACHABLE");
  }

  static Stream<Path> samples() {
    return Samples.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void lintsFixes_ofEverySample_areReadByTheInterpreterAfterTheScript(Path sample)
      throws Exception {
    Path fixes = tmp.resolve("lint-fixes.sh");

    CliTest.Run r = CliTest.run("lint", sample.toString(), "--write-fixes", fixes.toString());

    assertThat(r.status()).as(r.err()).isIn(0, 1);
    String text = Files.readString(fixes);
    assertThat(text).startsWith("# podpath fixes, written by: podpath lint " + sample);
    Path script = tmp.resolve(sample.getFileName());
    Files.copy(sample, script);
    Path fixed = appended(script, fixes);
    ScriptCheck c =
        ScenarioInterpreter.check(
            fixed.toString(), Files.readString(fixed), Sysctls.kernelDefaults());
    ScriptCheck alone =
        ScenarioInterpreter.check(
            script.toString(), Files.readString(script), Sysctls.kernelDefaults());
    assertThat(c.problems()).as(text).hasSameSizeAs(alone.problems());
    for (String l : text.lines().toList()) {
      assertThat(l.isBlank() || l.startsWith("#") || !l.contains("GATEWAY")).as(l).isTrue();
    }
  }

  @Test
  void aReachableTrace_writesAFileWithNoFix_andABadTarget_isRefusedBeforeAnyWork()
      throws Exception {
    Path fixes = tmp.resolve("none.sh");
    Files.writeString(fixes, "old\n");

    CliTest.Run ok =
        CliTest.run(
            "trace",
            Samples.sample("blackhole.sh").toString(),
            "--from",
            "ns1",
            "--to",
            "10.1.2.2",
            "--write-fixes",
            fixes.toString());
    CliTest.Run noFolder =
        CliTest.run(
            "lint",
            Samples.sample("blackhole.sh").toString(),
            "--write-fixes",
            tmp.resolve("no/such/fixes.sh").toString());

    assertThat(ok.status()).isZero();
    assertThat(Files.readString(fixes)).contains("# (no fix to write)").doesNotContain("old");
    assertThat(ok.err()).contains("podpath: wrote 0 fix commands to " + fixes);
    assertThat(noFolder.status()).isEqualTo(2);
    assertThat(noFolder.err()).startsWith("podpath: --write-fixes ").contains("no such folder");
    assertThat(noFolder.out()).isEmpty();
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("none.sh");
    }
  }
}
