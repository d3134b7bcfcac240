package dev.podpath.model.dump;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What every {@code kubectl get KIND -A -o wide|json} parser shares: the file must be usable and be
 * that listing (not another tool's output), the JSON form is a {@code List} of items of one kind,
 * and the table form is a header whose columns say where each row's cells are. A kind says only
 * what differs: its columns and how one item or one row is read. Package-private.
 *
 * @param command the table's command ({@code kubectl get pods -A -o wide}), named in messages
 * @param formats the formats this listing comes in ({@link DumpFormat}'s wide and JSON kinds)
 * @param jsonKind the items' {@code kind} ({@code Pod})
 * @param jsonCommand the JSON form's command, named in messages
 * @param header the columns a header must have to be this table
 * @param headerShape the header as the message shows it ({@code NAME ... IP NODE ...})
 * @param wideOnly whether the table without {@code -o wide} lacks what is needed (the addresses)
 * @param rowNeeds the cells a row must have, besides NAME, to be read
 * @param item reads one JSON item
 * @param row reads one table row (its cells by column name)
 */
record KubectlListing<T>(
    String command,
    Set<DumpFormat> formats,
    String jsonKind,
    String jsonCommand,
    List<String> header,
    String headerShape,
    boolean wideOnly,
    List<String> rowNeeds,
    ItemReader<T> item,
    RowReader<T> row) {

  /** One JSON item, or empty (with a warning) when it cannot be read. */
  @FunctionalInterface
  interface ItemReader<T> {
    Optional<T> read(JsonElements.Element e, Warnings w);
  }

  /** One table row, or empty (with a warning) when it cannot be read. */
  @FunctionalInterface
  interface RowReader<T> {
    Optional<T> read(String file, TextLine line, Map<String, Token> cells, Warnings w);
  }

  ParseResult<List<T>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, command, w) || !Inputs.isExpected(content, formats, command, w)) {
      return w.result(List.of());
    }
    List<T> out = new ArrayList<>();
    if (content.stripLeading().startsWith("{")) {
      for (JsonElements.Element e : KubectlJson.items(content, jsonKind, jsonCommand, w)) {
        item.read(e, w).ifPresent(out::add);
      }
      return w.result(List.copyOf(out));
    }
    KubectlTable table = null;
    for (TextLine line : TextLine.split(content)) {
      if (line.isBlank()) {
        continue;
      }
      if (table == null) {
        table = KubectlTable.of(line);
        if (!header.stream().allMatch(table::has)) {
          w.add(
              line,
              1,
              "the first line is not the header of `"
                  + command
                  + "` ("
                  + headerShape
                  + ");"
                  + " nothing was read"
                  + (wideOnly && table.has("NAME")
                      ? " (without -o wide there are no addresses)"
                      : ""));
          return w.result(List.of());
        }
        continue;
      }
      Optional<Map<String, Token>> cells = table.row(line);
      if (cells.isEmpty()
          || KubectlTable.value(cells.get(), "NAME").isEmpty()
          || !rowNeeds.stream().allMatch(cells.get()::containsKey)) {
        w.add(line, 1, "a row that does not fit the header's columns; skipped");
        continue;
      }
      row.read(file, line, cells.get(), w).ifPresent(out::add);
    }
    return w.result(List.copyOf(out));
  }
}
