package dev.podpath.sim.netfilter;

import dev.podpath.model.netfilter.CtState;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.packet.TcpFlags;
import java.util.Optional;

/**
 * Conntrack's first look at a packet ({@code nf_conntrack_in}): the connection it belongs to and in
 * which direction, or a new one; its state (NEW until the reply direction is seen, then
 * ESTABLISHED; RELATED for an ICMP error about a connection; INVALID for what cannot start one: an
 * echo reply, a SYN-ACK or RST without a connection, an ICMP error about nothing known); the TCP
 * state as far as podpath's segments go (SYN_SENT, SYN_RECV, ESTABLISHED, CLOSE); a reset before
 * any reply deletes the connection at once, as {@code tcp_packet} does.
 */
final class ConntrackLookup {

  private ConntrackLookup() {}

  /** Conntrack's lookup for a packet with no connection yet ({@code nf_conntrack_in}). */
  static CtAttachment track(ConntrackTable table, HookInput in, Ipv4Packet p) {
    if (p.l4() instanceof L4.Icmp icmp && icmp.isError()) {
      // icmp_error_message: the quoted packet's tuple, inverted, is the tuple of the error's
      // direction
      Optional<Tuple> inner = icmp.quoted().flatMap(Tuple::of);
      Optional<ConntrackTable.Found> f =
          inner.flatMap(t -> table.find(t.invert(), in.packetId(), true));
      return f.map(x -> new CtAttachment(Optional.of(x.conn()), x.reply(), CtState.RELATED, true))
          .orElse(new CtAttachment(Optional.empty(), false, CtState.INVALID, true));
    }
    Optional<Tuple> t = Tuple.of(p);
    if (t.isEmpty()) {
      return new CtAttachment(Optional.empty(), false, CtState.INVALID, false);
    }
    Optional<ConntrackTable.Found> f = table.find(t.get(), in.packetId(), false);
    if (f.isEmpty() && in.cause().isPresent()) {
      f = table.find(t.get(), in.cause().get(), false);
    }
    if (f.isPresent()) {
      Connection c = f.get().conn();
      boolean reply = f.get().reply();
      Optional<TcpFlags> flags =
          p.l4() instanceof L4.Tcp tcp ? Optional.of(tcp.flags()) : Optional.empty();
      // tcp_packet: "If only reply is a RST, we can consider ourselves not to have an established
      // connection ... we can delete the conntrack immediately": a reset before any reply was seen
      // (IPS_SEEN_REPLY is set after the protocol's handler) kills the entry, the reset itself
      // still passes with it attached (its NAT is undone as usual)
      boolean resetUnreplied = !c.seenReply && flags.filter(TcpFlags::isReset).isPresent();
      if (reply) {
        c.seenReply = true;
        c.tcpSegment(true, flags);
        if (resetUnreplied) {
          table.remove(c);
        }
        return new CtAttachment(Optional.of(c), true, CtState.ESTABLISHED, false);
      }
      c.tcpSegment(false, flags);
      if (resetUnreplied) {
        table.remove(c);
      }
      return new CtAttachment(
          Optional.of(c), false, c.seenReply ? CtState.ESTABLISHED : CtState.NEW, false);
    }
    if (p.l4() instanceof L4.Tcp tcp && (tcp.flags().isReset() || tcp.flags().isSynAck())) {
      return new CtAttachment(Optional.empty(), false, CtState.INVALID, false);
    }
    if (p.l4() instanceof L4.Icmp icmp && icmp.type() != L4.Icmp.ECHO_REQUEST) {
      return new CtAttachment(Optional.empty(), false, CtState.INVALID, false);
    }
    Connection c = table.create(t.get(), in.packetId());
    if (p.l4() instanceof L4.Tcp tcp && !tcp.isSyn()) {
      c.tcpState = Optional.of(TcpConntrackState.ESTABLISHED);
    }
    return new CtAttachment(Optional.of(c), false, CtState.NEW, false);
  }
}
