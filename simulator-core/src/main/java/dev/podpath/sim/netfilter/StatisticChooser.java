package dev.podpath.sim.netfilter;

import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.topo.NetnsName;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The run-time side of {@code -m statistic}: the random draws (seeded, or forced by pins) and the
 * per-rule packet counters of nth mode ({@code xt_statistic}'s {@code master->count}).
 */
final class StatisticChooser {

  /** The result of one statistic match: whether it held, and whether a pin forced it. */
  record Decision(boolean matched, boolean pinned, double probability) {}

  private record NthKey(NetnsName ns, NetfilterTable table, String chain, int number) {}

  private StatisticChoice choice;
  private final SplittableRandom random;
  private final Map<NthKey, Integer> nth = new HashMap<>();

  StatisticChooser(StatisticChoice choice) {
    this.choice = choice;
    this.random = new SplittableRandom(choice.seed());
  }

  /** From now on, decide as {@code next} says (the seeded draws go on where they were). */
  void choose(StatisticChoice next) {
    this.choice = java.util.Objects.requireNonNull(next, "next");
  }

  Decision decide(
      NetnsName ns, NetfilterTable table, Chain chain, int number, Rule rule, Match.Statistic m) {
    if (m.mode() == Match.Statistic.Mode.NTH) {
      // libxt_statistic stores every-1 and starts the count at (every-1)-packet; the kernel
      // matches when the count wraps to 0
      NthKey k = new NthKey(ns, table, chain.name(), number);
      int last = m.every() - 1;
      int count = nth.getOrDefault(k, last - m.packet());
      boolean hit = count == last;
      nth.put(k, hit ? 0 : count + 1);
      return new Decision(hit != m.negated(), false, 1.0 / Math.max(1, m.every()));
    }
    if (choice instanceof StatisticChoice.Pinned p && pinsChain(p, chain)) {
      boolean pinned = isPinned(p, chain.name(), number, rule);
      return new Decision(pinned, true, m.probability());
    }
    long threshold = Math.round(m.probability() * 0x80000000L);
    boolean hit = (random.nextInt() & 0x7FFFFFFF) < threshold;
    return new Decision(hit != m.negated(), false, m.probability());
  }

  /**
   * For an nftables {@code numgen} verdict map whose elements go to {@code targets}: the index of
   * the element whose chain is pinned, if the choice is pinned and one is.
   */
  java.util.Optional<Integer> pinned(java.util.List<String> targets) {
    if (choice instanceof StatisticChoice.Pinned p) {
      for (int i = 0; i < targets.size(); i++) {
        if (p.pins().contains(new StatisticPin.Target(targets.get(i)))) {
          return java.util.Optional.of(i);
        }
      }
    }
    return java.util.Optional.empty();
  }

  /** A random number from 0 to {@code modulus - 1} ({@code numgen random mod N}). */
  long draw(int modulus) {
    return random.nextInt(modulus);
  }

  private static boolean pinsChain(StatisticChoice.Pinned p, Chain chain) {
    for (int i = 0; i < chain.rules().size(); i++) {
      if (isPinned(p, chain.name(), i + 1, chain.rules().get(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPinned(StatisticChoice.Pinned p, String chain, int number, Rule rule) {
    if (p.pins().contains(new StatisticPin.Rule(chain, number))) {
      return true;
    }
    Target t = rule.target();
    String to =
        t instanceof Target.Jump j ? j.chain() : t instanceof Target.Goto g ? g.chain() : null;
    return to != null && p.pins().contains(new StatisticPin.Target(to));
  }
}
