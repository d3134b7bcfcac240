package dev.podpath.trace.render.matrix;

import dev.podpath.model.finding.Fix;
import dev.podpath.trace.matrix.Cell;
import dev.podpath.trace.matrix.Matrix;
import dev.podpath.trace.matrix.MatrixEndpoint;
import dev.podpath.trace.matrix.Verdict;
import java.util.Map;

/**
 * A {@link Matrix} as a heat map: one self-contained HTML page (inline style, no script, no
 * external assets), a coloured square per cell whose tooltip says the verdict, the reason, where
 * and the fix.
 */
public final class MatrixHtml {

  private MatrixHtml() {}

  /** {@return the page} */
  public static String render(Matrix m) {
    StringBuilder sb = new StringBuilder();
    String title = "podpath matrix: " + m.source();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
        .append(esc(title))
        .append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;font-size:13px;margin:1em}\n")
        .append("table{border-collapse:collapse}\n")
        .append("th{font-weight:normal;text-align:left;padding:0 .4em;white-space:nowrap}\n")
        .append(
            "thead th{writing-mode:vertical-rl;transform:rotate(180deg);vertical-align:bottom}\n")
        .append(
            "td{width:1.3em;height:1.3em;border:1px solid #fff;text-align:center;font-size:11px}\n")
        .append(".REACHABLE{background:#2e7d32;color:#fff}\n")
        .append(".NOT_REACHABLE{background:#c62828;color:#fff}\n")
        .append(".UNKNOWN{background:#f9a825}\n")
        .append(".SELF{background:#e0e0e0}\n")
        .append("</style></head><body>\n<h1>")
        .append(esc(title))
        .append("</h1>\n<p>")
        .append(esc(MatrixText.probe(m)))
        .append(": ")
        .append(esc(MatrixText.summary(m)))
        .append("</p>\n<table>\n<thead><tr><th></th>");
    for (MatrixEndpoint c : m.columns()) {
      sb.append("<th>").append(esc(c.label())).append("</th>");
    }
    sb.append("</tr></thead>\n<tbody>\n");
    Map<String, Map<String, Cell>> cells = m.byLabel();
    Map<String, Character> letters = MatrixText.letters(m);
    for (MatrixEndpoint r : m.rows()) {
      sb.append("<tr><th>").append(esc(r.label())).append("</th>");
      Map<String, Cell> row = cells.getOrDefault(r.label(), Map.of());
      for (MatrixEndpoint c : m.columns()) {
        Cell cell = row.get(c.label());
        if (cell == null) {
          sb.append("<td class=\"SELF\" title=\"not traced: its own namespace\"></td>");
          continue;
        }
        sb.append("<td class=\"")
            .append(cell.verdict().name())
            .append("\" title=\"")
            .append(esc(tooltip(cell)))
            .append("\">");
        if (cell.verdict() == Verdict.NOT_REACHABLE) {
          sb.append(letters.get(cell.code().orElse("REFUSED")));
        }
        sb.append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</tbody></table>\n<ul>\n");
    letters.forEach(
        (code, l) -> sb.append("<li>").append(l).append(": ").append(esc(code)).append("</li>\n"));
    sb.append("</ul>\n</body></html>\n");
    return sb.toString();
  }

  private static String tooltip(Cell c) {
    StringBuilder t =
        new StringBuilder(c.from().label() + " -> " + c.to().label() + ": " + c.verdict().name());
    c.reason().ifPresent(r -> t.append("\n").append(r.code()).append(": ").append(r.explain()));
    c.where().ifPresent(w -> t.append("\nat ").append(w));
    c.fix().map(Fix::change).ifPresent(f -> t.append("\nfix: ").append(f));
    return t.toString();
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("\n", "&#10;");
  }
}
