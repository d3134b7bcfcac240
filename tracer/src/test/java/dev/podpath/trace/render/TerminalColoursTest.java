package dev.podpath.trace.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Given text lines from the renderers, when coloured, then only verdicts, drops and culprits. */
final class TerminalColoursTest {

  private static final String ESC = "\u001b";

  @Test
  void verdicts_green_red_yellow_onTheResultLineAndABriefLine() {
    assertThat(TerminalColours.colour("result: REACHABLE"))
        .isEqualTo("result: " + ESC + "[32mREACHABLE" + ESC + "[0m");
    assertThat(TerminalColours.colour("result: NOT REACHABLE: routing loop between r and up2"))
        .isEqualTo(
            "result: " + ESC + "[31mNOT REACHABLE" + ESC + "[0m: routing loop between r and up2");
    assertThat(TerminalColours.colour("UNKNOWN  a -> 8.8.8.8  EXITED_MODEL at a/eth0"))
        .isEqualTo(ESC + "[33mUNKNOWN" + ESC + "[0m  a -> 8.8.8.8  EXITED_MODEL at a/eth0");
  }

  @Test
  void dropLines_red_culprit_boldMagenta_deliveredAndOtherLinesUnchanged() {
    String drop = "       DROP     no route to 10.1.1.2 in ns2";
    assertThat(TerminalColours.colour(drop)).isEqualTo(ESC + "[31m" + drop + ESC + "[0m");
    String dropped = "  => DROPPED: no route to 10.1.1.2 in ns2";
    assertThat(TerminalColours.colour(dropped)).isEqualTo(ESC + "[31m" + dropped + ESC + "[0m");
    String culprit = "    culprit: samples/x.sh:3: ns2: default via 10.0.0.1";
    assertThat(TerminalColours.colour(culprit)).isEqualTo(ESC + "[1;35m" + culprit + ESC + "[0m");
    for (String plain :
        new String[] {
          "  => DELIVERED to ns2",
          "       route    input: rule 32766 lookup main -> 10.1.2.0/24 dev v2_r",
          "REACHABLENESS is not a verdict",
          "ping would print: 64 bytes from 10.1.2.2: icmp_seq=1 ttl=63",
          "  1  DROP is a namespace's name here"
        }) {
      assertThat(TerminalColours.colour(plain)).as(plain).isEqualTo(plain);
    }
  }

  @Test
  void underTheEscaping_aDumpsEscapeSequenceStaysEscaped_andOnlyOurCodesReachTheTerminal() {
    StringWriter raw = new StringWriter();
    TerminalColours colours = new TerminalColours(raw);
    colours.enable();
    PrintWriter out = ControlCharacters.escaping(colours);
    out.print("  => DROPPED: bad \u001b[2J name\nresult: NOT REACHABLE\n");
    out.flush();
    assertThat(raw.toString())
        .isEqualTo(
            ESC
                + "[31m  => DROPPED: bad \\u001b[2J name"
                + ESC
                + "[0m\nresult: "
                + ESC
                + "[31mNOT REACHABLE"
                + ESC
                + "[0m\n");
  }

  @Test
  void untilEnabled_nothingIsAdded_andAPartialLineIsWrittenAtAFlush() {
    StringWriter raw = new StringWriter();
    TerminalColours colours = new TerminalColours(raw);
    PrintWriter out = new PrintWriter(colours);
    out.print("result: REACHABLE\n");
    out.flush();
    assertThat(raw.toString()).isEqualTo("result: REACHABLE\n");
    colours.enable();
    out.print("result: UNKNOWN");
    out.flush();
    assertThat(raw.toString()).isEqualTo("result: REACHABLE\nresult: UNKNOWN");
  }
}
