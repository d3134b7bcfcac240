package dev.podpath.trace.diff;

import dev.podpath.model.origin.Origin;
import dev.podpath.trace.api.InputException;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.TraceRequest;
import dev.podpath.trace.matrix.ReachabilityMatrix;
import dev.podpath.trace.matrix.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A changes file applied one command at a time: BEFORE with its first {@code k} commands, for each
 * {@code k}, made when first asked for. It answers which command turned a pair: the last one after
 * which the pair has AFTER's verdict and keeps it to the end of the file.
 */
final class ChangeSteps {

  private final Network before;
  private final Path file;
  private final List<String> lines;
  private final AppliedChanges changes;

  /** Line count up to and including each command's last line. */
  private final List<Integer> ends;

  private final Map<Integer, Optional<Network>> prefixes = new HashMap<>();

  private ChangeSteps(
      Network before, Path file, List<String> lines, AppliedChanges changes, List<Integer> ends) {
    this.before = before;
    this.file = file;
    this.lines = lines;
    this.changes = changes;
    this.ends = ends;
  }

  /** {@return the changes file's commands, each a line (a line ending in {@code \} goes on)} */
  static ChangeSteps of(Network before, Path file, String text) {
    List<String> lines = text.lines().toList();
    List<Origin> commands = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String first = lines.get(i).strip();
      int start = i;
      StringBuilder command = new StringBuilder();
      while (i < lines.size() && lines.get(i).stripTrailing().endsWith("\\")) {
        String l = lines.get(i).stripTrailing();
        command.append(l, 0, l.length() - 1).append(' ');
        i++;
      }
      if (i < lines.size()) {
        command.append(lines.get(i));
      }
      i++;
      if (first.isEmpty() || first.startsWith("#")) {
        continue;
      }
      commands.add(new Origin(file.toString(), start + 1, command.toString().strip()));
      ends.add(Math.min(i, lines.size()));
    }
    return new ChangeSteps(
        before, file, lines, new AppliedChanges(file.toString(), commands), ends);
  }

  AppliedChanges changes() {
    return changes;
  }

  /**
   * {@return the command after which the pair has the verdict {@code after} to the end of the file;
   * empty when a shorter part of the file cannot be applied on its own}
   */
  Optional<Origin> turnedBy(TraceRequest pair, Verdict after) {
    int n = changes.commands().size();
    for (int k = n - 1; k >= 1; k--) {
      Optional<Network> net = prefix(k);
      if (net.isEmpty()) {
        return Optional.empty();
      }
      if (ReachabilityMatrix.verdict(net.get().trace(pair).trace()) != after) {
        return Optional.of(changes.commands().get(k));
      }
    }
    return n == 0 ? Optional.empty() : Optional.of(changes.commands().get(0));
  }

  /** BEFORE with the first {@code k} commands applied; empty when that part fails. */
  private synchronized Optional<Network> prefix(int k) {
    return prefixes.computeIfAbsent(
        k,
        x -> {
          try {
            return Optional.of(
                before.apply(file, String.join("\n", lines.subList(0, ends.get(k - 1)))));
          } catch (InputException e) {
            // a part of the file that does not stand alone (a line needs a later one): no blame
            return Optional.empty();
          }
        });
  }
}
