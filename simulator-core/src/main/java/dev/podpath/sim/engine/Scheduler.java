package dev.podpath.sim.engine;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The future-event set of a discrete-event simulation: integer time in nanoseconds, events at equal
 * times run in the order they were scheduled (FIFO), cancellation is O(1) (a cancelled event is
 * skipped when it reaches the head, as ns-3's {@code Cancel} does).
 *
 * <pre>{@code
 * Scheduler s = new Scheduler();
 * EventId id = s.schedule(1_000, () -> System.out.println("at 1 us"));
 * s.cancel(id);
 * s.runUntilIdle(10_000);   // runs nothing: the only event was cancelled
 * }</pre>
 *
 * <p>The queue is a 4-ary implicit heap kept in three parallel arrays (time, sequence number,
 * action): scheduling an event allocates nothing but its {@link EventId}, and ordering compares
 * primitives, with no comparator, no boxing and no entry object per event. The set of cancelled
 * sequence numbers is consulted only while it is not empty, so a run that cancels nothing pays no
 * hash lookup per event. {@code SchedulerBench} (bench module) measures it on ns-3's {@code
 * bench-scheduler} workload.
 */
public final class Scheduler {

  private static final int ARITY = 4;

  /** The interrupt is checked once every 256 events (a few hundred microseconds of work). */
  private static final long CANCEL_CHECK_MASK = 0xFF;

  // a trace has a few events in the queue at once: start small, grow by doubling
  private long[] times = new long[16];
  private long[] seqs = new long[16];
  private Runnable[] actions = new Runnable[16];
  private int size;
  private final Set<Long> cancelled = new HashSet<>();
  private long now;
  private long nextSeq;
  private long executed;
  private boolean running;

  /** The current simulated time in nanoseconds. */
  public long now() {
    return now;
  }

  /** How many events have run so far. */
  public long executed() {
    return executed;
  }

  /** How many events are queued, cancelled ones not yet skipped included. */
  public int pending() {
    return size;
  }

  /**
   * Moves the clock forward to {@code time} when nothing is due before it (a command waiting idly).
   */
  public void advanceTo(long time) {
    if (time > now && (size == 0 || times[0] >= time)) {
      now = time;
    }
  }

  /**
   * Schedules {@code action} to run {@code delayNanos} from now (0 = after events already due now).
   */
  public EventId schedule(long delayNanos, Runnable action) {
    if (delayNanos < 0) {
      throw new IllegalArgumentException(
          "cannot schedule in the past: delay " + delayNanos + " ns");
    }
    Objects.requireNonNull(action, "action");
    long seq = nextSeq++;
    push(Math.addExact(now, delayNanos), seq, action);
    return new EventId(seq);
  }

  /** Cancels a pending event; cancelling one that already ran or was cancelled does nothing. */
  public void cancel(EventId id) {
    if (size > 0) {
      cancelled.add(id.seq());
    }
  }

  /** Whether no event is left to run (only cancelled ones, or none). */
  public boolean isIdle() {
    if (cancelled.isEmpty()) {
      return size == 0;
    }
    for (int i = 0; i < size; i++) {
      if (!cancelled.contains(seqs[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Runs events in order until none are left, simulated time would pass {@code untilNanos}, or
   * {@code maxEvents} have run. Returns why it stopped.
   *
   * @throws CancellationException when the running thread is interrupted (a GUI's Cancel): checked
   *     every 256 events, so a cancelled run stops within them; the interrupt stays set
   */
  public StopReason run(long untilNanos, long maxEvents) {
    return run(untilNanos, maxEvents, null);
  }

  /**
   * As {@link #run(long, long)}, also stopping (with {@link StopReason#CONDITION}) once {@code
   * stop} holds after an event.
   */
  public StopReason run(long untilNanos, long maxEvents, BooleanSupplier stop) {
    if (running) {
      throw new IllegalStateException("the scheduler is already running");
    }
    running = true;
    try {
      long budget = maxEvents;
      while (size > 0) {
        if (!cancelled.isEmpty() && cancelled.remove(seqs[0])) {
          pop();
          if (size == 0) {
            cancelled.clear();
          }
          continue;
        }
        long time = times[0];
        if (time > untilNanos) {
          return StopReason.TIME_LIMIT;
        }
        if (budget-- <= 0) {
          return StopReason.EVENT_LIMIT;
        }
        Runnable action = pop();
        if (size == 0) {
          cancelled.clear(); // what is left there belongs to events that already ran
        }
        now = time;
        if ((executed & CANCEL_CHECK_MASK) == 0 && Thread.currentThread().isInterrupted()) {
          throw new CancellationException(
              "simulation cancelled after " + executed + " events, at " + now + " ns");
        }
        executed++;
        action.run();
        if (stop != null && stop.getAsBoolean()) {
          return StopReason.CONDITION;
        }
      }
      return StopReason.IDLE;
    } finally {
      running = false;
    }
  }

  /** Runs until idle or {@code untilNanos}, with no event limit. */
  public StopReason runUntilIdle(long untilNanos) {
    return run(untilNanos, Long.MAX_VALUE);
  }

  private static boolean before(long t1, long s1, long t2, long s2) {
    return t1 < t2 || (t1 == t2 && s1 < s2);
  }

  private void push(long time, long seq, Runnable action) {
    if (size == times.length) {
      int grown = size * 2;
      times = Arrays.copyOf(times, grown);
      seqs = Arrays.copyOf(seqs, grown);
      actions = Arrays.copyOf(actions, grown);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) / ARITY;
      if (!before(time, seq, times[parent], seqs[parent])) {
        break;
      }
      times[i] = times[parent];
      seqs[i] = seqs[parent];
      actions[i] = actions[parent];
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    actions[i] = action;
  }

  /** Removes the head and returns its action. */
  private Runnable pop() {
    Runnable head = actions[0];
    int last = --size;
    long time = times[last];
    long seq = seqs[last];
    Runnable action = actions[last];
    actions[last] = null;
    if (last > 0) {
      int i = 0;
      while (true) {
        int first = i * ARITY + 1;
        if (first >= last) {
          break;
        }
        int best = first;
        int end = Math.min(first + ARITY, last);
        for (int c = first + 1; c < end; c++) {
          if (before(times[c], seqs[c], times[best], seqs[best])) {
            best = c;
          }
        }
        if (!before(times[best], seqs[best], time, seq)) {
          break;
        }
        times[i] = times[best];
        seqs[i] = seqs[best];
        actions[i] = actions[best];
        i = best;
      }
      times[i] = time;
      seqs[i] = seq;
      actions[i] = action;
    }
    return head;
  }

  /** Why {@link #run} returned. */
  public enum StopReason {
    IDLE,
    TIME_LIMIT,
    EVENT_LIMIT,
    /** The caller's stop condition held. */
    CONDITION
  }
}
