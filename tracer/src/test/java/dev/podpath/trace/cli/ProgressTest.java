package dev.podpath.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The progress line: drawn in place (carriage return, erase to the end of the line) after the first
 * second, counting, and erased at the end; nothing at all when off (not a terminal).
 */
final class ProgressTest {

  @Test
  void onATerminal_theCountIsDrawnInPlace_andErasedAtTheEnd() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (Progress p = Progress.of(err, "matrix", 0, "probes traced", true)) {
      p.total(40);
      for (int i = 0; i < 3; i++) {
        p.step("");
      }
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (bytes.size() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    }
    String shown = bytes.toString(StandardCharsets.UTF_8);
    assertThat(shown)
        .startsWith("\r\u001b[Kpodpath: matrix 3/40 probes traced (")
        .endsWith(" s)\r\u001b[K");
  }

  @Test
  void theLine_fitsAnEightyColumnTerminal() {
    Progress p =
        Progress.of(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            "verify",
            12,
            "scenarios",
            false);
    p.step("samples/" + "a-very-long-scenario-name-".repeat(5) + ".sh");
    assertThat(p.line()).startsWith("podpath: verify 1/12 scenarios (0 s)  samples/a-very");
    assertThat(p.line().length()).isLessThanOrEqualTo(79);
    p.close();
  }

  @Test
  void offTheTerminal_nothingIsWritten() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (Progress p = Progress.of(err, "matrix", 10, "probes traced", false)) {
      p.step("");
      Thread.sleep(1500);
    }
    assertThat(bytes.size()).isZero();
  }
}
