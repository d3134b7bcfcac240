package dev.podpath.gui.whatif;

import dev.podpath.trace.api.Network;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot's what-if edits: a changes file of their commands, applied on top of the snapshot as
 * it was loaded ({@link Network#apply(Path)}), as {@code podpath trace SNAPSHOT --apply FILE}
 * applies it. The snapshot's dumps are never touched: the file lives in {@code file} (a folder of
 * the GUI's own until File &gt; Save writes it where the user says).
 *
 * @param base the snapshot as loaded, without the edits
 * @param edits the edits, in the order they were made
 * @param file where the changes file is written to be applied (and where its origins point)
 */
public record SnapshotChanges(Network base, List<Edit> edits, Path file) {

  public SnapshotChanges {
    Objects.requireNonNull(base, "base");
    edits = List.copyOf(edits);
    Objects.requireNonNull(file, "file");
  }

  /** {@return the same with {@code newEdits} instead} */
  public SnapshotChanges with(List<Edit> newEdits) {
    return new SnapshotChanges(base, newEdits, file);
  }

  /**
   * {@return the changes file: a comment saying what it is and how to run it, then each edit's
   * summary as a comment and its command}
   */
  public String text() {
    StringBuilder sb = new StringBuilder();
    sb.append("# what-if edits made in podpath gui on the snapshot ")
        .append(base.name())
        .append('\n');
    sb.append("# podpath trace ")
        .append(CommandLines.join(List.of(base.name())))
        .append(" --apply THIS_FILE --from ... --to ...\n");
    int k = 0;
    for (Edit e : edits) {
      k++;
      sb.append("# ").append(k).append(". ").append(e.summary()).append('\n');
      sb.append(e.commandLine()).append('\n');
    }
    return sb.toString();
  }
}
