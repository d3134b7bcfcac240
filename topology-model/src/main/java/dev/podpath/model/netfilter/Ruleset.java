package dev.podpath.model.netfilter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The netfilter configuration of one namespace: the iptables tables that exist (with iptables-nft
 * a table exists only once something created it), their chains (built-in chains first, in hook
 * order, then user chains by name, as {@code iptables-save} lists them), and the ipsets.
 *
 * <pre>{@code
 * Ruleset r = IptablesSaveParser.parse(Path.of("master-01.iptables-save"));
 * r.chain(NetfilterTable.NAT, "KUBE-SERVICES").orElseThrow().rules();
 * r.policy(NetfilterTable.FILTER, Hook.FORWARD);      // ACCEPT when the table or chain is absent
 * }</pre>
 */
public record Ruleset(Map<NetfilterTable, Map<String, Chain>> tables, Map<String, IpSet> ipsets) {

  public static final Ruleset EMPTY = new Ruleset(Map.of(), Map.of());

  public Ruleset {
    EnumMap<NetfilterTable, Map<String, Chain>> copy = new EnumMap<>(NetfilterTable.class);
    tables.forEach((t, chains) -> {
      Map<String, Chain> c = new LinkedHashMap<>();
      chains.forEach((name, chain) -> {
        if (!name.equals(chain.name())) {
          throw new IllegalArgumentException("chain " + chain.name() + " filed as " + name);
        }
        c.put(name, chain);
      });
      copy.put(t, Collections.unmodifiableMap(c));
    });
    tables = Collections.unmodifiableMap(copy);
    ipsets = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(ipsets, "ipsets")));
  }

  public boolean hasTable(NetfilterTable table) {
    return tables.containsKey(table);
  }

  /** The chains of {@code table} in iptables-save order; empty if the table does not exist. */
  public List<Chain> chains(NetfilterTable table) {
    return List.copyOf(tables.getOrDefault(table, Map.of()).values());
  }

  public Optional<Chain> chain(NetfilterTable table, String name) {
    return Optional.ofNullable(tables.getOrDefault(table, Map.of()).get(name));
  }

  /** The built-in chain of {@code table} at {@code hook}, if the table exists and has that hook. */
  public Optional<Chain> builtin(NetfilterTable table, Hook hook) {
    return chain(table, hook.name()).filter(Chain::builtin);
  }

  /** The policy of a built-in chain; ACCEPT when the table or chain does not exist (nothing filters). */
  public Policy policy(NetfilterTable table, Hook hook) {
    return builtin(table, hook).flatMap(Chain::policy).orElse(Policy.ACCEPT);
  }

  public Optional<IpSet> ipset(String name) {
    return Optional.ofNullable(ipsets.get(name));
  }

  /** Whether there is no table and no set at all (a fresh namespace). */
  public boolean isEmpty() {
    return tables.isEmpty() && ipsets.isEmpty();
  }

  /** Every rule of every table, in iptables-save order. */
  public List<Rule> rules() {
    List<Rule> out = new ArrayList<>();
    tables.values().forEach(chains -> chains.values().forEach(c -> out.addAll(c.rules())));
    return out;
  }

  /** The rules with a match or target podpath keeps only as text. */
  public List<Rule> notModelled() {
    return rules().stream().filter(Rule::hasNotModelled).toList();
  }
}
