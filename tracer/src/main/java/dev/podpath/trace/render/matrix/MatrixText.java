package dev.podpath.trace.render.matrix;

import dev.podpath.model.finding.Fix;
import dev.podpath.trace.matrix.Cell;
import dev.podpath.trace.matrix.Matrix;
import dev.podpath.trace.matrix.MatrixEndpoint;
import dev.podpath.trace.matrix.MatrixRequest;
import dev.podpath.trace.matrix.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@link Matrix} as {@code podpath matrix} prints it: a table (a short mark per cell, a legend,
 * the failed cells), or CSV (a header, one row per cell).
 */
public final class MatrixText {

  private MatrixText() {}

  /** The mark of a reachable cell. */
  static final char REACHABLE = '.';

  /** The mark of an unknown cell. */
  static final char UNKNOWN = '?';

  /** The mark of a pair not traced (the destination is the source's own namespace). */
  static final char SELF = '-';

  /** {@return the probe the matrix sends, in words: {@code ping}, {@code tcp port 443}} */
  public static String probe(Matrix m) {
    MatrixRequest r = m.request();
    String proto = r.protocol().map(p -> p.name().toLowerCase(Locale.ROOT)).orElse(null);
    boolean services = m.columns().stream().anyMatch(c -> c.kind() == MatrixEndpoint.Kind.SERVICE);
    if (proto == null && r.dport().isEmpty()) {
      return services ? "ping (to a Service: its port)" : "ping";
    }
    String p = proto == null ? "icmp" : proto;
    if (p.equals("icmp")) {
      return "ping";
    }
    return p + " port " + (r.dport().isPresent() ? r.dport().getAsInt() : 80);
  }

  /** {@return a letter for each reason code of a not-reachable cell, in the order met} */
  static Map<String, Character> letters(Matrix m) {
    Map<String, Character> out = new LinkedHashMap<>();
    for (Cell c : m.cells()) {
      if (c.verdict() == Verdict.NOT_REACHABLE) {
        String code = c.code().orElse("REFUSED");
        if (!out.containsKey(code)) {
          int i = out.size();
          out.put(code, i < 26 ? (char) ('A' + i) : i < 52 ? (char) ('a' + i - 26) : '#');
        }
      }
    }
    return out;
  }

  /** {@return the table} */
  public static String table(Matrix m) {
    StringBuilder sb = new StringBuilder();
    sb.append("matrix: ")
        .append(probe(m))
        .append(" from ")
        .append(m.rows().size())
        .append(" sources to ")
        .append(m.columns().size())
        .append(" destinations   (")
        .append(m.source())
        .append(")\n\n");
    int w = Integer.toString(m.columns().size()).length();
    for (int i = 0; i < m.columns().size(); i++) {
      MatrixEndpoint c = m.columns().get(i);
      sb.append(String.format(Locale.ROOT, "  %" + w + "d  %s%s%n", i + 1, c.label(), owner(c)));
    }
    sb.append('\n');
    int labelWidth = m.rows().stream().mapToInt(r -> r.label().length()).max().orElse(0);
    Map<String, Map<String, Cell>> cells = m.byLabel();
    Map<String, Character> letters = letters(m);
    // column numbers, one digit per line from the most significant
    for (int d = w - 1; d >= 0; d--) {
      sb.append(" ".repeat(labelWidth + 2));
      for (int i = 1; i <= m.columns().size(); i++) {
        int digit = (i / (int) Math.pow(10, d)) % 10;
        sb.append(i >= Math.pow(10, d) ? Character.forDigit(digit, 10) : ' ');
      }
      sb.append('\n');
    }
    for (MatrixEndpoint r : m.rows()) {
      sb.append(r.label()).append(" ".repeat(labelWidth + 2 - r.label().length()));
      Map<String, Cell> row = cells.getOrDefault(r.label(), Map.of());
      for (MatrixEndpoint c : m.columns()) {
        Cell cell = row.get(c.label());
        sb.append(cell == null ? SELF : mark(cell, letters));
      }
      sb.append('\n');
    }
    sb.append('\n')
        .append(REACHABLE)
        .append(" reachable   ")
        .append(UNKNOWN)
        .append(" unknown (left the model)   ")
        .append(SELF)
        .append(" not traced (its own namespace)");
    letters.forEach((code, l) -> sb.append("\n").append(l).append(" not reachable: ").append(code));
    sb.append("\n\n").append(summary(m)).append('\n');
    List<Cell> failed = m.cells().stream().filter(c -> c.verdict() != Verdict.REACHABLE).toList();
    if (!failed.isEmpty()) {
      sb.append('\n');
      for (Cell c : failed) {
        sb.append(c.from().label())
            .append(" -> ")
            .append(c.to().label())
            .append(": ")
            .append(c.verdict().name().replace('_', ' '));
        c.reason().ifPresent(r -> sb.append(": ").append(r.code()));
        c.where().ifPresent(x -> sb.append(" at ").append(x));
        c.fix().map(Fix::change).ifPresent(f -> sb.append("\n    fix: ").append(f));
        sb.append('\n');
      }
    }
    m.skipped()
        .forEach(
            s ->
                sb.append("not traced: ")
                    .append(s.label())
                    .append(": ")
                    .append(s.why())
                    .append('\n'));
    return sb.toString();
  }

  /**
   * {@code 12 cells: 10 reachable, 2 not reachable, 0 unknown (8 proved by the fast path, 4
   * distinct probes traced)}.
   */
  public static String summary(Matrix m) {
    return m.cells().size()
        + " cells: "
        + m.count(Verdict.REACHABLE)
        + " reachable, "
        + m.count(Verdict.NOT_REACHABLE)
        + " not reachable, "
        + m.count(Verdict.UNKNOWN)
        + " unknown ("
        + m.proved()
        + " proved by the fast path, "
        + m.traces()
        + " distinct probes traced)";
  }

  private static char mark(Cell c, Map<String, Character> letters) {
    return switch (c.verdict()) {
      case REACHABLE -> REACHABLE;
      case UNKNOWN -> UNKNOWN;
      case NOT_REACHABLE -> letters.get(c.code().orElse("REFUSED"));
    };
  }

  private static String owner(MatrixEndpoint c) {
    return c.netns().filter(n -> !n.value().equals(c.label())).map(n -> " (" + n + ")").orElse("");
  }

  /** {@return the CSV: a header and one row per cell} */
  public static String csv(Matrix m) {
    StringBuilder sb = new StringBuilder("from,to,result,reason,where,fix\n");
    for (Cell c : m.cells()) {
      sb.append(
              List.of(
                      c.from().label(),
                      c.to().label(),
                      c.verdict().name(),
                      c.code().orElse(""),
                      c.where().map(Object::toString).orElse(""),
                      c.fix().map(Fix::change).orElse(""))
                  .stream()
                  .map(MatrixText::csvField)
                  .collect(Collectors.joining(",")))
          .append('\n');
    }
    return sb.toString();
  }

  private static String csvField(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
