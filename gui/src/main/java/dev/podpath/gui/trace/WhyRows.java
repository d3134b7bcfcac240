package dev.podpath.gui.trace;

import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Finding;
import dev.podpath.model.finding.Fix;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.trace.diagnosis.Diagnosis;
import dev.podpath.trace.render.DiagnosisText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The "Why / fix" lines of a diagnosis, in the CLI's order and words ({@link DiagnosisText}). */
public final class WhyRows {

  private WhyRows() {}

  public static List<WhyRow> of(Diagnosis d, Topology t) {
    List<WhyRow> out = new ArrayList<>();
    out.add(row(WhyRow.Kind.WHY, DiagnosisText.why(d), "", Optional.empty(), Optional.empty()));
    for (Evidence e : d.culprit()) {
      out.add(
          row(
              WhyRow.Kind.CULPRIT,
              DiagnosisText.culprit(e, UnaryOperator.identity()),
              "",
              e.origin().filter(o -> !o.isKernel()),
              netns(t, e.where())));
    }
    for (Finding f : d.related()) {
      out.add(
          row(
              WhyRow.Kind.FINDING,
              DiagnosisText.finding(f),
              "",
              f.evidence().stream().flatMap(e -> e.origin().stream()).findFirst(),
              Optional.empty()));
    }
    for (Fix x : d.fixes()) {
      out.add(row(WhyRow.Kind.FIX, x.change(), x.why(), Optional.empty(), Optional.empty()));
    }
    d.noFix()
        .ifPresent(
            n -> out.add(row(WhyRow.Kind.NO_FIX, n, "", Optional.empty(), Optional.empty())));
    return List.copyOf(out);
  }

  /** The namespaces the culprit entries belong to, each once, in their order. */
  public static List<NetnsName> culpritNamespaces(List<WhyRow> rows) {
    return rows.stream()
        .filter(r -> r.kind() == WhyRow.Kind.CULPRIT)
        .flatMap(r -> r.netns().stream())
        .distinct()
        .toList();
  }

  private static WhyRow row(
      WhyRow.Kind k, String text, String detail, Optional<Origin> o, Optional<NetnsName> n) {
    return new WhyRow(k, text, detail, o, n);
  }

  /** The evidence's {@code where} when it names a namespace of the network. */
  private static Optional<NetnsName> netns(Topology t, String where) {
    try {
      NetnsName n = NetnsName.of(where);
      return t.netns(n).map(x -> n);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
