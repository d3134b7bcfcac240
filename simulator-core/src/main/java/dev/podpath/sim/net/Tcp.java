package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.packet.TcpFlags;
import dev.podpath.model.topo.ListeningSocket;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.PacketRole;
import dev.podpath.sim.outcome.Step;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The local ends of TCP, as far as a connect that closes at once ({@code nc -z}) needs them. As
 * captured on 6.18 (client nc -z, server nc -lk): SYN (60 bytes, with options), SYN-ACK (60), then
 * the client's ACK and FIN-ACK (52 each, with timestamps), the server's FIN-ACK (52), the client's
 * last ACK (52). A SYN to a port nothing listens on gets a RST (40 bytes, flags RA), and so does
 * any other segment that finds no connection.
 *
 * <p>Whether a port listens comes from the namespace's {@link dev.podpath.model.topo.Sockets} (a
 * scenario knows them: only its {@code nc -lk PORT &} servers listen); where they are not known
 * (dumps), from {@link SimConfig#closedPorts()}. Not modelled: data, retransmissions of anything
 * but the SYN, windows and sequence numbers.
 */
final class Tcp implements TcpInput {

  /** A SYN or SYN-ACK with Linux's options (MSS, SACK, timestamps, window scale): 20 + 20 + 20. */
  static final int SYN_LENGTH = 60;

  /** A RST: 20 (IP) + 20 (TCP), no options. */
  static final int RESET_LENGTH = 40;

  /** A segment with the timestamp option and no data: 20 (IP) + 20 (TCP) + 12 (options). */
  static final int SEGMENT_LENGTH = 52;

  /** Where one end of a connection stands. */
  private enum State {
    /** Server: SYN-ACK sent. */
    SYN_RECV,
    /** Server: the handshake's ACK arrived. */
    ESTABLISHED,
    /** Client: connected and closed at once, FIN sent. */
    FIN_WAIT,
    /** Server: FIN received and its own FIN sent. */
    LAST_ACK
  }

  private record End(
      NetnsName ns, Ipv4Address local, int localPort, Ipv4Address remote, int remotePort) {}

  private final Run run;
  private final StackOutput stack;
  private final Map<End, State> ends = new HashMap<>();

  /**
   * @param stack how a segment this end answers with leaves
   */
  Tcp(Run run, StackOutput stack) {
    this.run = run;
    this.stack = stack;
  }

  /**
   * A SYN-ACK reached the socket that sent the SYN: {@code connect()} returns, and the client (nc
   * -z) acknowledges and closes at once.
   */
  @Override
  public void connected(NetnsName ns, long synAckId, Ipv4Packet synAck, L4.Tcp tcp) {
    if (!tcp.flags().isSynAck()) {
      return;
    }
    ends.put(new End(ns, synAck.dst(), tcp.dport(), synAck.src(), tcp.sport()), State.FIN_WAIT);
    segment(ns, synAckId, synAck, tcp, TcpFlags.ACK_ONLY, PacketRole.ACK);
    segment(ns, synAckId, synAck, tcp, TcpFlags.FIN_ACK, PacketRole.FIN);
  }

  /**
   * An answer to a SYN sent through a raw socket ({@code traceroute -T}): the raw socket reads a
   * copy, and the stack, which holds no connection for it, answers a SYN-ACK with a reset ({@code
   * tcp_v4_send_reset}); conntrack sees the connection end in CLOSE, as the kernel showed.
   */
  @Override
  public void rawAnswered(NetnsName ns, String dev, Skb skb, Ipv4Packet p, L4.Tcp tcp) {
    boolean synAck = tcp.flags().isSynAck();
    run.log()
        .record(
            skb,
            new Step.LocalDelivery(
                ns,
                dev,
                p,
                "raw socket, tcp port "
                    + tcp.dport()
                    + (synAck ? "; no connection in the stack: answered with a reset" : "")));
    if (synAck) {
      segment(ns, skb.packetId(), p, tcp, TcpFlags.RST_ONLY, PacketRole.TCP_RESET, RESET_LENGTH);
    }
  }

  @Override
  public void receive(Netns ns, String dev, Skb skb, Ipv4Packet p, L4.Tcp tcp) {
    if (tcp.isSyn()) {
      syn(ns, dev, skb, p, tcp);
      return;
    }
    End end = new End(ns.name(), p.dst(), tcp.dport(), p.src(), tcp.sport());
    State state = ends.get(end);
    if (tcp.flags().isReset()) {
      ends.remove(end);
      deliver(
          skb, ns, dev, p, "a reset" + (state == null ? "" : " for the " + state + " connection"));
      return;
    }
    if (state == null) {
      deliver(skb, ns, dev, p, "[" + tcp.flags() + "] for no connection: answered with a reset");
      segment(
          ns.name(), skb.packetId(), p, tcp, TcpFlags.RST_ONLY, PacketRole.TCP_RESET, RESET_LENGTH);
      return;
    }
    boolean fin = tcp.flags().isFin();
    switch (state) {
      case SYN_RECV, ESTABLISHED -> {
        if (fin) {
          ends.put(end, State.LAST_ACK);
          deliver(
              skb, ns, dev, p, "[" + tcp.flags() + "]: the client closed; the server closes too");
          segment(ns.name(), skb.packetId(), p, tcp, TcpFlags.FIN_ACK, PacketRole.FIN);
        } else {
          ends.put(end, State.ESTABLISHED);
          deliver(skb, ns, dev, p, "[" + tcp.flags() + "]: connection established");
        }
      }
      case FIN_WAIT -> {
        if (fin) {
          ends.remove(end);
          deliver(skb, ns, dev, p, "[" + tcp.flags() + "]: the server closed; last ACK");
          segment(ns.name(), skb.packetId(), p, tcp, TcpFlags.ACK_ONLY, PacketRole.ACK);
        } else {
          deliver(skb, ns, dev, p, "[" + tcp.flags() + "]");
        }
      }
      case LAST_ACK -> {
        ends.remove(end);
        deliver(skb, ns, dev, p, "[" + tcp.flags() + "]: connection closed");
      }
      default -> throw new AssertionError(state);
    }
  }

  private void syn(Netns ns, String dev, Skb skb, Ipv4Packet p, L4.Tcp tcp) {
    if (!LocalSockets.listening(run.config(), ns, ListeningSocket.TCP, p, tcp.dport())) {
      run.log()
          .record(
              skb,
              new Step.LocalDelivery(ns.name(), dev, p, "tcp: no socket on port " + tcp.dport()));
      reset(ns.name(), skb.packetId(), p, tcp);
      return;
    }
    Optional<ListeningSocket> server =
        ns.sockets().listener(ListeningSocket.TCP, p.dst(), tcp.dport());
    run.log()
        .record(
            skb,
            new Step.LocalDelivery(
                ns.name(),
                dev,
                p,
                "tcp port "
                    + tcp.dport()
                    + server
                        .map(s -> ", listening: " + s + " [" + s.origin().location() + "]")
                        .orElse("")));
    ends.put(new End(ns.name(), p.dst(), tcp.dport(), p.src(), tcp.sport()), State.SYN_RECV);
    segment(ns.name(), skb.packetId(), p, tcp, TcpFlags.SYN_ACK, PacketRole.SYN_ACK, SYN_LENGTH);
  }

  private void deliver(Skb skb, Netns ns, String dev, Ipv4Packet p, String what) {
    run.log()
        .record(
            skb,
            new Step.LocalDelivery(
                ns.name(), dev, p, "tcp port " + ((L4.Tcp) p.l4()).dport() + ": " + what));
  }

  /**
   * The RST a closed port (or a REJECT {@code --reject-with tcp-reset}) answers a segment with: 40
   * bytes, flags RA, from the address and port it was sent to.
   */
  @Override
  public void reset(NetnsName ns, long causeId, Ipv4Packet to, L4.Tcp tcp) {
    segment(ns, causeId, to, tcp, TcpFlags.RST_ACK, PacketRole.TCP_RESET, RESET_LENGTH);
  }

  private void segment(
      NetnsName ns, long causeId, Ipv4Packet to, L4.Tcp tcp, TcpFlags flags, PacketRole role) {
    segment(ns, causeId, to, tcp, flags, role, SEGMENT_LENGTH);
  }

  /** Sends a segment back to {@code to}'s sender, on the same connection. */
  private void segment(
      NetnsName ns,
      long causeId,
      Ipv4Packet to,
      L4.Tcp tcp,
      TcpFlags flags,
      PacketRole role,
      int length) {
    Ipv4Packet seg =
        new Ipv4Packet(
            to.dst(),
            to.src(),
            run.net().netns(ns).sysctls().defaultTtl(),
            0,
            true,
            length,
            0,
            new L4.Tcp(tcp.dport(), tcp.sport(), flags));
    long id = run.log().newPacketId();
    run.log().caused(id, causeId, role);
    stack.sendFromStack(ns, id, seg);
  }
}
