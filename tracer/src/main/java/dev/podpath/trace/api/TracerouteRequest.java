package dev.podpath.trace.api;

import dev.podpath.model.script.ProbeSpec;
import dev.podpath.model.script.TracerouteMethod;
import dev.podpath.trace.api.InputException.Input;
import dev.podpath.trace.api.InputException.Problem;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A traceroute, as {@code podpath traceroute} takes it (Linux {@code traceroute -n}): where from,
 * where to, the method, and the tool's options. Immutable; build it with {@link #builder(String,
 * String)}.
 *
 * <pre>{@code
 * TracerouteRequest udp = TracerouteRequest.builder("busybox-jpnb6", "10.10.2.4").build();
 * TracerouteRequest syn =
 *     TracerouteRequest.builder("pc", "10.96.0.30").method(TracerouteMethod.TCP).port(80).build();
 * }</pre>
 *
 * @param from as {@link TraceRequest#from()}
 * @param to as {@link TraceRequest#to()}; to a Service, {@code TCP}/{@code UDP} probe its port
 * @param method {@code -I}, {@code -T}, {@code -U}, or the default (UDP to 33434 and up)
 * @param port {@code -p}: the port of every probe (TCP, UDP), the first (default method)
 * @param maxTtl {@code -m}, 1 to 255
 * @param queries {@code -q}, probes per hop, 1 to 10
 * @param waitSeconds {@code -w}, how long each probe waits for its answer, 0 to 3600 simulated
 *     seconds
 */
public record TracerouteRequest(
    String from,
    String to,
    TracerouteMethod method,
    OptionalInt port,
    int maxTtl,
    int queries,
    double waitSeconds) {

  /**
   * @throws InputException for a value out of range, checked in the order the command line checks
   *     them: max hops ({@link Input#TTL}), queries, wait, port
   */
  public TracerouteRequest {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(port, "port");
    if (maxTtl < 1 || maxTtl > 255) {
      throw new InputException(
          Input.TTL,
          Problem.OUT_OF_RANGE,
          String.valueOf(maxTtl),
          "-m " + maxTtl + ": expected 1 to 255");
    }
    if (queries < 1 || queries > ProbeSpec.TRACEROUTE_MAX_QUERIES) {
      throw new InputException(
          Input.QUERIES,
          Problem.OUT_OF_RANGE,
          String.valueOf(queries),
          "-q "
              + queries
              + ": expected 1 to "
              + ProbeSpec.TRACEROUTE_MAX_QUERIES
              + " probes per hop");
    }
    if (!(waitSeconds >= 0 && waitSeconds <= 3600)) {
      throw new InputException(
          Input.WAIT,
          Problem.OUT_OF_RANGE,
          String.valueOf(waitSeconds),
          "-w " + waitSeconds + ": expected 0 to 3600 seconds");
    }
    if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 65535)) {
      throw new InputException(
          Input.PORT,
          Problem.OUT_OF_RANGE,
          String.valueOf(port.getAsInt()),
          "-p " + port.getAsInt() + ": expected a port, 0 to 65535");
    }
  }

  /**
   * {@return a builder of a traceroute from {@code from} to {@code to} with the tool's defaults:
   * UDP, 30 hops, one query, 5 s}
   */
  public static Builder builder(String from, String to) {
    return new Builder(from, to);
  }

  /** {@return how long each probe waits, in nanoseconds} */
  public long waitNanos() {
    return Math.round(waitSeconds * 1e9);
  }

  /** Builds a {@link TracerouteRequest}; not thread-safe, the request it builds is. */
  public static final class Builder {
    private final String from;
    private final String to;
    private TracerouteMethod method = TracerouteMethod.DEFAULT;
    private OptionalInt port = OptionalInt.empty();
    private int maxTtl = 30;
    private int queries = 1;
    private double waitSeconds = 5;

    private Builder(String from, String to) {
      this.from = Objects.requireNonNull(from, "from");
      this.to = Objects.requireNonNull(to, "to");
    }

    /** {@code -I}, {@code -T}, {@code -U}. */
    public Builder method(TracerouteMethod value) {
      this.method = Objects.requireNonNull(value, "method");
      return this;
    }

    /** {@code -p}. */
    public Builder port(int value) {
      this.port = OptionalInt.of(value);
      return this;
    }

    /** {@code -m}. */
    public Builder maxTtl(int value) {
      this.maxTtl = value;
      return this;
    }

    /** {@code -q}. */
    public Builder queries(int value) {
      this.queries = value;
      return this;
    }

    /** {@code -w}. */
    public Builder waitSeconds(double value) {
      this.waitSeconds = value;
      return this;
    }

    /**
     * {@return the request}
     *
     * @throws InputException for a value out of range
     */
    public TracerouteRequest build() {
      return new TracerouteRequest(from, to, method, port, maxTtl, queries, waitSeconds);
    }
  }
}
