package dev.podpath.model.netfilter.parse;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a rule's extensions may check when they are built: the rule's {@code -p}, and whether the
 * rule is read strictly (a command or restore file run as iptables 1.8.9 would) or from a dump of
 * another machine.
 *
 * @param protocol the {@code -p} number, empty when none was given
 * @param protocolNegated {@code ! -p}
 * @param strict whether unknown extensions and missing sets are errors
 * @param setExists whether an ipset of that name exists (checked only when strict)
 */
record RuleContext(
    Optional<Integer> protocol,
    boolean protocolNegated,
    boolean strict,
    Predicate<String> setExists) {

  /** Whether {@code -p N} was given without {@code !}. */
  boolean is(int number) {
    return protocol.isPresent() && protocol.get() == number && !protocolNegated;
  }
}
