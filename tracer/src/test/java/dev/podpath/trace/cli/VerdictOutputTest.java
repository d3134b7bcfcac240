package dev.podpath.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Given {@code --color}, a terminal or not, and {@code NO_COLOR}, then colour exactly as
 * no-color.org asks: auto only on a terminal without a non-empty {@code NO_COLOR}; the command
 * line's always or never wins.
 */
final class VerdictOutputTest {

  private static final Map<String, String> NONE = Map.of();
  private static final Map<String, String> NO_COLOR = Map.of("NO_COLOR", "1");

  @Test
  void auto_coloursOnATerminal_only_andNeverWithNoColorSet() {
    assertThat(VerdictOutput.colours("auto", true, NONE)).isTrue();
    assertThat(VerdictOutput.colours("auto", false, NONE)).isFalse();
    assertThat(VerdictOutput.colours("auto", true, NO_COLOR)).isFalse();
    assertThat(VerdictOutput.colours("auto", true, Map.of("NO_COLOR", "0"))).isFalse();
    // no-color.org: "when present and not an empty string"
    assertThat(VerdictOutput.colours("auto", true, Map.of("NO_COLOR", ""))).isTrue();
  }

  @Test
  void always_and_never_winOverTheTerminalAndNoColor() {
    assertThat(VerdictOutput.colours("always", false, NO_COLOR)).isTrue();
    assertThat(VerdictOutput.colours("never", true, NONE)).isFalse();
  }
}
