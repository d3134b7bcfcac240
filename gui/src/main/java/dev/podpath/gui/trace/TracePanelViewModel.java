package dev.podpath.gui.trace;

import dev.podpath.gui.BackgroundWork;
import dev.podpath.gui.network.GuiNetwork;
import dev.podpath.gui.network.LoadedNetwork;
import dev.podpath.gui.network.NetworkInputException;
import dev.podpath.gui.network.TraceRequest;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.graph.TracePath;
import dev.podpath.trace.render.TextRenderer;
import dev.podpath.trace.render.Verdicts;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The trace panel's state: what to trace, whether a trace runs, its steps, verdict and path.
 * Tracing runs through {@link BackgroundWork}, off the UI thread. Testable without the toolkit.
 */
public final class TracePanelViewModel {

  private final BackgroundWork work;
  private final ObjectProperty<LoadedNetwork> network = new SimpleObjectProperty<>();
  private final StringProperty from = new SimpleStringProperty("");
  private final StringProperty to = new SimpleStringProperty("");
  private final ObjectProperty<Probe.Protocol> protocol =
      new SimpleObjectProperty<>(Probe.Protocol.ICMP);
  private final IntegerProperty dport = new SimpleIntegerProperty(80);
  private final IntegerProperty size = new SimpleIntegerProperty(-1);
  private final BooleanProperty dontFragment = new SimpleBooleanProperty(true);
  private final BooleanProperty running = new SimpleBooleanProperty(false);
  private final StringProperty verdict = new SimpleStringProperty("");
  private final StringProperty error = new SimpleStringProperty("");
  private final StringProperty text = new SimpleStringProperty("");
  private final ObjectProperty<Trace> trace = new SimpleObjectProperty<>();
  private final ObjectProperty<TracePath> path = new SimpleObjectProperty<>();
  private final ObjectProperty<DeviceRef> focusedDevice = new SimpleObjectProperty<>();
  private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
  private final ObservableList<String> endpoints = FXCollections.observableArrayList();

  public TracePanelViewModel(BackgroundWork work) {
    this.work = Objects.requireNonNull(work, "work");
    network.addListener(
        (obs, old, n) -> {
          clear();
          endpoints.setAll(n == null ? java.util.List.of() : GuiNetwork.endpoints(n));
        });
  }

  /** Traces what the fields say; the result arrives on the UI thread. */
  public void trace() {
    LoadedNetwork n = network.get();
    if (n == null || running.get()) {
      return;
    }
    TraceRequest request =
        new TraceRequest(
            from.get(), to.get(), protocol.get(), dport.get(), size.get(), dontFragment.get());
    running.set(true);
    error.set("");
    work.run(
        () -> GuiNetwork.trace(n, request),
        t -> {
          running.set(false);
          show(n, t);
        },
        e -> {
          running.set(false);
          clear();
          error.set(
              e instanceof NetworkInputException
                  ? e.getMessage()
                  : "internal error: " + e + " (please report it)");
        });
  }

  private void show(LoadedNetwork n, Trace t) {
    trace.set(t);
    steps.setAll(StepRows.of(t));
    StringBuilder v = new StringBuilder(Verdicts.result(t));
    v.append(": ").append(Verdicts.of(t.request()));
    t.response().ifPresent(r -> v.append("; reply ").append(Verdicts.of(r)));
    verdict.set(v.toString());
    text.set(TextRenderer.render(t, n.source().toString()));
    path.set(TracePath.of(t));
  }

  /** Forgets the last trace. */
  public void clear() {
    trace.set(null);
    path.set(null);
    steps.clear();
    verdict.set("");
    text.set("");
    focusedDevice.set(null);
  }

  /** A step was selected in the list: its device is focused on the graph. */
  public void select(StepRow row) {
    focusedDevice.set(row == null ? null : row.device().orElse(null));
  }

  public ObjectProperty<LoadedNetwork> networkProperty() {
    return network;
  }

  public StringProperty fromProperty() {
    return from;
  }

  public StringProperty toProperty() {
    return to;
  }

  public ObjectProperty<Probe.Protocol> protocolProperty() {
    return protocol;
  }

  public IntegerProperty dportProperty() {
    return dport;
  }

  public IntegerProperty sizeProperty() {
    return size;
  }

  public BooleanProperty dontFragmentProperty() {
    return dontFragment;
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running;
  }

  public ReadOnlyStringProperty verdictProperty() {
    return verdict;
  }

  public ReadOnlyStringProperty errorProperty() {
    return error;
  }

  public ReadOnlyStringProperty textProperty() {
    return text;
  }

  public ReadOnlyObjectProperty<Trace> traceProperty() {
    return trace;
  }

  public ReadOnlyObjectProperty<TracePath> pathProperty() {
    return path;
  }

  public ReadOnlyObjectProperty<DeviceRef> focusedDeviceProperty() {
    return focusedDevice;
  }

  public ObservableList<StepRow> steps() {
    return steps;
  }

  public ObservableList<String> endpoints() {
    return endpoints;
  }

  /** The last trace, if any. */
  public Optional<Trace> lastTrace() {
    return Optional.ofNullable(trace.get());
  }
}
