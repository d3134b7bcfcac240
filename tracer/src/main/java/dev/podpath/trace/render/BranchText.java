package dev.podpath.trace.render;

import dev.podpath.sim.netfilter.StatisticPin;
import dev.podpath.trace.Branches;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a branch of {@code --all-branches} is named: its probability and the choices that make it
 * (the statistic rules' and the multipath routes' next hops).
 *
 * <pre>{@code
 * === branch 2 of 3, p=0.333: KUBE-SEP-B ===
 * p=0.500: r: 10.2.0.0/24 nexthop 2
 * }</pre>
 */
public final class BranchText {

  private BranchText() {}

  /** {@return the CLI's heading of branch {@code k} (from 1) of {@code n}} */
  public static String heading(int k, int n, Branches.Branch b) {
    return String.format(
        Locale.ROOT, "=== branch %d of %d, p=%.3f%s ===", k, n, b.probability(), choices(b));
  }

  /** {@return the branch in one line: {@code p=0.500: KUBE-SEP-A, r: 10.2.0.0/24 nexthop 2}} */
  public static String summary(Branches.Branch b) {
    return String.format(Locale.ROOT, "p=%.3f%s", b.probability(), choices(b));
  }

  /** {@code : KUBE-SEP-A, r: 10.2.0.0/24 nexthop 2}, or that the branch met no choice. */
  private static String choices(Branches.Branch b) {
    List<String> all = new ArrayList<>();
    b.pins().stream().map(StatisticPin::toString).forEach(all::add);
    b.nexthops().stream()
        .map(
            h -> h.netns() + ": " + h.destination().toRouteString() + " nexthop " + (h.index() + 1))
        .forEach(all::add);
    return all.isEmpty() ? " (no random choice on the way)" : ": " + String.join(", ", all);
  }
}
