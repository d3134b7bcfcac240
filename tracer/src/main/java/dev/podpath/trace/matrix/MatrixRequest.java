package dev.podpath.trace.matrix;

import dev.podpath.trace.Probe;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which matrix to compute: the rows and columns selected ({@link Selector}; none selects the
 * default), and the probe's protocol and port as {@code podpath trace} takes them.
 *
 * <pre>{@code
 * MatrixRequest all = MatrixRequest.ping();
 * MatrixRequest https = new MatrixRequest(List.of("node=worker1"), List.of("10.10.0.0/16"),
 *     Optional.of(Probe.Protocol.TCP), OptionalInt.of(443));
 * }</pre>
 *
 * @param sources {@code --sources} selectors; empty: every source
 * @param destinations {@code --destinations} selectors; empty: every destination
 * @param protocol the protocol; empty: ICMP, or to a Service the protocol of its port
 * @param dport the destination port for UDP and TCP; empty: 80, or to a Service its port
 * @param exact whether every cell is traced in full ({@code --exact}); otherwise the pairs the fast
 *     path proves reachable are not simulated ({@link ReachabilityMatrix})
 */
public record MatrixRequest(
    List<String> sources,
    List<String> destinations,
    Optional<Probe.Protocol> protocol,
    OptionalInt dport,
    boolean exact) {

  /** A request that lets the fast path prove what it can. */
  public MatrixRequest(
      List<String> sources,
      List<String> destinations,
      Optional<Probe.Protocol> protocol,
      OptionalInt dport) {
    this(sources, destinations, protocol, dport, false);
  }

  public MatrixRequest {
    sources = List.copyOf(sources);
    destinations = List.copyOf(destinations);
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(dport, "dport");
  }

  /** {@return the default matrix: every source to every destination, by ping} */
  public static MatrixRequest ping() {
    return new MatrixRequest(List.of(), List.of(), Optional.empty(), OptionalInt.empty());
  }

  /** {@return this request, every cell traced in full when {@code exact}} */
  public MatrixRequest withExact(boolean exact) {
    return new MatrixRequest(sources, destinations, protocol, dport, exact);
  }
}
