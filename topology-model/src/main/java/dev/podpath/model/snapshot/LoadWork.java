package dev.podpath.model.snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * What loading a snapshot cost, stage by stage: the wall time of each stage of {@link
 * Snapshot#load(java.nio.file.Path, Snapshot.Options, LoadWork)} and a count of the assembly's
 * lookups (each probe of an index by address or name, each namespace or device visited in a scan).
 * The count is what a test can compare between two sizes without a clock: a linear assembly does
 * about twice the work for twice the nodes. For the benchmarks (docs/benchmarks.md) and that test;
 * {@link Snapshot#load(java.nio.file.Path, Snapshot.Options)} records nothing.
 */
public final class LoadWork {

  /** One stage: its name, its wall time and the lookups counted during it. */
  public record Stage(String name, long nanos, long lookups) {}

  /** Records nothing: the ordinary load. */
  static final LoadWork NONE = new LoadWork(false);

  private final boolean on;
  private final List<Stage> stages = new ArrayList<>();
  private long lookups;
  private long stageLookups;
  private long since;

  private LoadWork(boolean on) {
    this.on = on;
    this.since = on ? System.nanoTime() : 0;
  }

  /** A recorder for one load, its clock started now. */
  public static LoadWork recording() {
    return new LoadWork(true);
  }

  /** Ends the stage running since the previous mark (or since this recorder was made). */
  void mark(String stage) {
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

  /** The stages in order. */
  public List<Stage> stages() {
    return List.copyOf(stages);
  }

  /** Every lookup counted. */
  public long lookups() {
    return lookups;
  }
}
