package dev.podpath.trace.diagnosis;

import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Fix;
import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Remedies for drops by iptables: a DROP or REJECT rule, a chain's DROP policy. */
final class FirewallRemedies {

  private FirewallRemedies() {}

  static Remedy ruleDrop(DropReason.RuleDrop r, Scene s) {
    return rule(r.netns(), r.table(), r.chain(), r.number(), r.rule(), "drops", s);
  }

  static Remedy ruleReject(DropReason.RuleReject r, Scene s) {
    return rule(r.netns(), r.table(), r.chain(), r.number(), r.rule(), "rejects", s);
  }

  private static Remedy rule(
      NetnsName ns,
      NetfilterTable table,
      String chain,
      int number,
      Rule rule,
      String does,
      Scene s) {
    Evidence culprit = Evidence.of(ns, "iptables -t " + table + " " + rule.text(), rule.origin());
    List<Fix> fixes = new ArrayList<>();
    fixes.add(
        new Fix(
            s.shell().exec(ns, "iptables -t " + table + " -D " + chain + " " + rule.spec()),
            "rule #" + number + " of " + table + " " + chain + " " + does + " this packet"));
    accept(s, ns, table, chain)
        .ifPresent(
            a ->
                fixes.add(
                    new Fix(
                        s.shell()
                            .exec(
                                ns,
                                "iptables -t " + table + " -I " + chain + " " + number + " " + a),
                        "or keep the rule and let this flow through before it")));
    return Remedy.fixes(List.of(culprit), fixes);
  }

  static Remedy policyDrop(DropReason.PolicyDrop r, Scene s) {
    Optional<Chain> chain =
        s.topology()
            .netns(r.netns())
            .flatMap(n -> Optional.ofNullable(n.netfilter().tables().get(r.table())))
            .flatMap(t -> Optional.ofNullable(t.get(r.chain())));
    String entry =
        "iptables -t "
            + r.table()
            + " -P "
            + r.chain()
            + " DROP"
            + chain
                .map(c -> " (" + c.rules().size() + " rules before it, none accepted the packet)")
                .orElse("");
    Evidence culprit =
        chain
            .map(Chain::policyOrigin)
            .filter(o -> !o.isKernel())
            .map(o -> Evidence.of(r.netns(), entry, o))
            .orElse(Evidence.unplaced(r.netns(), entry));
    List<Fix> fixes = new ArrayList<>();
    accept(s, r.netns(), r.table(), r.chain())
        .ifPresent(
            a ->
                fixes.add(
                    new Fix(
                        s.shell()
                            .exec(
                                r.netns(),
                                "iptables -t " + r.table() + " -A " + r.chain() + " " + a),
                        "no rule of "
                            + r.chain()
                            + " accepts this flow and the policy drops it; accept it explicitly"
                            + " (Docker sets FORWARD's policy to DROP and accepts only its own"
                            + " bridges)")));
    fixes.add(
        new Fix(
            s.shell().exec(r.netns(), "iptables -t " + r.table() + " -P " + r.chain() + " ACCEPT"),
            "or open the chain: every packet no rule drops then passes"));
    return Remedy.fixes(List.of(culprit), fixes);
  }

  /**
   * The match that accepts the failed packet's flow where the table last saw it: the devices it
   * used there and its addresses ({@code -i cni0 -o eth0 -s A -d B -j ACCEPT}).
   */
  private static Optional<String> accept(
      Scene s, NetnsName ns, NetfilterTable table, String chain) {
    Optional<Step.Netfilter> at =
        s.steps().stream()
            .filter(Step.Netfilter.class::isInstance)
            .map(Step.Netfilter.class::cast)
            .filter(n -> n.netns().equals(ns) && n.table() == table)
            .reduce((a, b) -> b);
    Optional<Ipv4Packet> p = at.map(Step.Netfilter::before).or(s::packet);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    at.map(Step.Netfilter::in)
        .filter(i -> !i.isEmpty())
        .ifPresent(i -> sb.append("-i ").append(i).append(' '));
    at.map(Step.Netfilter::out)
        .filter(o -> !o.isEmpty())
        .ifPresent(o -> sb.append("-o ").append(o).append(' '));
    sb.append("-s ")
        .append(p.get().src())
        .append(" -d ")
        .append(p.get().dst())
        .append(" -j ACCEPT");
    return Optional.of(sb.toString());
  }

  static Remedy netfilterUnknown(DropReason.NetfilterUnknown r, Scene s) {
    return Remedy.none(
        List.of(Evidence.unplaced(r.netns(), r.why().explain())),
        "the rules of "
            + r.netns()
            + " were not dumped, so podpath cannot tell what they do: collect iptables-save -c"
            + " there (podpath collect, as root) and trace again");
  }
}
