package dev.podpath.bench;

import dev.podpath.sim.engine.Scheduler;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ns-3's {@code utils/bench-scheduler.cc} workload on podpath's {@link Scheduler}: {@code
 * population} events are scheduled at delays drawn from an exponential distribution of mean 100 ns;
 * every event run schedules one more at such a delay, until {@code total} events have run (the
 * population stays constant). One operation is one whole run, initialisation included; events per
 * second = {@code total} / the time per operation.
 *
 * <ul>
 *   <li>{@code heap}: the {@link Scheduler} (4-ary heap on primitive arrays);
 *   <li>{@code priorityQueue}: the scheduler as it was before issue 16 ({@code
 *       java.util.PriorityQueue} of entry records with a comparator, a {@code HashSet<Long>} of
 *       cancelled ids looked up for every event), kept here as the reference;
 *   <li>{@code calendar}: a calendar queue ({@link CalendarQueue}).
 * </ul>
 *
 * <p>The delays are drawn before measuring (one array of 2^20, reused cyclically), so the random
 * number generator is not what is measured (ns-3's loop draws its own; its figure includes that).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1)
public class SchedulerBench {

  @Param({"100000"})
  public int population;

  @Param({"1000000"})
  public int total;

  private long[] delays;

  @Setup(Level.Trial)
  public void setUp() {
    Random r = new Random(3);
    delays = new long[1 << 20];
    for (int i = 0; i < delays.length; i++) {
      delays[i] = Math.round(-100.0 * Math.log(1 - r.nextDouble()));
    }
  }

  @Benchmark
  public long heap() {
    Scheduler s = new Scheduler();
    int[] k = {0};
    long[] count = {0};
    Runnable[] cb = new Runnable[1];
    cb[0] =
        () -> {
          if (count[0] >= total) {
            return;
          }
          s.schedule(delays[k[0]++ & (delays.length - 1)], cb[0]);
          count[0]++;
        };
    for (int i = 0; i < population; i++) {
      s.schedule(delays[k[0]++ & (delays.length - 1)], cb[0]);
    }
    s.run(Long.MAX_VALUE, total);
    return s.now() + count[0];
  }

  @Benchmark
  public long priorityQueue() {
    record Entry(long time, long seq, Runnable action) {}
    PriorityQueue<Entry> q =
        new PriorityQueue<>(
            (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    java.util.Set<Long> cancelled = new java.util.HashSet<>();
    long[] now = {0};
    long[] seq = {0};
    int[] k = {0};
    long[] count = {0};
    Runnable[] cb = new Runnable[1];
    cb[0] =
        () -> {
          if (count[0] >= total) {
            return;
          }
          q.add(new Entry(now[0] + delays[k[0]++ & (delays.length - 1)], seq[0]++, cb[0]));
          count[0]++;
        };
    for (int i = 0; i < population; i++) {
      q.add(new Entry(delays[k[0]++ & (delays.length - 1)], seq[0]++, cb[0]));
    }
    for (long ran = 0; ran < total && !q.isEmpty(); ) {
      Entry e = q.peek();
      if (cancelled.remove(e.seq())) {
        q.poll();
        continue;
      }
      q.poll();
      now[0] = e.time();
      ran++;
      e.action().run();
    }
    return now[0] + count[0];
  }

  @Benchmark
  public long calendar() {
    CalendarQueue q = new CalendarQueue();
    long[] now = {0};
    int[] k = {0};
    long[] count = {0};
    Runnable[] cb = new Runnable[1];
    cb[0] =
        () -> {
          if (count[0] >= total) {
            return;
          }
          q.add(now[0] + delays[k[0]++ & (delays.length - 1)], cb[0]);
          count[0]++;
        };
    for (int i = 0; i < population; i++) {
      q.add(delays[k[0]++ & (delays.length - 1)], cb[0]);
    }
    for (long ran = 0; ran < total && q.size() > 0; ran++) {
      now[0] = q.peekTime();
      q.poll().run();
    }
    return now[0] + count[0];
  }
}
