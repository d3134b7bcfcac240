package dev.podpath.model.snapshot;

import java.util.concurrent.CancellationException;

/**
 * How a snapshot load is cancelled: by interrupting the thread that asked for it (a GUI's Cancel
 * does, {@code Future.cancel(true)}). The reader checks it before each file, on whichever thread
 * reads the file (node folders are read in parallel on the common pool, whose threads are not the
 * asker), and the assembly between its stages and between nodes; a cancelled load throws a {@link
 * CancellationException} and leaves the interrupt set.
 *
 * @param asker the thread that called {@link Snapshot#load}
 */
record Interruption(Thread asker) {

  /** The thread calling now is the one whose interrupt cancels. */
  static Interruption ofCaller() {
    return new Interruption(Thread.currentThread());
  }

  /**
   * Throws a {@link CancellationException} saying what was being done, when the asker was
   * interrupted.
   */
  void check(String doing) {
    if (asker.isInterrupted()) {
      throw new CancellationException("snapshot load cancelled while " + doing);
    }
  }
}
