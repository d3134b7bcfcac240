package dev.podpath.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class SchedulerTest {

  @Test
  void run_ordersByTime_thenFifo() {
    Scheduler s = new Scheduler();
    List<String> ran = new ArrayList<>();
    s.schedule(20, () -> ran.add("b@20"));
    s.schedule(10, () -> ran.add("a@10"));
    s.schedule(20, () -> ran.add("c@20"));
    s.schedule(0, () -> s.schedule(20, () -> ran.add("d@20 (scheduled later)")));
    assertThat(s.runUntilIdle(1_000)).isEqualTo(Scheduler.StopReason.IDLE);
    assertThat(ran).containsExactly("a@10", "b@20", "c@20", "d@20 (scheduled later)");
    assertThat(s.now()).isEqualTo(20);
  }

  @Test
  void cancel_skipsTheEvent() {
    Scheduler s = new Scheduler();
    List<String> ran = new ArrayList<>();
    EventId id = s.schedule(5, () -> ran.add("cancelled"));
    s.schedule(6, () -> ran.add("kept"));
    s.cancel(id);
    s.runUntilIdle(100);
    assertThat(ran).containsExactly("kept");
  }

  @Test
  void run_stopsAtTimeAndEventLimits() {
    Scheduler s = new Scheduler();
    s.schedule(50, () -> {});
    assertThat(s.run(10, 100)).isEqualTo(Scheduler.StopReason.TIME_LIMIT);
    Scheduler storm = new Scheduler();
    Runnable[] self = new Runnable[1];
    self[0] = () -> storm.schedule(1, self[0]);
    storm.schedule(0, self[0]);
    assertThat(storm.run(Long.MAX_VALUE, 1000)).isEqualTo(Scheduler.StopReason.EVENT_LIMIT);
    assertThat(storm.executed()).isEqualTo(1000);
  }

  @Test
  void run_onAnInterruptedThread_stopsWithinTheCheckInterval_byEventCount() {
    Scheduler s = new Scheduler();
    long[] interruptedAt = {-1};
    // an endless chain: each event schedules the next; the 1,000th interrupts the thread (a
    // GUI's Cancel); without the check it would run to the event limit
    Runnable[] next = new Runnable[1];
    next[0] =
        () -> {
          if (s.executed() == 1_000) {
            interruptedAt[0] = s.executed();
            Thread.currentThread().interrupt();
          }
          s.schedule(1, next[0]);
        };
    s.schedule(0, next[0]);
    try {
      assertThatThrownBy(() -> s.run(Long.MAX_VALUE, 10_000_000))
          .isInstanceOf(java.util.concurrent.CancellationException.class)
          .hasMessageContaining("simulation cancelled after");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted(); // clears it for the next test on this thread
    }

    assertThat(interruptedAt[0]).isEqualTo(1_000);
    assertThat(s.executed()).isBetween(1_001L, 1_000L + 256);
  }

  @Test
  void schedule_inThePast_isRejected() {
    assertThatThrownBy(() -> new Scheduler().schedule(-1, () -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isIdle_countsOnlyEventsNotCancelled() {
    Scheduler s = new Scheduler();
    assertThat(s.isIdle()).isTrue();
    EventId a = s.schedule(5, () -> {});
    assertThat(s.isIdle()).isFalse();
    s.cancel(a);
    assertThat(s.isIdle()).isTrue();
    EventId b = s.schedule(7, () -> {});
    assertThat(s.isIdle()).isFalse();
    s.runUntilIdle(100);
    s.cancel(b); // already ran: nothing to cancel
    assertThat(s.isIdle()).isTrue();
    List<String> ran = new ArrayList<>();
    s.schedule(1, () -> ran.add("after"));
    s.runUntilIdle(1_000);
    assertThat(ran).containsExactly("after");
  }

  /**
   * The heap against the obvious order: many events at random and colliding times, some cancelled,
   * some scheduled while running, run exactly by (time, order of scheduling).
   */
  @Test
  void run_matchesASortOfTheEvents_atRandom() {
    java.util.Random random = new java.util.Random(7);
    Scheduler s = new Scheduler();
    List<long[]> expected = new ArrayList<>(); // {time, seq}
    List<long[]> ran = new ArrayList<>();
    long[] seq = {0};
    for (int i = 0; i < 5_000; i++) {
      long at = random.nextInt(300);
      long mySeq = seq[0]++;
      EventId id =
          s.schedule(
              at,
              () -> {
                ran.add(new long[] {s.now(), mySeq});
              });
      if (random.nextInt(10) == 0) {
        s.cancel(id);
      } else {
        expected.add(new long[] {at, mySeq});
      }
    }
    expected.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
    assertThat(s.runUntilIdle(Long.MAX_VALUE)).isEqualTo(Scheduler.StopReason.IDLE);
    assertThat(ran).hasSameSizeAs(expected);
    for (int i = 0; i < ran.size(); i++) {
      assertThat(ran.get(i)).containsExactly(expected.get(i));
    }
    assertThat(s.pending()).isZero();
  }
}
