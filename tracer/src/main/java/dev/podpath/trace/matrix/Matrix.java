package dev.podpath.trace.matrix;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * All-pairs reachability: for each row (a source) and each column (a destination) the {@link Cell}
 * {@code podpath trace} gives. A pair whose destination is the source's own namespace is not traced
 * and has no cell.
 *
 * <pre>{@code
 * Matrix m = ReachabilityMatrix.of(Podpath.load(Path.of("samples/router.sh")), MatrixRequest.ping());
 * m.rows();                                  // ns1, ns2, router
 * m.cell(m.rows().get(0), m.columns().get(2)).map(Cell::verdict);   // Optional[REACHABLE]
 * }</pre>
 *
 * @param source the scenario or snapshot, as the output cites it
 * @param request what was asked
 * @param rows the sources, in order
 * @param columns the destinations, in order
 * @param cells the traced pairs, row by row
 * @param skipped sources that cannot send (a pod the snapshot did not dump), each with why
 * @param traces how many simulations were run (identical probes are traced once)
 * @param proved how many cells the fast path proved reachable without a simulation
 * @param undecided how many cells the fast path left to the full trace because a netfilter rule on
 *     their path is not decided by the packet and the model ({@code -m statistic}, {@code limit},
 *     {@code recent})
 */
public record Matrix(
    String source,
    MatrixRequest request,
    List<MatrixEndpoint> rows,
    List<MatrixEndpoint> columns,
    List<Cell> cells,
    List<Skipped> skipped,
    int traces,
    int proved,
    int undecided) {

  /** A source left out of the rows, and the message {@code trace --from} would give. */
  public record Skipped(String label, String why) {
    public Skipped {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(why, "why");
    }
  }

  public Matrix {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(request, "request");
    rows = List.copyOf(rows);
    columns = List.copyOf(columns);
    cells = List.copyOf(cells);
    skipped = List.copyOf(skipped);
  }

  /** {@return the cell of a row and a column; empty for a pair not traced (the same namespace)} */
  public Optional<Cell> cell(MatrixEndpoint from, MatrixEndpoint to) {
    return cells.stream().filter(c -> c.from().equals(from) && c.to().equals(to)).findFirst();
  }

  /** {@return the cells by row and column label, for lookups over a large matrix} */
  public Map<String, Map<String, Cell>> byLabel() {
    return cells.stream()
        .collect(
            Collectors.groupingBy(
                c -> c.from().label(),
                Collectors.toMap(c -> c.to().label(), Function.identity(), (a, b) -> a)));
  }

  /** {@return how many cells have this verdict} */
  public long count(Verdict v) {
    return cells.stream().filter(c -> c.verdict() == v).count();
  }
}
