package dev.podpath.model.topo;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.origin.Origin;
import java.util.Objects;
import java.util.Optional;

/**
 * A socket listening in a namespace, as {@code ss -ltn} / {@code ss -lun} list them: a server a
 * scenario started ({@code nc -lk 8080 &}).
 *
 * @param protocol {@link #TCP} or {@link #UDP}
 * @param address the local address it is bound to; empty for the wildcard ({@code 0.0.0.0})
 * @param port the local port
 * @param origin the line that started it
 */
public record ListeningSocket(
    int protocol, Optional<Ipv4Address> address, int port, Origin origin) {

  public static final int TCP = 6;
  public static final int UDP = 17;

  public ListeningSocket {
    if (protocol != TCP && protocol != UDP) {
      throw new IllegalArgumentException("protocol must be TCP (6) or UDP (17): " + protocol);
    }
    Objects.requireNonNull(address, "address");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    Objects.requireNonNull(origin, "origin");
  }

  /** Whether a segment of {@code proto} to {@code dst}:{@code dstPort} reaches this socket. */
  public boolean accepts(int proto, Ipv4Address dst, int dstPort) {
    return proto == protocol && dstPort == port && address.map(dst::equals).orElse(true);
  }

  /** {@code tcp 0.0.0.0:8080}, as {@code ss} would name it. */
  @Override
  public String toString() {
    return (protocol == TCP ? "tcp " : "udp ")
        + address.map(Ipv4Address::toString).orElse("0.0.0.0")
        + ":"
        + port;
  }
}
