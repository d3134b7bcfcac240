package dev.podpath.gui.whatif;

import dev.podpath.trace.Probe;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A scenario script with the GUI's edits after it: the original text unchanged, then a commented
 * block with each edit's command and, when a probe was traced, the command that asks it again
 * ({@code || true}, so that a probe that now fails does not stop a {@code set -e} script). This
 * text is what the GUI loads after each edit and what File &gt; Save as script writes: the CLI and
 * {@code podpath verify} run exactly what the GUI showed.
 *
 * @param original the script as opened
 * @param edits the edits, in the order they were made
 * @param probe the probe traced last, to ask again after the edits
 */
public record EditedScript(String original, List<Edit> edits, Optional<Probe> probe) {

  /** The first line of the block, by which a saved script's edits are recognised. */
  public static final String BLOCK_TITLE =
      "# ---------- what-if edits made in podpath gui (File > Save as script) ----------";

  public EditedScript {
    Objects.requireNonNull(original, "original");
    edits = List.copyOf(edits);
    Objects.requireNonNull(probe, "probe");
  }

  /** {@return the same script with {@code newEdits} and {@code newProbe} instead} */
  public EditedScript with(List<Edit> newEdits, Optional<Probe> newProbe) {
    return new EditedScript(original, newEdits, newProbe);
  }

  /**
   * {@return the edits alone, one command a line: a changes file, the form a snapshot's edits will
   * take once podpath applies commands on top of a snapshot}
   */
  public String changes() {
    StringBuilder sb = new StringBuilder();
    for (Edit e : edits) {
      sb.append(e.commandLine()).append('\n');
    }
    return sb.toString();
  }

  /** {@return the script to load or save; the original alone when there is no edit} */
  public String text() {
    if (edits.isEmpty()) {
      return original;
    }
    StringBuilder sb = new StringBuilder(original);
    if (!original.isEmpty() && !original.endsWith("\n")) {
      sb.append('\n');
    }
    sb.append('\n').append(BLOCK_TITLE).append('\n');
    int k = 0;
    for (Edit e : edits) {
      k++;
      sb.append("# ").append(k).append(". ").append(e.summary()).append('\n');
      sb.append(e.commandLine()).append('\n');
    }
    probe.ifPresent(
        p -> {
          Optional<List<String>> argv = ProbeCommand.argv(p);
          if (argv.isPresent()) {
            sb.append("# the probe traced in the GUI, asked again after the edits\n");
            sb.append(CommandLines.join(argv.get())).append(" || true\n");
          } else {
            sb.append("# the GUI traced ")
                .append(p)
                .append(": no script command asks a UDP probe yet; podpath trace --protocol udp")
                .append(" does\n");
          }
        });
    return sb.toString();
  }
}
