package dev.podpath.trace;

import dev.podpath.model.errno.Errno;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.sim.outcome.Disposition;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.SocketError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A TCP connect as {@code nc} makes it: a SYN, retransmitted on the kernel's schedule until an
 * answer comes or the wait ends. The first answer decides, as it decides {@code connect()}: a
 * SYN-ACK connects; a RST refuses; an ICMP destination-unreachable or time-exceeded from another
 * host aborts the connect with the errno the kernel maps it to ({@code icmp_err_convert}; in
 * SYN-SENT every such error aborts).
 *
 * <p>The SYN schedule is Linux's, as captured on 6.18 with the defaults ({@code
 * tcp_syn_linear_timeouts=4}, {@code tcp_syn_retries=6}): retransmissions one second apart at 1, 2,
 * 3, 4 and 5 s, then with the timeout doubling (7, 11, 19, 35, 67 s); the connect fails with
 * ETIMEDOUT once the time 6 classic exponential retries would take (127 s) has passed. {@code nc -w
 * N} stops first: it sends N SYNs in N seconds.
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

  /** Why a connect did not connect, for {@link Outcome#FAILED} and {@link Outcome#NOT_MODELLED}. */
  public sealed interface Failure {

    /**
     * An answer aborted it with this errno: a reset ({@code ECONNREFUSED}), an ICMP error ({@code
     * icmp_err_convert}: {@link #unreachableErrno}; time exceeded {@code EHOSTUNREACH}).
     */
    record Answered(Errno errno) implements Failure {
      public Answered {
        Objects.requireNonNull(errno, "errno");
      }
    }

    /** No SYN left: the sender's own error ({@code connect()}'s route lookup, a bind). */
    record Local(SocketError error) implements Failure {
      public Local {
        Objects.requireNonNull(error, "error");
      }
    }

    /**
     * Something came back that a connect does not expect (neither a SYN-ACK, a reset nor an ICMP
     * error).
     */
    record Unexpected(Ipv4Packet answer) implements Failure {
      public Unexpected {
        Objects.requireNonNull(answer, "answer");
      }
    }

    /** A SYN or its answer met what podpath does not model ({@link Trace#notModelledReason()}). */
    record NotModelled(DropReason reason) implements Failure {
      public NotModelled {
        Objects.requireNonNull(reason, "reason");
      }
    }
  }

  /**
   * @param attempts every SYN sent, first to last (a retransmission is a new packet)
   * @param outcome how it ended
   * @param failure why it failed ({@link Outcome#FAILED}) or what was not modelled ({@link
   *     Outcome#NOT_MODELLED}); empty otherwise
   */
  public record Result(List<Trace> attempts, Outcome outcome, Optional<Failure> failure) {

    public Result {
      attempts = List.copyOf(attempts);
      boolean explained = outcome == Outcome.FAILED || outcome == Outcome.NOT_MODELLED;
      if (failure.isPresent() != explained
          || failure
              .filter(f -> f instanceof Failure.NotModelled != (outcome == Outcome.NOT_MODELLED))
              .isPresent()) {
        throw new IllegalArgumentException("a " + outcome + " connect with " + failure);
      }
    }

    /** The attempt that drew the answer, or the last one. */
    public Trace decisive() {
      for (Trace t : attempts) {
        if (answer(t).isPresent()
            || t.localError().isPresent()
            || t.notModelledReason().isPresent()) {
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
        return new Result(
            attempts, Outcome.FAILED, Optional.of(new Failure.Local(last.localError().get())));
      }
      for (Trace t : attempts) {
        Optional<DropReason> nm = t.notModelledReason();
        if (nm.isPresent()) {
          return new Result(
              attempts, Outcome.NOT_MODELLED, Optional.of(new Failure.NotModelled(nm.get())));
        }
        Optional<Ipv4Packet> a = answer(t);
        if (a.isPresent()) {
          Optional<DropReason> race = race(attempts.indexOf(t), t, waitNanos);
          if (race.isPresent()) {
            return new Result(
                attempts, Outcome.NOT_MODELLED, Optional.of(new Failure.NotModelled(race.get())));
          }
          Optional<Failure> err = verdict(a.get());
          if (err.isEmpty()) {
            // nc -z closes at once: the ACK and the FIN exchange are over within microseconds,
            // before the script's next command
            session.simulation().advance(CLOSE_NANOS);
            // the answered attempt again, now with the close it drew (its follow-ups)
            List<Trace> closed = new ArrayList<>(attempts);
            int at = attempts.indexOf(t);
            closed.set(at, session.assemble(probe, ids.get(at)));
            return new Result(closed, Outcome.CONNECTED, err);
          }
          return new Result(attempts, Outcome.FAILED, err);
        }
      }
      if (elapsed >= limit) {
        return new Result(
            attempts,
            waitNanos.isPresent() ? Outcome.TIMED_OUT : Outcome.RETRIES_EXHAUSTED,
            Optional.empty());
      }
    }
  }

  /** netcat-openbsd's wait for an error after its UDP datagram when {@code -w} is not given. */
  static final long UDP_DEFAULT_WAIT_NANOS = 3_000_000_000L;

  /**
   * {@code nc -u -z}: one datagram on a connected UDP socket, then a wait ({@code -w}, 3 s without
   * it) for the error a hard ICMP answer leaves on the socket. {@link Outcome#CONNECTED} when none
   * came (nc's "succeeded": the datagram may as well have been delivered as dropped on its way),
   * {@link Outcome#FAILED} with the errno when one did, or with the sender's own error when no
   * datagram left. Kernel-checked on 6.18 with netcat-openbsd 1.219 (docs/verify.md): a listening
   * port and a silently dropped datagram succeed after the wait; a closed port fails at once (port
   * unreachable); an on-link address nobody answers ARP for succeeds (the host unreachable {@code
   * arp_error_report} makes is a soft error for UDP).
   */
  public static Result runUdp(Session session, Probe probe, Optional<Long> waitNanos) {
    long window = waitNanos.orElse(UDP_DEFAULT_WAIT_NANOS);
    long id = session.send(probe, 1);
    session.simulation().runUntilAnyAnswered(List.of(id), window);
    Trace t = session.assemble(probe, id);
    List<Trace> attempts = List.of(t);
    if (t.localError().isPresent()) {
      return new Result(
          attempts, Outcome.FAILED, Optional.of(new Failure.Local(t.localError().get())));
    }
    Optional<DropReason> nm = t.notModelledReason();
    if (nm.isPresent()) {
      return new Result(
          attempts, Outcome.NOT_MODELLED, Optional.of(new Failure.NotModelled(nm.get())));
    }
    Optional<Ipv4Packet> a = answer(t);
    if (a.isPresent()) {
      Optional<DropReason> race = race(0, t, waitNanos);
      if (race.isPresent()) {
        return new Result(
            attempts, Outcome.NOT_MODELLED, Optional.of(new Failure.NotModelled(race.get())));
      }
      Optional<Errno> hard = udpError(a.get());
      if (hard.isPresent()) {
        return new Result(attempts, Outcome.FAILED, Optional.of(new Failure.Answered(hard.get())));
      }
    }
    return new Result(attempts, Outcome.CONNECTED, Optional.empty());
  }

  /**
   * The error an ICMP answer leaves on a connected UDP socket without {@code IP_RECVERR}: only a
   * hard one ({@code __udp4_lib_err}: {@code icmp_err_convert}'s {@code fatal} codes, and
   * fragmentation needed with path-MTU discovery on); time exceeded, net and host unreachable are
   * soft and ignored.
   */
  static Optional<Errno> udpError(Ipv4Packet answer) {
    if (answer.l4() instanceof L4.Icmp icmp && icmp.type() == L4.Icmp.DEST_UNREACH) {
      return switch (icmp.code()) {
        case 0, 1, 5, 11, 12 -> Optional.empty();
        default -> Optional.of(unreachableErrno(icmp.code()));
      };
    }
    return Optional.empty();
  }

  /**
   * A timer-driven answer (a failed ARP's host unreachable) to attempt {@code k} that arrives
   * within {@link Trace#TIMER_RACE_NANOS} before {@code nc -w}'s deadline: the kernel's timers may
   * put it after the deadline. (An answer podpath places just after the deadline is not looked for:
   * the simulation stops at the deadline, as the script's next command starts then.)
   */
  private static Optional<DropReason> race(int k, Trace t, Optional<Long> waitNanos) {
    if (waitNanos.isEmpty()) {
      return Optional.empty();
    }
    long sent = k == 0 ? 0 : RETRANSMIT_SECONDS[k - 1] * 1_000_000_000L;
    long arrived = sent + t.responseDelayNanos().orElse(Long.MAX_VALUE / 2);
    return waitNanos.get() - arrived <= Trace.TIMER_RACE_NANOS ? t.timingRace() : Optional.empty();
  }

  /**
   * The packet that answered the SYN, as it arrived back at the sender. An ICMP error the sender's
   * own stack made counts too: when its neighbour resolution fails, {@code arp_error_report} sends
   * the queued SYN's host unreachable to itself and {@code tcp_v4_err} aborts the connect in
   * SYN-SENT (kernel-verified on 6.18: {@code nc -w5} and {@code -w8} to an on-link address or a
   * gateway nobody answers ARP for, with or without carrier, fail with "No route to host" after 3.1
   * s). A SYN-ACK the sender's own namespace made counts as well: a pod connecting to its own
   * Service through a DNAT answers itself.
   */
  static Optional<Ipv4Packet> answer(Trace t) {
    return t.response()
        .filter(r -> r.disposition() == Disposition.DELIVERED)
        .filter(r -> r.endedIn().map(t.probe().from()::equals).orElse(true))
        .flatMap(PacketTrace::arrival);
  }

  /** Empty for a SYN-ACK; otherwise why {@code connect()} fails. */
  static Optional<Failure> verdict(Ipv4Packet answer) {
    if (answer.l4() instanceof L4.Tcp tcp) {
      if (tcp.flags().isReset()) {
        return Optional.of(new Failure.Answered(Errno.ECONNREFUSED));
      }
      if (tcp.flags().isSynAck()) {
        return Optional.empty();
      }
      return Optional.of(new Failure.Unexpected(answer));
    }
    if (answer.l4() instanceof L4.Icmp icmp) {
      if (icmp.type() == L4.Icmp.TIME_EXCEEDED) {
        return Optional.of(new Failure.Answered(Errno.EHOSTUNREACH));
      }
      if (icmp.type() == L4.Icmp.DEST_UNREACH) {
        return Optional.of(new Failure.Answered(unreachableErrno(icmp.code())));
      }
    }
    return Optional.of(new Failure.Unexpected(answer));
  }

  /** The kernel's {@code icmp_err_convert} table: the errno of a destination-unreachable code. */
  static Errno unreachableErrno(int code) {
    return switch (code) {
      case 0, 6, 9, 11 -> Errno.ENETUNREACH;
      case 2 -> Errno.ENOPROTOOPT;
      case 3 -> Errno.ECONNREFUSED;
      case 4 -> Errno.EMSGSIZE;
      case 5 -> Errno.EOPNOTSUPP;
      case 7 -> Errno.EHOSTDOWN;
      case 8 -> Errno.ENONET;
      default -> Errno.EHOSTUNREACH;
    };
  }
}
