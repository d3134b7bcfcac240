package dev.podpath.sim.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.packet.TcpFlags;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Given a TCP connection, when the segments of a connect that closes at once pass, then conntrack's
 * state and timeout follow {@code tcp_conntrack} (the states {@code conntrack -L} showed on 6.18).
 */
final class TcpConntrackStateTest {

  private static Connection tcp() {
    return new Connection(
        new Tuple(6, Ipv4Address.parse("10.1.0.1"), Ipv4Address.parse("10.2.0.1"), 40000, 80), 1);
  }

  private static void segment(Connection c, boolean reply, TcpFlags flags) {
    c.tcpSegment(reply, Optional.of(flags));
  }

  @Test
  void aClosingConnect_goesThroughTheHandshakeAndTheClose() {
    Connection c = tcp();
    assertThat(c.entry().tcpState()).contains(TcpConntrackState.SYN_SENT);
    assertThat(c.entry().timeoutSeconds()).isEqualTo(119);
    segment(c, true, TcpFlags.SYN_ACK);
    assertThat(c.entry().tcpState()).contains(TcpConntrackState.SYN_RECV);
    assertThat(c.entry().timeoutSeconds()).isEqualTo(59);
    segment(c, false, TcpFlags.ACK_ONLY);
    assertThat(c.entry().tcpState()).contains(TcpConntrackState.ESTABLISHED);
    assertThat(c.entry().assured()).isTrue();
    assertThat(c.entry().timeoutSeconds()).isEqualTo(431999);
    segment(c, false, TcpFlags.FIN_ACK);
    assertThat(c.entry().tcpState()).contains(TcpConntrackState.FIN_WAIT);
    segment(c, true, TcpFlags.FIN_ACK);
    assertThat(c.entry().tcpState()).contains(TcpConntrackState.LAST_ACK);
    assertThat(c.entry().timeoutSeconds()).isEqualTo(29);
    segment(c, false, TcpFlags.ACK_ONLY);
    assertThat(c.entry().tcpState()).contains(TcpConntrackState.TIME_WAIT);
    assertThat(c.entry().line())
        .startsWith("tcp      6 119 TIME_WAIT src=10.1.0.1 dst=10.2.0.1 sport=40000 dport=80 ");
  }

  /**
   * The state a reset leaves. (A reset before any reply also deletes the entry at once: {@code
   * ConntrackLookup} does that, checked against the kernel by random/conntrack-reset-unreplied.sh.)
   */
  @Test
  void aReset_closesIt_withTenSeconds() {
    Connection c = tcp();
    segment(c, true, TcpFlags.RST_ACK);
    assertThat(c.entry().tcpState()).contains(TcpConntrackState.CLOSE);
    assertThat(c.entry().timeoutSeconds()).isEqualTo(9);
  }

  @Test
  void udp_hasNoTcpState_andThirtySeconds() {
    Connection c =
        new Connection(
            new Tuple(17, Ipv4Address.parse("10.1.0.1"), Ipv4Address.parse("10.2.0.1"), 5000, 53),
            1);
    c.tcpSegment(false, Optional.empty());
    assertThat(c.entry().tcpState()).isEmpty();
    assertThat(c.entry().timeoutSeconds()).isEqualTo(29);
    assertThat(c.entry().line()).startsWith("udp      17 29 src=");
  }
}
