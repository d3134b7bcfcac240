package dev.podpath.trace.render;

import dev.podpath.sim.net.NexthopPin;
import dev.podpath.trace.Branches;
import dev.podpath.trace.NextHopAnswers;
import dev.podpath.trace.ProbeAnswer;
import java.util.List;
import java.util.stream.Collectors;

/**
 * ECMP as a named nondeterminism: the verdict through each next hop of a multipath route, in one
 * line, for {@code probes}, {@code trace --brief} and {@code verify}.
 *
 * <pre>{@code
 * ECMP: the kernel hashes the flow with a per-boot key: next hop 1 REACHABLE, next hop 2 NOT REACHABLE
 * ECMP: REACHABLE through each of the 2 next hops
 * }</pre>
 */
public final class NextHopText {

  /** What every differing line starts with. */
  public static final String HASHED = "ECMP: the kernel hashes the flow with a per-boot key: ";

  private NextHopText() {}

  /** The verdict of a ping or connect answer, as {@code --brief} words it. */
  public static String verdict(ProbeAnswer a) {
    return a.trace().map(t -> a.notModelled() ? "UNKNOWN" : Verdicts.result(t)).orElse("UNKNOWN");
  }

  /** Whether the next hops lead to different verdicts. */
  public static boolean differ(NextHopAnswers n) {
    return n.branches().stream().map(b -> verdict(b.answer())).distinct().count() > 1;
  }

  /** Whether trace's branches lead to different verdicts. */
  public static boolean differ(List<Branches.Branch> branches) {
    return branches.stream().map(b -> Verdicts.result(b.trace())).distinct().count() > 1;
  }

  /** The line for a probe: each next hop's verdict, or the one verdict they share. */
  public static String line(NextHopAnswers n) {
    if (differ(n)) {
      return HASHED
          + n.branches().stream()
              .map(b -> label(b.nexthops()) + " " + verdict(b.answer()))
              .collect(Collectors.joining(", "));
    }
    return "ECMP: "
        + verdict(n.branches().get(0).answer())
        + " through each of the "
        + n.branches().size()
        + " next hops";
  }

  /** The line for a trace's next-hop branches ({@link Branches#nextHops}), at least two. */
  public static String line(List<Branches.Branch> branches) {
    if (differ(branches)) {
      return HASHED
          + branches.stream()
              .map(b -> label(b.nexthops()) + " " + Verdicts.result(b.trace()))
              .collect(Collectors.joining(", "));
    }
    return "ECMP: "
        + Verdicts.result(branches.get(0).trace())
        + " through each of the "
        + branches.size()
        + " next hops";
  }

  /**
   * A branch's name: {@code next hop 2} (from 1, as {@code ip route} lists them), or with several
   * multipath routes on the way {@code next hop 2 in r + next hop 1 in s}.
   */
  public static String label(List<NexthopPin> pins) {
    if (pins.size() == 1) {
      return "next hop " + (pins.get(0).index() + 1);
    }
    return pins.stream()
        .map(p -> "next hop " + (p.index() + 1) + " in " + p.netns())
        .collect(Collectors.joining(" + "));
  }
}
