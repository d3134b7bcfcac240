package dev.podpath.sim.netfilter;

import java.util.Objects;

/**
 * One branch of {@code -m statistic --mode random} rules forced ({@link StatisticChoice.Pinned}):
 * the rules that jump to a chain, or one rule of a chain.
 *
 * <pre>{@code
 * StatisticPin.parse("KUBE-SEP-B")       // new Target("KUBE-SEP-B"): every rule jumping there is chosen
 * StatisticPin.parse("KUBE-SVC-WEB#2")   // new Rule("KUBE-SVC-WEB", 2): that rule is chosen
 * }</pre>
 */
public sealed interface StatisticPin {

  /**
   * The statistic rules that jump or go to {@code chain} match (kube-proxy's {@code KUBE-SEP-...}).
   */
  record Target(String chain) implements StatisticPin {
    public Target {
      Objects.requireNonNull(chain, "chain");
    }

    @Override
    public String toString() {
      return chain;
    }
  }

  /**
   * Rule {@code number} (from 1, as {@code iptables -L --line-numbers}) of {@code chain} matches.
   */
  record Rule(String chain, int number) implements StatisticPin {
    public Rule {
      Objects.requireNonNull(chain, "chain");
      if (number < 1) {
        throw new IllegalArgumentException("rule numbers start at 1: " + number);
      }
    }

    @Override
    public String toString() {
      return chain + "#" + number;
    }
  }

  /**
   * {@code CHAIN#N} is a rule, anything else a target chain; {@link #toString()} writes it back.
   */
  static StatisticPin parse(String text) {
    int hash = text.lastIndexOf('#');
    if (hash > 0
        && hash < text.length() - 1
        && text.substring(hash + 1).chars().allMatch(Character::isDigit)) {
      try {
        int number = Integer.parseInt(text.substring(hash + 1));
        if (number >= 1) {
          return new Rule(text.substring(0, hash), number);
        }
      } catch (NumberFormatException e) {
        // too many digits for a rule number: a chain name
      }
    }
    return new Target(text);
  }
}
