package dev.podpath.sim.net;

import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.SocketError;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sockets that sent during a run: what each sent (its answers must come back to it), and the
 * local error a send got instead of sending.
 */
final class LocalSockets {

  /**
   * A packet a local socket sent, from which namespace: its answers must come back to that socket.
   * A raw socket's TCP segment has no connection in the stack.
   */
  record SocketSend(NetnsName netns, Ipv4Packet packet, boolean raw) {}

  private final StepLog log;
  private final Map<Long, SocketSend> sends = new HashMap<>();
  private final Map<Long, SocketError> errors = new HashMap<>();

  LocalSockets(StepLog log) {
    this.log = log;
  }

  void sent(NetnsName ns, long packetId, Ipv4Packet p, boolean raw) {
    sends.put(packetId, new SocketSend(ns, p, raw));
  }

  /** What a socket in {@code ns} sent that {@code packetId} answers, if one did. */
  Optional<SocketSend> answered(NetnsName ns, long packetId) {
    return log.cause(packetId).map(sends::get).filter(s -> s.netns().equals(ns));
  }

  void failed(long packetId, SocketError error) {
    errors.put(packetId, error);
  }

  /** The local error the sender of {@code packetId} got, if it got one instead of sending. */
  Optional<SocketError> error(long packetId) {
    return Optional.ofNullable(errors.get(packetId));
  }

  /**
   * Whether a segment of {@code protocol} to {@code p}'s destination and {@code port} finds a
   * socket: the namespace's known sockets, else {@link SimConfig#closedPorts()} decides.
   */
  static boolean listening(SimConfig config, Netns ns, int protocol, Ipv4Packet p, int port) {
    return ns.sockets().accepts(protocol, p.dst(), port).orElse(!config.closedPorts());
  }
}
