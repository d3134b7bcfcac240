package dev.podpath.trace.render.diff;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpath.model.origin.Origin;
import dev.podpath.trace.diff.Decision;
import dev.podpath.trace.diff.Diff;
import dev.podpath.trace.diff.FirstDifference;
import dev.podpath.trace.diff.PairChange;
import dev.podpath.trace.diff.Recreated;
import dev.podpath.trace.matrix.Cell;
import dev.podpath.trace.render.StepText;
import java.util.Locale;
import java.util.Optional;

/** A {@link Diff} as JSON ({@code podpath diff -o json}, docs/diff.md). */
public final class DiffJson {

  /** Bumped whenever a field is renamed or removed. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DiffJson() {}

  /** {@return the JSON text, indented} */
  public static String render(Diff d) {
    return tree(d).toPrettyString() + "\n";
  }

  /** {@return the JSON tree} */
  public static ObjectNode tree(Diff d) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT_VERSION);
    root.put("before", d.before());
    root.put("after", d.after());
    root.put("probe", DiffText.probe(d));
    d.request().protocol().ifPresent(p -> root.put("protocol", p.name().toLowerCase(Locale.ROOT)));
    if (d.request().dport().isPresent()) {
      root.put("dport", d.request().dport().getAsInt());
    }
    d.applied()
        .ifPresent(
            a -> {
              ObjectNode n = root.putObject("applied");
              n.put("file", a.file());
              ArrayNode commands = n.putArray("commands");
              a.commands().forEach(o -> origin(commands.addObject(), o));
            });
    ArrayNode recreated = root.putArray("recreated");
    for (Recreated r : d.recreated()) {
      ObjectNode n = recreated.addObject();
      n.put("before", r.before());
      n.put("after", r.after());
      r.beforeAddress().ifPresent(a -> n.put("beforeAddress", a.toString()));
      r.afterAddress().ifPresent(a -> n.put("afterAddress", a.toString()));
      if (r.owner().isPresent()) {
        n.put("owner", r.owner().get());
      } else {
        n.putNull("owner");
      }
      n.put("replicas", r.replicas());
    }
    ObjectNode summary = root.putObject("summary");
    summary.put("changed", d.changed().size());
    summary.put("unchanged", d.unchanged());
    summary.put("onlyBefore", d.onlyBefore().size());
    summary.put("onlyAfter", d.onlyAfter().size());
    ArrayNode changed = root.putArray("changed");
    for (PairChange c : d.changed()) {
      ObjectNode n = changed.addObject();
      n.put("from", c.from());
      n.put("to", c.to());
      if (c.renamed()) {
        n.put("fromAfter", c.fromAfter());
        n.put("toAfter", c.toAfter());
      }
      c.changedBy().ifPresent(o -> origin(n.putObject("changedBy"), o));
      cell(n.putObject("before"), c.before());
      cell(n.putObject("after"), c.after());
      if (c.firstDifference().isPresent()) {
        FirstDifference f = c.firstDifference().get();
        ObjectNode fd = n.putObject("firstDifference");
        fd.put("agreed", f.agreed());
        decision(fd, "before", f.before());
        decision(fd, "after", f.after());
      } else {
        n.putNull("firstDifference");
      }
    }
    d.onlyBefore().forEach(root.putArray("onlyBefore")::add);
    d.onlyAfter().forEach(root.putArray("onlyAfter")::add);
    return root;
  }

  private static void origin(ObjectNode n, Origin o) {
    n.put("file", o.file());
    n.put("line", o.line());
    n.put("source", o.text());
  }

  private static void cell(ObjectNode n, Cell c) {
    n.put("result", c.verdict().name());
    c.reason()
        .ifPresent(
            r -> {
              n.put("reason", r.code());
              n.put("explain", r.explain());
            });
    c.where().ifPresent(w -> n.put("where", w.toString()));
    c.fix().ifPresent(f -> n.put("fix", f.change()));
  }

  private static void decision(ObjectNode parent, String name, Optional<Decision> d) {
    if (d.isEmpty()) {
      parent.putNull(name);
      return;
    }
    ObjectNode n = parent.putObject(name);
    n.put("packet", d.get().leg() == Decision.Leg.REQUEST ? "request" : "response");
    n.put("netns", d.get().netns().value());
    n.put("kind", d.get().step().kind());
    n.put("text", StepText.verb(d.get().step()) + " " + StepText.describe(d.get().step()));
    d.get()
        .origin()
        .ifPresent(
            o -> {
              n.put("file", o.file());
              n.put("line", o.line());
              n.put("source", o.text());
            });
  }
}
