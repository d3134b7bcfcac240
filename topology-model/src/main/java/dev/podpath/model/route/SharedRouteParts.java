package dev.podpath.model.route;

import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import dev.podpath.model.addr.Prefix;
import java.util.List;

/**
 * One instance of each equal destination and list of next hops, shared by every route that has it.
 * In a cluster's tables most routes repeat: with flannel host-gw, "node j's pod subnet via node j"
 * is in every other node's table, so a 5,000-node snapshot has 25 million routes but only 5,000
 * distinct destinations and next hops. Both readers of routes (a route dump, a script's {@code ip
 * route add}) pass what they make through here. Weak interners: a part no route holds any more is
 * collected; safe from any thread. Measured in docs/benchmarks.md (issue 16: interning).
 */
public final class SharedRouteParts {

  private static final Interner<Prefix> PREFIXES = Interners.newWeakInterner();
  private static final Interner<List<NextHop>> HOPS = Interners.newWeakInterner();

  private SharedRouteParts() {}

  /** The shared instance equal to {@code p}. */
  public static Prefix prefix(Prefix p) {
    return PREFIXES.intern(p);
  }

  /** The shared immutable list equal to {@code hops}. */
  public static List<NextHop> hops(List<NextHop> hops) {
    return HOPS.intern(List.copyOf(hops));
  }
}
