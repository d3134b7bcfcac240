package dev.podpath.testing;

import dev.podpath.trace.verify.StateComparison;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * State differences between podpath and the kernel that were seen, analysed and not fixed yet, each
 * named exactly (namespace, kind, key) so that a test still fails on any other difference, and on
 * this one once it is gone (then remove it here). docs/kernel-agreement.md lists them with the
 * kernel's reasons.
 */
final class KnownDifferences {

  private KnownDifferences() {}

  /**
   * calico-ipip.sh in Debian's 6.1 kernel (a VM): worker1's unicast ARP re-check of the pod takes
   * its sender address from inet_select_addr, which finds tunl0's 10.244.1.0 first (tunl0 is
   * ifindex 2 in every namespace once ipip is loaded), so the pod ends with a STALE entry for
   * 10.244.1.0; podpath's pod has none.
   */
  private static final Map<String, List<String>> STATE =
      Map.of("calico-ipip.sh", List.of("busybox-sgf8v neigh eth0 10.244.1.0"));

  /** The state differences of {@code sample} that are not known ones. */
  static List<StateComparison.Difference> unknown(
      Path sample, List<StateComparison.Difference> differences) {
    List<String> known = STATE.getOrDefault(sample.getFileName().toString(), List.of());
    return differences.stream().filter(d -> !known.contains(key(d))).toList();
  }

  /** The known differences of {@code sample} that did not show: each must, or leave the list. */
  static List<String> gone(Path sample, List<StateComparison.Difference> differences) {
    List<String> seen = differences.stream().map(KnownDifferences::key).toList();
    return STATE.getOrDefault(sample.getFileName().toString(), List.of()).stream()
        .filter(k -> !seen.contains(k))
        .toList();
  }

  private static String key(StateComparison.Difference d) {
    return d.netns() + " " + d.kind() + " " + d.key();
  }
}
