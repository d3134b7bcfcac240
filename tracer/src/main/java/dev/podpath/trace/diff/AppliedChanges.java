package dev.podpath.trace.diff;

import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Objects;

/**
 * A changes file applied on top of BEFORE to make AFTER ({@code podpath diff INPUT --apply
 * CHANGES.sh}): the file as given and its commands, each with its line.
 *
 * <pre>{@code
 * d.applied().get().file();           // samples/changes/missing-route-back.sh
 * d.applied().get().commands();       // [samples/changes/missing-route-back.sh:4: ip -n ns2 route add default via 10.1.2.1]
 * }</pre>
 *
 * @param file the changes file, as the output cites it
 * @param commands its commands in order (a line continued with {@code \} is one command, cited by
 *     its first line); comments and blank lines are not commands
 */
public record AppliedChanges(String file, List<Origin> commands) {

  public AppliedChanges {
    Objects.requireNonNull(file, "file");
    commands = List.copyOf(commands);
  }
}
