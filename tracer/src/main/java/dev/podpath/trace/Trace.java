package dev.podpath.trace;

import dev.podpath.sim.outcome.Disposition;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.PacketRole;
import dev.podpath.sim.outcome.SocketError;
import java.util.List;
import java.util.Optional;

/**
 * The answer to a probe: the probe's own packet, the response it drew (echo reply, ICMP error or
 * TCP reset), and for ping the line {@code ping} itself would print.
 *
 * @param localError the error the sending program got when no packet left (e.g. the route lookup's
 *     {@code ENETUNREACH})
 */
public record Trace(
    Probe probe,
    PacketTrace request,
    Optional<PacketTrace> response,
    Optional<SocketError> localError,
    List<String> notModelled) {

  public Trace {
    notModelled = List.copyOf(notModelled);
  }

  /**
   * The response, if it reached the sender within {@code waitNanos} of the request being sent (as
   * ping's {@code -W} and traceroute's {@code -w} wait); ARP failures, for one, answer only after 3
   * s.
   */
  public Optional<PacketTrace> answerWithin(long waitNanos) {
    long sent = sentAtNanos();
    return response
        .filter(this::reachedSender)
        .filter(r -> r.deliveredAtNanos().orElse(Long.MAX_VALUE) - sent <= waitNanos);
  }

  /** Nanoseconds from the request being sent to the response arriving, when it arrived. */
  public Optional<Long> responseDelayNanos() {
    long sent = sentAtNanos();
    return response.flatMap(PacketTrace::deliveredAtNanos).map(t -> t - sent);
  }

  /** When the request was sent (simulated time of its first step). */
  private long sentAtNanos() {
    return request.hops().stream()
        .flatMap(h -> h.steps().stream())
        .mapToLong(e -> e.timeNanos())
        .min()
        .orElse(0);
  }

  /**
   * Why podpath cannot answer for this probe, if it cannot: the reason of the request, or else of
   * its response, that met what podpath does not model ({@link Disposition#NOT_MODELLED}).
   */
  public Optional<DropReason> notModelledReason() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(request), response.stream())
        .filter(p -> p.disposition() == Disposition.NOT_MODELLED)
        .findFirst()
        .flatMap(PacketTrace::reason);
  }

  /**
   * Whether the probe succeeded: the request was delivered and, for ICMP echo, the reply came back
   * to the sender; for a TCP SYN, the SYN-ACK did (a reset, a closed port, is a connect that
   * failed: "Connection refused").
   */
  public boolean succeeded() {
    if (request.disposition() != Disposition.DELIVERED) {
      return false;
    }
    if (probe.protocol() == Probe.Protocol.ICMP) {
      return answered(PacketRole.ECHO_REPLY);
    }
    if (probe.protocol() == Probe.Protocol.TCP) {
      return answered(PacketRole.SYN_ACK);
    }
    return true;
  }

  private boolean answered(PacketRole role) {
    return response.filter(r -> r.role() == role).map(this::reachedSender).orElse(false);
  }

  /**
   * Whether the response was delivered to the probe's own namespace: one delivered to another
   * namespace that owns the sender's address (overlapping address pools) is not the sender's
   * answer.
   */
  private boolean reachedSender(PacketTrace r) {
    return r.disposition() == Disposition.DELIVERED
        && r.endedIn().map(probe.from()::equals).orElse(true);
  }
}
