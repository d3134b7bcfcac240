package dev.podpath.model.netfilter.parse;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.AddressType;
import dev.podpath.model.netfilter.Match;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code comment}, {@code addrtype}, {@code statistic}, {@code physdev}, {@code set}, {@code
 * limit}, {@code recent}.
 */
final class OtherMatches {

  private OtherMatches() {}

  static final class Comment extends MatchParser {
    private String text;

    Comment() {
      super("comment");
    }

    @Override
    Map<String, Integer> options() {
      return Map.of("comment", 1);
    }

    @Override
    void option(String option, boolean negated, List<String> values) {
      if (negated) {
        throw noNegation(option);
      }
      if (text != null) {
        throw once(option);
      }
      text = values.get(0);
      if (text.length() > 255) {
        throw IptablesError.parameter("comment: option \"--comment\" value too long");
      }
    }

    @Override
    Match build(RuleContext ctx) {
      if (text == null) {
        throw missing("comment");
      }
      return new Match.Comment(text);
    }
  }

  static final class AddrType extends MatchParser {
    private Set<AddressType> src = Set.of();
    private Set<AddressType> dst = Set.of();
    private boolean srcNegated;
    private boolean dstNegated;
    private boolean limitIn;
    private boolean limitOut;

    AddrType() {
      super("addrtype");
    }

    @Override
    Map<String, Integer> options() {
      return Map.of("src-type", 1, "dst-type", 1, "limit-iface-in", 0, "limit-iface-out", 0);
    }

    @Override
    void option(String option, boolean negated, List<String> values) {
      switch (option) {
        case "src-type" -> {
          src = types(values.get(0));
          srcNegated = negated;
        }
        case "dst-type" -> {
          dst = types(values.get(0));
          dstNegated = negated;
        }
        case "limit-iface-in" -> limitIn = true;
        default -> limitOut = true;
      }
    }

    private static Set<AddressType> types(String text) {
      EnumSet<AddressType> out = EnumSet.noneOf(AddressType.class);
      for (String t : text.split(",")) {
        try {
          out.add(AddressType.valueOf(t.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw IptablesError.parameter("addrtype: bad type \"" + t + "\"");
        }
      }
      return out;
    }

    @Override
    Match build(RuleContext ctx) {
      if (src.isEmpty() && dst.isEmpty()) {
        throw IptablesError.parameter("addrtype: you must specify --src-type or --dst-type");
      }
      if (limitIn && limitOut) {
        throw IptablesError.parameter(
            "addrtype: you can't specify both --limit-iface-in and --limit-iface-out");
      }
      return new Match.AddrType(src, srcNegated, dst, dstNegated, limitIn, limitOut);
    }
  }

  static final class Statistic extends MatchParser {
    private String mode;
    private Double probability;
    private boolean negated;
    private Long every;
    private Long packet;

    Statistic() {
      super("statistic");
    }

    @Override
    Map<String, Integer> options() {
      return Map.of("mode", 1, "probability", 1, "every", 1, "packet", 1);
    }

    @Override
    void option(String option, boolean neg, List<String> values) {
      String v = values.get(0);
      switch (option) {
        case "mode" -> {
          if (!v.equals("random") && !v.equals("nth")) {
            throw IptablesError.parameter("Bad mode \"" + v + "\"");
          }
          mode = v;
        }
        case "probability" -> {
          try {
            probability = Double.parseDouble(v);
          } catch (NumberFormatException e) {
            probability = -1.0;
          }
          if (probability < 0 || probability > 1 || probability.isNaN()) {
            throw IptablesError.parameter(
                "statistic: bad value for option \"--probability\", or out of range (0-1).");
          }
          negated |= neg;
        }
        case "every" -> {
          every = Values.u32(v, "statistic", "--every");
          negated |= neg;
        }
        default -> packet = Values.u32(v, "statistic", "--packet");
      }
    }

    @Override
    Match build(RuleContext ctx) {
      if (mode == null) {
        throw IptablesError.parameter("no mode specified");
      }
      if (mode.equals("random")) {
        if (probability == null) {
          throw IptablesError.parameter("--probability must be specified when using random mode");
        }
        return Match.Statistic.random(probability, negated);
      }
      if (every == null || every == 0) {
        throw IptablesError.parameter("--every must be specified when using nth mode");
      }
      if (packet == null) {
        throw IptablesError.parameter("statistic: option \"--every\" also requires \"--packet\".");
      }
      if (packet >= every) {
        throw IptablesError.parameter("the --packet p must be 0 <= p <= n-1");
      }
      return new Match.Statistic(
          Match.Statistic.Mode.NTH, 0, every.intValue(), packet.intValue(), negated);
    }
  }

  static final class Physdev extends MatchParser {
    private Optional<String> in = Optional.empty();
    private Optional<String> out = Optional.empty();
    private boolean inNegated;
    private boolean outNegated;
    private Optional<Boolean> isIn = Optional.empty();
    private Optional<Boolean> isOut = Optional.empty();
    private Optional<Boolean> isBridged = Optional.empty();

    Physdev() {
      super("physdev");
    }

    @Override
    Map<String, Integer> options() {
      return Map.of(
          "physdev-in",
          1,
          "physdev-out",
          1,
          "physdev-is-in",
          0,
          "physdev-is-out",
          0,
          "physdev-is-bridged",
          0);
    }

    @Override
    void option(String option, boolean negated, List<String> values) {
      switch (option) {
        case "physdev-in" -> {
          in = Optional.of(Values.iface(values.get(0)));
          inNegated = negated;
        }
        case "physdev-out" -> {
          out = Optional.of(Values.iface(values.get(0)));
          outNegated = negated;
        }
        case "physdev-is-in" -> isIn = Optional.of(!negated);
        case "physdev-is-out" -> isOut = Optional.of(!negated);
        default -> isBridged = Optional.of(!negated);
      }
    }

    @Override
    Match build(RuleContext ctx) {
      if (in.isEmpty()
          && out.isEmpty()
          && isIn.isEmpty()
          && isOut.isEmpty()
          && isBridged.isEmpty()) {
        throw IptablesError.parameter("PHYSDEV: no physdev option specified");
      }
      return new Match.Physdev(in, inNegated, out, outNegated, isIn, isOut, isBridged);
    }
  }

  static final class SetMatch extends MatchParser {
    private String set;
    private List<Match.SetMatch.Flag> flags;
    private boolean negated;
    private final List<String> extra = new ArrayList<>();

    SetMatch() {
      super("set");
    }

    @Override
    Map<String, Integer> options() {
      return Map.of(
          "match-set",
          2,
          "return-nomatch",
          0,
          "update-counters",
          0,
          "update-subcounters",
          0,
          "packets-eq",
          1,
          "packets-lt",
          1,
          "packets-gt",
          1,
          "bytes-eq",
          1,
          "bytes-lt",
          1,
          "bytes-gt",
          1);
    }

    @Override
    void option(String option, boolean neg, List<String> values) {
      if (option.equals("match-set")) {
        set = values.get(0);
        flags = new ArrayList<>();
        for (String f : values.get(1).split(",")) {
          if (!f.equals("src") && !f.equals("dst")) {
            throw IptablesError.parameter(
                "You must specify (the comma separated list of) 'src' or 'dst'.");
          }
          flags.add(Match.SetMatch.Flag.valueOf(f.toUpperCase(Locale.ROOT)));
        }
        negated = neg;
        return;
      }
      if (neg) {
        extra.add("!");
      }
      extra.add("--" + option);
      extra.addAll(values);
    }

    @Override
    Match build(RuleContext ctx) {
      if (set == null) {
        throw IptablesError.parameter("You must specify `--match-set' with proper arguments");
      }
      if (ctx.strict() && !ctx.setExists().test(set)) {
        throw IptablesError.parameter("Set " + set + " doesn't exist.");
      }
      return new Match.SetMatch(set, flags, negated, extra);
    }
  }

  static final class Limit extends MatchParser {
    private long period = Match.Limit.SCALE * 3600 / 3;
    private int burst = 5;

    Limit() {
      super("limit");
    }

    @Override
    Map<String, Integer> options() {
      return Map.of("limit", 1, "limit-burst", 1);
    }

    @Override
    void option(String option, boolean negated, List<String> values) {
      String v = values.get(0);
      if (option.equals("limit-burst")) {
        long b = Values.u32(v, "limit", "--limit-burst");
        if (b == 0 || b > 10000) {
          throw IptablesError.parameter(
              "limit: bad value for option \"--limit-burst\", or out of range (0-10000).");
        }
        burst = (int) b;
        return;
      }
      int slash = v.indexOf('/');
      OptionalLong n = Values.number(slash < 0 ? v : v.substring(0, slash));
      long mult = Match.Limit.SCALE;
      if (slash >= 0) {
        String unit = v.substring(slash + 1);
        mult =
            unit.isEmpty()
                ? -1
                : "second".startsWith(unit) || unit.equals("sec")
                    ? Match.Limit.SCALE
                    : "minute".startsWith(unit) || unit.equals("min")
                        ? Match.Limit.SCALE * 60
                        : "hour".startsWith(unit)
                            ? Match.Limit.SCALE * 3600
                            : "day".startsWith(unit) ? Match.Limit.SCALE * 86400 : -1;
      }
      if (n.isEmpty() || n.getAsLong() == 0 || mult < 0) {
        throw IptablesError.parameter("bad rate \"" + v + "\"'");
      }
      period = mult / n.getAsLong();
      if (period == 0) {
        throw IptablesError.parameter("Rate too fast \"" + v + "\"");
      }
    }

    @Override
    Match build(RuleContext ctx) {
      return new Match.Limit(period, burst);
    }
  }

  static final class Recent extends MatchParser {
    private Match.Recent.Mode mode;
    private boolean negated;
    private int seconds;
    private boolean reap;
    private int hitcount;
    private boolean rttl;
    private String set = "DEFAULT";
    private Ipv4Address mask = Ipv4Address.LIMITED_BROADCAST;
    private boolean destination;

    Recent() {
      super("recent");
    }

    @Override
    Map<String, Integer> options() {
      return Map.ofEntries(
          Map.entry("set", 0),
          Map.entry("rcheck", 0),
          Map.entry("update", 0),
          Map.entry("remove", 0),
          Map.entry("seconds", 1),
          Map.entry("reap", 0),
          Map.entry("hitcount", 1),
          Map.entry("rttl", 0),
          Map.entry("name", 1),
          Map.entry("rsource", 0),
          Map.entry("rdest", 0),
          Map.entry("mask", 1));
    }

    @Override
    void option(String option, boolean neg, List<String> values) {
      switch (option) {
        case "set", "rcheck", "update", "remove" -> {
          if (mode != null) {
            throw IptablesError.parameter(
                "recent: only one of `--set', `--rcheck' `--update' or `--remove' may be set");
          }
          mode = Match.Recent.Mode.valueOf(option.toUpperCase(Locale.ROOT));
          negated = neg;
        }
        case "seconds" -> seconds = (int) Values.u32(values.get(0), "recent", "--seconds");
        case "hitcount" -> hitcount = (int) Values.u32(values.get(0), "recent", "--hitcount");
        case "reap" -> reap = true;
        case "rttl" -> rttl = true;
        case "name" -> set = values.get(0);
        case "rsource" -> destination = false;
        case "rdest" -> destination = true;
        default ->
            mask =
                Ipv4Address.tryParse(values.get(0))
                    .orElseThrow(
                        () -> IptablesError.parameter("recent: bad value for option \"--mask\""));
      }
    }

    @Override
    Match build(RuleContext ctx) {
      if (mode == null) {
        throw IptablesError.parameter(
            "recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'");
      }
      return new Match.Recent(mode, negated, seconds, reap, hitcount, rttl, set, mask, destination);
    }
  }
}
