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
 * The netfilter configuration of one namespace: the iptables tables that exist (with iptables-nft a
 * table exists only once something created it), their chains (built-in chains first, in hook order,
 * then user chains by name, as {@code iptables-save} lists them), and the ipsets.
 *
 * <pre>{@code
 * Ruleset r = IptablesSaveParser.parse(Path.of("master-01.iptables-save"));
 * r.chain(NetfilterTable.NAT, "KUBE-SERVICES").orElseThrow().rules();
 * r.policy(NetfilterTable.FILTER, Hook.FORWARD);      // ACCEPT when the table or chain is absent
 * }</pre>
 *
 * <p>A snapshot whose collector could not dump a namespace's rules gives a ruleset that is {@link
 * #unknown}: what a hook there does to a packet cannot be told, and the simulator says so
 * (NOT_MODELLED) instead of taking the rules as absent.
 *
 * @param unknown why the rules are not known, when they are not (the tables then hold what was
 *     read, if anything, and must not be taken as the namespace's whole configuration)
 * @param nft the namespace's native nftables tables ({@code nft} commands, {@code nft list
 *     ruleset}); iptables-nft's own tables are the {@link #tables} above
 */
public record Ruleset(
    Map<NetfilterTable, Map<String, Chain>> tables,
    Map<String, IpSet> ipsets,
    Optional<RulesUnknown> unknown,
    Nftables nft) {

  public static final Ruleset EMPTY = new Ruleset(Map.of(), Map.of());

  /** Rules that are known: the tables and sets are the namespace's whole configuration. */
  public Ruleset(Map<NetfilterTable, Map<String, Chain>> tables, Map<String, IpSet> ipsets) {
    this(tables, ipsets, Optional.empty());
  }

  /** iptables' tables and ipsets, without native nftables tables. */
  public Ruleset(
      Map<NetfilterTable, Map<String, Chain>> tables,
      Map<String, IpSet> ipsets,
      Optional<RulesUnknown> unknown) {
    this(tables, ipsets, unknown, Nftables.EMPTY);
  }

  /** These rules with the namespace's native nftables tables ({@code nft}). */
  public Ruleset withNft(Nftables n) {
    return new Ruleset(tables, ipsets, unknown, n);
  }

  /**
   * The rules of a namespace whose rules were not dumped ({@code why}); the sets that were, if any.
   */
  public static Ruleset ofUnknown(RulesUnknown why, Map<String, IpSet> ipsets) {
    return new Ruleset(Map.of(), ipsets, Optional.of(why));
  }

  /** These rules with {@code why} they are not known after all (the tables read are kept). */
  public Ruleset withUnknown(RulesUnknown why) {
    return new Ruleset(tables, ipsets, Optional.of(why), nft);
  }

  public Ruleset {
    Objects.requireNonNull(unknown, "unknown");
    Objects.requireNonNull(nft, "nft");
    EnumMap<NetfilterTable, Map<String, Chain>> copy = new EnumMap<>(NetfilterTable.class);
    tables.forEach(
        (t, chains) -> {
          Map<String, Chain> c = new LinkedHashMap<>();
          chains.forEach(
              (name, chain) -> {
                if (!name.equals(chain.name())) {
                  throw new IllegalArgumentException("chain " + chain.name() + " filed as " + name);
                }
                c.put(name, chain);
              });
          copy.put(t, Collections.unmodifiableMap(c));
        });
    tables = Collections.unmodifiableMap(copy);
    ipsets =
        Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(ipsets, "ipsets")));
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

  /**
   * The policy of a built-in chain; ACCEPT when the table or chain does not exist (nothing
   * filters).
   */
  public Policy policy(NetfilterTable table, Hook hook) {
    return builtin(table, hook).flatMap(Chain::policy).orElse(Policy.ACCEPT);
  }

  public Optional<IpSet> ipset(String name) {
    return Optional.ofNullable(ipsets.get(name));
  }

  /**
   * Whether there is no table and no set at all (a fresh namespace); rules that are unknown are not
   * empty.
   */
  public boolean isEmpty() {
    return tables.isEmpty() && ipsets.isEmpty() && unknown.isEmpty() && nft.isEmpty();
  }

  /**
   * Whether the rules are known (a scenario's always are; a snapshot's unless their dump failed).
   */
  public boolean isKnown() {
    return unknown.isEmpty();
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
