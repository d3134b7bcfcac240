package dev.podpath.model.netfilter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The nftables ruleset of one namespace: its tables in the order they were added.
 *
 * <pre>{@code
 * nft.baseChains(Hook.PREROUTING);   // every table's prerouting chains, by priority
 * nft.render();                      // as `nft list ruleset` prints it (what verify's kernel loads)
 * }</pre>
 */
public record Nftables(List<NftTable> tables) {

  public static final Nftables EMPTY = new Nftables(List.of());

  public Nftables {
    tables = List.copyOf(tables);
  }

  public boolean isEmpty() {
    return tables.isEmpty();
  }

  /** A base chain with its table. */
  public record Hooked(NftTable table, NftChain chain, BaseChain base) {
    public Hooked {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(chain, "chain");
      Objects.requireNonNull(base, "base");
    }

    /** {@code ip kube-proxy nat-prerouting}. */
    public String label() {
      return table.label() + " " + chain.name();
    }
  }

  /**
   * The base chains on {@code hook} of every table (of every family: the caller skips those not
   * modelled), by priority; at equal priorities the one added last first, as the kernel's {@code
   * nf_hook_entries_grow} inserts a new hook function before those of the same priority (tables in
   * the order they were added, a table's chains in theirs).
   */
  public List<Hooked> baseChains(Hook hook) {
    if (tables.isEmpty()) {
      return List.of(); // the datapath asks at every hook of every packet
    }
    List<Hooked> out = new ArrayList<>();
    for (NftTable t : tables) {
      for (NftChain c : t.chains().values()) {
        c.base().filter(b -> b.hook() == hook).ifPresent(b -> out.add(new Hooked(t, c, b)));
      }
    }
    // at equal priorities the kernel runs the chain added last first: nf_hook_entries_grow puts a
    // new hook before the first one of the same or a higher priority (checked: chains A then B at
    // forward priority 0, B's counter counts the packet it drops and A's stays at 0)
    java.util.Collections.reverse(out);
    out.sort(Comparator.comparingInt(h -> h.base().priority()));
    return out;
  }

  /** Every rule of every table. */
  public List<NftRule> rules() {
    List<NftRule> out = new ArrayList<>();
    tables.forEach(t -> t.chains().values().forEach(c -> out.addAll(c.rules())));
    return out;
  }

  /** The ruleset as {@code nft -f} reads it back: {@code flush ruleset}, then every table. */
  public String render() {
    StringBuilder sb = new StringBuilder("flush ruleset\n");
    tables.forEach(t -> sb.append(t.render()));
    return sb.toString();
  }
}
