package dev.podpath.sim.netfilter;

import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The branches a chain of {@code -m statistic --mode random} rules can take, with the probability
 * of each: kube-proxy's {@code KUBE-SVC-*} chain with probabilities 1/3, 1/2 and an unconditional
 * last rule gives three branches of 1/3 each.
 *
 * <pre>{@code
 * StatisticBranches.of(svcChain)   // [KUBE-SEP-A #2 p=0.333, KUBE-SEP-B #3 p=0.333, KUBE-SEP-C #4 p=0.333]
 * }</pre>
 *
 * <p>Only random-mode statistic rules and the first rule after them without one are branches; other
 * matches of those rules (a {@code -s}, a mark) are not considered, so a probability is that of the
 * statistic draws alone.
 */
public final class StatisticBranches {

  private StatisticBranches() {}

  /** One way through the chain. */
  public record Branch(int number, Rule rule, Optional<String> targetChain, double probability) {
    /**
     * The pin that forces this branch ({@link StatisticChoice.Pinned}): the target chain, or rule
     * {@code number} of {@code chain}.
     */
    public StatisticPin pin(String chain) {
      return targetChain
          .<StatisticPin>map(StatisticPin.Target::new)
          .orElse(new StatisticPin.Rule(chain, number));
    }
  }

  /** The branches of {@code chain}, in rule order; empty if it has no random statistic rule. */
  public static List<Branch> of(Chain chain) {
    List<Branch> out = new ArrayList<>();
    double remaining = 1.0;
    boolean seen = false;
    for (int i = 0; i < chain.rules().size(); i++) {
      Rule r = chain.rules().get(i);
      Optional<Match.Statistic> st =
          r.matches().stream()
              .filter(Match.Statistic.class::isInstance)
              .map(Match.Statistic.class::cast)
              .filter(s -> s.mode() == Match.Statistic.Mode.RANDOM)
              .findFirst();
      Optional<String> to =
          r.target() instanceof Target.Jump j
              ? Optional.of(j.chain())
              : r.target() instanceof Target.Goto g ? Optional.of(g.chain()) : Optional.empty();
      if (st.isPresent()) {
        double p = st.get().negated() ? 1 - st.get().probability() : st.get().probability();
        out.add(new Branch(i + 1, r, to, remaining * p));
        remaining *= 1 - p;
        seen = true;
      } else if (seen && to.isPresent()) {
        out.add(new Branch(i + 1, r, to, remaining));
        break;
      }
    }
    return seen ? out : List.of();
  }
}
