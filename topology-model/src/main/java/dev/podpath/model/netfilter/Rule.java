package dev.podpath.model.netfilter;

import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Objects;

/**
 * One iptables rule: its matches (all must hold), its target, its counters, where it came from, and
 * its text as {@code iptables-save} prints it ({@code -A KUBE-SERVICES -d 10.2.0.1/32 -p tcp ... -j
 * KUBE-SVC-NPX46M4PTMTKRN6Y}, without counters).
 *
 * <p>The text of a rule read from a dump is the dump's line; that of a rule made by a command is
 * rendered from the matches and target, as iptables 1.8.9 (nf_tables) would save it.
 */
public record Rule(
    List<Match> matches, Target target, Counters counters, Origin origin, String text) {

  public Rule {
    matches = List.copyOf(matches);
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(counters, "counters");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(text, "text");
  }

  /** A rule of {@code chain} whose text is rendered as iptables-save prints it. */
  public static Rule of(
      String chain, List<Match> matches, Target target, Counters counters, Origin origin) {
    return new Rule(
        matches, target, counters, origin, IptablesSave.ruleLine(chain, matches, target));
  }

  /** The matches and target as iptables-save prints them, without {@code -A CHAIN}. */
  public String spec() {
    return IptablesSave.spec(matches, target);
  }

  /**
   * Whether a match or the target is kept only as text ({@link Match.NotModelled}, {@link
   * Target.NotModelled}), or the rule could not be read at all ({@link Target.Unreadable}).
   */
  public boolean hasNotModelled() {
    return target instanceof Target.NotModelled
        || target instanceof Target.Unreadable
        || matches.stream().anyMatch(Match.NotModelled.class::isInstance);
  }

  public Rule withCounters(Counters c) {
    return new Rule(matches, target, c, origin, text);
  }

  @Override
  public String toString() {
    return text;
  }
}
