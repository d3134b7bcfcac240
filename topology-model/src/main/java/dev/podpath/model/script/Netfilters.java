package dev.podpath.model.script;

import dev.podpath.model.build.NetnsBuilder;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.netfilter.parse.RulesetBuilder;

/**
 * The iptables tables and ipsets of a namespace as the interpreter changes them: a {@link
 * RulesetBuilder}, which applies iptables 1.8.9 (nf_tables) and ipset 7.17's rules to each command.
 * A namespace loaded from a snapshot holds its dumped ruleset fixed until a command changes it.
 */
final class Netfilters {

  private Netfilters() {}

  /** The namespace's ruleset as a builder that commands change (made so on first use). */
  static RulesetBuilder changing(NetnsBuilder ns) {
    if (ns.netfilter() instanceof RulesetBuilder b) {
      return b;
    }
    Ruleset loaded = ns.netfilter().build();
    if (!loaded.isKnown()) {
      throw new CommandError(
          "the iptables rules of "
              + ns.name()
              + " are not known (the snapshot did not capture them; podpath lint says why):"
              + " podpath cannot change them");
    }
    RulesetBuilder b = RulesetBuilder.strictFrom(loaded);
    ns.netfilter(b);
    return b;
  }
}
