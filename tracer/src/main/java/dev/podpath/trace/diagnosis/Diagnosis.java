package dev.podpath.trace.diagnosis;

import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Finding;
import dev.podpath.model.finding.Fix;
import dev.podpath.sim.outcome.DropReason;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a trace failed and what to change: the drop's code and sentence, the entries responsible
 * (each with the file:line it came from), the lint findings that touch the failed packet's path,
 * and one or more fixes, each a command with its reason. A drop no change to the network removes (a
 * traceroute's TTL running out, the edge of what was dumped) has no fix and says why instead.
 *
 * <pre>{@code
 * why: 10.10.3.2 is not answering ARP on enp0s5 of worker1
 *     culprit: samples/gateway-other-segment.sh:71: worker1: 10.10.3.0/24 via 192.168.3.14 dev enp0s5 onlink
 *     fix: ip -n worker1 route del 10.10.3.0/24 via 192.168.3.14 dev enp0s5
 *          why: no host on enp0s5's segment owns 192.168.3.14 ...
 * }</pre>
 *
 * @param reason the drop: its code and sentence are the renderers' to print
 * @param culprit the routes, rules, entries, devices and settings responsible, origins first; an
 *     entry two remedies both name is kept once
 * @param related lint findings about the namespaces the failed packet crossed
 * @param fixes what to change, in the order to try; empty exactly when {@code noFix} is present
 * @param noFix why no change to the network is offered
 */
public record Diagnosis(
    DropReason reason,
    List<Evidence> culprit,
    List<Finding> related,
    List<Fix> fixes,
    Optional<String> noFix) {

  public Diagnosis {
    Objects.requireNonNull(reason, "reason");
    culprit = List.copyOf(new java.util.LinkedHashSet<>(culprit));
    related = List.copyOf(related);
    fixes = List.copyOf(fixes);
    Objects.requireNonNull(noFix, "noFix");
    if (fixes.isEmpty() == noFix.isEmpty()) {
      throw new IllegalArgumentException(
          reason.code() + ": a diagnosis has fixes or says why it has none, not both");
    }
  }
}
