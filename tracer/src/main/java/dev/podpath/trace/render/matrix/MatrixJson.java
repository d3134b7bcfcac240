package dev.podpath.trace.render.matrix;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpath.trace.matrix.Cell;
import dev.podpath.trace.matrix.Matrix;
import dev.podpath.trace.matrix.MatrixEndpoint;
import dev.podpath.trace.matrix.Verdict;
import java.util.Locale;

/** A {@link Matrix} as JSON ({@code podpath matrix -o json}, docs/matrix.md). */
public final class MatrixJson {

  /** Bumped whenever a field is renamed or removed. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private MatrixJson() {}

  /** {@return the JSON text, indented} */
  public static String render(Matrix m) {
    return tree(m).toPrettyString() + "\n";
  }

  /** {@return the JSON tree} */
  public static ObjectNode tree(Matrix m) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT_VERSION);
    root.put("source", m.source());
    root.put("probe", MatrixText.probe(m));
    m.request().protocol().ifPresent(p -> root.put("protocol", p.name().toLowerCase(Locale.ROOT)));
    if (m.request().dport().isPresent()) {
      root.put("dport", m.request().dport().getAsInt());
    }
    endpoints(root.putArray("rows"), m);
    ArrayNode cols = root.putArray("columns");
    m.columns().forEach(c -> endpoint(cols.addObject(), c));
    ArrayNode cells = root.putArray("cells");
    for (Cell c : m.cells()) {
      ObjectNode n = cells.addObject();
      n.put("from", c.from().label());
      n.put("to", c.to().label());
      n.put("result", c.verdict().name());
      c.reason()
          .ifPresent(
              r -> {
                n.put("reason", r.code());
                n.put("explain", r.explain());
              });
      c.where().ifPresent(w -> n.put("where", w.toString()));
      c.fix()
          .ifPresent(
              f -> {
                n.put("fix", f.change());
                n.put("fixWhy", f.why());
              });
    }
    ObjectNode summary = root.putObject("summary");
    summary.put("cells", m.cells().size());
    for (Verdict v : Verdict.values()) {
      summary.put(v.name(), m.count(v));
    }
    summary.put("traces", m.traces());
    summary.put("proved", m.proved());
    ArrayNode skipped = root.putArray("notTraced");
    m.skipped()
        .forEach(
            s -> {
              ObjectNode n = skipped.addObject();
              n.put("what", s.label());
              n.put("why", s.why());
            });
    return root;
  }

  private static void endpoints(ArrayNode arr, Matrix m) {
    m.rows().forEach(r -> endpoint(arr.addObject(), r));
  }

  private static void endpoint(ObjectNode n, MatrixEndpoint e) {
    n.put("label", e.label());
    n.put("kind", e.kind().name());
    e.address().ifPresent(a -> n.put("address", a.toString()));
    e.netns().ifPresent(x -> n.put("netns", x.value()));
    e.node().ifPresent(x -> n.put("node", x));
  }
}
