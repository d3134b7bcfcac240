package dev.podpath.model.netfilter;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.origin.Origin;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection conntrack held when a namespace was dumped ({@code conntrack -L}): its original and
 * reply tuples (the reply tuple carries the NAT the kernel bound), its TCP state, status and mark.
 * A trace starts with these in the namespace's table, so that a packet of a dumped flow is
 * ESTABLISHED (or keeps its DNAT) as it would be in the kernel.
 *
 * <pre>{@code
 * tcp 6 431998 ESTABLISHED src=10.0.0.1 dst=10.96.0.10 sport=57848 dport=80 src=10.0.0.2
 *     dst=10.0.0.1 sport=8080 dport=57848 [ASSURED] mark=0 use=1
 * }</pre>
 *
 * @param protocol 6 (TCP), 17 (UDP) or 1 (ICMP)
 * @param original the original direction's tuple
 * @param reply the reply direction's tuple
 * @param tcpState the TCP state as conntrack prints it ({@code ESTABLISHED}), for TCP
 * @param unreplied {@code [UNREPLIED]}: no packet was seen in the reply direction
 * @param assured {@code [ASSURED]}
 * @param mark the connection's mark ({@code mark=})
 * @param origin the dumped line
 */
public record ConntrackFlow(
    int protocol,
    Direction original,
    Direction reply,
    Optional<String> tcpState,
    boolean unreplied,
    boolean assured,
    long mark,
    Origin origin) {

  /**
   * One direction's tuple: addresses and ports; for ICMP echo the id as {@code sport} and {@code
   * type << 8 | code} as {@code dport}, as conntrack keys it.
   */
  public record Direction(Ipv4Address src, Ipv4Address dst, int sport, int dport) {
    public Direction {
      Objects.requireNonNull(src, "src");
      Objects.requireNonNull(dst, "dst");
    }
  }

  public ConntrackFlow {
    if (protocol != 1 && protocol != 6 && protocol != 17) {
      throw new IllegalArgumentException("protocol must be 1, 6 or 17: " + protocol);
    }
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(reply, "reply");
    Objects.requireNonNull(tcpState, "tcpState");
    Objects.requireNonNull(origin, "origin");
  }
}
