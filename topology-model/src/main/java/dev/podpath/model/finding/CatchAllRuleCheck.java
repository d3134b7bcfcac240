package dev.podpath.model.finding;

import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A DROP or REJECT of every packet (no match but comments) in filter INPUT or FORWARD with rules
 * after it: those rules are never reached. An error when one of them jumps to a chain (kube-proxy's
 * KUBE-FORWARD, a CNI's chain, Docker's) or accepts: a firewall reload put its catch-all in front
 * of rules that something else added.
 */
final class CatchAllRuleCheck implements Check {

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    List<Finding> out = new ArrayList<>();
    Shell shell = new Shell(facts);
    for (Netns ns : facts.topology().netnsList()) {
      if (!ns.netfilter().isKnown()) {
        continue;
      }
      for (Hook hook : List.of(Hook.INPUT, Hook.FORWARD)) {
        Optional<Chain> chain = ns.netfilter().builtin(NetfilterTable.FILTER, hook);
        if (chain.isEmpty()) {
          continue;
        }
        List<Rule> rules = chain.get().rules();
        for (int i = 0; i < rules.size() - 1; i++) {
          Rule r = rules.get(i);
          boolean catchAll =
              (r.target() instanceof Target.Drop || r.target() instanceof Target.Reject)
                  && r.matches().stream().allMatch(Match.Comment.class::isInstance);
          if (!catchAll) {
            continue;
          }
          List<Rule> dead = rules.subList(i + 1, rules.size());
          List<Rule> important =
              dead.stream()
                  .filter(
                      d ->
                          d.target() instanceof Target.Jump
                              || d.target() instanceof Target.Goto
                              || d.target() instanceof Target.Accept)
                  .toList();
          List<Evidence> ev = new ArrayList<>();
          ev.add(Evidence.of(ns.name(), "filter " + r.text(), r.origin()));
          (important.isEmpty() ? dead : important)
              .forEach(d -> ev.add(Evidence.of(ns.name(), "filter " + d.text(), d.origin())));
          out.add(
              new Finding(
                  Code.RULES_AFTER_CATCH_ALL,
                  important.isEmpty() ? Severity.WARNING : Severity.ERROR,
                  ns.name().toString(),
                  "rule "
                      + (i + 1)
                      + " of filter "
                      + hook
                      + " (`"
                      + r.text()
                      + "`) "
                      + (r.target() instanceof Target.Drop ? "drops" : "rejects")
                      + " every packet that reaches it, so the "
                      + dead.size()
                      + " rule"
                      + (dead.size() == 1 ? "" : "s")
                      + " after it never run"
                      + (important.isEmpty()
                          ? "."
                          : ", among them "
                              + String.join(
                                  ", ",
                                  important.stream()
                                      .map(d -> "`" + d.text() + "`")
                                      .limit(3)
                                      .toList())
                              + (important.size() > 3 ? " ..." : "")
                              + "."),
                  ev,
                  List.of(
                      new Fix(
                          shell.execAll(
                              ns.name(),
                              "iptables -D " + hook + " " + r.spec(),
                              "iptables -A " + hook + " " + r.spec()),
                          "moves the catch-all to the end of "
                              + hook
                              + ", after the rules it hides (a host firewall reloaded"
                              + " after kube-proxy, Docker or the CNI added theirs puts it first; restarting them re-adds"
                              + " their rules on top)"))));
          break;
        }
      }
    }
    return out;
  }
}
