package dev.podpath.model.netfilter.parse;

import dev.podpath.model.netfilter.CtState;
import dev.podpath.model.netfilter.CtStatus;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.Match.Conntrack.Criterion;
import dev.podpath.model.netfilter.Match.Conntrack.Tuple;
import dev.podpath.model.netfilter.PortRange;
import dev.podpath.model.netfilter.Protocols;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/** {@code -m conntrack}, {@code -m state}, {@code -m mark} and {@code -m connmark}. */
final class StateMatches {

  private StateMatches() {}

  static Set<CtState> states(String text, boolean conntrack, String what) {
    EnumSet<CtState> out = EnumSet.noneOf(CtState.class);
    for (String s : text.split(",")) {
      CtState st = null;
      for (CtState c : CtState.values()) {
        if (c.name().equals(s) && (conntrack || (c != CtState.SNAT && c != CtState.DNAT))) {
          st = c;
        }
      }
      if (st == null) {
        throw IptablesError.parameter("Bad " + what + " \"" + s + "\"");
      }
      out.add(st);
    }
    return out;
  }

  static final class Conntrack extends MatchParser {
    private final List<Criterion> criteria = new ArrayList<>();

    Conntrack() {
      super("conntrack");
    }

    @Override
    Map<String, Integer> options() {
      return Map.ofEntries(
          Map.entry("ctstate", 1),
          Map.entry("ctproto", 1),
          Map.entry("ctorigsrc", 1),
          Map.entry("ctorigdst", 1),
          Map.entry("ctreplsrc", 1),
          Map.entry("ctrepldst", 1),
          Map.entry("ctorigsrcport", 1),
          Map.entry("ctorigdstport", 1),
          Map.entry("ctreplsrcport", 1),
          Map.entry("ctrepldstport", 1),
          Map.entry("ctstatus", 1),
          Map.entry("ctexpire", 1),
          Map.entry("ctdir", 1));
    }

    @Override
    void option(String option, boolean negated, List<String> values) {
      String v = values.get(0);
      if (criteria.stream().anyMatch(c -> c.order() == order(option))) {
        throw once(option);
      }
      criteria.add(
          switch (option) {
            case "ctstate" -> new Match.Conntrack.States(states(v, true, "ctstate"), negated);
            case "ctproto" ->
                new Match.Conntrack.Proto(
                    Protocols.parse(v)
                        .orElseThrow(
                            () ->
                                IptablesError.parameter(
                                    "unknown protocol \"" + v + "\" specified")),
                    negated);
            case "ctstatus" -> new Match.Conntrack.Status(statuses(v), negated);
            case "ctexpire" -> expire(v, negated);
            case "ctdir" -> {
              if (negated) {
                throw noNegation(option);
              }
              if (!v.equalsIgnoreCase("ORIGINAL") && !v.equalsIgnoreCase("REPLY")) {
                throw IptablesError.parameter("Unknown --ctdir \"" + v + "\"");
              }
              yield new Match.Conntrack.Direction(v.equalsIgnoreCase("REPLY"));
            }
            default ->
                option.endsWith("port")
                    ? new Match.Conntrack.Port(
                        tuple(option.substring(0, option.length() - 4)), ctPorts(v), negated)
                    : new Match.Conntrack.Address(tuple(option), Values.prefix(v), negated);
          });
    }

    private static int order(String option) {
      return switch (option) {
        case "ctstate" -> 0;
        case "ctproto" -> 1;
        case "ctstatus" -> 10;
        case "ctexpire" -> 11;
        case "ctdir" -> 12;
        default -> (option.endsWith("port") ? 6 : 2) + tuple(option.replace("port", "")).ordinal();
      };
    }

    private static Tuple tuple(String option) {
      return Tuple.valueOf(option.substring(2).toUpperCase(java.util.Locale.ROOT));
    }

    private static PortRange ctPorts(String v) {
      return Values.portRange(v);
    }

    private static Set<CtStatus> statuses(String text) {
      EnumSet<CtStatus> out = EnumSet.noneOf(CtStatus.class);
      for (String s : text.split(",")) {
        try {
          out.add(CtStatus.valueOf(s));
        } catch (IllegalArgumentException e) {
          throw IptablesError.parameter("Bad ctstatus \"" + s + "\"");
        }
      }
      return out;
    }

    private static Criterion expire(String v, boolean negated) {
      int colon = v.indexOf(':');
      OptionalLong lo = Values.number(colon < 0 ? v : v.substring(0, colon));
      OptionalLong hi = colon < 0 ? lo : Values.number(v.substring(colon + 1));
      if (lo.isEmpty() || hi.isEmpty() || lo.getAsLong() > hi.getAsLong()) {
        throw IptablesError.parameter("conntrack: bad value for option \"--ctexpire\"");
      }
      return new Match.Conntrack.Expire(lo.getAsLong(), hi.getAsLong(), negated);
    }

    @Override
    Match build(RuleContext ctx) {
      if (criteria.isEmpty()) {
        throw IptablesError.parameter("conntrack: At least one option is required");
      }
      return new Match.Conntrack(criteria);
    }
  }

  static final class State extends MatchParser {
    private Match.State state;

    State() {
      super("state");
    }

    @Override
    Map<String, Integer> options() {
      return Map.of("state", 1);
    }

    @Override
    void option(String option, boolean negated, List<String> values) {
      if (state != null) {
        throw once(option);
      }
      state = new Match.State(states(values.get(0), false, "state"), negated);
    }

    @Override
    Match build(RuleContext ctx) {
      if (state == null) {
        throw missing("state");
      }
      return state;
    }
  }

  /** {@code -m mark --mark} and {@code -m connmark --mark}. */
  static final class MarkMatch extends MatchParser {
    private long[] valueMask;
    private boolean negated;

    MarkMatch(String name) {
      super(name);
    }

    @Override
    Map<String, Integer> options() {
      return Map.of("mark", 1);
    }

    @Override
    void option(String option, boolean neg, List<String> values) {
      if (valueMask != null) {
        throw once(option);
      }
      valueMask = Values.markMask(values.get(0), name, "--mark");
      negated = neg;
    }

    @Override
    Match build(RuleContext ctx) {
      if (valueMask == null) {
        throw missing("mark");
      }
      return name.equals("mark")
          ? new Match.Mark(valueMask[0], valueMask[1], negated)
          : new Match.Connmark(valueMask[0], valueMask[1], negated);
    }
  }
}
