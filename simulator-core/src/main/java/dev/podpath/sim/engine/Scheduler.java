package dev.podpath.sim.engine;

import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;

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
 */
public final class Scheduler {

  private record Entry(long time, long seq, Runnable action) {}

  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(
          (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
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

  /**
   * Moves the clock forward to {@code time} when nothing is due before it (a command waiting idly).
   */
  public void advanceTo(long time) {
    Entry head = queue.peek();
    if (time > now && (head == null || head.time >= time)) {
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
    java.util.Objects.requireNonNull(action, "action");
    long seq = nextSeq++;
    queue.add(new Entry(Math.addExact(now, delayNanos), seq, action));
    return new EventId(seq);
  }

  /** Cancels a pending event; cancelling one that already ran or was cancelled does nothing. */
  public void cancel(EventId id) {
    cancelled.add(id.seq());
  }

  public boolean isIdle() {
    return queue.stream().allMatch(e -> cancelled.contains(e.seq));
  }

  /**
   * Runs events in order until none are left, simulated time would pass {@code untilNanos}, or
   * {@code maxEvents} have run. Returns why it stopped.
   */
  public StopReason run(long untilNanos, long maxEvents) {
    return run(untilNanos, maxEvents, () -> false);
  }

  /**
   * As {@link #run(long, long)}, also stopping (with {@link StopReason#CONDITION}) once {@code
   * stop} holds after an event.
   */
  public StopReason run(long untilNanos, long maxEvents, java.util.function.BooleanSupplier stop) {
    if (running) {
      throw new IllegalStateException("the scheduler is already running");
    }
    running = true;
    try {
      long budget = maxEvents;
      while (!queue.isEmpty()) {
        Entry e = queue.peek();
        if (cancelled.remove(e.seq)) {
          queue.poll();
          continue;
        }
        if (e.time > untilNanos) {
          return StopReason.TIME_LIMIT;
        }
        if (budget-- <= 0) {
          return StopReason.EVENT_LIMIT;
        }
        queue.poll();
        now = e.time;
        executed++;
        e.action.run();
        if (stop.getAsBoolean()) {
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

  /** Why {@link #run} returned. */
  public enum StopReason {
    IDLE,
    TIME_LIMIT,
    EVENT_LIMIT,
    /** The caller's stop condition held. */
    CONDITION
  }
}
