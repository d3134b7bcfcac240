package dev.podpath.trace.diff;

import dev.podpath.trace.matrix.MatrixRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a change did to reachability: the pairs of the two matrices (matched by the names {@code
 * trace} takes) whose verdict changed, each with the first decision that differs; and the pairs
 * only one network has.
 *
 * <pre>{@code
 * Diff d = NetworkDiff.of(Podpath.load(before), Podpath.load(after), MatrixRequest.ping());
 * d.changed();          // [PairChange[from=ns1, to=10.0.2.2, before=REACHABLE, after=NOT_REACHABLE, ...]]
 * d.unchanged();        // 4
 * }</pre>
 *
 * @param before BEFORE, as the output cites it
 * @param after AFTER, as the output cites it
 * @param request the matrix asked of both
 * @param changed the pairs whose verdict changed, in BEFORE's row and column order (then AFTER's)
 * @param unchanged how many pairs both have with the same verdict
 * @param onlyBefore pairs only BEFORE has (a namespace, pod or address gone), as {@code FROM -> TO}
 * @param onlyAfter pairs only AFTER has
 * @param toServices whether a column of either matrix is a Service (a ping to it is sent to its
 *     port)
 * @param applied with {@code diff INPUT --apply CHANGES.sh}: the changes that made AFTER
 * @param recreated the pods both have under another name or address, matched as one workload
 */
public record Diff(
    String before,
    String after,
    MatrixRequest request,
    List<PairChange> changed,
    int unchanged,
    List<String> onlyBefore,
    List<String> onlyAfter,
    boolean toServices,
    Optional<AppliedChanges> applied,
    List<Recreated> recreated) {

  public Diff {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(request, "request");
    changed = List.copyOf(changed);
    onlyBefore = List.copyOf(onlyBefore);
    onlyAfter = List.copyOf(onlyAfter);
    Objects.requireNonNull(applied, "applied");
    recreated = List.copyOf(recreated);
  }

  /** {@return whether any pair's reachability changed} */
  public boolean anyChange() {
    return !changed.isEmpty();
  }
}
