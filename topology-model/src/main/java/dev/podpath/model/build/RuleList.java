package dev.podpath.model.build;

import dev.podpath.model.errno.Errno;
import dev.podpath.model.route.RoutingRule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A namespace's routing policy database while the script runs ({@code net/core/fib_rules.c}): rules
 * in ascending priority, a new rule placed after those of equal priority.
 */
public final class RuleList {

  private final List<RoutingRule> rules = new ArrayList<>(RoutingRule.defaults());

  /**
   * The kernel's {@code fib_has_custom_rules}: set by any rule change. Until then the local table
   * is merged into main ({@code fib_unmerge}), so a lookup in main also sees local routes.
   */
  private boolean custom;

  /**
   * The rules as a dump shows them, in its order; a list other than the kernel's defaults counts as
   * changed ({@link #custom}).
   */
  public void replay(List<RoutingRule> dumped) {
    rules.clear();
    rules.addAll(dumped);
    List<RoutingRule> defaults = RoutingRule.defaults();
    boolean asDefault = dumped.size() == defaults.size();
    for (int k = 0; asDefault && k < dumped.size(); k++) {
      asDefault =
          dumped.get(k).priority() == defaults.get(k).priority()
              && sameSelectorsAndAction(dumped.get(k), defaults.get(k));
    }
    custom = !asDefault;
  }

  public List<RoutingRule> rules() {
    return List.copyOf(rules);
  }

  public boolean custom() {
    return custom;
  }

  /**
   * The priority the kernel gives a rule added without one ({@code fib_default_rule_pref}): one
   * less than the priority of the second rule, if that is not 0; else 0. With the default rules
   * that is 32765, then 32764, ...
   */
  public int defaultPriority() {
    if (rules.size() >= 2 && rules.get(1).priority() != 0) {
      return rules.get(1).priority() - 1;
    }
    return 0;
  }

  public void add(RoutingRule rule) {
    for (RoutingRule r : rules) {
      if (r.priority() == rule.priority() && sameSelectorsAndAction(r, rule)) {
        throw KernelError.of(Errno.EEXIST);
      }
    }
    if (rule.action() instanceof RoutingRule.Action.Goto g
        && Integer.toUnsignedLong(g.priority()) <= Integer.toUnsignedLong(rule.priority())) {
      throw KernelError.of(Errno.EINVAL, "Backward goto not supported");
    }
    int at = rules.size();
    for (int k = 0; k < rules.size(); k++) {
      if (Integer.toUnsignedLong(rules.get(k).priority())
          > Integer.toUnsignedLong(rule.priority())) {
        at = k;
        break;
      }
    }
    rules.add(at, rule);
    custom = true;
  }

  /** Deletes the first rule {@code match} accepts ({@code ENOENT} when none does). */
  public void delete(Predicate<RoutingRule> match) {
    for (int k = 0; k < rules.size(); k++) {
      if (match.test(rules.get(k))) {
        rules.remove(k);
        custom = true;
        return;
      }
    }
    throw KernelError.of(Errno.ENOENT);
  }

  /** Removes every rule except the defaults' kind ({@code ip rule flush} keeps priority 0). */
  public void flush() {
    rules.removeIf(r -> r.priority() != 0);
    custom = true;
  }

  private static boolean sameSelectorsAndAction(RoutingRule a, RoutingRule b) {
    return a.invert() == b.invert()
        && a.from().equals(b.from())
        && a.to().equals(b.to())
        && a.iif().equals(b.iif())
        && a.oif().equals(b.oif())
        && a.fwmark().equals(b.fwmark())
        && a.action().equals(b.action());
  }
}
