package dev.podpath.sim.netfilter;

import dev.podpath.model.netfilter.ConntrackFlow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connections of one namespace, found by either tuple: a packet whose tuple is a connection's
 * original tuple travels in the original direction, one whose tuple is a reply tuple in the reply
 * direction.
 */
final class ConntrackTable {

  /** A connection and the direction a packet travels in it. */
  record Found(Connection conn, boolean reply) {}

  private final Map<Tuple, Connection> byOriginal = new LinkedHashMap<>();
  private final Map<Tuple, Connection> byReply = new LinkedHashMap<>();

  /**
   * The connection {@code t} belongs to. An unconfirmed entry (its first packet has not left the
   * namespace yet) is found only by that packet, or by an ICMP error about it ({@code anyPacket});
   * a stale one left by a packet that was dropped is forgotten, as the kernel frees it.
   */
  Optional<Found> find(Tuple t, long packetId, boolean anyPacket) {
    Connection c = byOriginal.get(t);
    boolean reply = false;
    if (c == null) {
      c = byReply.get(t);
      reply = true;
    }
    if (c == null) {
      return Optional.empty();
    }
    if (!c.confirmed && c.creator != packetId && !anyPacket) {
      remove(c);
      return Optional.empty();
    }
    return Optional.of(new Found(c, reply));
  }

  /**
   * A table holding the connections a dump showed: each confirmed, its reply tuple (and so its NAT)
   * as dumped, both NAT bindings decided (the kernel's nat table is not asked again for a confirmed
   * connection), its status, TCP state and mark. A TCP entry in a state podpath does not model
   * ({@code CLOSE_WAIT}, {@code SYN_SENT2}, {@code NONE}) is left out.
   */
  static ConntrackTable dumped(List<ConntrackFlow> flows) {
    ConntrackTable t = new ConntrackTable();
    for (ConntrackFlow f : flows) {
      Optional<TcpConntrackState> state = Optional.empty();
      if (f.protocol() == 6) {
        state = f.tcpState().flatMap(TcpConntrackState::ofConntrackWord);
        if (state.isEmpty()) {
          continue;
        }
      }
      Tuple original = tuple(f.protocol(), f.original());
      if (t.byOriginal.containsKey(original)) {
        continue;
      }
      Connection c = t.create(original, -1);
      t.rekey(c, tuple(f.protocol(), f.reply()));
      c.confirmed = true;
      c.seenReply = !f.unreplied();
      c.assured = f.assured();
      c.mark = f.mark();
      c.dstNatDone = true;
      c.srcNatDone = true;
      if (state.isPresent()) {
        c.tcpState = state;
      }
    }
    return t;
  }

  private static Tuple tuple(int protocol, ConntrackFlow.Direction d) {
    return new Tuple(protocol, d.src(), d.dst(), d.sport(), d.dport());
  }

  Connection create(Tuple t, long packetId) {
    Connection c = new Connection(t, packetId);
    byOriginal.put(c.original, c);
    byReply.put(c.reply, c);
    return c;
  }

  /** The NAT rule changed the reply tuple: file the connection under the new one. */
  void rekey(Connection c, Tuple newReply) {
    byReply.remove(c.reply);
    c.reply = newReply;
    byReply.put(newReply, c);
  }

  void remove(Connection c) {
    byOriginal.remove(c.original);
    byReply.remove(c.reply);
  }

  /** Confirmed connections, oldest first. */
  List<ConntrackEntry> entries() {
    List<ConntrackEntry> out = new ArrayList<>();
    byOriginal.values().stream().filter(c -> c.confirmed).forEach(c -> out.add(c.entry()));
    return out;
  }
}
