package dev.podpath.trace.fixes;

import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Fix;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One fix of a {@link ChangesFile}: the command (or the change in words), why, the entry it undoes
 * with its file:line, and whether it is written as a command to run.
 *
 * <pre>{@code
 * # why: the blackhole route drops everything to 10.1.2.3
 * # culprit: samples/blackhole.sh:66: router: blackhole 10.1.2.3
 * ip -n router route del blackhole 10.1.2.3
 * }</pre>
 *
 * @param fix the change and its reason, as the diagnosis or finding gives it
 * @param commands the commands it is written as, one a line (a fix of two commands joined by {@code
 *     &&} is two lines); empty when it is written as a comment
 * @param culprit the entry it undoes or completes (the first with a line), when there is one
 * @param notRun empty when it is written as a command; else why it is written as a comment only (a
 *     change in words, a placeholder to fill in, a line the interpreter refuses, an alternative to
 *     the command above it)
 */
public record FixLine(
    Fix fix, List<String> commands, Optional<Evidence> culprit, Optional<String> notRun) {

  public FixLine {
    Objects.requireNonNull(fix, "fix");
    commands = List.copyOf(commands);
    Objects.requireNonNull(culprit, "culprit");
    Objects.requireNonNull(notRun, "notRun");
    if (commands.isEmpty() == notRun.isEmpty()) {
      throw new IllegalArgumentException("a fix is written as commands, or says why not");
    }
  }

  /** {@return whether it is written as a command} */
  public boolean isCommand() {
    return notRun.isEmpty();
  }
}
