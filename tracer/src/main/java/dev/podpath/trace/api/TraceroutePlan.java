package dev.podpath.trace.api;

import dev.podpath.trace.Traceroute;
import java.util.List;
import java.util.Objects;

/**
 * A {@link TracerouteRequest} with its names resolved on one {@link Network}, and to a Service the
 * port its probes go to. Made by {@link Network#plan(TracerouteRequest)}, run by {@link
 * Network#traceroute(TraceroutePlan)}; immutable.
 *
 * <pre>{@code
 * TraceroutePlan plan = network.plan(TracerouteRequest.builder("pc", "default/web").method(TracerouteMethod.TCP).build());
 * plan.port();       // the Service's TCP port
 * plan.warnings();   // e.g. -I to a Service: kube-proxy DNATs only its ports
 * }</pre>
 *
 * @param request what was asked
 * @param source the namespace that sends
 * @param destination the address probed, and the Service it came from
 * @param port the destination port of the probes (the first, for the default method)
 * @param assumptions what was picked without the request saying so, one sentence each
 * @param warnings what the request asked that the Service does not offer, one sentence each
 */
public record TraceroutePlan(
    TracerouteRequest request,
    Source source,
    Destination destination,
    int port,
    List<String> assumptions,
    List<String> warnings) {

  public TraceroutePlan {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    assumptions = List.copyOf(assumptions);
    warnings = List.copyOf(warnings);
  }

  /** {@return the traceroute this plan runs} */
  public Traceroute.Request toRequest() {
    return new Traceroute.Request(
        source.netns(),
        destination.address(),
        source.address(),
        request.method(),
        port,
        request.maxTtl(),
        request.queries(),
        request.waitNanos());
  }
}
