package dev.podpath.gui.state;

import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One table of a namespace's state ({@code ip route}, {@code ip neigh}, ...) as the GUI lists it.
 *
 * @param columns the column headers; every row has one cell per column, then its origin
 */
public record StateTable(String title, List<String> columns, List<Row> rows) {

  public StateTable {
    Objects.requireNonNull(title, "title");
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
    for (Row r : rows) {
      if (r.cells().size() != columns.size()) {
        throw new IllegalArgumentException(
            title + ": a row of " + r.cells().size() + " cells for " + columns.size() + " columns");
      }
    }
  }

  /**
   * One line of state and where it came from.
   *
   * @param origin {@code file:line} of the command or dump line that made it, or {@code kernel}
   * @param line that command or dump line, to open; empty for what the kernel made
   * @param offers the what-if edits this row offers (its context menu)
   */
  public record Row(
      List<String> cells,
      String origin,
      Optional<Origin> line,
      List<dev.podpath.gui.whatif.Offer> offers) {
    public Row {
      cells = List.copyOf(cells);
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(line, "line");
      offers = List.copyOf(offers);
    }

    /** A row that offers no edit. */
    public Row(List<String> cells, String origin, Optional<Origin> line) {
      this(cells, origin, line, List.of());
    }
  }
}
