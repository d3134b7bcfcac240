package dev.podpath.trace.api;

import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Finding;
import dev.podpath.model.finding.Fix;
import java.util.List;
import java.util.Objects;

/**
 * What podpath answers when a snapshot's trace cannot run because its source is in no dump (a paste
 * that stops at one node or one chain): why no trace ran, and the findings of what was posted that
 * bear on the question ({@link dev.podpath.model.finding.QuestionFindings}: the chain such packets
 * cross on a dumped node, the sysctl that governs their forwarding; then lint's findings of the
 * kinds such packets meet). The verdict is {@code CANNOT TRACE}, never REACHABLE or NOT REACHABLE:
 * no packet was traced, so whether these findings are the whole story podpath cannot tell.
 *
 * <pre>{@code
 * CANNOT TRACE: --from 10.244.1.2: no namespace has that address; what was posted shows a cause:
 * error chain-drops-these-packets: node: if packets from 10.244.1.2 to 8.8.8.8 cross node, ...
 *     evidence: node/iptables-save.txt:4: node: filter :FORWARD DROP
 *     fix: on node: iptables -I FORWARD -s 10.244.1.2 -d 8.8.8.8 -j ACCEPT
 * }</pre>
 *
 * @param reason why no trace ran, as the error says it ({@code --from X: no namespace has that
 *     address})
 * @param bearing the findings that bear on the question, the question's own first
 */
public record Untraced(String reason, List<Finding> bearing) {

  public static final String VERDICT = "CANNOT TRACE";

  public Untraced {
    Objects.requireNonNull(reason, "reason");
    bearing = List.copyOf(bearing);
  }

  /** {@code CANNOT TRACE: REASON; what was posted shows a cause} (or that it shows none). */
  public String headline() {
    return VERDICT
        + ": "
        + reason
        + (bearing.isEmpty()
            ? "; nothing that was posted bears on these packets"
            : "; what was posted shows "
                + (bearing.size() == 1 ? "a cause" : bearing.size() + " causes")
                + " (no packet was traced: podpath cannot tell whether there are others)");
  }

  /** The entries the findings rest on, the question's own first. */
  public List<Evidence> culprit() {
    return bearing.stream().flatMap(f -> f.evidence().stream()).distinct().toList();
  }

  /** The findings' fixes, in order. */
  public List<Fix> fixes() {
    return bearing.stream().flatMap(f -> f.fixes().stream()).distinct().toList();
  }
}
