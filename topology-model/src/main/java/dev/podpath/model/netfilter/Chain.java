package dev.podpath.model.netfilter;

import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A chain of one table: a built-in chain (named after its hook, with a policy and the policy's
 * counters) or a user chain (no policy; reaching its end returns to the caller).
 *
 * <pre>{@code
 * Chain.builtin("FORWARD", Policy.DROP, Counters.ZERO, rules)   // Docker's FORWARD
 * Chain.user("KUBE-SERVICES", rules)
 * }</pre>
 *
 * <p>{@code policyCounter}: whether the kernel counts the packets the policy decides, and which
 * life of that counter this is (see {@link PolicyCounter}). With iptables-nft a built-in chain gets
 * counters only when its policy is set ({@code iptables -P}, or a {@code :CHAIN POLICY [p:b]} line
 * of iptables-restore); a chain created implicitly by {@code -A} shows {@code [0:0]} whatever
 * passes (kernel-verified on 6.18, iptables 1.8.9).
 */
public record Chain(
    String name,
    Optional<Policy> policy,
    Counters counters,
    List<Rule> rules,
    PolicyCounter policyCounter,
    Origin policyOrigin) {

  public Chain {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(counters, "counters");
    rules = List.copyOf(rules);
    Objects.requireNonNull(policyCounter, "policyCounter");
    Objects.requireNonNull(policyOrigin, "policyOrigin");
  }

  /** A chain whose policy no line set (the kernel's default, ACCEPT, or a test's). */
  public Chain(
      String name,
      Optional<Policy> policy,
      Counters counters,
      List<Rule> rules,
      PolicyCounter policyCounter) {
    this(name, policy, counters, rules, policyCounter, Origin.KERNEL);
  }

  /** A chain whose policy (if it has one) is counted from the start. */
  public Chain(String name, Optional<Policy> policy, Counters counters, List<Rule> rules) {
    this(name, policy, counters, rules, PolicyCounter.COUNTED);
  }

  /**
   * Equal when name, policy, counters and rules are: the {@link #policyCounter} says how the chain
   * came to exist and which life of its counter this is, and the {@link #policyOrigin} where the
   * policy was set, not what the chain is.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Chain c
        && name.equals(c.name)
        && policy.equals(c.policy)
        && counters.equals(c.counters)
        && rules.equals(c.rules);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, policy, counters, rules);
  }

  public static Chain builtin(String name, Policy policy, Counters counters, List<Rule> rules) {
    return new Chain(name, Optional.of(policy), counters, rules);
  }

  public static Chain user(String name, List<Rule> rules) {
    return new Chain(name, Optional.empty(), Counters.ZERO, rules);
  }

  /** The same chain with other rules and policy counters. */
  public Chain with(Counters policyCounters, List<Rule> newRules) {
    return new Chain(name, policy, policyCounters, newRules, policyCounter, policyOrigin);
  }

  public boolean builtin() {
    return policy.isPresent();
  }

  /** Rule {@code number}, counted from 1 as {@code iptables -L --line-numbers} does. */
  public Optional<Rule> rule(int number) {
    return number >= 1 && number <= rules.size()
        ? Optional.of(rules.get(number - 1))
        : Optional.empty();
  }
}
