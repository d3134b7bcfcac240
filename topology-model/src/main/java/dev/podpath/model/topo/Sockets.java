package dev.podpath.model.topo;

import dev.podpath.model.addr.Ipv4Address;
import java.util.List;
import java.util.Optional;

/**
 * What is known of a namespace's listening sockets. A scenario script knows them all: a port is
 * open only if the script started a server on it. A dump does not say, so the sockets are {@link
 * #UNKNOWN} and the simulator falls back to its configured assumption.
 *
 * @param known whether {@code listening} is the complete list
 * @param listening the listening sockets, in the order they were started
 */
public record Sockets(boolean known, List<ListeningSocket> listening) {

  /** Nothing is known about the namespace's sockets. */
  public static final Sockets UNKNOWN = new Sockets(false, List.of());

  /** A namespace known to have no listening socket at all (a fresh one). */
  public static final Sockets NONE = new Sockets(true, List.of());

  public Sockets {
    listening = List.copyOf(listening);
    if (!known && !listening.isEmpty()) {
      throw new IllegalArgumentException("unknown sockets cannot list any");
    }
  }

  /**
   * Whether a segment of {@code protocol} to {@code dst}:{@code port} finds a listener: empty when
   * the sockets are not known.
   */
  public Optional<Boolean> accepts(int protocol, Ipv4Address dst, int port) {
    if (!known) {
      return Optional.empty();
    }
    return Optional.of(listening.stream().anyMatch(s -> s.accepts(protocol, dst, port)));
  }

  /** The socket that would receive the segment, if one listens. */
  public Optional<ListeningSocket> listener(int protocol, Ipv4Address dst, int port) {
    return listening.stream().filter(s -> s.accepts(protocol, dst, port)).findFirst();
  }
}
