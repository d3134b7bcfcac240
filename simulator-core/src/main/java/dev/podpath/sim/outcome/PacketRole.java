package dev.podpath.sim.outcome;

/**
 * What a packet is in the exchange a probe started: the probe's own packet, or what the stack sent
 * because of another packet ({@link PacketLog#caused}). Decided where the packet is made ({@code
 * Icmp}, {@code Tcp}); renderers name it ({@code echo-reply}, {@code tcp-reset}, ...).
 */
public enum PacketRole {
  /** The probe's own packet (a socket sent it). */
  REQUEST,
  /** The ICMP echo reply to an echo request. */
  ECHO_REPLY,
  /** An ICMP error about the packet (unreachable, time exceeded, fragmentation needed). */
  ICMP_ERROR,
  /**
   * An ICMP redirect about the packet, which a router sent while forwarding it: not the probe's
   * answer (the packet goes on; traceroute's socket never reads it).
   */
  ICMP_REDIRECT,
  /** A listener's SYN-ACK to a SYN. */
  SYN_ACK,
  /** A reset: to a SYN for a closed port, a segment of no connection, or REJECT's tcp-reset. */
  TCP_RESET,
  /** The ACK a client sends after the SYN-ACK, or the last ACK of a close. */
  ACK,
  /** A FIN closing the connection. */
  FIN
}
