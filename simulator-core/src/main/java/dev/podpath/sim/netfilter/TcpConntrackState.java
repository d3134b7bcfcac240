package dev.podpath.sim.netfilter;

/**
 * The TCP state conntrack keeps for a connection ({@code enum tcp_conntrack}), each with the
 * default timeout the kernel gives it ({@code net.netfilter.nf_conntrack_tcp_timeout_*}). podpath's
 * segments (SYN, SYN-ACK, ACK, FIN, RST of a connect that closes at once) reach these; the
 * transitions are {@link Connection#tcpSegment}'s.
 */
public enum TcpConntrackState {
  /** The SYN was seen. */
  SYN_SENT(120),
  /** The SYN-ACK answered it. */
  SYN_RECV(60),
  /** The handshake's ACK came: the connection is ASSURED. */
  ESTABLISHED(432000),
  /** One side sent a FIN. */
  FIN_WAIT(120),
  /** The other side's FIN followed. */
  LAST_ACK(30),
  /** The last ACK after both FINs. */
  TIME_WAIT(120),
  /** A reset ended it. */
  CLOSE(10);

  private final int timeoutSeconds;

  TcpConntrackState(int timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }

  /**
   * The state {@code conntrack -L} prints as {@code word} ({@code ESTABLISHED}); empty for the
   * states podpath does not model ({@code NONE}, {@code CLOSE_WAIT}, {@code SYN_SENT2}).
   */
  static java.util.Optional<TcpConntrackState> ofConntrackWord(String word) {
    return java.util.Optional.ofNullable(
        switch (word) {
          case "SYN_SENT" -> SYN_SENT;
          case "SYN_RECV" -> SYN_RECV;
          case "ESTABLISHED" -> ESTABLISHED;
          case "FIN_WAIT" -> FIN_WAIT;
          case "LAST_ACK" -> LAST_ACK;
          case "TIME_WAIT" -> TIME_WAIT;
          case "CLOSE" -> CLOSE;
          default -> null;
        });
  }

  /** {@code nf_conntrack_tcp_timeout_*}'s default for the state, in seconds. */
  public int timeoutSeconds() {
    return timeoutSeconds;
  }
}
