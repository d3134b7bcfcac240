package dev.podpath.model.packet;

/** What a {@link Frame} carries: ARP or IPv4. */
public sealed interface FramePayload permits ArpMessage, Ipv4Packet {
  /** The payload length in bytes. */
  int length();
}
