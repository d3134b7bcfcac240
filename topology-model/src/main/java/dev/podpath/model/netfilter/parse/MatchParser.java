package dev.podpath.model.netfilter.parse;

import dev.podpath.model.netfilter.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A match module on a rule line; {@link #build} checks it is complete and makes the {@link Match}.
 */
abstract class MatchParser extends ExtensionParser {

  MatchParser(String name) {
    super(name);
  }

  abstract Match build(RuleContext ctx);

  /** Whether any option was given (an empty {@code -m tcp} is legal). */
  boolean given() {
    return true;
  }

  /** The parser for a modelled module, or empty for modules kept as {@link Match.NotModelled}. */
  static Optional<MatchParser> modelled(String module) {
    return Optional.ofNullable(
        switch (module) {
          case "tcp" -> new PortMatches.Tcp();
          case "udp" -> new PortMatches.Udp();
          case "icmp" -> new PortMatches.Icmp();
          case "multiport" -> new PortMatches.Multiport();
          case "conntrack" -> new StateMatches.Conntrack();
          case "state" -> new StateMatches.State();
          case "mark" -> new StateMatches.MarkMatch("mark");
          case "connmark" -> new StateMatches.MarkMatch("connmark");
          case "comment" -> new OtherMatches.Comment();
          case "addrtype" -> new OtherMatches.AddrType();
          case "statistic" -> new OtherMatches.Statistic();
          case "physdev" -> new OtherMatches.Physdev();
          case "set" -> new OtherMatches.SetMatch();
          case "limit" -> new OtherMatches.Limit();
          case "recent" -> new OtherMatches.Recent();
          default -> null;
        });
  }

  /**
   * A module podpath keeps as text: every argument up to the next option of the rule itself goes
   * into it.
   */
  static final class Verbatim extends MatchParser {
    final List<String> args = new ArrayList<>();

    Verbatim(String name) {
      super(name);
    }

    @Override
    Map<String, Integer> options() {
      return Map.of();
    }

    @Override
    void option(String option, boolean negated, List<String> values) {
      throw new AssertionError(option);
    }

    @Override
    Match build(RuleContext ctx) {
      return new Match.NotModelled(name, args);
    }
  }
}
