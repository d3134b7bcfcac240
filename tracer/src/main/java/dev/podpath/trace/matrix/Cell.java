package dev.podpath.trace.matrix;

import dev.podpath.model.finding.Fix;
import dev.podpath.sim.outcome.DropReason;
import java.util.Objects;
import java.util.Optional;

/**
 * One pair of a {@link Matrix}: what {@code podpath trace --from FROM --to TO} says.
 *
 * <pre>{@code
 * cell.verdict();                          // NOT_REACHABLE
 * cell.reason().map(DropReason::code);     // ROUTE_BLACKHOLE
 * cell.where();                            // router/v1_r
 * cell.fix().map(Fix::change);             // ip -n router route del blackhole 10.1.2.3
 * }</pre>
 *
 * @param from the row
 * @param to the column
 * @param verdict the trace's result
 * @param reason the drop of the request, or else of its answer (as the trace's diagnosis names it);
 *     empty when both were delivered (a refused connection has none)
 * @param where where that packet ended, when one failed
 * @param fix the diagnosis's first fix, when it has one
 * @param proved whether the fast path proved it reachable without a simulation (then it is
 *     REACHABLE, as the full trace would find: {@code MatrixAgreementTest})
 */
public record Cell(
    MatrixEndpoint from,
    MatrixEndpoint to,
    Verdict verdict,
    Optional<DropReason> reason,
    Optional<DropSite> where,
    Optional<Fix> fix,
    boolean proved) {

  /** A cell traced in full. */
  public Cell(
      MatrixEndpoint from,
      MatrixEndpoint to,
      Verdict verdict,
      Optional<DropReason> reason,
      Optional<DropSite> where,
      Optional<Fix> fix) {
    this(from, to, verdict, reason, where, fix, false);
  }

  /** A cell the fast path proved reachable. */
  static Cell proved(MatrixEndpoint from, MatrixEndpoint to) {
    return new Cell(
        from, to, Verdict.REACHABLE, Optional.empty(), Optional.empty(), Optional.empty(), true);
  }

  public Cell {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(fix, "fix");
  }

  /** {@return the reason's code, or empty} */
  public Optional<String> code() {
    return reason.map(DropReason::code);
  }
}
