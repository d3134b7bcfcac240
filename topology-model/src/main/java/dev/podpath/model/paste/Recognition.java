package dev.podpath.model.paste;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a typed command's output is to podpath ({@link DumpCommands}). Package-private. */
sealed interface Recognition {

  /**
   * The output of a dump a snapshot holds.
   *
   * @param file the snapshot file it becomes
   * @param device the device the command was limited to ({@code ip neigh show dev flannel.1}),
   *     whose name the output's lines leave out
   * @param notes what the command leaves out ({@code only table local}), said with the block
   */
  record Dump(SnapshotFile file, Optional<String> device, List<String> notes)
      implements Recognition {
    public Dump {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(device, "device");
      notes = List.copyOf(notes);
    }

    Dump(SnapshotFile file) {
      this(file, Optional.empty(), List.of());
    }
  }

  /**
   * The output of a command that shows network state, in a form a snapshot does not read.
   *
   * @param reason why, and what to paste instead
   */
  record NotRead(String reason) implements Recognition {
    public NotRead {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The output of a command that shows no dump (ping, curl, logs, a change of configuration). */
  record NotADump(String what) implements Recognition {
    public NotADump {
      Objects.requireNonNull(what, "what");
    }
  }
}
