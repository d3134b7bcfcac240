package dev.podpath.sim.netfilter;

import dev.podpath.model.packet.TcpFlags;
import java.util.Optional;

/**
 * A tracked connection during a run ({@code struct nf_conn}): its original and reply tuples (the
 * reply tuple carries the NAT), status, TCP state and mark. Mutable run state owned by one
 * {@link ConntrackTable}.
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
  String tcpState = "";
  /** The packet that created the entry (an unconfirmed entry belongs to it alone). */
  final long creator;

  Connection(Tuple original, long creator) {
    this.original = original;
    this.reply = original.invert();
    this.creator = creator;
    if (original.protocol() == 6) {
      tcpState = "SYN_SENT";
    }
  }

  /**
   * The TCP state after a segment of this connection ({@code tcp_conntrack} for the segments a
   * connect that closes at once sends): SYN_SENT, SYN_RECV on the SYN-ACK, ESTABLISHED (and
   * ASSURED) on the ACK that follows, FIN_WAIT on the first FIN, LAST_ACK on the second,
   * TIME_WAIT on the last ACK, CLOSE on a reset.
   */
  void tcpSegment(boolean replyDir, Optional<TcpFlags> segment) {
    if (original.protocol() != 6 || segment.isEmpty()) {
      return;
    }
    TcpFlags flags = segment.get();
    if (flags.isReset()) {
      tcpState = "CLOSE";
    } else if (flags.isSynAck()) {
      if (replyDir) {
        tcpState = "SYN_RECV";
      }
    } else if (flags.isFin()) {
      tcpState = switch (tcpState) {
        case "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK" -> "LAST_ACK";
        default -> "FIN_WAIT";
      };
    } else if (flags.has(TcpFlags.ACK)) {
      if (tcpState.equals("SYN_RECV") && !replyDir) {
        tcpState = "ESTABLISHED";
        assured = true;
      } else if (tcpState.equals("LAST_ACK")) {
        tcpState = "TIME_WAIT";
      }
    }
  }

  /** The reply tuple differs from the inverted original in its source: DNAT ({@code IPS_DST_NAT}). */
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
    int timeout = switch (original.protocol()) {
      case 6 -> switch (tcpState) {
        case "SYN_SENT" -> 119;
        case "SYN_RECV" -> 59;
        case "CLOSE" -> 9;
        case "TIME_WAIT", "FIN_WAIT" -> 119;
        case "LAST_ACK" -> 29;
        case "ESTABLISHED" -> 431999;
        default -> 119;
      };
      default -> 29;
    };
    return new ConntrackEntry(original, reply, tcpState, !seenReply, assured, mark, timeout);
  }
}
