package dev.podpath.gui;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;

/** {@link BackgroundWork} on one daemon worker thread, results back through the FX thread. */
final class FxBackgroundWork implements BackgroundWork {

  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "podpath-gui-worker");
            t.setDaemon(true);
            return t;
          });

  @Override
  public <T> void run(Callable<T> work, Consumer<T> onDone, Consumer<Exception> onFailure) {
    worker.execute(
        () -> {
          try {
            T result = work.call();
            Platform.runLater(() -> onDone.accept(result));
          } catch (Exception e) {
            Platform.runLater(() -> onFailure.accept(e));
          } catch (Error e) {
            Platform.runLater(
                () -> onFailure.accept(new java.util.concurrent.ExecutionException(e)));
          }
        });
  }
}
