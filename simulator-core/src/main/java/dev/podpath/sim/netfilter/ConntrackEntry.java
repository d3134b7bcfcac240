package dev.podpath.sim.netfilter;

import java.util.Objects;
import java.util.Optional;

/**
 * One connection as {@code conntrack -L} shows it.
 *
 * <pre>{@code
 * icmp     1 29 src=10.1.0.1 dst=10.2.0.1 type=8 code=0 id=2009 src=10.2.0.1 dst=10.1.0.1 type=0 code=0 id=2009 mark=0 use=1
 * tcp      6 119 SYN_SENT src=10.1.0.1 dst=10.2.0.1 sport=40000 dport=80 [UNREPLIED] src=10.2.0.1 dst=10.1.0.1 sport=80 dport=40000 mark=0 use=1
 * }</pre>
 *
 * <p>Exact: the protocol, both tuples (the reply tuple shows the NAT), {@code [UNREPLIED]} and the
 * mark. Approximate: the timeout (the default for the state minus one second, as right after the
 * last packet), the TCP state (podpath sends SYN, SYN-ACK or RST, never the rest of the handshake,
 * so a connection a real {@code nc} would close shows {@code SYN_RECV}, not {@code TIME_WAIT}) and
 * {@code [ASSURED]} (set for TCP only once ESTABLISHED, never for UDP, which the kernel assures
 * only after two seconds of traffic both ways).
 *
 * @param tcpState the TCP state; empty for UDP/ICMP
 */
public record ConntrackEntry(
    Tuple original,
    Tuple reply,
    Optional<TcpConntrackState> tcpState,
    boolean unreplied,
    boolean assured,
    long mark,
    int timeoutSeconds)
    implements dev.podpath.sim.outcome.ConntrackLine {

  public ConntrackEntry {
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(reply, "reply");
    Objects.requireNonNull(tcpState, "tcpState");
  }

  /** The line {@code conntrack -L} prints. */
  @Override
  public String line() {
    StringBuilder sb = new StringBuilder(160);
    String proto = original.protocolName();
    sb.append(proto);
    for (int pad = proto.length(); pad < 8; pad++) {
      sb.append(' '); // printf's %-8s
    }
    sb.append(' ').append(original.protocol()).append(' ').append(timeoutSeconds).append(' ');
    if (tcpState.isPresent()) {
      sb.append(tcpState.get().name()).append(' ');
    }
    original.appendText(sb);
    sb.append(' ');
    if (unreplied) {
      sb.append("[UNREPLIED] ");
    }
    reply.appendText(sb);
    sb.append(' ');
    if (assured) {
      sb.append("[ASSURED] ");
    }
    sb.append("mark=").append(mark).append(" use=1");
    return sb.toString();
  }

  @Override
  public String toString() {
    return line();
  }
}
