package dev.podpath.model.netfilter.parse;

import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Protocols;
import dev.podpath.model.netfilter.RejectWith;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Target;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The kernel's check of a target against the table and hooks that reach it (DNAT only in nat
 * PREROUTING/OUTPUT, REJECT only in filter INPUT/FORWARD/OUTPUT, ...), made when a rule is added to
 * a chain that a built-in chain reaches, or when a jump makes such a chain reachable. The nf_tables
 * batch then fails with {@code RULE_APPEND failed (Invalid argument)}.
 */
final class HookCheck {

  private HookCheck() {}

  /** The user chain a jump or goto leads to. */
  static Optional<String> jumpTarget(Target t) {
    if (t instanceof Target.Jump j) {
      return Optional.of(j.chain());
    }
    if (t instanceof Target.Goto g) {
      return Optional.of(g.chain());
    }
    return Optional.empty();
  }

  static void check(RulesetBuilder b, NetfilterTable table, String chain, Rule rule, String op) {
    if (rule.target() instanceof Target.Reject r
        && r.with() == RejectWith.TCP_RESET
        && !isTcp(rule)) {
      throw invalid(op, chain);
    }
    Set<Hook> hooks = b.reachingHooks(table, chain);
    if (hooks.isEmpty()) {
      return;
    }
    if (!allowed(rule.target(), table, hooks)) {
      throw invalid(op, chain);
    }
    Set<String> seen = new HashSet<>();
    jumpTarget(rule.target()).ifPresent(user -> checkChain(b, table, user, hooks, seen, op, chain));
  }

  private static void checkChain(
      RulesetBuilder b,
      NetfilterTable table,
      String user,
      Set<Hook> hooks,
      Set<String> seen,
      String op,
      String chain) {
    if (!seen.add(user)) {
      return;
    }
    for (Rule r : b.rulesOf(table, user)) {
      if (!allowed(r.target(), table, hooks)) {
        throw invalid(op, chain);
      }
      Optional<String> next = jumpTarget(r.target());
      if (next.isPresent()) {
        checkChain(b, table, next.get(), hooks, seen, op, chain);
      }
    }
  }

  private static boolean isTcp(Rule rule) {
    return rule.matches().stream()
        .anyMatch(
            m -> m instanceof Match.Protocol p && p.number() == Protocols.TCP && !p.negated());
  }

  private static IptablesError invalid(String op, String chain) {
    return IptablesError.batch(op + " failed (Invalid argument): rule in chain " + chain);
  }

  private static boolean allowed(Target t, NetfilterTable table, Set<Hook> hooks) {
    if (t instanceof Target.Dnat || t instanceof Target.Redirect) {
      return within(table, NetfilterTable.NAT, hooks, EnumSet.of(Hook.PREROUTING, Hook.OUTPUT));
    }
    if (t instanceof Target.Snat) {
      return within(table, NetfilterTable.NAT, hooks, EnumSet.of(Hook.POSTROUTING, Hook.INPUT));
    }
    if (t instanceof Target.Masquerade) {
      return within(table, NetfilterTable.NAT, hooks, EnumSet.of(Hook.POSTROUTING));
    }
    if (t instanceof Target.Reject) {
      return within(
          table, NetfilterTable.FILTER, hooks, EnumSet.of(Hook.INPUT, Hook.FORWARD, Hook.OUTPUT));
    }
    if (t instanceof Target.Notrack || t instanceof Target.Ct) {
      return within(table, NetfilterTable.RAW, hooks, EnumSet.of(Hook.PREROUTING, Hook.OUTPUT));
    }
    return true;
  }

  private static boolean within(
      NetfilterTable table, NetfilterTable wanted, Set<Hook> hooks, Set<Hook> valid) {
    return table == wanted && valid.containsAll(hooks);
  }
}
