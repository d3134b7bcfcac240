package dev.podpath.gui.trace;

import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.NetnsName;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the "Why / fix" area: the drop, an entry responsible (with the line it came from), a
 * finding on the way, a fix with its reason, or why there is none; each in the words of the
 * tracer's {@code DiagnosisText}.
 *
 * @param detail the fix's reason; empty for the other kinds
 * @param origin the script or dump line of a culprit entry
 * @param netns the namespace of a culprit entry, when it is one of the network's
 */
public record WhyRow(
    Kind kind, String text, String detail, Optional<Origin> origin, Optional<NetnsName> netns) {

  /** What the line is. */
  public enum Kind {
    WHY("why"),
    CULPRIT("culprit"),
    FINDING("finding"),
    FIX("fix"),
    NO_FIX("no fix");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** {@return the word the CLI's text uses for it} */
    public String label() {
      return label;
    }
  }

  public WhyRow {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(netns, "netns");
  }
}
