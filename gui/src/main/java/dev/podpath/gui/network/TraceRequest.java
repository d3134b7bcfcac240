package dev.podpath.gui.network;

import dev.podpath.trace.Probe;
import java.util.Objects;

/**
 * What the trace panel asks for, as the user typed it.
 *
 * @param from a namespace, an address one owns, or (snapshot) a pod
 * @param to an address, a namespace (its first address), or (snapshot) a pod or Service
 * @param dport the destination port for udp/tcp
 * @param payloadBytes bytes after the L4 header; negative for the protocol's usual size
 * @param dontFragment the DF flag
 */
public record TraceRequest(
    String from,
    String to,
    Probe.Protocol protocol,
    int dport,
    int payloadBytes,
    boolean dontFragment) {

  public TraceRequest {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(protocol, "protocol");
  }

  /** A ping with ping's defaults. */
  public static TraceRequest ping(String from, String to) {
    return new TraceRequest(from, to, Probe.Protocol.ICMP, 80, -1, true);
  }
}
