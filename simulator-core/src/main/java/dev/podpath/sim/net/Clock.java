package dev.podpath.sim.net;

import dev.podpath.sim.engine.Scheduler;

/**
 * Time as the datapath sees it: now, and a timer ({@code mod_timer}) that runs an action later.
 * Every subsystem reads time only from here, never from the wall clock.
 */
interface Clock {

  /** The simulated time, in nanoseconds. */
  long now();

  /** Runs {@code action} after {@code delayNanos} (0: after what is already due now). */
  void schedule(long delayNanos, Runnable action);

  /** The clock of an event queue. */
  static Clock of(Scheduler scheduler) {
    return new Clock() {
      @Override
      public long now() {
        return scheduler.now();
      }

      @Override
      public void schedule(long delayNanos, Runnable action) {
        scheduler.schedule(delayNanos, action);
      }
    };
  }
}
