package dev.podpath.gui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;

/**
 * The window's work in progress: every job the panels start goes through here, so that the status
 * line shows what is running (a progress indicator and its label) and one Cancel stops it all. Used
 * on the UI thread only. Testable without the toolkit.
 */
public final class TrackedWork implements BackgroundWork {

  private final BackgroundWork work;
  private final Map<Object, String> running = new LinkedHashMap<>();
  private final Map<Object, Job> jobs = new LinkedHashMap<>();
  private final SimpleBooleanProperty busy = new SimpleBooleanProperty(false);
  private final SimpleStringProperty what = new SimpleStringProperty("");

  public TrackedWork(BackgroundWork work) {
    this.work = Objects.requireNonNull(work, "work");
  }

  @Override
  public <T> Job run(
      String label, Callable<T> task, Consumer<T> onDone, Consumer<Exception> onFailure) {
    Object key = new Object();
    running.put(key, label.isEmpty() ? "Working" : label);
    update();
    Job job =
        work.run(
            label,
            task,
            r -> {
              end(key);
              onDone.accept(r);
            },
            e -> {
              end(key);
              onFailure.accept(e);
            });
    if (running.containsKey(key)) {
      jobs.put(key, job);
    }
    return job;
  }

  private void end(Object key) {
    running.remove(key);
    jobs.remove(key);
    update();
  }

  private void update() {
    busy.set(!running.isEmpty());
    List<String> labels = new ArrayList<>(running.values());
    what.set(labels.isEmpty() ? "" : labels.get(labels.size() - 1) + " ...");
  }

  /** Cancels every job running: each one's panel is told, and says so. */
  public void cancelAll() {
    for (Job j : new ArrayList<>(jobs.values())) {
      j.cancel();
    }
  }

  /** Whether a job is running. */
  public ReadOnlyBooleanProperty busyProperty() {
    return busy;
  }

  /** What the last job started is doing ("Opening ..."), empty when nothing runs. */
  public ReadOnlyStringProperty whatProperty() {
    return what;
  }
}
