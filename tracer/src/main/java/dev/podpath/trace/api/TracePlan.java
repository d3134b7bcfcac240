package dev.podpath.trace.api;

import dev.podpath.trace.Probe;
import dev.podpath.trace.api.InputException.Input;
import dev.podpath.trace.api.InputException.Problem;
import dev.podpath.trace.render.Annotations;
import java.util.List;
import java.util.Objects;

/**
 * A {@link TraceRequest} with its names resolved on one {@link Network}: the namespace that sends,
 * the address it sends to, and, to a snapshot's Service, the protocol and port picked for it with
 * what was assumed and what the Service does not offer. Made by {@link Network#plan(TraceRequest)},
 * traced by {@link Network#trace(TracePlan)}; immutable.
 *
 * <pre>{@code
 * TracePlan plan = network.plan(TraceRequest.builder("kube-system/coredns-857d9ff4c9-7m27z", "default/kubernetes").build());
 * plan.protocol();      // TCP: the Service's only port, 443/TCP
 * plan.assumptions();   // what was picked without being asked (the first of several ports)
 * TraceResult r = network.trace(plan);
 * }</pre>
 *
 * @param request what was asked
 * @param source the namespace that sends (and the address, when one was named)
 * @param destination the address the probe goes to, and the Service it came from
 * @param protocol the probe's protocol: as asked, else the Service port's, else ICMP
 * @param dport the destination port (UDP, TCP): as asked, else the Service's, else 80
 * @param annotations what the output says beyond the trace: the Service, the assumptions and
 *     warnings about its port, and what each endpoint address of the snapshot is (to name the pod
 *     behind a DNAT)
 */
public record TracePlan(
    TraceRequest request,
    Source source,
    Destination destination,
    Probe.Protocol protocol,
    int dport,
    Annotations annotations) {

  /** The largest payload an IPv4 packet carries after an 8-byte header. */
  static final int MAX_PAYLOAD = 65507;

  public TracePlan {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(annotations, "annotations");
  }

  /**
   * {@return what was picked without the request saying so (the first of a Service's ports), one
   * sentence each}
   */
  public List<String> assumptions() {
    return annotations.assumptions();
  }

  /**
   * {@return what the request asked that the Service does not offer (a port kube-proxy has no rule
   * for), one sentence each: the trace shows what then happens}
   */
  public List<String> warnings() {
    return annotations.warnings();
  }

  /**
   * {@return the probe this plan sends}
   *
   * @throws InputException for a payload size out of range ({@link Input#SIZE})
   */
  public Probe probe() {
    TraceRequest r = request;
    if (r.payloadBytes().isPresent()
        && (r.payloadBytes().getAsInt() < 0 || r.payloadBytes().getAsInt() > MAX_PAYLOAD)) {
      throw new InputException(
          Input.SIZE,
          Problem.OUT_OF_RANGE,
          String.valueOf(r.payloadBytes().getAsInt()),
          "--size " + r.payloadBytes().getAsInt() + ": expected 0 to " + MAX_PAYLOAD);
    }
    int payload = r.payloadBytes().orElse(protocol == Probe.Protocol.ICMP ? Probe.PING_PAYLOAD : 0);
    // the source port is for udp and tcp; an echo request keeps the default id
    return new Probe(
        source.netns(),
        destination.address(),
        source.address(),
        protocol,
        protocol == Probe.Protocol.ICMP ? 0 : r.sport(),
        dport,
        r.ttl(),
        payload,
        r.dontFragment());
  }
}
