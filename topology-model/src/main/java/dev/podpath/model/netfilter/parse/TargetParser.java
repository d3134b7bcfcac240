package dev.podpath.model.netfilter.parse;

import dev.podpath.model.netfilter.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@code -j}/{@code -g} target on a rule line; {@link #build} checks it is complete. */
abstract class TargetParser extends ExtensionParser {

  TargetParser(String name) {
    super(name);
  }

  abstract Target build(RuleContext ctx);

  /** The parser for a modelled target extension or standard verdict, or empty. */
  static Optional<TargetParser> modelled(String name) {
    return Optional.ofNullable(
        switch (name) {
          case "ACCEPT" -> new Fixed(name, new Target.Accept());
          case "DROP" -> new Fixed(name, new Target.Drop());
          case "RETURN" -> new Fixed(name, new Target.Return());
          case "NOTRACK" -> new Fixed(name, new Target.Notrack());
          case "TRACE" -> new Fixed(name, new Target.Trace());
          case "REJECT" -> new Targets.Reject();
          case "LOG" -> new Targets.Log();
          case "NFLOG" -> new Targets.Nflog();
          case "MARK" -> new Targets.Mark();
          case "CONNMARK" -> new Targets.Connmark();
          case "DNAT", "SNAT" -> new NatTargets.Nat(name);
          case "MASQUERADE", "REDIRECT" -> new NatTargets.Ports(name);
          case "CT" -> new Targets.Ct();
          default -> null;
        });
  }

  /** A target without options. */
  static final class Fixed extends TargetParser {
    private final Target target;

    Fixed(String name, Target target) {
      super(name);
      this.target = target;
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
    Target build(RuleContext ctx) {
      return target;
    }
  }

  /** {@code -j CHAIN} or {@code -g CHAIN}. */
  static final class ChainJump extends TargetParser {
    private final boolean isGoto;

    ChainJump(String chain, boolean isGoto) {
      super(chain);
      this.isGoto = isGoto;
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
    Target build(RuleContext ctx) {
      return isGoto ? new Target.Goto(name) : new Target.Jump(name);
    }
  }

  /**
   * A target podpath keeps as text, with every argument up to the next option of the rule itself.
   */
  static final class Verbatim extends TargetParser {
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
    Target build(RuleContext ctx) {
      return new Target.NotModelled(name, args);
    }
  }
}
