package dev.podpath.model.netfilter.parse;

import dev.podpath.model.netfilter.RejectWith;
import dev.podpath.model.netfilter.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** REJECT, LOG, NFLOG, MARK, CONNMARK and CT. */
final class Targets {

  private static final List<String> LEVELS =
      List.of("emerg", "alert", "crit", "error", "warning", "notice", "info", "debug");

  private Targets() {}

  static final class Reject extends TargetParser {
    private RejectWith with = RejectWith.ICMP_PORT_UNREACHABLE;

    Reject() {
      super("REJECT");
    }

    @Override
    Map<String, Integer> options() {
      return Map.of("reject-with", 1);
    }

    @Override
    void option(String option, boolean negated, List<String> values) {
      with =
          RejectWith.parse(values.get(0))
              .orElseThrow(
                  () -> IptablesError.parameter("unknown reject type \"" + values.get(0) + "\""));
    }

    @Override
    Target build(RuleContext ctx) {
      return new Target.Reject(with);
    }
  }

  static final class Log extends TargetParser {
    private Optional<String> prefix = Optional.empty();
    private int level = Target.Log.DEFAULT_LEVEL;
    private final List<String> flags = new ArrayList<>();

    Log() {
      super("LOG");
    }

    @Override
    Map<String, Integer> options() {
      return Map.of(
          "log-level",
          1,
          "log-prefix",
          1,
          "log-tcp-sequence",
          0,
          "log-tcp-options",
          0,
          "log-ip-options",
          0,
          "log-uid",
          0,
          "log-macdecode",
          0);
    }

    @Override
    void option(String option, boolean negated, List<String> values) {
      switch (option) {
        case "log-level" -> {
          String v = values.get(0);
          OptionalLong n = Values.number(v);
          if (n.isPresent() && n.getAsLong() <= 7) {
            level = (int) n.getAsLong();
          } else if (LEVELS.contains(v)
              || v.equals("panic")
              || v.equals("warn")
              || v.equals("err")) {
            int k = LEVELS.indexOf(v);
            level = k >= 0 ? k : v.equals("panic") ? 0 : v.equals("err") ? 3 : 4;
          } else {
            throw IptablesError.parameter("log level \"" + v + "\" unknown");
          }
        }
        case "log-prefix" -> prefix = Optional.of(values.get(0));
        default -> flags.add("--" + option);
      }
    }

    @Override
    Target build(RuleContext ctx) {
      return new Target.Log(prefix, level, flags);
    }
  }

  static final class Nflog extends TargetParser {
    private int group;
    private Optional<String> prefix = Optional.empty();
    private OptionalInt size = OptionalInt.empty();
    private int threshold = 1;

    Nflog() {
      super("NFLOG");
    }

    @Override
    Map<String, Integer> options() {
      return Map.of(
          "nflog-group",
          1,
          "nflog-prefix",
          1,
          "nflog-range",
          1,
          "nflog-size",
          1,
          "nflog-threshold",
          1);
    }

    @Override
    void option(String option, boolean negated, List<String> values) {
      String v = values.get(0);
      switch (option) {
        case "nflog-prefix" -> prefix = Optional.of(v);
        case "nflog-group" -> group = (int) Values.u32(v, "NFLOG", "--nflog-group");
        case "nflog-threshold" -> threshold = (int) Values.u32(v, "NFLOG", "--nflog-threshold");
        default -> size = OptionalInt.of((int) Values.u32(v, "NFLOG", "--" + option));
      }
    }

    @Override
    Target build(RuleContext ctx) {
      return new Target.Nflog(group, prefix, size, threshold);
    }
  }

  static final class Mark extends TargetParser {
    private String op;
    private long value;
    private long mask;

    Mark() {
      super("MARK");
    }

    @Override
    Map<String, Integer> options() {
      return Map.of("set-xmark", 1, "set-mark", 1, "and-mark", 1, "or-mark", 1, "xor-mark", 1);
    }

    @Override
    void option(String option, boolean negated, List<String> values) {
      if (op != null) {
        throw together(
            op, option, List.of("set-xmark", "set-mark", "and-mark", "or-mark", "xor-mark"));
      }
      op = option;
      long[] vm =
          option.startsWith("set-")
              ? Values.markMask(values.get(0), name, "--" + option)
              : new long[] {Values.u32(values.get(0), name, "--" + option), 0};
      long all = 0xFFFF_FFFFL;
      switch (option) {
        case "set-xmark" -> {
          value = vm[0];
          mask = vm[1];
        }
        case "set-mark" -> {
          value = vm[0];
          mask = vm[0] | vm[1];
        }
        case "and-mark" -> {
          value = 0;
          mask = ~vm[0] & all;
        }
        case "or-mark" -> {
          value = vm[0];
          mask = vm[0];
        }
        default -> {
          value = vm[0];
          mask = 0;
        }
      }
    }

    @Override
    Target build(RuleContext ctx) {
      if (op == null) {
        throw IptablesError.parameter(
            "MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required");
      }
      return new Target.Mark(value, mask);
    }
  }

  static final class Connmark extends TargetParser {
    private static final long ALL = 0xFFFF_FFFFL;
    private String op;
    private Target.Connmark.Mode mode;
    private long value;
    private long ctmask = ALL;
    private long nfmask = ALL;

    Connmark() {
      super("CONNMARK");
    }

    @Override
    Map<String, Integer> options() {
      return Map.of(
          "set-xmark",
          1,
          "set-mark",
          1,
          "and-mark",
          1,
          "or-mark",
          1,
          "xor-mark",
          1,
          "save-mark",
          0,
          "restore-mark",
          0,
          "nfmask",
          1,
          "ctmask",
          1,
          "mask",
          1);
    }

    @Override
    void option(String option, boolean negated, List<String> values) {
      switch (option) {
        case "nfmask" -> nfmask = Values.u32(values.get(0), name, "--nfmask");
        case "ctmask" -> ctmask = Values.u32(values.get(0), name, "--ctmask");
        case "mask" -> {
          nfmask = Values.u32(values.get(0), name, "--mask");
          ctmask = nfmask;
        }
        case "save-mark", "restore-mark" -> {
          operation(option);
          mode =
              option.equals("save-mark") ? Target.Connmark.Mode.SAVE : Target.Connmark.Mode.RESTORE;
        }
        default -> {
          operation(option);
          mode = Target.Connmark.Mode.SET;
          long[] vm =
              option.startsWith("set-")
                  ? Values.markMask(values.get(0), name, "--" + option)
                  : new long[] {Values.u32(values.get(0), name, "--" + option), 0};
          switch (option) {
            case "set-xmark" -> {
              value = vm[0];
              ctmask = vm[1];
            }
            case "set-mark" -> {
              value = vm[0];
              ctmask = vm[0] | vm[1];
            }
            case "and-mark" -> {
              value = 0;
              ctmask = ~vm[0] & ALL;
            }
            case "or-mark" -> {
              value = vm[0];
              ctmask = vm[0];
            }
            default -> {
              value = vm[0];
              ctmask = 0;
            }
          }
        }
      }
    }

    private void operation(String option) {
      if (op != null) {
        throw together(
            op,
            option,
            List.of(
                "set-xmark",
                "set-mark",
                "and-mark",
                "or-mark",
                "xor-mark",
                "save-mark",
                "restore-mark"));
      }
      op = option;
    }

    @Override
    Target build(RuleContext ctx) {
      if (mode == null) {
        throw IptablesError.parameter("CONNMARK target: No operation specified");
      }
      return new Target.Connmark(mode, value, ctmask, nfmask);
    }
  }

  static final class Ct extends TargetParser {
    private boolean notrack;
    private final List<String> options = new ArrayList<>();

    Ct() {
      super("CT");
    }

    @Override
    Map<String, Integer> options() {
      return Map.of(
          "notrack",
          0,
          "zone",
          1,
          "zone-orig",
          1,
          "zone-reply",
          1,
          "helper",
          1,
          "ctevents",
          1,
          "expevents",
          1,
          "timeout",
          1);
    }

    @Override
    void option(String option, boolean negated, List<String> values) {
      if (option.equals("notrack")) {
        notrack = true;
        return;
      }
      options.add("--" + option);
      options.addAll(values);
    }

    @Override
    Target build(RuleContext ctx) {
      return new Target.Ct(notrack, options);
    }
  }
}
