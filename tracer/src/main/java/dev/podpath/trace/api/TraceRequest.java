package dev.podpath.trace.api;

import dev.podpath.trace.Probe;
import dev.podpath.trace.api.InputException.Input;
import dev.podpath.trace.api.InputException.Problem;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One packet to trace, as {@code podpath trace} takes it: where from, where to, and how. Immutable;
 * build it with {@link #builder(String, String)}.
 *
 * <pre>{@code
 * TraceRequest ping = TraceRequest.builder("busybox-jpnb6", "10.10.2.4").build();
 * TraceRequest syn =
 *     TraceRequest.builder("p1", "10.96.0.10")
 *         .protocol(Probe.Protocol.TCP)
 *         .allBranches(true)
 *         .build();
 * }</pre>
 *
 * @param from a namespace, an address one namespace owns, or (snapshot) a pod as {@code
 *     namespace/name} ({@link Network#source(String)})
 * @param to an address, or (snapshot) a pod or a Service as {@code namespace/name[:PORT|:PORTNAME]}
 *     ({@link Network#destination(String)})
 * @param protocol the protocol; empty: ICMP, or to a Service the protocol of its port
 * @param sport the source port for UDP and TCP (an echo request keeps ping's id)
 * @param dport the destination port for UDP and TCP; empty: 80, or to a Service its port
 * @param ttl the initial TTL, 1 to 255
 * @param payloadBytes bytes after the ICMP/UDP/TCP header ({@code ping -s}); empty: 56 for ICMP, 0
 *     otherwise. Checked (0 to 65507) when traced, after the destination is resolved, as {@code
 *     podpath trace --size} is
 * @param dontFragment the DF flag (set by default, as ping sets it)
 * @param endpoints where {@code -m statistic} rules choose, the branch to take: an endpoint {@code
 *     IP[:PORT]} (every nat chain that DNATs to it), a chain, or a rule {@code CHAIN#N}
 * @param allBranches trace every branch the statistic rules and multipath routes can take, with its
 *     probability
 * @param nexthop which next hop (from 1, as {@code ip route} lists them) every multipath route on
 *     the way takes; empty: the first, and the trace says the kernel's hash may pick another
 */
public record TraceRequest(
    String from,
    String to,
    Optional<Probe.Protocol> protocol,
    int sport,
    OptionalInt dport,
    int ttl,
    OptionalInt payloadBytes,
    boolean dontFragment,
    List<String> endpoints,
    boolean allBranches,
    OptionalInt nexthop) {

  /** The source port a UDP or TCP probe has unless told ({@code --sport}). */
  public static final int DEFAULT_SPORT = 40000;

  /** The TTL a probe has unless told ({@code --ttl}). */
  public static final int DEFAULT_TTL = 64;

  /**
   * @throws InputException for a TTL or a port out of range ({@link Input#TTL}, {@link Input#PORT})
   */
  public TraceRequest {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(dport, "dport");
    Objects.requireNonNull(payloadBytes, "payloadBytes");
    endpoints = List.copyOf(endpoints);
    Objects.requireNonNull(nexthop, "nexthop");
    if (nexthop.isPresent() && (nexthop.getAsInt() < 1 || nexthop.getAsInt() > 256)) {
      throw new InputException(
          Input.NEXTHOP,
          Problem.OUT_OF_RANGE,
          String.valueOf(nexthop.getAsInt()),
          "--nexthop " + nexthop.getAsInt() + ": expected 1 to 256 (next hops count from 1)");
    }
    if (ttl < 1 || ttl > 255) {
      throw new InputException(
          Input.TTL,
          Problem.OUT_OF_RANGE,
          String.valueOf(ttl),
          "--ttl " + ttl + ": expected 1 to 255");
    }
    for (int port : new int[] {sport, dport.orElse(0)}) {
      if (port < 0 || port > 65535) {
        throw new InputException(
            Input.PORT,
            Problem.OUT_OF_RANGE,
            String.valueOf(port),
            "port " + port + ": expected 0 to 65535");
      }
    }
  }

  /** {@return a builder of a ping from {@code from} to {@code to}, with ping's defaults} */
  public static Builder builder(String from, String to) {
    return new Builder(from, to);
  }

  /** {@return a builder holding this request's values} */
  public Builder toBuilder() {
    Builder b = new Builder(from, to);
    b.protocol = protocol;
    b.sport = sport;
    b.dport = dport;
    b.ttl = ttl;
    b.payloadBytes = payloadBytes;
    b.dontFragment = dontFragment;
    b.endpoints = endpoints;
    b.allBranches = allBranches;
    b.nexthop = nexthop;
    return b;
  }

  /** Builds a {@link TraceRequest}; not thread-safe, the request it builds is. */
  public static final class Builder {
    private String from;
    private String to;
    private Optional<Probe.Protocol> protocol = Optional.empty();
    private int sport = DEFAULT_SPORT;
    private OptionalInt dport = OptionalInt.empty();
    private int ttl = DEFAULT_TTL;
    private OptionalInt payloadBytes = OptionalInt.empty();
    private boolean dontFragment = true;
    private List<String> endpoints = List.of();
    private boolean allBranches;
    private OptionalInt nexthop = OptionalInt.empty();

    private Builder(String from, String to) {
      this.from = Objects.requireNonNull(from, "from");
      this.to = Objects.requireNonNull(to, "to");
    }

    /** {@code --from}. */
    public Builder from(String value) {
      this.from = Objects.requireNonNull(value, "from");
      return this;
    }

    /** {@code --to}. */
    public Builder to(String value) {
      this.to = Objects.requireNonNull(value, "to");
      return this;
    }

    /** {@code --proto}. */
    public Builder protocol(Probe.Protocol value) {
      this.protocol = Optional.of(value);
      return this;
    }

    /** {@code --sport}. */
    public Builder sport(int value) {
      this.sport = value;
      return this;
    }

    /** {@code --dport}. */
    public Builder dport(int value) {
      this.dport = OptionalInt.of(value);
      return this;
    }

    /** {@code --ttl}. */
    public Builder ttl(int value) {
      this.ttl = value;
      return this;
    }

    /** {@code --size}. */
    public Builder payloadBytes(int value) {
      this.payloadBytes = OptionalInt.of(value);
      return this;
    }

    /** {@code --no-df} is {@code dontFragment(false)}. */
    public Builder dontFragment(boolean value) {
      this.dontFragment = value;
      return this;
    }

    /** {@code --endpoint}, each. */
    public Builder endpoints(List<String> value) {
      this.endpoints = List.copyOf(value);
      return this;
    }

    /** {@code --all-branches}. */
    public Builder allBranches(boolean value) {
      this.allBranches = value;
      return this;
    }

    /** {@code --nexthop}: every multipath route takes its next hop number {@code value}, from 1. */
    public Builder nexthop(int value) {
      this.nexthop = OptionalInt.of(value);
      return this;
    }

    /**
     * {@return the request}
     *
     * @throws InputException for a TTL or a port out of range
     */
    public TraceRequest build() {
      return new TraceRequest(
          from,
          to,
          protocol,
          sport,
          dport,
          ttl,
          payloadBytes,
          dontFragment,
          endpoints,
          allBranches,
          nexthop);
    }
  }
}
