package dev.podpath.trace.render.diff;

import dev.podpath.model.origin.Origin;
import dev.podpath.trace.diff.Decision;
import dev.podpath.trace.diff.Diff;
import dev.podpath.trace.diff.FirstDifference;
import dev.podpath.trace.diff.PairChange;
import dev.podpath.trace.diff.Recreated;
import dev.podpath.trace.matrix.Cell;
import dev.podpath.trace.render.StepText;
import java.util.List;
import java.util.Optional;

/** A {@link Diff} as {@code podpath diff} prints it (docs/diff.md). */
public final class DiffText {

  /** How many pairs of one side only the text lists. */
  static final int LISTED = 10;

  private DiffText() {}

  /** {@return the text: a summary line, then each changed pair with its first difference} */
  public static String render(Diff d) {
    StringBuilder sb = new StringBuilder();
    sb.append("BEFORE ").append(d.before()).append('\n');
    sb.append("AFTER  ").append(d.after()).append('\n');
    sb.append("probe  ").append(probe(d)).append('\n');
    d.applied()
        .ifPresent(
            a -> {
              sb.append("\nthe changes (")
                  .append(a.commands().size())
                  .append(a.commands().size() == 1 ? " command" : " commands")
                  .append("):\n");
              a.commands()
                  .forEach(
                      o ->
                          sb.append("  ")
                              .append(o.location())
                              .append(": ")
                              .append(o.text())
                              .append('\n'));
            });
    recreated(sb, d.recreated());
    int both = d.changed().size() + d.unchanged();
    sb.append('\n')
        .append(d.changed().size())
        .append(d.changed().size() == 1 ? " pair" : " pairs")
        .append(" changed, ")
        .append(d.unchanged())
        .append(" unchanged (of ")
        .append(both)
        .append(" in both)");
    if (!d.onlyBefore().isEmpty() || !d.onlyAfter().isEmpty()) {
      sb.append("; ")
          .append(d.onlyBefore().size())
          .append(" only in BEFORE, ")
          .append(d.onlyAfter().size())
          .append(" only in AFTER");
    }
    sb.append('\n');
    for (PairChange c : d.changed()) {
      sb.append('\n').append(c.from()).append(" -> ").append(c.to()).append(": ");
      sb.append(cell(c.before())).append(" -> ").append(cell(c.after())).append('\n');
      if (c.renamed()) {
        sb.append("  in AFTER: ")
            .append(c.fromAfter())
            .append(" -> ")
            .append(c.toAfter())
            .append('\n');
      }
      c.changedBy()
          .ifPresent(
              o ->
                  sb.append("  turned by ")
                      .append(o.location())
                      .append(": ")
                      .append(o.text())
                      .append('\n'));
      if (c.firstDifference().isEmpty()) {
        sb.append("  every decision alike: the verdicts differ by what no decision records\n");
        continue;
      }
      FirstDifference f = c.firstDifference().get();
      sb.append("  first difference, after ")
          .append(f.agreed())
          .append(f.agreed() == 1 ? " decision" : " decisions")
          .append(" alike:\n");
      side(sb, "BEFORE", f.before());
      side(sb, "AFTER ", f.after());
      c.after().fix().ifPresent(x -> sb.append("  fix (AFTER): ").append(x.change()).append('\n'));
    }
    list(sb, "only in BEFORE", d.onlyBefore());
    list(sb, "only in AFTER", d.onlyAfter());
    return sb.toString();
  }

  static String probe(Diff d) {
    var r = d.request();
    String proto =
        r.protocol().map(p -> p.name().toLowerCase(java.util.Locale.ROOT)).orElse("icmp");
    if (proto.equals("icmp") && r.dport().isEmpty()) {
      return r.protocol().isEmpty() && d.toServices() ? "ping (to a Service: its port)" : "ping";
    }
    return proto + " port " + (r.dport().isPresent() ? r.dport().getAsInt() : 80);
  }

  /** {@return a cell's result: the verdict, and for a failure its code and where} */
  static String cell(Cell c) {
    StringBuilder sb = new StringBuilder(c.verdict().name());
    if (c.reason().isPresent() || c.where().isPresent()) {
      sb.append(" (");
      c.reason().ifPresent(r -> sb.append(r.code()));
      c.where().ifPresent(w -> sb.append(c.reason().isPresent() ? " at " : "at ").append(w));
      sb.append(')');
    }
    return sb.toString();
  }

  private static void side(StringBuilder sb, String name, Optional<Decision> d) {
    sb.append("  ").append(name).append(": ");
    if (d.isEmpty()) {
      sb.append("(no further decision: its trace had ended)\n");
      return;
    }
    sb.append(decision(d.get())).append('\n');
    d.get().origin().ifPresent(o -> sb.append("          ").append(origin(o)).append('\n'));
  }

  /** {@return a decision in one line: where, the verb and what was decided} */
  static String decision(Decision d) {
    return d.netns().value()
        + ": "
        + (d.leg() == Decision.Leg.RESPONSE ? "(the answer) " : "")
        + StepText.verb(d.step())
        + " "
        + StepText.describe(d.step());
  }

  static String origin(Origin o) {
    return "(" + o.location() + ": " + o.text() + ")";
  }

  /** The pods matched as one workload under another name or address. */
  private static void recreated(StringBuilder sb, List<Recreated> recreated) {
    if (recreated.isEmpty()) {
      return;
    }
    sb.append("\nrecreated pods, compared as the same workload (")
        .append(recreated.size())
        .append("):\n");
    for (Recreated r : recreated) {
      sb.append("  ").append(r.before());
      r.beforeAddress().ifPresent(a -> sb.append(" (").append(a).append(')'));
      sb.append(" -> ").append(r.after());
      r.afterAddress().ifPresent(a -> sb.append(" (").append(a).append(')'));
      if (r.owner().isEmpty()) {
        sb.append(": the same name, another address\n");
      } else {
        sb.append(": both named after ").append(r.owner().get());
        if (r.replicas() > 1) {
          sb.append(" (").append(r.replicas()).append(" replicas, paired in name order)");
        }
        sb.append('\n');
      }
    }
  }

  private static void list(StringBuilder sb, String title, List<String> pairs) {
    if (pairs.isEmpty()) {
      return;
    }
    sb.append('\n').append(title).append(" (").append(pairs.size()).append("):\n");
    pairs.stream().limit(LISTED).forEach(p -> sb.append("  ").append(p).append('\n'));
    if (pairs.size() > LISTED) {
      sb.append("  ... and ").append(pairs.size() - LISTED).append(" more (-o json lists all)\n");
    }
  }
}
