package dev.podpath.model.finding;

import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.Netns;
import java.util.Optional;

/**
 * How checks cite a {@link RuleWalk.Dropped} verdict: the rule with its line, or the chain's
 * policy.
 */
final class Drops {

  private Drops() {}

  static Evidence evidence(Netns ns, RuleWalk.Dropped d) {
    if (d.rule().isPresent()) {
      Rule r = d.rule().get();
      return Evidence.of(ns.name(), "filter " + r.text(), r.origin());
    }
    Optional<Origin> line =
        ns.netfilter()
            .chain(NetfilterTable.FILTER, d.chain())
            .map(Chain::policyOrigin)
            .filter(o -> !o.isKernel());
    return line.map(o -> Evidence.of(ns.name(), "filter :" + d.chain() + " DROP", o))
        .orElseGet(
            () ->
                Evidence.unplaced(
                    ns.name(),
                    "filter :"
                        + d.chain()
                        + " DROP (the chain's policy; the dump gives no line for it)"));
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
