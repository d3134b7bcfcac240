package dev.podpath.model.netfilter;

import java.util.Optional;

/**
 * The address family of an nftables table, as {@code nft} spells it. Only {@code ip} and {@code
 * inet} tables see IPv4 packets at the hooks podpath models; the others are kept and reported "not
 * modelled" at the table.
 */
public enum NftFamily {
  IP("ip"),
  INET("inet"),
  IP6("ip6"),
  ARP("arp"),
  BRIDGE("bridge"),
  NETDEV("netdev");

  private final String keyword;

  NftFamily(String keyword) {
    this.keyword = keyword;
  }

  public String keyword() {
    return keyword;
  }

  /** Whether podpath runs this family's chains on IPv4 packets ({@code ip}, {@code inet}). */
  public boolean modelled() {
    return this == IP || this == INET;
  }

  public static Optional<NftFamily> parse(String word) {
    for (NftFamily f : values()) {
      if (f.keyword.equals(word)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return keyword;
  }
}
