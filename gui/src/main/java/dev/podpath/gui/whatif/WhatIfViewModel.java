package dev.podpath.gui.whatif;

import dev.podpath.gui.BackgroundWork;
import dev.podpath.gui.network.GuiNetwork;
import dev.podpath.gui.network.LoadedNetwork;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.api.InputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The what-if edits: each edit is a command appended to the script; the script is read again
 * through the API (off the UI thread), the network replaced, the last probe traced again, and the
 * change in verdict and path shown. Undo reads the script with one edit fewer. Saving writes the
 * script and its edits, which {@code podpath trace} and {@code podpath verify} then run. A snapshot
 * offers no edits yet, and says so. Testable without the toolkit.
 */
public final class WhatIfViewModel {

  /** Why a snapshot has no edits, shown in its place. */
  public static final String SNAPSHOT_NOTICE =
      "What-if edits work on scenario scripts. On a snapshot they are not available yet: podpath"
          + " cannot yet apply commands on top of a snapshot's dumps, and the GUI does not pretend"
          + " to.";

  private final BackgroundWork work;
  private final ObjectProperty<LoadedNetwork> network;
  private final ObjectProperty<Trace> lastTrace = new SimpleObjectProperty<>();
  private final ObservableList<Edit> edits = FXCollections.observableArrayList();
  private final ObservableList<String> change = FXCollections.observableArrayList();
  private final StringProperty error = new SimpleStringProperty("");
  private final StringProperty notice = new SimpleStringProperty("");
  private final SimpleBooleanProperty available = new SimpleBooleanProperty(false);
  private final SimpleBooleanProperty applying = new SimpleBooleanProperty(false);
  private Runnable retrace = () -> {};
  private Trace pendingBefore;

  /**
   * @param network the open network, replaced by this view model after each edit
   */
  public WhatIfViewModel(BackgroundWork work, ObjectProperty<LoadedNetwork> network) {
    this.work = Objects.requireNonNull(work, "work");
    this.network = Objects.requireNonNull(network, "network");
    network.addListener((o, a, n) -> follow(n));
    lastTrace.addListener(
        (o, a, t) -> {
          if (t != null && pendingBefore != null) {
            change.setAll(new TraceChange(pendingBefore, t).lines());
            pendingBefore = null;
          }
        });
    follow(network.get());
  }

  private void follow(LoadedNetwork n) {
    edits.setAll(n == null ? List.of() : n.edits());
    available.set(n != null && n.script().isPresent());
    notice.set(
        n == null
            ? "Open a scenario script, then right-click a row of the namespace's tables"
            : n.script().isPresent() ? "" : SNAPSHOT_NOTICE);
  }

  /** What runs the trace again after an edit (the trace panel's Trace). */
  public void setRetrace(Runnable retrace) {
    this.retrace = Objects.requireNonNull(retrace, "retrace");
  }

  /** Makes {@code edit}: the script with it is read again and the last probe traced again. */
  public void apply(Edit edit) {
    Objects.requireNonNull(edit, "edit");
    LoadedNetwork n = network.get();
    if (n == null || n.script().isEmpty()) {
      error.set(n == null ? "Nothing is open" : SNAPSHOT_NOTICE);
      return;
    }
    List<Edit> more = new ArrayList<>(n.edits());
    more.add(edit);
    reload(n, more, "cannot make this edit: ");
  }

  /** Takes back the last edit. */
  public void undo() {
    LoadedNetwork n = network.get();
    if (n == null || n.edits().isEmpty()) {
      return;
    }
    reload(n, n.edits().subList(0, n.edits().size() - 1), "cannot undo: ");
  }

  /** Takes back edit {@code index} (from 0), keeping the others in order. */
  public void remove(int index) {
    LoadedNetwork n = network.get();
    if (n == null || index < 0 || index >= n.edits().size()) {
      return;
    }
    List<Edit> fewer = new ArrayList<>(n.edits());
    fewer.remove(index);
    reload(n, fewer, "cannot take it back: ");
  }

  private void reload(LoadedNetwork n, List<Edit> newEdits, String failure) {
    if (applying.get()) {
      return;
    }
    EditedScript s = n.script().orElseThrow().with(newEdits, probe());
    Trace before = lastTrace.get();
    applying.set(true);
    error.set("");
    work.run(
        "Reading " + n.title() + " with " + newEdits.size() + " edits",
        () -> GuiNetwork.reload(n, s),
        loaded -> {
          applying.set(false);
          pendingBefore = before;
          change.clear();
          network.set(loaded);
          if (before != null) {
            retrace.run();
          }
        },
        e -> {
          applying.set(false);
          error.set(
              failure
                  + (e instanceof java.util.concurrent.CancellationException
                      ? "cancelled; the network is as before"
                      : e instanceof InputException
                          ? e.getMessage()
                          : "internal error: " + e + " (please report it)"));
        });
  }

  /** The probe to ask again after the edits: the last one traced. */
  private Optional<Probe> probe() {
    return Optional.ofNullable(lastTrace.get()).map(Trace::probe);
  }

  /** {@return the script and its edits as File &gt; Save as script writes them} */
  public Optional<String> scriptText() {
    LoadedNetwork n = network.get();
    if (n == null) {
      return Optional.empty();
    }
    return n.script().map(s -> s.with(s.edits(), probe()).text());
  }

  /**
   * Writes the script and its edits (and the probe traced last) to {@code target}; the result is
   * said through {@code done} (a message) on the UI thread.
   */
  public void save(Path target, java.util.function.Consumer<String> done) {
    Optional<String> text = scriptText();
    if (text.isEmpty()) {
      done.accept(network.get() == null ? "Nothing is open" : SNAPSHOT_NOTICE);
      return;
    }
    int count = edits.size();
    work.run(
        () -> Files.writeString(target, text.get(), StandardCharsets.UTF_8),
        p ->
            done.accept(
                "Saved "
                    + target
                    + " ("
                    + count
                    + (count == 1 ? " edit" : " edits")
                    + "): podpath trace and podpath verify run it as shown"),
        e -> done.accept("Cannot save " + target + ": " + e.getMessage()));
  }

  /** The trace shown by the trace panel, compared with the one after an edit. */
  public ObjectProperty<Trace> lastTraceProperty() {
    return lastTrace;
  }

  /** The edits made, in order (follows the network). */
  public ObservableList<Edit> edits() {
    return edits;
  }

  /** Before and after the last edit: verdicts and where the paths part ({@link TraceChange}). */
  public ObservableList<String> change() {
    return change;
  }

  public ReadOnlyStringProperty errorProperty() {
    return error;
  }

  /** Why there are no edits here (a snapshot), or how to start; empty when edits work. */
  public ReadOnlyStringProperty noticeProperty() {
    return notice;
  }

  /** Whether the open network takes edits (a scenario script). */
  public ReadOnlyBooleanProperty availableProperty() {
    return available;
  }

  /** Whether an edit is being read in. */
  public ReadOnlyBooleanProperty applyingProperty() {
    return applying;
  }
}
