package dev.podpath.gui;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * {@link BackgroundWork} on daemon worker threads, results back through the FX thread. A job has a
 * thread of its own while it runs, so that a cancelled one still finishing its current step never
 * holds up the next.
 */
final class FxBackgroundWork implements BackgroundWork {

  private final ExecutorService workers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "podpath-gui-worker");
            t.setDaemon(true);
            return t;
          });

  @Override
  public <T> Job run(
      String what, Callable<T> work, Consumer<T> onDone, Consumer<Exception> onFailure) {
    // set once: by the work's end, or by a cancel, whichever comes first
    AtomicBoolean over = new AtomicBoolean();
    Future<?> f =
        workers.submit(
            () -> {
              try {
                T result = work.call();
                Platform.runLater(
                    () -> {
                      if (over.compareAndSet(false, true)) {
                        onDone.accept(result);
                      }
                    });
              } catch (Exception e) {
                Platform.runLater(
                    () -> {
                      if (over.compareAndSet(false, true)) {
                        onFailure.accept(e);
                      }
                    });
              } catch (Error e) {
                Platform.runLater(
                    () -> {
                      if (over.compareAndSet(false, true)) {
                        onFailure.accept(new java.util.concurrent.ExecutionException(e));
                      }
                    });
              }
            });
    return () -> {
      if (over.compareAndSet(false, true)) {
        f.cancel(true);
        onFailure.accept(new CancellationException(what.isEmpty() ? "cancelled" : what));
      }
    };
  }
}
