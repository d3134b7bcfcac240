package dev.podpath.model.netfilter.parse;

import dev.podpath.model.netfilter.Counters;
import dev.podpath.model.netfilter.IptablesSave;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What one iptables command ({@code -A}, {@code -I}, {@code -R}, {@code -D}, {@code -C}, {@code
 * -N}, {@code -X}, {@code -F}, {@code -Z}, {@code -P}, {@code -E}, {@code -L}/{@code -S}) does to a
 * {@link RulesetBuilder}, with iptables' rule-number and rule-matching semantics.
 */
final class RuleCommands {

  private RuleCommands() {}

  /**
   * Applies a parsed command to {@code table}.
   *
   * @param rawText a dump's rule text, kept as the rule's text when the spec makes one rule
   * @param declared names a dump declares later in the table (lenient jumps to them)
   * @param column set to the column of a rule error
   */
  static List<Rule> apply(
      RulesetBuilder b,
      NetfilterTable table,
      CommandLine cl,
      Origin origin,
      Optional<String> rawText,
      Predicate<String> declared,
      int[] column) {
    String chain = cl.chain();
    switch (cl.op()) {
      case NEW_CHAIN -> b.newChain(table, chain);
      case DELETE_CHAIN -> b.deleteChain(table, chain);
      case FLUSH -> b.flush(table, chain);
      case ZERO -> b.zero(table, chain, cl.number());
      case POLICY -> b.policy(table, chain, cl.second(), Optional.empty(), origin);
      case RENAME -> b.rename(table, chain, cl.second());
      case LIST, LIST_RULES -> {
        if (chain != null && !b.exists(table, chain)) {
          throw IptablesError.parameter(
              "chain `" + chain + "' in table `" + table + "' is incompatible, use 'nft' tool.");
        }
      }
      case DELETE -> {
        if (cl.number() > 0) {
          deleteNumber(b, table, chain, cl.number());
        } else {
          for (Rule r : rules(b, table, cl, origin, rawText, declared, column)) {
            deleteSpec(b, table, chain, r, true);
          }
        }
      }
      case CHECK -> {
        for (Rule r : rules(b, table, cl, origin, rawText, declared, column)) {
          deleteSpec(b, table, chain, r, false);
        }
      }
      default -> {
        return addRules(b, table, cl, origin, rawText, declared, column);
      }
    }
    return List.of();
  }

  private static List<Rule> addRules(
      RulesetBuilder b,
      NetfilterTable table,
      CommandLine cl,
      Origin origin,
      Optional<String> rawText,
      Predicate<String> declared,
      int[] column) {
    String chain = cl.chain();
    if (!table.isBuiltin(chain) && !b.exists(table, chain)) {
      throw IptablesError.kernel("No chain/target/match by that name.");
    }
    List<Rule> rules = rules(b, table, cl, origin, rawText, declared, column);
    RulesetBuilder.ChainState c = b.chainOrCreate(table, chain);
    String op =
        switch (cl.op()) {
          case INSERT -> "RULE_INSERT";
          case REPLACE -> "RULE_REPLACE";
          default -> "RULE_APPEND";
        };
    if (b.strict) {
      rules.forEach(r -> HookCheck.check(b, table, chain, r, op));
    }
    switch (cl.op()) {
      case APPEND -> {
        c.rules.addAll(rules);
        b.jumpsAdded(table, chain, rules);
      }
      case INSERT -> {
        int n = cl.number() == 0 ? 1 : cl.number();
        if (n > c.rules.size() + 1) {
          throw IptablesError.kernel("Index of insertion too big.");
        }
        c.rules.addAll(n - 1, rules);
        b.jumpsAdded(table, chain, rules);
      }
      default -> {
        if (c.rules.isEmpty()) {
          throw IptablesError.kernel("No chain/target/match by that name.");
        }
        if (cl.number() > c.rules.size()) {
          throw IptablesError.kernel("Index of replacement too big.");
        }
        if (rules.size() != 1) {
          throw IptablesError.parameter("-R requires exactly one source and destination address");
        }
        c.rules.set(cl.number() - 1, rules.get(0));
        b.reachChanged(table);
      }
    }
    return rules;
  }

  private static List<Rule> rules(
      RulesetBuilder b,
      NetfilterTable table,
      CommandLine cl,
      Origin origin,
      Optional<String> rawText,
      Predicate<String> declared,
      int[] column) {
    RuleSpecParser.Context ctx =
        new RuleSpecParser.Context(
            table,
            cl.chain(),
            b.strict,
            name -> b.isUserChain(table, name) || declared.test(name),
            b.ipsets::exists);
    RuleSpecParser p = new RuleSpecParser(ctx, cl.spec());
    RuleSpecParser.Spec spec;
    try {
      spec = p.parse();
    } catch (IptablesError e) {
      column[0] = p.column();
      throw e;
    }
    Counters counters = spec.counters().orElse(Counters.ZERO);
    Target target = b.shared(spec.target());
    List<Rule> out = new ArrayList<>();
    for (List<Match> ms : spec.matchLists()) {
      ms.replaceAll(b::shared);
      String text =
          rawText.isPresent() && spec.matchLists().size() == 1
              ? rawText.get()
              : IptablesSave.ruleLine(cl.chain(), ms, target);
      out.add(new Rule(ms, target, counters, origin, text));
    }
    return out;
  }

  private static void deleteNumber(
      RulesetBuilder b, NetfilterTable table, String chain, int number) {
    RulesetBuilder.ChainState c =
        b.chain(table, chain)
            .filter(x -> !x.rules.isEmpty())
            .orElseThrow(() -> IptablesError.kernel("No chain/target/match by that name."));
    if (number > c.rules.size()) {
      throw IptablesError.kernel("Index of deletion too big.");
    }
    c.rules.remove(number - 1);
    b.reachChanged(table);
  }

  /** Deletes (or, for {@code -C}, only finds) the first rule with the same specification. */
  private static void deleteSpec(
      RulesetBuilder b, NetfilterTable table, String chain, Rule wanted, boolean delete) {
    RulesetBuilder.ChainState c =
        b.chain(table, chain)
            .orElseThrow(() -> IptablesError.kernel("No chain/target/match by that name."));
    String spec = wanted.spec();
    for (int k = 0; k < c.rules.size(); k++) {
      if (c.rules.get(k).spec().equals(spec)) {
        if (delete) {
          c.rules.remove(k);
          b.reachChanged(table);
        }
        return;
      }
    }
    throw IptablesError.kernel("Bad rule (does a matching rule exist in that chain?).");
  }
}
