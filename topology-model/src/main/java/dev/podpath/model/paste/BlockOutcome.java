package dev.podpath.model.paste;

import java.util.List;
import java.util.Objects;

/** What became of one block of pasted output. */
public sealed interface BlockOutcome {

  /** Where the block is in the paste. */
  LineRange lines();

  /** The command as typed, or what printed the lines when they were recognised by their shape. */
  String command();

  /**
   * Written to a snapshot file.
   *
   * @param where the node ({@code worker1}), a node's namespace ({@code worker1/netns/busybox-x})
   *     or {@code cluster} for kubectl's files
   * @param file the file's path in the snapshot ({@code worker1/ip-route.txt})
   * @param notes what was done to the text on the way (elisions, indentation, a table named)
   */
  record Placed(LineRange lines, String command, String where, String file, List<String> notes)
      implements BlockOutcome {
    public Placed {
      Objects.requireNonNull(lines, "lines");
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(where, "where");
      Objects.requireNonNull(file, "file");
      notes = List.copyOf(notes);
    }
  }

  /**
   * A dump that could not go into the snapshot.
   *
   * @param reason why, and what would place it
   */
  record Unplaced(LineRange lines, String command, String reason) implements BlockOutcome {
    public Unplaced {
      Objects.requireNonNull(lines, "lines");
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Output of a command that shows no dump (ping, curl, logs): read past.
   *
   * @param what the command, as podpath took it
   */
  record Skipped(LineRange lines, String command, String what) implements BlockOutcome {
    public Skipped {
      Objects.requireNonNull(lines, "lines");
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(what, "what");
    }
  }
}
