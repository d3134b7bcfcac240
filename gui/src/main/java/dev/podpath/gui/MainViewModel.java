package dev.podpath.gui;

import dev.podpath.gui.network.GuiNetwork;
import dev.podpath.gui.network.LoadedNetwork;
import dev.podpath.gui.source.SourceViewModel;
import dev.podpath.gui.state.NetnsStateViewModel;
import dev.podpath.gui.topology.TopologyViewModel;
import dev.podpath.gui.trace.TracePanelViewModel;
import dev.podpath.gui.whatif.WhatIfViewModel;
import dev.podpath.trace.api.InputException;
import java.nio.file.Path;
import java.util.Objects;
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
 * The main window's state: the open network, shared by the topology, the namespace tables and the
 * trace panel; the recent files; the status line. Opening runs through {@link BackgroundWork}.
 */
public final class MainViewModel {

  private final TrackedWork work;
  private final RecentFiles recent;
  private final ObjectProperty<LoadedNetwork> network = new SimpleObjectProperty<>();
  private final StringProperty status = new SimpleStringProperty("Open a scenario or a snapshot");
  private final StringProperty title = new SimpleStringProperty("podpath");
  private final SimpleBooleanProperty loading = new SimpleBooleanProperty(false);
  private final ObservableList<Path> recentFiles = FXCollections.observableArrayList();
  private final TopologyViewModel topology = new TopologyViewModel();
  private final NetnsStateViewModel state = new NetnsStateViewModel();
  private final TracePanelViewModel trace;
  private final SourceViewModel source;
  private final WhatIfViewModel whatIf;
  private final dev.podpath.gui.lesson.LessonViewModel lesson;
  private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);

  public MainViewModel(BackgroundWork work, RecentFiles recent) {
    this.work = new TrackedWork(Objects.requireNonNull(work, "work"));
    this.recent = Objects.requireNonNull(recent, "recent");
    this.trace = new TracePanelViewModel(this.work);
    this.source = new SourceViewModel(this.work);
    this.whatIf = new WhatIfViewModel(this.work, network);
    whatIf.lastTraceProperty().bind(trace.traceProperty());
    whatIf.setRetrace(trace::trace);
    state.setOnEdit(whatIf::apply);
    this.lesson = new dev.podpath.gui.lesson.LessonViewModel(this.work, network, trace);
    state.editableProperty().bind(whatIf.availableProperty());
    recentFiles.setAll(recent.list());
    theme.set(Theme.read(recent.setting("theme")));
    theme.addListener((o, a, t) -> t.write(recent.setting("theme")));
    topology.networkProperty().bind(network);
    state.networkProperty().bind(network);
    trace.networkProperty().bind(network);
    state.netnsProperty().bind(topology.selectedProperty());
    topology.pathProperty().bind(trace.pathProperty());
    topology.focusedDeviceProperty().bind(trace.focusedDeviceProperty());
    topology.packetProperty().bind(trace.momentProperty());
    javafx.beans.binding.Bindings.bindContent(topology.culprits(), trace.culprits());
    trace.openedOriginProperty().addListener((o, a, origin) -> openSource(origin));
    state.openedOriginProperty().addListener((o, a, origin) -> openSource(origin));
  }

  /**
   * Opens a scenario or snapshot; the result (or the reason it failed) arrives on the UI thread.
   */
  public void open(Path path) {
    loading.set(true);
    status.set("Opening " + path + " ...");
    work.run(
        "Opening " + path,
        () -> GuiNetwork.open(path),
        n -> {
          loading.set(false);
          LoadedNetwork before = network.get();
          network.set(n);
          if (before != null) {
            GuiNetwork.close(before); // its what-if changes file, if any
          }
          title.set("podpath - " + n.source());
          status.set(
              n.source()
                  + ": "
                  + n.topology().namespaces().size()
                  + " namespaces, "
                  + n.graph().graph().vertexSet().size()
                  + " vertices, "
                  + n.graph().graph().edgeSet().size()
                  + " edges");
          recentFiles.setAll(recent.add(path));
        },
        e -> {
          loading.set(false);
          LoadedNetwork shown = network.get();
          status.set(
              e instanceof java.util.concurrent.CancellationException
                  ? "Cancelled: opening "
                      + path
                      + (shown == null ? "" : "; " + shown.source() + " stays open")
                  : e instanceof InputException
                      ? "Cannot open: " + e.getMessage()
                      : "Cannot open " + path + ": internal error: " + e);
        });
  }

  /**
   * The window closes: the work running is cancelled, and what the open network's what-if edits
   * wrote is deleted (File &gt; Save wrote what the user keeps).
   */
  public void close() {
    work.cancelAll();
    LoadedNetwork n = network.get();
    if (n != null) {
      GuiNetwork.close(n);
    }
  }

  private void openSource(dev.podpath.model.origin.Origin origin) {
    LoadedNetwork n = network.get();
    if (origin != null && n != null) {
      source.show(origin, n.source(), n::heldText);
    }
  }

  /** The work running (the status line's progress and Cancel). */
  public TrackedWork work() {
    return work;
  }

  /**
   * Shows what-if edit {@code k} (from 0) in the Source tab: its command's line in the script with
   * the edits, or in a snapshot's changes file.
   */
  public void showEdit(int k) {
    LoadedNetwork n = network.get();
    if (n == null) {
      return;
    }
    n.editOrigin(k).ifPresent(this::openSource);
  }

  /** Puts {@code message} on the status line. */
  public void say(String message) {
    status.set(message);
  }

  public ObjectProperty<LoadedNetwork> networkProperty() {
    return network;
  }

  public ReadOnlyStringProperty statusProperty() {
    return status;
  }

  public ReadOnlyStringProperty titleProperty() {
    return title;
  }

  public ReadOnlyBooleanProperty loadingProperty() {
    return loading;
  }

  public ObservableList<Path> recentFiles() {
    return recentFiles;
  }

  public TopologyViewModel topology() {
    return topology;
  }

  public NetnsStateViewModel state() {
    return state;
  }

  /** The source side view (a clicked origin's file and line). */
  public SourceViewModel source() {
    return source;
  }

  /** The theme (View menu), kept for the next start. */
  public ObjectProperty<Theme> themeProperty() {
    return theme;
  }

  /** Lesson mode: the open script played command by command. */
  public dev.podpath.gui.lesson.LessonViewModel lesson() {
    return lesson;
  }

  /** The what-if edits. */
  public WhatIfViewModel whatIf() {
    return whatIf;
  }

  public TracePanelViewModel trace() {
    return trace;
  }
}
