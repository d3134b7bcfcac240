package dev.podpath.sim.outcome;

import dev.podpath.model.netfilter.Rule;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One rule a packet met on its way through a table: a rule that matched (a jump, a mark, the
 * verdict), or a {@code -m statistic} rule whose random choice fell the other way. Rules that
 * simply did not match are not listed; {@link #skippedBefore} says how many were passed over.
 *
 * <pre>{@code
 * KUBE-SVC-WEB #2 -A KUBE-SVC-WEB ... -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-A
 *   statistic p=0.333 chosen (branch p=0.333)   [kube.sh:41]
 * }</pre>
 *
 * @param chain the chain the rule is in
 * @param number its position, from 1, as {@code iptables -L --line-numbers} counts
 * @param rule the rule, with its text ({@code iptables -S} form) and origin (file:line)
 * @param matched whether every match held (so the target ran)
 * @param statistic the random or nth decision, for {@code -m statistic} rules
 * @param flags matches podpath treated as matching without simulating them ({@code limit}, {@code
 *     recent})
 * @param skippedBefore rules of this chain passed over (not matching) since the previous listed one
 */
public record NfRuleHit(
    String chain,
    int number,
    Rule rule,
    boolean matched,
    Optional<StatisticDecision> statistic,
    List<String> flags,
    int skippedBefore) {

  public NfRuleHit {
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(statistic, "statistic");
    flags = List.copyOf(flags);
  }

  /**
   * A {@code -m statistic} decision.
   *
   * @param probability the rule's {@code --probability} (random mode), or 1/every (nth mode)
   * @param chosen whether the statistic match held for this packet
   * @param pinned whether the choice was forced by {@code StatisticChoice.pinned}
   * @param branchProbability the probability of the path so far: the product of the earlier
   *     decisions in this traversal and this one
   */
  public record StatisticDecision(
      double probability, boolean chosen, boolean pinned, double branchProbability) {}
}
