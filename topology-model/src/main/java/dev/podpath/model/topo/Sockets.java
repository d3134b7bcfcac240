package dev.podpath.model.topo;

import dev.podpath.model.addr.Ipv4Address;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What is known of a namespace's listening sockets, per protocol. A scenario script knows them all:
 * a port is open only if the script started a server on it. A dump knows the protocols it listed
 * ({@code ss -ltun}: TCP and UDP; a pasted {@code ss -ltnp}: TCP only); for the others the
 * simulator falls back to its configured assumption.
 *
 * @param protocols the protocols ({@link ListeningSocket#TCP}, {@link ListeningSocket#UDP}) whose
 *     listening sockets {@code listening} lists completely
 * @param listening the listening sockets, in the order they were started
 */
public record Sockets(Set<Integer> protocols, List<ListeningSocket> listening) {

  /** Nothing is known about the namespace's sockets. */
  public static final Sockets UNKNOWN = new Sockets(Set.of(), List.of());

  /** A namespace known to have no listening socket at all (a fresh one). */
  public static final Sockets NONE = new Sockets(true, List.of());

  public Sockets {
    protocols = Set.copyOf(protocols);
    listening = List.copyOf(listening);
    for (ListeningSocket s : listening) {
      if (!protocols.contains(s.protocol())) {
        throw new IllegalArgumentException(
            "a socket of a protocol whose sockets are unknown cannot be listed: " + s);
      }
    }
  }

  /**
   * Sockets known for every protocol ({@code known}) or for none.
   *
   * @param known whether {@code listening} is the complete list of TCP and UDP sockets
   */
  public Sockets(boolean known, List<ListeningSocket> listening) {
    this(known ? Set.of(ListeningSocket.TCP, ListeningSocket.UDP) : Set.of(), listening);
  }

  /** Whether {@code listening} is the complete list for both TCP and UDP. */
  public boolean known() {
    return protocols.contains(ListeningSocket.TCP) && protocols.contains(ListeningSocket.UDP);
  }

  /** Whether the sockets of {@code protocol} are all listed. */
  public boolean known(int protocol) {
    return protocols.contains(protocol);
  }

  /**
   * Whether a segment of {@code protocol} to {@code dst}:{@code port} finds a listener: empty when
   * the sockets of that protocol are not known.
   */
  public Optional<Boolean> accepts(int protocol, Ipv4Address dst, int port) {
    if (!known(protocol)) {
      return Optional.empty();
    }
    return Optional.of(listening.stream().anyMatch(s -> s.accepts(protocol, dst, port)));
  }

  /** The socket that would receive the segment, if one listens. */
  public Optional<ListeningSocket> listener(int protocol, Ipv4Address dst, int port) {
    return listening.stream().filter(s -> s.accepts(protocol, dst, port)).findFirst();
  }
}
