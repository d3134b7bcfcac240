package dev.podpath.trace.diagnosis;

import dev.podpath.model.finding.Evidence;
import dev.podpath.sim.outcome.DropReason;
import java.util.List;

/**
 * Remedies for drops by nftables: a rule's {@code drop} or {@code reject} (or a verdict map's), a
 * base chain's drop policy. The culprit is the rule as written, with its origin; podpath writes no
 * fix command, since nft deletes a rule by its handle, which only the running kernel knows.
 */
final class NftRemedies {

  private NftRemedies() {}

  static Remedy ruleDrop(DropReason.NftRuleDrop r, Scene s) {
    Evidence culprit =
        Evidence.of(
            r.netns(),
            "nft " + r.table() + " chain " + r.chain() + ": " + r.rule().text(),
            r.rule().origin());
    return Remedy.none(
        List.of(culprit),
        "rule #"
            + r.number()
            + " of chain "
            + r.chain()
            + " in table "
            + r.table()
            + (r.reject().isPresent() ? " rejects" : " drops")
            + " this packet; delete it (nft -a list chain "
            + r.table()
            + " "
            + r.chain()
            + " shows its handle, nft delete rule "
            + r.table()
            + " "
            + r.chain()
            + " handle N) or accept this flow in a rule before it");
  }

  static Remedy policyDrop(DropReason.NftPolicyDrop r, Scene s) {
    Evidence culprit =
        Evidence.unplaced(r.netns(), "nft " + r.table() + " chain " + r.chain() + " policy drop");
    return Remedy.none(
        List.of(culprit),
        "no rule of chain "
            + r.chain()
            + " in table "
            + r.table()
            + " accepts this flow and its policy drops it; accept it in a rule of the chain");
  }
}
