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
 * @param followUps the packets the exchange went on with after the response, in the order they were
 *     made: a connect's ACK and the close ({@code nc -z}'s FIN, the server's FIN, the last ACK);
 *     empty for a ping and for a response nothing answers
 */
public record Trace(
    Probe probe,
    PacketTrace request,
    Optional<PacketTrace> response,
    Optional<SocketError> localError,
    List<String> notModelled,
    List<PacketTrace> followUps) {

  public Trace {
    notModelled = List.copyOf(notModelled);
    followUps = List.copyOf(followUps);
  }

  /** A trace whose response nothing followed. */
  public Trace(
      Probe probe,
      PacketTrace request,
      Optional<PacketTrace> response,
      Optional<SocketError> localError,
      List<String> notModelled) {
    this(probe, request, response, localError, notModelled, List.of());
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

  /**
   * How near a command's deadline a timer-driven answer may arrive and still be a race. An ARP
   * failure's host unreachable comes after three retransmission timers; each kernel timer fires at
   * the next tick of its timer-wheel level, up to 64 ms late at 1 s (measured on 6.18: the error
   * reaches {@code nc} 3.06-3.11 s after its SYN, not 3.00), and the commands between two probes
   * take some milliseconds to start. An answer podpath places within this margin of the wait may
   * arrive on either side of it in the kernel.
   */
  public static final long TIMER_RACE_NANOS = 200_000_000L;

  /**
   * Why podpath cannot say whether the command still waits for its answer, if it cannot: the answer
   * is a failed ARP's host unreachable (a timer-driven answer) arriving within {@link
   * #TIMER_RACE_NANOS} of {@code waitNanos}. podpath then says "not modelled" rather than guess
   * which side of the deadline the kernel's timers land on.
   */
  public Optional<DropReason> waitRace(long waitNanos) {
    Optional<DropReason> handshake = handshakeRace(waitNanos);
    if (handshake.isPresent()) {
      return handshake;
    }
    Optional<Long> delay = timerDrivenDelay();
    if (delay.isEmpty() || Math.abs(delay.get() - waitNanos) > TIMER_RACE_NANOS) {
      return Optional.empty();
    }
    return timingRace();
  }

  /**
   * The longest wait within which an answer that waited for a WireGuard handshake is a race. The
   * handshake's time is its cryptography's (four Curve25519 operations on each side): microseconds
   * on a real CPU, 806 ms in Debian's 6.1 kernel under qemu's software emulation (the first ping of
   * samples/wireguard.sh, docs/kernel-agreement.md). podpath takes none; a command that waits
   * longer than this gets the answer on both.
   */
  public static final long HANDSHAKE_RACE_NANOS = 1_500_000_000L;

  /**
   * A race with the WireGuard handshake: the request or the response was queued until a handshake
   * ended, and the command waits no longer than {@link #HANDSHAKE_RACE_NANOS}.
   */
  private Optional<DropReason> handshakeRace(long waitNanos) {
    boolean waited =
        java.util.stream.Stream.concat(java.util.stream.Stream.of(request), response.stream())
            .flatMap(p -> p.hops().stream())
            .flatMap(h -> h.steps().stream())
            .anyMatch(
                e ->
                    e.step() instanceof dev.podpath.sim.outcome.Step.Encapsulated en
                        && en.waitedForHandshake());
    if (!waited || waitNanos > HANDSHAKE_RACE_NANOS) {
      return Optional.empty();
    }
    return Optional.of(
        new DropReason.NotModelled(
            probe.from(),
            String.format(
                java.util.Locale.ROOT,
                "a timing race: the packet waited for a WireGuard handshake, which takes the time"
                    + " of its cryptography (microseconds on a real CPU, 0.8 s in a VM under"
                    + " software emulation); within a wait of %.1f s either side of the deadline"
                    + " is possible",
                waitNanos / 1e9)));
  }

  /**
   * The reason "not modelled" of a {@link #waitRace(long)}, when the answer is timer-driven: what
   * arrives when, and why its side of a deadline is a race.
   */
  public Optional<DropReason> timingRace() {
    return timerDrivenDelay()
        .map(
            d ->
                new DropReason.NotModelled(
                    probe.from(),
                    String.format(
                        java.util.Locale.ROOT,
                        "a timing race: the host unreachable of the failed ARP for %s arrives %.2f"
                            + " s after the probe, within %.1f s of the command's wait; the"
                            + " kernel's ARP timers fire up to 64 ms late each, so either side of"
                            + " the deadline is possible",
                        ((DropReason.NeighbourFailed) request.reason().orElseThrow()).nextHop(),
                        d / 1e9,
                        TIMER_RACE_NANOS / 1e9)));
  }

  /**
   * When the answer is a failed ARP's host unreachable: its delay once it reached the sender, or,
   * when the run stopped at the deadline before the error was sent or while it was still on its way
   * through lo, the delay of the failure itself (the error follows it within microseconds).
   */
  private Optional<Long> timerDrivenDelay() {
    if (!(request.reason().orElse(null) instanceof DropReason.NeighbourFailed)) {
      return Optional.empty();
    }
    if (response.isPresent() && reachedSender(response.get())) {
      return responseDelayNanos();
    }
    boolean inFlight =
        response.isEmpty()
            || response.get().reason().filter(DropReason.InFlight.class::isInstance).isPresent();
    if (!inFlight) {
      return Optional.empty();
    }
    long sent = sentAtNanos();
    return request.hops().stream()
        .flatMap(h -> h.steps().stream())
        .mapToLong(e -> e.timeNanos())
        .max()
        .stream()
        .mapToObj(t -> t - sent)
        .findFirst();
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
