package dev.podpath.trace.render;

import dev.podpath.model.errno.Errno;
import dev.podpath.model.packet.IcmpNames;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.SocketError;
import dev.podpath.trace.PacketTrace;
import dev.podpath.trace.Trace;
import java.util.Optional;

/** What {@code ping -c1} would print for a traced echo request. */
public final class PingLine {

  /** What podpath prints when ping would print neither a reply nor an error. */
  public static final String NO_REPLY =
      "no reply (1 packets transmitted, 0 received, 100% packet loss)";

  private PingLine() {}

  public static String of(Trace t) {
    return of(t, Long.MAX_VALUE);
  }

  /** The line ping prints when it waits {@code waitNanos} for an answer ({@code -W}). */
  public static String of(Trace t, long waitNanos) {
    return printed(t, waitNanos).orElse(NO_REPLY);
  }

  /**
   * The line ping prints when it waits {@code waitNanos} for an answer, if it prints one: empty
   * when nothing came back in time (ping then prints only its statistics, {@link #NO_REPLY}).
   */
  public static Optional<String> printed(Trace t, long waitNanos) {
    if (t.localError().isPresent()) {
      SocketError e = t.localError().get();
      // ping reads EACCES from connect() as a broadcast destination and says so.
      return Optional.of(
          e instanceof SocketError.Unroutable u && u.errno() == Errno.EACCES
              ? "ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules"
              : "ping: " + e.explain());
    }
    Optional<String> nm = notModelled(t).or(() -> t.waitRace(waitNanos).map(PingLine::notModelled));
    if (nm.isPresent()) {
      return nm;
    }
    Optional<PacketTrace> r = t.answerWithin(waitNanos);
    if (r.isPresent()) {
      Optional<Ipv4Packet> arrived = r.get().arrival();
      if (arrived.isPresent() && arrived.get().l4() instanceof L4.Icmp icmp) {
        Ipv4Packet p = arrived.get();
        if (icmp.type() == L4.Icmp.ECHO_REPLY) {
          return Optional.of(
              (p.totalLength() - 20)
                  + " bytes from "
                  + p.src()
                  + ": icmp_seq="
                  + icmp.seq()
                  + " ttl="
                  + p.ttl());
        }
        return Optional.of(
            "From "
                + p.src()
                + " icmp_seq=1 "
                + IcmpNames.pingText(icmp.type(), icmp.code(), icmp.mtu()));
      }
    }
    return Optional.empty();
  }

  /**
   * {@code not modelled: ...} when the request or its response reached something podpath does not
   * simulate: podpath then says so rather than guess what the command would print.
   */
  public static Optional<String> notModelled(Trace t) {
    return t.notModelledReason().map(PingLine::notModelled);
  }

  /** The line for a reason podpath could not answer: {@code not modelled: ...}. */
  public static String notModelled(DropReason why) {
    // their explain() says "not modelled: " itself
    boolean said =
        why instanceof DropReason.NotModelled || why instanceof DropReason.NetfilterUnknown;
    return said ? why.explain() : NOT_MODELLED_PREFIX + why.explain();
  }

  /** How a line starts when podpath does not model what the probe met. */
  public static final String NOT_MODELLED_PREFIX = "not modelled: ";
}
