package dev.podpath.gui.trace;

import dev.podpath.trace.Trace;
import dev.podpath.trace.diagnosis.Diagnosis;
import java.util.Objects;
import java.util.Optional;

/**
 * A trace the panel can show: the trace, or one branch of {@code --all-branches}, with its
 * diagnosis when it failed.
 *
 * @param label the branch's probability and choices ({@code BranchText}); empty for a single trace
 */
public record ShownTrace(String label, Trace trace, Optional<Diagnosis> diagnosis) {

  public ShownTrace {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(trace, "trace");
    Objects.requireNonNull(diagnosis, "diagnosis");
  }
}
