package dev.podpath.sim.netfilter;

import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.Counters;
import dev.podpath.model.netfilter.NetfilterTable;
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
 * datagram, as {@code iptables -L -v -x} counts them), added to the counters the ruleset was
 * loaded with ({@code iptables-restore -c}).
 */
final class RuleCounters {

  /** A rule ({@code number} from 1) or a chain's policy ({@code number} 0). */
  private record Key(NetnsName ns, NetfilterTable table, String chain, int number) {}

  private final Map<Key, long[]> counts = new HashMap<>();

  void count(NetnsName ns, NetfilterTable table, String chain, int number, int bytes) {
    long[] c = counts.computeIfAbsent(new Key(ns, table, chain, number), k -> new long[2]);
    c[0]++;
    c[1] += bytes;
  }

  /** {@code ruleset} with the live counters added. */
  Ruleset apply(NetnsName ns, Ruleset ruleset) {
    Map<NetfilterTable, Map<String, Chain>> tables = new EnumMap<>(NetfilterTable.class);
    ruleset.tables().forEach((table, chains) -> {
      Map<String, Chain> out = new LinkedHashMap<>();
      chains.forEach((name, chain) -> {
        List<Rule> rules = new ArrayList<>(chain.rules().size());
        for (int i = 0; i < chain.rules().size(); i++) {
          Rule r = chain.rules().get(i);
          rules.add(r.withCounters(plus(r.counters(), counts.get(new Key(ns, table, name, i + 1)))));
        }
        Counters policy = chain.builtin() ? plus(chain.counters(), counts.get(new Key(ns, table, name, 0)))
            : chain.counters();
        out.put(name, new Chain(name, chain.policy(), policy, rules, chain.policyCounted()));
      });
      tables.put(table, out);
    });
    return new Ruleset(tables, ruleset.ipsets());
  }

  private static Counters plus(Counters base, long[] live) {
    return live == null ? base : new Counters(base.packets() + live[0], base.bytes() + live[1]);
  }
}
