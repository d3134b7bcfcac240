package dev.podpath.trace;

import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.sim.outcome.Disposition;
import dev.podpath.sim.outcome.PacketRole;
import dev.podpath.trace.render.PingLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A TCP connect as {@code nc} makes it: a SYN, retransmitted on the kernel's schedule until an
 * answer comes or the wait ends. The first answer decides, as it decides {@code connect()}: a
 * SYN-ACK connects; a RST refuses; an ICMP destination-unreachable or time-exceeded from
 * another host aborts the connect with the errno the kernel maps it to ({@code icmp_err_convert}; in SYN-SENT every such
 * error aborts).
 *
 * <p>The SYN schedule is Linux's, as captured on 6.18 with the defaults
 * ({@code tcp_syn_linear_timeouts=4}, {@code tcp_syn_retries=6}): retransmissions one second apart
 * at 1, 2, 3, 4 and 5 s, then with the timeout doubling (7, 11, 19, 35, 67 s); the connect fails
 * with ETIMEDOUT once the time 6 classic exponential retries would take (127 s) has passed.
 * {@code nc -w N} stops first: it sends N SYNs in N seconds.
 */
public final class Connect {

  /** How a connect ended. */
  public enum Outcome {
    /** A SYN-ACK came back: {@code connect()} returned 0. */
    CONNECTED,
    /** A RST or an ICMP error aborted it, or no packet could leave: {@code connect()} failed. */
    FAILED,
    /** {@code nc -w} gave up first. */
    TIMED_OUT,
    /** The kernel's own SYN retries ran out (ETIMEDOUT). */
    RETRIES_EXHAUSTED,
    /** A SYN or its answer met something podpath does not model. */
    NOT_MODELLED
  }

  /**
   * @param attempts every SYN sent, first to last (a retransmission is a new packet)
   * @param outcome how it ended
   * @param error the errno text for {@link Outcome#FAILED} ({@code Connection refused}), or the
   *     not-modelled explanation
   */
  public record Result(List<Trace> attempts, Outcome outcome, Optional<String> error) {

    public Result {
      attempts = List.copyOf(attempts);
    }

    /** The attempt that drew the answer, or the last one. */
    public Trace decisive() {
      for (Trace t : attempts) {
        if (answer(t).isPresent() || t.localError().isPresent() || PingLine.notModelled(t).isPresent()) {
          return t;
        }
      }
      return attempts.get(attempts.size() - 1);
    }
  }

  /** Retransmission times, in seconds after the first SYN (captured: 1 2 3 4 5 7 11 19 35 68). */
  private static final long[] RETRANSMIT_SECONDS = {1, 2, 3, 4, 5, 7, 11, 19, 35, 67};

  /** When the kernel gives up: 1+2+4+8+16+32+64 s, the time six exponential retries take. */
  private static final long GIVE_UP_SECONDS = 127;

  /** How long podpath lets a connection that closes at once finish closing. */
  private static final long CLOSE_NANOS = 10_000_000L;

  private Connect() {}

  /**
   * Runs the connect in {@code session}. {@code waitNanos} is {@code nc -w}; empty means the
   * kernel's own retries decide.
   */
  public static Result run(Session session, Probe probe, Optional<Long> waitNanos) {
    long limit = waitNanos.orElse(GIVE_UP_SECONDS * 1_000_000_000L);
    List<Long> ids = new ArrayList<>();
    long elapsed = 0;
    for (int k = 0; ; k++) {
      long next = k < RETRANSMIT_SECONDS.length ? RETRANSMIT_SECONDS[k] * 1_000_000_000L : limit;
      long window = Math.min(next, limit) - elapsed;
      ids.add(session.send(probe, 1));
      session.simulation().runUntilAnyAnswered(ids, window);
      elapsed += window;
      List<Trace> attempts = ids.stream().map(id -> session.assemble(probe, id)).toList();
      Trace last = attempts.get(attempts.size() - 1);
      if (last.localError().isPresent()) {
        return new Result(attempts, Outcome.FAILED, Optional.of(errnoText(last.localError().get().explain())));
      }
      for (Trace t : attempts) {
        Optional<String> nm = PingLine.notModelled(t);
        if (nm.isPresent()) {
          return new Result(attempts, Outcome.NOT_MODELLED, nm.map(x -> x.substring(PingLine.NOT_MODELLED_PREFIX.length())));
        }
        Optional<Ipv4Packet> a = answer(t);
        if (a.isPresent()) {
          Optional<String> err = verdict(a.get());
          if (err.isEmpty()) {
            // nc -z closes at once: the ACK and the FIN exchange are over within microseconds,
            // before the script's next command
            session.simulation().advance(CLOSE_NANOS);
          }
          return new Result(attempts, err.isEmpty() ? Outcome.CONNECTED : Outcome.FAILED, err);
        }
      }
      if (elapsed >= limit) {
        return new Result(attempts, waitNanos.isPresent() ? Outcome.TIMED_OUT : Outcome.RETRIES_EXHAUSTED,
            Optional.empty());
      }
    }
  }

  /**
   * The packet that answered the SYN, as it arrived back at the sender. An ICMP error the
   * sender's own stack made (its neighbour resolution failed) does not count: TCP does not abort
   * a connect for it (kernel-verified: {@code nc -w5} to an address nobody answers ARP for times
   * out, where ping reports "Destination Host Unreachable"). A SYN-ACK the sender's own namespace
   * made does count: a pod connecting to its own Service through a DNAT answers itself.
   */
  static Optional<Ipv4Packet> answer(Trace t) {
    return t.response().filter(r -> r.disposition() == Disposition.DELIVERED)
        .filter(r -> !(r.role() == PacketRole.ICMP_ERROR && !r.hops().isEmpty()
            && r.hops().get(0).netns().equals(t.probe().from())))
        .flatMap(PacketTrace::arrival);
  }

  /** Empty for a SYN-ACK; otherwise the errno text {@code connect()} returns. */
  static Optional<String> verdict(Ipv4Packet answer) {
    if (answer.l4() instanceof L4.Tcp tcp) {
      if (tcp.flags().isReset()) {
        return Optional.of("Connection refused");
      }
      if (tcp.flags().isSynAck()) {
        return Optional.empty();
      }
      return Optional.of("unexpected TCP segment " + tcp.flags());
    }
    if (answer.l4() instanceof L4.Icmp icmp) {
      if (icmp.type() == L4.Icmp.TIME_EXCEEDED) {
        return Optional.of("No route to host");
      }
      if (icmp.type() == L4.Icmp.DEST_UNREACH) {
        return Optional.of(unreachableErrno(icmp.code()));
      }
    }
    return Optional.of("unexpected answer " + answer);
  }

  /** The kernel's {@code icmp_err_convert} table, as {@code strerror} names the errno. */
  static String unreachableErrno(int code) {
    return switch (code) {
      case 0, 6, 9, 11 -> "Network is unreachable";
      case 2 -> "Protocol not available";
      case 3 -> "Connection refused";
      case 4 -> "Message too long";
      case 5 -> "Operation not supported";
      case 7 -> "Host is down";
      case 8 -> "Machine is not on the network";
      default -> "No route to host";
    };
  }

  /** {@code connect: Network is unreachable} -> {@code Network is unreachable}. */
  private static String errnoText(String localError) {
    int colon = localError.indexOf(": ");
    return colon >= 0 ? localError.substring(colon + 2) : localError;
  }
}
