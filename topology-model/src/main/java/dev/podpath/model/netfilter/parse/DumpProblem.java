package dev.podpath.model.netfilter.parse;

import java.util.Objects;

/**
 * A line of an {@code iptables-save} dump that {@link RulesetBuilder#load} could not read, and what
 * the loader made of it instead.
 */
public record DumpProblem(NetfilterParseException error, Effect effect) {

  public DumpProblem {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(effect, "effect");
  }

  /** What became of an unreadable line. */
  public enum Effect {
    /**
     * A rule line: its place in its chain is kept ({@link
     * dev.podpath.model.netfilter.Target.Unreadable}).
     */
    RULE_KEPT_PLACE("the rule keeps its place: a packet that reaches it ends not modelled"),
    /** A built-in chain's policy line: the chain ends in an unreadable place. */
    POLICY_UNKNOWN(
        "the chain's policy is unknown: a packet that reaches the end of the chain ends not modelled"),
    /** The dump of a table stops before its COMMIT: the chains it may have cut end unknown. */
    CHAINS_END_UNKNOWN(
        "a packet that reaches the end of a chain whose rules may be missing ends not modelled"),
    /** A table podpath does not know: its whole block is left out. */
    TABLE_SKIPPED("the table is skipped"),
    /** Anything else (a line outside a table, a rule for a chain the table does not have). */
    SKIPPED("skipped");

    private final String text;

    Effect(String text) {
      this.text = text;
    }

    /** What the loader did, for the warning that follows the complaint. */
    public String text() {
      return text;
    }
  }
}
