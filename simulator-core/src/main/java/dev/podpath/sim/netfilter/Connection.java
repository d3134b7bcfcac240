package dev.podpath.sim.netfilter;

import dev.podpath.model.packet.TcpFlags;
import java.util.Optional;

/**
 * A tracked connection during a run ({@code struct nf_conn}): its original and reply tuples (the
 * reply tuple carries the NAT), status, TCP state and mark. Mutable run state owned by one {@link
 * ConntrackTable}.
 */
final class Connection {

  final Tuple original;
  Tuple reply;
  boolean seenReply;
  boolean assured;
  boolean confirmed;

  /** Whether the nat table already decided the destination (DNAT) / source (SNAT) binding. */
  boolean dstNatDone;

  boolean srcNatDone;
  long mark;

  /** The TCP state, for a TCP connection. */
  Optional<TcpConntrackState> tcpState = Optional.empty();

  /** The packet that created the entry (an unconfirmed entry belongs to it alone). */
  final long creator;

  Connection(Tuple original, long creator) {
    this.original = original;
    this.reply = original.invert();
    this.creator = creator;
    if (original.protocol() == 6) {
      tcpState = Optional.of(TcpConntrackState.SYN_SENT);
    }
  }

  /**
   * The TCP state after a segment of this connection ({@code tcp_conntrack} for the segments a
   * connect that closes at once sends): SYN_SENT, SYN_RECV on the SYN-ACK, ESTABLISHED (and
   * ASSURED) on the ACK that follows, FIN_WAIT on the first FIN, LAST_ACK on the second, TIME_WAIT
   * on the last ACK, CLOSE on a reset.
   */
  void tcpSegment(boolean replyDir, Optional<TcpFlags> segment) {
    if (original.protocol() != 6 || segment.isEmpty()) {
      return;
    }
    TcpFlags flags = segment.get();
    TcpConntrackState state = tcpState.orElseThrow();
    if (flags.isReset()) {
      state = TcpConntrackState.CLOSE;
    } else if (flags.isSynAck()) {
      if (replyDir) {
        state = TcpConntrackState.SYN_RECV;
      }
    } else if (flags.isFin()) {
      state =
          state == TcpConntrackState.FIN_WAIT || state == TcpConntrackState.LAST_ACK
              ? TcpConntrackState.LAST_ACK
              : TcpConntrackState.FIN_WAIT;
    } else if (flags.has(TcpFlags.ACK)) {
      if (state == TcpConntrackState.SYN_RECV && !replyDir) {
        state = TcpConntrackState.ESTABLISHED;
        assured = true;
      } else if (state == TcpConntrackState.LAST_ACK) {
        state = TcpConntrackState.TIME_WAIT;
      }
    }
    tcpState = Optional.of(state);
  }

  /**
   * The reply tuple differs from the inverted original in its source: DNAT ({@code IPS_DST_NAT}).
   */
  boolean dstNatted() {
    Tuple inv = original.invert();
    return !reply.src().equals(inv.src()) || reply.sport() != inv.sport();
  }

  /** The reply tuple differs in its destination: SNAT/MASQUERADE ({@code IPS_SRC_NAT}). */
  boolean srcNatted() {
    Tuple inv = original.invert();
    return !reply.dst().equals(inv.dst()) || reply.dport() != inv.dport();
  }

  Tuple tuple(boolean replyDir) {
    return replyDir ? reply : original;
  }

  ConntrackEntry entry() {
    // the default for the state, minus the second since the last packet; UDP and ICMP: 30 s
    // nf_conntrack_udp_timeout and _icmp_timeout 30 s; the generic protocol's (IPIP) 600 s
    int timeout =
        tcpState
                .map(TcpConntrackState::timeoutSeconds)
                .orElse(original.protocol() == 1 || original.protocol() == 17 ? 30 : 600)
            - 1;
    return new ConntrackEntry(original, reply, tcpState, !seenReply, assured, mark, timeout);
  }
}
