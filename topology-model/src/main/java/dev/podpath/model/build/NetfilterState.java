package dev.podpath.model.build;

import dev.podpath.model.netfilter.Ruleset;
import java.util.Objects;

/**
 * A namespace's iptables tables and ipsets as its {@link NetnsBuilder} holds them: either changing
 * (the interpreter's {@code RulesetBuilder}, which applies iptables' and ipset's rules to each
 * command) or fixed (a ruleset read from a dump, as the kernel reported it).
 */
public interface NetfilterState {

  /** The ruleset as it stands now. */
  Ruleset build();

  /** A ruleset that no command changes: a dump's, as read. */
  static NetfilterState fixed(Ruleset ruleset) {
    Objects.requireNonNull(ruleset, "ruleset");
    return new Fixed(ruleset);
  }

  /** A ruleset read as the kernel reported it. */
  record Fixed(Ruleset ruleset) implements NetfilterState {
    @Override
    public Ruleset build() {
      return ruleset;
    }
  }
}
