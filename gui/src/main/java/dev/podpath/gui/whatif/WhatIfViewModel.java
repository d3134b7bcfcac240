package dev.podpath.gui.whatif;

import dev.podpath.gui.BackgroundWork;
import dev.podpath.gui.network.GuiNetwork;
import dev.podpath.gui.network.LoadedNetwork;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.api.InputException;
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

  /** What edits on a snapshot are, shown above them. */
  public static final String SNAPSHOT_NOTICE =
      "On a snapshot, the edits are a changes file applied on top of its dumps (the dumps are not"
          + " touched); Save writes it, and podpath trace SNAPSHOT --apply FILE runs it.";

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
    available.set(n != null && n.editable());
    notice.set(
        n == null
            ? "Open a scenario script or a snapshot, then right-click a row of the namespace's"
                + " tables"
            : n.changes().isPresent() ? SNAPSHOT_NOTICE : "");
  }

  /** What runs the trace again after an edit (the trace panel's Trace). */
  public void setRetrace(Runnable retrace) {
    this.retrace = Objects.requireNonNull(retrace, "retrace");
  }

  /** Makes {@code edit}: the script with it is read again and the last probe traced again. */
  public void apply(Edit edit) {
    Objects.requireNonNull(edit, "edit");
    LoadedNetwork n = network.get();
    if (n == null || !n.editable()) {
      error.set("Nothing is open");
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
    java.util.concurrent.Callable<LoadedNetwork> read;
    if (n.script().isPresent()) {
      EditedScript s = n.script().get().with(newEdits, probe());
      read = () -> GuiNetwork.reload(n, s);
    } else {
      List<Edit> e = List.copyOf(newEdits);
      read = () -> GuiNetwork.applyChanges(n, e);
    }
    Trace before = lastTrace.get();
    applying.set(true);
    error.set("");
    work.run(
        "Reading " + n.title() + " with " + newEdits.size() + " edits",
        read,
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
    if (n.changes().isPresent()) {
      return Optional.of(n.changes().get().text());
    }
    return n.script().map(s -> s.with(s.edits(), probe()).text());
  }

  /** Whether the open network is a snapshot, whose edits are saved as a changes file. */
  public boolean onSnapshot() {
    LoadedNetwork n = network.get();
    return n != null && n.changes().isPresent();
  }

  /**
   * Writes the script and its edits (and the probe traced last) to {@code target}; the result is
   * said through {@code done} (a message) on the UI thread.
   */
  public void save(Path target, java.util.function.Consumer<String> done) {
    Optional<String> text = scriptText();
    if (text.isEmpty()) {
      done.accept("Nothing is open");
      return;
    }
    int count = edits.size();
    String runs =
        onSnapshot()
            ? "podpath trace "
                + network.get().source()
                + " --apply "
                + target
                + " runs them as shown"
            : "podpath trace and podpath verify run it as shown";
    work.run(
        "Saving " + target,
        () -> {
          // whole or not at all: a temporary file beside it, moved over it
          dev.podpath.model.io.TextFiles.writeWhole(target, text.get());
          return target;
        },
        p ->
            done.accept(
                "Saved "
                    + target
                    + " ("
                    + count
                    + (count == 1 ? " edit" : " edits")
                    + "): "
                    + runs),
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
