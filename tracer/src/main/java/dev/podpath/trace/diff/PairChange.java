package dev.podpath.trace.diff;

import dev.podpath.model.origin.Origin;
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
 * @param from the source, as {@code trace --from} names it in BEFORE
 * @param to the destination, as {@code trace --to} names it in BEFORE
 * @param fromAfter the source in AFTER: {@code from}, or the name of the pod it was recreated as
 *     ({@link Recreated})
 * @param toAfter the destination in AFTER
 * @param before the pair's cell in BEFORE
 * @param after the pair's cell in AFTER
 * @param firstDifference where the two traces part; empty when they made the same decisions (the
 *     verdicts then differ by what no decision records, such as an answer's timing)
 */
public record PairChange(
    String from,
    String to,
    String fromAfter,
    String toAfter,
    Cell before,
    Cell after,
    Optional<FirstDifference> firstDifference,
    Optional<Origin> changedBy) {

  public PairChange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(fromAfter, "fromAfter");
    Objects.requireNonNull(toAfter, "toAfter");
    Objects.requireNonNull(changedBy, "changedBy");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(firstDifference, "firstDifference");
  }

  /** A pair named alike in both networks, without a changes file. */
  public PairChange(
      String from, String to, Cell before, Cell after, Optional<FirstDifference> firstDifference) {
    this(from, to, from, to, before, after, firstDifference, Optional.empty());
  }

  /** {@return whether AFTER names the pair otherwise (a pod of it recreated)} */
  public boolean renamed() {
    return !from.equals(fromAfter) || !to.equals(toAfter);
  }
}
