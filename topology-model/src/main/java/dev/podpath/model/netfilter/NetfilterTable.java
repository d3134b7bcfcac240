package dev.podpath.model.netfilter;

import java.util.List;
import java.util.Optional;

/**
 * The iptables tables, in the order {@code iptables-save} (nf_tables backend) prints them, each
 * with its built-in chains in hook order.
 *
 * <pre>{@code
 * NetfilterTable.NAT.builtinChains();     // [PREROUTING, INPUT, OUTPUT, POSTROUTING]
 * NetfilterTable.parse("filter");          // Optional[FILTER]
 * }</pre>
 */
public enum NetfilterTable {
  MANGLE(
      "mangle", List.of(Hook.PREROUTING, Hook.INPUT, Hook.FORWARD, Hook.OUTPUT, Hook.POSTROUTING)),
  SECURITY("security", List.of(Hook.INPUT, Hook.FORWARD, Hook.OUTPUT)),
  RAW("raw", List.of(Hook.PREROUTING, Hook.OUTPUT)),
  FILTER("filter", List.of(Hook.INPUT, Hook.FORWARD, Hook.OUTPUT)),
  NAT("nat", List.of(Hook.PREROUTING, Hook.INPUT, Hook.OUTPUT, Hook.POSTROUTING));

  private final String keyword;
  private final List<Hook> hooks;

  NetfilterTable(String keyword, List<Hook> hooks) {
    this.keyword = keyword;
    this.hooks = hooks;
  }

  /** The name iptables uses: {@code -t nat}, {@code *nat}. */
  public String keyword() {
    return keyword;
  }

  /** The hooks this table has a built-in chain on, in hook order. */
  public List<Hook> hooks() {
    return hooks;
  }

  /** The names of the built-in chains, in hook order. */
  public List<String> builtinChains() {
    return hooks.stream().map(Hook::name).toList();
  }

  /** Whether {@code chain} is one of this table's built-in chains. */
  public boolean isBuiltin(String chain) {
    for (Hook h : hooks) {
      if (h.name().equals(chain)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The table named {@code keyword} ({@code filter}, {@code nat}, ...), exactly as iptables spells
   * it.
   */
  public static Optional<NetfilterTable> parse(String keyword) {
    for (NetfilterTable t : values()) {
      if (t.keyword.equals(keyword)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return keyword;
  }
}
