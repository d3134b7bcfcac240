package dev.podpath.trace.diagnosis;

import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Finding;
import dev.podpath.model.finding.Fix;
import dev.podpath.model.finding.NetworkFacts;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.Disposition;
import dev.podpath.trace.PacketTrace;
import dev.podpath.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns a failed {@link Trace} into a {@link Diagnosis}: the drop of the request (or else of its
 * response), the entries it points at, the fixes, and the lint findings about the namespaces the
 * failed packet crossed.
 *
 * <pre>{@code
 * Optional<Diagnosis> d = Diagnoser.diagnose(trace, NetworkFacts.scenario(topology), findings);
 * }</pre>
 */
public final class Diagnoser {

  private Diagnoser() {}

  /**
   * The diagnosis of {@code trace}, or empty when it succeeded or no packet was dropped (a request
   * delivered and left unanswered by design).
   *
   * @param findings the network's lint findings ({@code Findings.of(facts)}); those about the
   *     failed packet's namespaces are kept
   */
  public static Optional<Diagnosis> diagnose(
      Trace trace, NetworkFacts facts, List<Finding> findings) {
    if (trace.succeeded()) {
      return Optional.empty();
    }
    Optional<PacketTrace> failed =
        Stream.concat(Stream.of(trace.request()), trace.response().stream())
            .filter(p -> p.disposition() != Disposition.DELIVERED)
            .findFirst();
    if (failed.isEmpty() || failed.get().reason().isEmpty()) {
      return Optional.empty();
    }
    PacketTrace p = failed.get();
    Scene scene = Scene.of(facts, p, trace.probe().dst());
    Remedy remedy = Remedies.of(p.reason().get(), scene);
    List<Finding> related = related(findings, Set.copyOf(scene.path()), remedy.culprit());
    List<Fix> fixes = new ArrayList<>();
    Stream.concat(
            onCulpritLines(related, remedy.culprit()).stream().flatMap(f -> f.fixes().stream()),
            remedy.fixes().stream())
        .filter(x -> fixes.stream().noneMatch(y -> y.change().equals(x.change())))
        .forEach(fixes::add);
    return Optional.of(
        new Diagnosis(
            p.reason().get(),
            remedy.culprit(),
            related,
            fixes,
            fixes.isEmpty() ? remedy.noFix() : Optional.empty()));
  }

  /**
   * The findings resting on one of the culprit's lines (not the kernel's): their fixes are about
   * the same entry, and come first (a lint check sees the whole network, a drop only its path).
   */
  private static List<Finding> onCulpritLines(List<Finding> findings, List<Evidence> culprit) {
    Set<Origin> lines =
        culprit.stream()
            .flatMap(e -> e.origin().stream())
            .filter(o -> !o.isKernel())
            .collect(Collectors.toSet());
    return findings.stream()
        .filter(
            f ->
                f.evidence().stream().anyMatch(e -> e.origin().filter(lines::contains).isPresent()))
        .toList();
  }

  /** At most this many findings are shown with a diagnosis. */
  static final int MAX_RELATED = 3;

  /**
   * The findings about the culprit: those resting on one of its lines first; without such, those
   * about a namespace the culprit is in; without such, those about a namespace of the path.
   */
  static List<Finding> related(
      List<Finding> findings, Set<NetnsName> path, List<Evidence> culprit) {
    List<Finding> same = onCulpritLines(findings, culprit);
    if (!same.isEmpty()) {
      return first(same);
    }
    Set<String> places = culprit.stream().map(Evidence::where).collect(Collectors.toSet());
    List<Finding> near = about(findings, places);
    if (!near.isEmpty()) {
      return first(near);
    }
    return first(
        about(findings, path.stream().map(NetnsName::toString).collect(Collectors.toSet())));
  }

  private static List<Finding> about(List<Finding> findings, Set<String> places) {
    return findings.stream()
        .filter(
            f ->
                places.contains(f.subject())
                    || f.evidence().stream().anyMatch(e -> places.contains(e.where())))
        .toList();
  }

  private static List<Finding> first(List<Finding> f) {
    return f.subList(0, Math.min(MAX_RELATED, f.size()));
  }
}
