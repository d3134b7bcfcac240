package dev.podpath.gui;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs work off the UI thread and hands its result (or its failure) back on the UI thread. The
 * application runs it on a worker thread; view-model tests run it in place.
 */
public interface BackgroundWork {

  <T> void run(Callable<T> work, Consumer<T> onDone, Consumer<Exception> onFailure);

  /** Runs the work at once on the calling thread (tests). */
  static BackgroundWork inPlace() {
    return new BackgroundWork() {
      @Override
      public <T> void run(Callable<T> work, Consumer<T> onDone, Consumer<Exception> onFailure) {
        T result;
        try {
          result = work.call();
        } catch (Exception e) {
          onFailure.accept(e);
          return;
        }
        onDone.accept(result);
      }
    };
  }
}
