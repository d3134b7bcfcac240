package dev.podpath.model.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.topo.NetnsName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample scenario of the repository ({@code samples/*.sh}) is interpreted without error, and
 * every {@code ip route [show table T]} and {@code ip rule} dump in its real-kernel transcript
 * ({@code samples/expected/}) equals what podpath built for that namespace up to that point of the
 * script.
 */
final class SamplesTest {

  private static final Path SAMPLES = Path.of("..", "samples");
  private static final Pattern DUMP =
      Pattern.compile(
          "^\\+ (?:ip -n (\\S+) |ip netns exec (\\S+) ip |ip )(route|rule)(?: (?:show|list))?(?: table (\\S+))?$");

  static Stream<Path> samples() throws IOException {
    if (!Files.isDirectory(SAMPLES)) {
      return Stream.of((Path) null);
    }
    try (Stream<Path> s = Files.list(SAMPLES)) {
      return s
          .filter(
              p -> p.toString().endsWith(".sh") && !p.getFileName().toString().startsWith("run-"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void sample_isInterpreted_andItsRouteDumpsMatchTheKernel(Path sample) throws Exception {
    Assumptions.assumeTrue(sample != null, "no samples directory");
    Scenario s = ScenarioInterpreter.interpret(sample);
    assertThat(s.probes()).isNotEmpty();
    String name = sample.getFileName().toString().replace(".sh", "");
    Path transcript = SAMPLES.resolve("expected").resolve(name + ".kernel.txt");
    if (!Files.exists(transcript)) {
      return;
    }
    List<String> script = Files.readAllLines(sample);
    List<String> lines = Files.readAllLines(transcript);
    java.util.Map<String, Integer> seen = new java.util.HashMap<>();
    for (int k = 0; k < lines.size(); k++) {
      Matcher m = DUMP.matcher(lines.get(k));
      if (!m.matches()) {
        continue;
      }
      String command = lines.get(k).substring(2);
      int nth = seen.merge(command, 1, Integer::sum);
      int upTo = nthLine(script, command, nth);
      Scenario at =
          ScenarioInterpreter.interpret(
              sample.toString(),
              String.join("\n", script.subList(0, upTo + 1)),
              dev.podpath.model.sysctl.Sysctls.kernelDefaults());
      String ns = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : "root";
      List<String> kernel = new ArrayList<>();
      for (int j = k + 1;
          j < lines.size() && !lines.get(j).startsWith("+ ") && !lines.get(j).isBlank();
          j++) {
        kernel.add(lines.get(j).strip().replace(" linkdown", ""));
      }
      NetnsName n = ns.equals("root") ? NetnsName.ROOT : NetnsName.of(ns);
      dev.podpath.model.topo.Netns netns = at.topology().require(n);
      List<String> ours =
          m.group(3).equals("rule")
              ? Scripts.rules(netns)
              : Scripts.table(
                  netns,
                  m.group(4) == null
                      ? dev.podpath.model.route.TableIds.MAIN
                      : dev.podpath.model.route.TableIds.parse(m.group(4)).orElseThrow());
      if (m.group(4) != null) {
        String shown = " table " + m.group(4);
        ours = ours.stream().map(r -> r.replace(shown, "")).toList();
      }
      if (m.group(3).equals("rule")) {
        assertThat(ours).as(name + ": " + lines.get(k)).containsExactlyElementsOf(kernel);
      } else {
        assertThat(ours)
            .as(name + ": " + lines.get(k) + " (#" + nth + ")")
            .containsExactlyInAnyOrderElementsOf(kernel);
      }
    }
  }

  /** The index of the {@code nth} script line that is exactly {@code command}. */
  private static int nthLine(List<String> script, String command, int nth) {
    int count = 0;
    for (int i = 0; i < script.size(); i++) {
      if (script.get(i).strip().equals(command) && ++count == nth) {
        return i;
      }
    }
    throw new AssertionError("transcript command not found in the script: " + command);
  }
}
