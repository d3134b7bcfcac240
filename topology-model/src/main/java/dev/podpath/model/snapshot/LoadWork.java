package dev.podpath.model.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What loading a snapshot cost, stage by stage: the wall time of each stage of {@link
 * Snapshot#load(java.nio.file.Path, Snapshot.Options, LoadWork)} and a count of the assembly's
 * lookups (each probe of an index by address or name, each namespace or device visited in a scan),
 * and the files read. The counts are what a test can compare without a clock: a linear assembly
 * does about twice the work for twice the nodes; a cancelled load reads no file after it was
 * cancelled, but the one each reading thread had begun. For the benchmarks (docs/benchmarks.md) and
 * those tests; {@link Snapshot#load(java.nio.file.Path, Snapshot.Options)} records nothing.
 */
public final class LoadWork {

  /** One stage: its name, its wall time and the lookups counted during it. */
  public record Stage(String name, long nanos, long lookups) {}

  /** Records nothing: the ordinary load. */
  static final LoadWork NONE = new LoadWork(false);

  private final boolean on;
  private final List<Stage> stages = new ArrayList<>();
  private long lookups;
  // the node folders are read in parallel
  private final AtomicLong files = new AtomicLong();
  private long stageLookups;
  private long since;

  private LoadWork(boolean on) {
    this.on = on;
    this.since = on ? System.nanoTime() : 0;
  }

  /** Records nothing (the ordinary load). */
  public static LoadWork none() {
    return NONE;
  }

  /** A recorder for one load, its clock started now. */
  public static LoadWork recording() {
    return new LoadWork(true);
  }

  /**
   * Ends the stage running since the previous mark (or since this recorder was made); a load
   * cancelled meanwhile (its thread interrupted, {@link Interruption}) stops here.
   */
  void mark(String stage) {
    Interruption.ofCaller().check("assembling the snapshot, after: " + stage);
    if (!on) {
      return;
    }
    long now = System.nanoTime();
    stages.add(new Stage(stage, now - since, lookups - stageLookups));
    stageLookups = lookups;
    since = now;
  }

  /** Counts {@code n} lookups (probes of an index, or elements visited by a scan). */
  void count(long n) {
    lookups += n;
  }

  /** Counts a dump file read (any thread). */
  void fileRead() {
    if (on) {
      files.incrementAndGet();
    }
  }

  /** The dump files read so far; safe to ask from another thread while the load runs. */
  public long filesRead() {
    return files.get();
  }

  /** The stages in order. */
  public List<Stage> stages() {
    return List.copyOf(stages);
  }

  /** Every lookup counted. */
  public long lookups() {
    return lookups;
  }
}
