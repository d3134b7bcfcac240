package dev.podpath.sim.netfilter;

import java.util.Objects;
import java.util.Set;

/**
 * How {@code -m statistic --mode random} rules decide during a run.
 *
 * <ul>
 *   <li>{@link Random}: a seeded pseudo-random draw per packet, as the kernel's {@code
 *       get_random_u32() & 0x7FFFFFFF < p * 2^31}; the same seed gives the same choices, so runs
 *       are repeatable.
 *   <li>{@link Pinned}: the named rules match and the other statistic rules of their chains do not,
 *       so a trace can be forced down one branch ("which endpoint would KUBE-SEP-B give?"). A pin
 *       ({@link StatisticPin}) is a target chain ({@code KUBE-SEP-B}) or a rule ({@code
 *       KUBE-SVC-WEB#2}); chains with no pinned rule still draw at random.
 * </ul>
 *
 * <pre>{@code
 * SimConfig.defaults().withStatistic(StatisticChoice.pinned("KUBE-SEP-B"))
 * }</pre>
 */
public sealed interface StatisticChoice {

  /** The seed of the draws not forced by a pin. */
  long seed();

  /** Seeded draws. */
  record Random(long seed) implements StatisticChoice {}

  /** Forced branches; other chains draw with {@code seed}. */
  record Pinned(Set<StatisticPin> pins, long seed) implements StatisticChoice {
    public Pinned {
      pins = Set.copyOf(Objects.requireNonNull(pins, "pins"));
    }
  }

  static StatisticChoice random(long seed) {
    return new Random(seed);
  }

  /**
   * Pins written as {@link StatisticPin#parse} reads them ({@code KUBE-SEP-B}, {@code
   * KUBE-SVC-WEB#2}).
   */
  static StatisticChoice pinned(String... pins) {
    return new Pinned(
        java.util.Arrays.stream(pins)
            .map(StatisticPin::parse)
            .collect(java.util.stream.Collectors.toSet()),
        1);
  }
}
