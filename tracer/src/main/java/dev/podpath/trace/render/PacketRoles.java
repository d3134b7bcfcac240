package dev.podpath.trace.render;

import dev.podpath.sim.outcome.PacketRole;

/**
 * How the text and JSON outputs name a packet's role ({@code request}, {@code echo-reply}, ...).
 */
public final class PacketRoles {

  private PacketRoles() {}

  /** The role's name in the text output and in JSON's {@code role} (docs/trace-json.md). */
  public static String text(PacketRole role) {
    return switch (role) {
      case REQUEST -> "request";
      case ECHO_REPLY -> "echo-reply";
      case ICMP_ERROR -> "icmp-error";
      case ICMP_REDIRECT -> "icmp-redirect";
      case SYN_ACK -> "syn-ack";
      case TCP_RESET -> "tcp-reset";
      case ACK -> "ack";
      case FIN -> "fin";
    };
  }
}
