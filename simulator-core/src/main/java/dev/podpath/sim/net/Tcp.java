package dev.podpath.sim.net;

import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.ListeningSocket;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.Step;
import java.util.Optional;

/**
 * The local end of TCP, as far as a connect needs it: a SYN to a listening port is answered with
 * a SYN-ACK, a SYN to a closed port with a RST (flags RA, TTL 64), and every other segment (a
 * SYN-ACK or RST coming back to a connecting socket) is taken by its socket without an answer.
 *
 * <p>Whether a port listens comes from the namespace's {@link dev.podpath.model.topo.Sockets}
 * (a scenario knows them: only its {@code nc -lk PORT &} servers listen); where they are not
 * known (dumps), from {@link SimConfig#closedPorts()}. Not modelled: the handshake's final ACK,
 * data, and connection teardown.
 */
final class Tcp {

  private final Simulation sim;

  Tcp(Simulation sim) {
    this.sim = sim;
  }

  /** Whether a segment of {@code protocol} to {@code p}'s destination and {@code port} finds a socket. */
  static boolean listening(Simulation sim, Netns ns, int protocol, Ipv4Packet p, int port) {
    return ns.sockets().accepts(protocol, p.dst(), port).orElse(!sim.config.closedPorts());
  }

  void receive(Netns ns, String dev, Skb skb, Ipv4Packet p, L4.Tcp tcp) {
    if (!tcp.isSyn()) {
      sim.record(skb, new Step.LocalDelivery(ns.name(), dev, p, "tcp port " + tcp.dport() + ": "
          + (tcp.flags().contains("R") ? "a reset" : "[" + tcp.flags() + "]") + " for the connecting socket"));
      return;
    }
    if (!listening(sim, ns, ListeningSocket.TCP, p, tcp.dport())) {
      sim.record(skb, new Step.LocalDelivery(ns.name(), dev, p, "tcp: no socket on port " + tcp.dport()));
      sim.icmp.tcpReset(ns.name(), skb.packetId(), p, tcp);
      return;
    }
    Optional<ListeningSocket> server = ns.sockets().listener(ListeningSocket.TCP, p.dst(), tcp.dport());
    sim.record(skb, new Step.LocalDelivery(ns.name(), dev, p, "tcp port " + tcp.dport()
        + server.map(s -> ", listening: " + s + " [" + s.origin().location() + "]").orElse("")));
    synAck(ns.name(), skb.packetId(), p, tcp);
  }

  private void synAck(NetnsName nsName, long synId, Ipv4Packet syn, L4.Tcp tcp) {
    Netns ns = sim.netns(nsName);
    Ipv4Packet reply = Simulation.packet(syn.dst(), syn.src(), ns.sysctls().defaultTtl(), 0, true, 60,
        new L4.Tcp(tcp.dport(), tcp.sport(), "SA"));
    long id = sim.newPacketId();
    sim.log.caused(id, synId, "syn-ack");
    sim.ip.sendFromStack(nsName, id, reply);
  }
}
