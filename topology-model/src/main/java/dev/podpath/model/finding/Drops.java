package dev.podpath.model.finding;

import dev.podpath.model.netfilter.Target;
import dev.podpath.model.topo.Netns;

/**
 * How checks cite a {@link RuleWalk.Dropped} verdict: the rule with its line, or the chain's
 * policy.
 */
final class Drops {

  private Drops() {}

  static Evidence evidence(Netns ns, RuleWalk.Dropped d) {
    return d.rule()
        .map(r -> Evidence.of(ns.name(), "filter " + r.text(), r.origin()))
        .orElseGet(
            () ->
                Evidence.unplaced(
                    ns.name(),
                    "filter :"
                        + d.chain()
                        + " DROP (the chain's policy; the model"
                        + " keeps no line for a policy)"));
  }

  /** {@code the policy DROP of filter FORWARD} or {@code -A INPUT -j REJECT ...}. */
  static String what(RuleWalk.Dropped d) {
    return d.rule().map(r -> "`" + r.text() + "`").orElse("the policy DROP of filter " + d.chain());
  }

  /** What the sender of a dropped packet sees. */
  static String seen(RuleWalk.Dropped d) {
    if (d.rule().isPresent() && d.rule().get().target() instanceof Target.Reject rj) {
      return "the sender gets the REJECT's answer (" + rj.with().keyword() + ")";
    }
    return "the sender's packets vanish (a timeout)";
  }
}
