package dev.podpath.trace.render;

import dev.podpath.model.packet.IcmpNames;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.sim.outcome.Disposition;
import dev.podpath.sim.outcome.Step;
import dev.podpath.trace.PacketTrace;
import dev.podpath.trace.Trace;
import java.util.Optional;

/** What {@code ping -c1} would print for a traced echo request. */
public final class PingLine {

  private PingLine() {}

  public static String of(Trace t) {
    if (t.localError().isPresent()) {
      return "ping: " + t.localError().get();
    }
    Optional<PacketTrace> r = t.response().filter(x -> x.disposition() == Disposition.DELIVERED);
    if (r.isPresent()) {
      Optional<Ipv4Packet> arrived = arrival(r.get());
      if (arrived.isPresent() && arrived.get().l4() instanceof L4.Icmp icmp) {
        Ipv4Packet p = arrived.get();
        if (icmp.type() == L4.Icmp.ECHO_REPLY) {
          return (p.totalLength() - 20) + " bytes from " + p.src() + ": icmp_seq=" + icmp.seq() + " ttl=" + p.ttl();
        }
        return "From " + p.src() + " icmp_seq=1 " + IcmpNames.pingText(icmp.type(), icmp.code(), icmp.mtu());
      }
    }
    return "no reply (1 packets transmitted, 0 received, 100% packet loss)";
  }

  /** The packet as it arrived at its destination (TTL as seen there). */
  public static Optional<Ipv4Packet> arrival(PacketTrace trace) {
    return trace.hops().stream().flatMap(h -> h.steps().stream()).map(e -> e.step())
        .filter(s -> s instanceof Step.LocalDelivery).map(s -> ((Step.LocalDelivery) s).packet()).findFirst();
  }
}
