package dev.podpath.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The man pages: one per command, each read by groff without a warning ({@code -ww}) and shown by
 * {@code man -l} at 80 columns with the command's options and examples.
 */
final class ManPagesTest {

  /** The description lines indented by two spaces (examples), stripped, of every command. */
  private static final java.util.Set<String> EXAMPLES = examples();

  private static java.util.Set<String> examples() {
    java.util.Set<String> out = new java.util.HashSet<>();
    CommandLine root = new CommandLine(new Main());
    List<CommandLine> all = new java.util.ArrayList<>(root.getSubcommands().values());
    all.add(root);
    for (CommandLine c : all) {
      for (String l : c.getCommandSpec().usageMessage().description()) {
        if (l.startsWith("  ")) {
          out.add(l.strip());
        }
      }
    }
    return out;
  }

  @Test
  void onePagePerCommand() {
    Map<String, String> pages = ManPages.all();
    assertThat(pages).containsKey("podpath.1");
    for (String c : new CommandLine(new Main()).getSubcommands().keySet()) {
      if (!c.equals("help")) {
        assertThat(pages).containsKey("podpath-" + c + ".1");
      }
    }
  }

  @Test
  void everyPage_readsWithoutWarnings_andShowsItsOptionsAt80Columns(@TempDir Path dir)
      throws Exception {
    assumeTrue(
        !sh("command -v groff; command -v man").isBlank(), "groff and man are not installed");
    ManPages.main(new String[] {dir.toString()});
    for (Map.Entry<String, String> page : ManPages.all().entrySet()) {
      Path file = dir.resolve(page.getKey());
      assertThat(Files.readString(file)).isEqualTo(page.getValue());
      assertThat(sh("groff -man -Tutf8 -ww -z " + file + " 2>&1"))
          .as("groff's warnings on " + page.getKey())
          .isEmpty();
      String shown = sh("MANWIDTH=80 MAN_KEEP_FORMATTING= man -l " + file + " 2>&1 | col -b");
      // what man fills fits 80 columns; an example is shown whole, as --help shows it, at man's
      // indentation of 7 (it may reach a little beyond)
      for (String line : shown.lines().toList()) {
        if (!EXAMPLES.contains(line.strip())) {
          assertThat(line.length()).as(page.getKey() + ": " + line).isLessThanOrEqualTo(80);
        }
      }
      assertThat(shown).contains("SYNOPSIS").contains("--help");
    }
    String trace = sh("MANWIDTH=80 man -l " + dir.resolve("podpath-trace.1") + " | col -b");
    assertThat(trace)
        .contains("podpath-trace - trace one packet hop by hop")
        .contains("--from=NS|IP|POD")
        .contains("podpath trace samples/flannel-host-gw.sh --from busybox-jpnb6");
  }

  private static String sh(String command) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
