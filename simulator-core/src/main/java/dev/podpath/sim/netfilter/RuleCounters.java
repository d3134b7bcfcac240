package dev.podpath.sim.netfilter;

import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.Counters;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.PolicyCounter;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.topo.NetnsName;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packet and byte counters of every rule and built-in chain policy during a run (bytes of the IP
 * datagram, as {@code iptables -L -v -x} counts them), added to the counters the ruleset was loaded
 * with ({@code iptables-restore -c}).
 *
 * <p>A rule's count belongs to the rule, not to its position: inserting a rule above it does not
 * move its count, and a rule that {@code -Z} zeroed or a restore replaced starts again (it is
 * another {@link Rule} value). A policy's count belongs to its counter's {@link
 * PolicyCounter#generation() life}, and a policy iptables-nft does not count ({@link
 * PolicyCounter#counted()}) stays at what it was loaded with.
 */
final class RuleCounters {

  private record RuleKey(NetnsName ns, NetfilterTable table, String chain, Rule rule) {}

  private record PolicyKey(NetnsName ns, NetfilterTable table, String chain, long generation) {}

  private final Map<RuleKey, long[]> rules = new HashMap<>();
  private final Map<PolicyKey, long[]> policies = new HashMap<>();

  void count(NetnsName ns, NetfilterTable table, String chain, Rule rule, int bytes) {
    add(rules.computeIfAbsent(new RuleKey(ns, table, chain, rule), k -> new long[2]), bytes);
  }

  void countPolicy(NetnsName ns, NetfilterTable table, Chain builtin, int bytes) {
    if (builtin.policyCounter().counted()) {
      add(
          policies.computeIfAbsent(
              new PolicyKey(ns, table, builtin.name(), builtin.policyCounter().generation()),
              k -> new long[2]),
          bytes);
    }
  }

  private static void add(long[] c, int bytes) {
    c[0]++;
    c[1] += bytes;
  }

  /** {@code ruleset} with the live counters added. */
  Ruleset apply(NetnsName ns, Ruleset ruleset) {
    Map<NetfilterTable, Map<String, Chain>> tables = new EnumMap<>(NetfilterTable.class);
    ruleset
        .tables()
        .forEach(
            (table, chains) -> {
              Map<String, Chain> out = new LinkedHashMap<>();
              chains.forEach(
                  (name, chain) -> {
                    List<Rule> counted = new ArrayList<>(chain.rules().size());
                    for (Rule r : chain.rules()) {
                      counted.add(
                          r.withCounters(
                              plus(r.counters(), rules.get(new RuleKey(ns, table, name, r)))));
                    }
                    Counters policy =
                        chain.builtin()
                            ? plus(
                                chain.counters(),
                                policies.get(
                                    new PolicyKey(
                                        ns, table, name, chain.policyCounter().generation())))
                            : chain.counters();
                    out.put(name, chain.with(policy, counted));
                  });
              tables.put(table, out);
            });
    return new Ruleset(tables, ruleset.ipsets(), ruleset.unknown(), ruleset.nft());
  }

  private static Counters plus(Counters base, long[] live) {
    return live == null ? base : new Counters(base.packets() + live[0], base.bytes() + live[1]);
  }
}
