package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.Step;
import java.util.Optional;

/**
 * ICMP the stack generates (section 7 of kernel-semantics.md): echo replies, and errors with
 * TOS 0xc0 and TTL 64 from the address the kernel picks: the offending packet's destination when
 * it was for this host, otherwise the preferred source of the route back to the sender.
 *
 * <p>Not modelled: ICMP rate limiting (a single probe never meets it).
 */
final class Icmp {

  /** ICMP errors quote at most this much: the reply fits in 576 bytes. */
  static final int MAX_ERROR_LENGTH = 576;

  private final Simulation sim;

  Icmp(Simulation sim) {
    this.sim = sim;
  }

  void sendError(NetnsName nsName, long offendingId, Ipv4Packet offending, int type, int code, int mtu) {
    if (offending.l4() instanceof L4.Icmp i && i.isError()) {
      return;
    }
    if (offending.src().isAny() || offending.src().isMulticast() || offending.src().isLimitedBroadcast()) {
      return;
    }
    Netns ns = sim.netns(nsName);
    Ipv4Address src = ns.ownsAddress(offending.dst()) ? offending.dst() : Ipv4Address.ANY;
    int len = Math.min(20 + 8 + offending.totalLength(), MAX_ERROR_LENGTH);
    Ipv4Packet err = Simulation.packet(src, offending.src(), ns.sysctls().defaultTtl(), 0xc0, false, len,
        L4.Icmp.error(type, code, offending, mtu));
    long id = sim.newPacketId();
    sim.log.caused(id, offendingId, "icmp-error");
    sim.record(offendingId, 0, false, new Step.IcmpSent(nsName, err, "about packet " + offendingId));
    sim.ip.sendFromStack(nsName, id, err);
  }

  void echoReply(NetnsName nsName, long requestId, Ipv4Packet request) {
    L4.Icmp req = (L4.Icmp) request.l4();
    Netns ns = sim.netns(nsName);
    Ipv4Packet reply = Simulation.packet(request.dst(), request.src(), ns.sysctls().defaultTtl(), 0, false,
        request.totalLength(), new L4.Icmp(L4.Icmp.ECHO_REPLY, 0, req.id(), req.seq(), Optional.empty(), 0));
    long id = sim.newPacketId();
    sim.log.caused(id, requestId, "echo-reply");
    sim.ip.sendFromStack(nsName, id, reply);
  }
}
