package dev.podpath.trace.api;

import dev.podpath.trace.Traceroute;
import java.util.Objects;

/**
 * What {@link Network#traceroute(TraceroutePlan)} found: the lines the tool prints, each with the
 * traces of its probes ({@link Traceroute.Result}). Immutable.
 *
 * <pre>{@code
 * TracerouteResult r = network.traceroute(TracerouteRequest.builder("busybox-jpnb6", "10.10.2.4").build());
 * r.reached();                                 // true
 * r.result().lines().get(1).address();         // Optional[192.168.2.15]
 * TracerouteLines.of(r.result());              // what podpath traceroute prints
 * }</pre>
 *
 * @param plan the plan run
 * @param result the tool's lines and whether the destination answered
 */
public record TracerouteResult(TraceroutePlan plan, Traceroute.Result result) {

  public TracerouteResult {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(result, "result");
  }

  /** {@return whether the destination answered (traceroute's exit status 0)} */
  public boolean reached() {
    return result.reached();
  }
}
