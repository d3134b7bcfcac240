package dev.podpath.trace.diff;

import dev.podpath.trace.matrix.Cell;
import java.util.Objects;
import java.util.Optional;

/**
 * A pair whose reachability changed: its cell in each network's matrix and the first decision on
 * which their traces part.
 *
 * <pre>{@code
 * change.from();                           // node1
 * change.to();                             // 10.244.1.2
 * change.before().verdict();               // REACHABLE
 * change.after().verdict();                // NOT_REACHABLE
 * change.firstDifference();                // the route before and after, with their lines
 * }</pre>
 *
 * @param from the source, as {@code trace --from} names it in both networks
 * @param to the destination, as {@code trace --to} names it
 * @param before the pair's cell in BEFORE
 * @param after the pair's cell in AFTER
 * @param firstDifference where the two traces part; empty when they made the same decisions (the
 *     verdicts then differ by what no decision records, such as an answer's timing)
 */
public record PairChange(
    String from, String to, Cell before, Cell after, Optional<FirstDifference> firstDifference) {

  public PairChange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(firstDifference, "firstDifference");
  }
}
