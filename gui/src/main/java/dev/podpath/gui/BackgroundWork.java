package dev.podpath.gui;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Runs work off the UI thread and hands its result (or its failure) back on the UI thread. The
 * application runs it on a worker thread; view-model tests run it in place. A started {@link Job}
 * can be cancelled: its thread is interrupted, its result dropped, and its failure handler told at
 * once with a {@link CancellationException}.
 */
public interface BackgroundWork {

  /** Work started: what it is, and how to stop it. */
  interface Job {
    /**
     * Stops the work: interrupts its thread (the work ends at its next check of the interrupt),
     * drops its result, and calls its failure handler with a {@link CancellationException} now;
     * nothing when it has ended already.
     */
    void cancel();
  }

  /** {@return the work started under the label {@code what} (the status line's words)} */
  <T> Job run(String what, Callable<T> work, Consumer<T> onDone, Consumer<Exception> onFailure);

  /** {@return the work started, with no label} */
  default <T> Job run(Callable<T> work, Consumer<T> onDone, Consumer<Exception> onFailure) {
    return run("", work, onDone, onFailure);
  }

  /**
   * Throws a {@link CancellationException} when the current thread was interrupted (its job
   * cancelled): a long loop calls it between its rounds.
   */
  static void checkCancelled() {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancellationException("cancelled");
    }
  }

  /** Runs the work at once on the calling thread (tests); nothing is left to cancel after. */
  static BackgroundWork inPlace() {
    return new BackgroundWork() {
      @Override
      public <T> Job run(
          String what, Callable<T> work, Consumer<T> onDone, Consumer<Exception> onFailure) {
        T result;
        try {
          result = work.call();
        } catch (Exception e) {
          onFailure.accept(e);
          return () -> {};
        }
        onDone.accept(result);
        return () -> {};
      }
    };
  }
}
