package dev.podpath.model.netfilter;

import java.util.Optional;

/**
 * What {@code -j REJECT --reject-with} sends back: an ICMP destination-unreachable code or a TCP
 * reset. The default is {@link #ICMP_PORT_UNREACHABLE}.
 */
public enum RejectWith {
  ICMP_NET_UNREACHABLE("icmp-net-unreachable", "net-unreach", 0),
  ICMP_HOST_UNREACHABLE("icmp-host-unreachable", "host-unreach", 1),
  ICMP_PROT_UNREACHABLE("icmp-proto-unreachable", "proto-unreach", 2),
  ICMP_PORT_UNREACHABLE("icmp-port-unreachable", "port-unreach", 3),
  ICMP_NET_PROHIBITED("icmp-net-prohibited", "net-prohib", 9),
  ICMP_HOST_PROHIBITED("icmp-host-prohibited", "host-prohib", 10),
  ICMP_ADMIN_PROHIBITED("icmp-admin-prohibited", "admin-prohib", 13),
  TCP_RESET("tcp-reset", "tcp-rst", -1);

  private final String keyword;
  private final String alias;
  private final int icmpCode;

  RejectWith(String keyword, String alias, int icmpCode) {
    this.keyword = keyword;
    this.alias = alias;
    this.icmpCode = icmpCode;
  }

  /** The name {@code iptables-save} prints. */
  public String keyword() {
    return keyword;
  }

  /** The ICMP type-3 code sent, or empty for {@link #TCP_RESET}. */
  public Optional<Integer> icmpCode() {
    return icmpCode < 0 ? Optional.empty() : Optional.of(icmpCode);
  }

  /**
   * The reject type for a name or its short alias ({@code host-prohib}), as libxt_REJECT accepts
   * them.
   */
  public static Optional<RejectWith> parse(String text) {
    for (RejectWith r : values()) {
      if (r.keyword.equals(text) || r.alias.equals(text)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
