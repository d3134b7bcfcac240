package dev.podpath.trace.diagnosis;

import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Fix;
import java.util.List;
import java.util.Optional;

/**
 * What one drop reason points at and what removes it: the culprit entries and either fixes or the
 * reason there is none. {@link Diagnoser} adds the findings along the path.
 */
record Remedy(List<Evidence> culprit, List<Fix> fixes, Optional<String> noFix) {

  Remedy {
    culprit = List.copyOf(culprit);
    fixes = List.copyOf(fixes);
    if (fixes.isEmpty() == noFix.isEmpty()) {
      throw new IllegalArgumentException("a remedy has fixes or says why it has none");
    }
  }

  static Remedy fixes(List<Evidence> culprit, Fix first, Fix... more) {
    List<Fix> all = new java.util.ArrayList<>();
    all.add(first);
    all.addAll(List.of(more));
    return new Remedy(culprit, all, Optional.empty());
  }

  static Remedy fixes(List<Evidence> culprit, List<Fix> fixes) {
    return new Remedy(culprit, fixes, Optional.empty());
  }

  static Remedy none(List<Evidence> culprit, String why) {
    return new Remedy(culprit, List.of(), Optional.of(why));
  }
}
