package dev.podpath.gui.state;

import dev.podpath.gui.network.LoadedNetwork;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.graph.TopoVertex;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The selected namespace's tables. Testable without the toolkit. */
public final class NetnsStateViewModel {

  private static final String NOTHING = "Select a namespace on the graph";

  private final ObjectProperty<LoadedNetwork> network = new SimpleObjectProperty<>();
  private final ObjectProperty<NetnsName> netns = new SimpleObjectProperty<>();
  private final StringProperty title = new SimpleStringProperty(NOTHING);
  private final ObservableList<StateTable> tables = FXCollections.observableArrayList();
  private final ObjectProperty<dev.podpath.model.origin.Origin> openedOrigin =
      new SimpleObjectProperty<>();

  private final javafx.beans.property.BooleanProperty editable =
      new javafx.beans.property.SimpleBooleanProperty(false);
  private java.util.function.Consumer<dev.podpath.gui.whatif.Edit> onEdit = e -> {};

  public NetnsStateViewModel() {
    netns.addListener((o, a, n) -> refresh());
    network.addListener((o, a, n) -> refresh());
  }

  private void refresh() {
    LoadedNetwork n = network.get();
    NetnsName name = netns.get();
    if (n == null || name == null || n.topology().netns(name).isEmpty()) {
      tables.clear();
      title.set(NOTHING);
      return;
    }
    String role =
        n.graph()
            .netns(name)
            .map(
                v ->
                    v instanceof TopoVertex.Node
                        ? "node"
                        : v instanceof TopoVertex.Segment
                            ? "L2 segment"
                            : n.graph().hostOf(name).map(h -> "pod on " + h).orElse("namespace"))
            .orElse("namespace");
    title.set(name + "  (" + role + ")");
    tables.setAll(NetnsTables.of(n.topology().require(name)));
  }

  public ObjectProperty<LoadedNetwork> networkProperty() {
    return network;
  }

  public ObjectProperty<NetnsName> netnsProperty() {
    return netns;
  }

  public ReadOnlyStringProperty titleProperty() {
    return title;
  }

  public ObservableList<StateTable> tables() {
    return tables;
  }

  /** A row was clicked: the line it came from, if any, is opened. */
  public void open(StateTable.Row row) {
    if (row != null) {
      row.line().ifPresent(this::openOrigin);
    }
  }

  /** Where an edit chosen in a row's menu goes (the what-if edits). */
  public void setOnEdit(java.util.function.Consumer<dev.podpath.gui.whatif.Edit> onEdit) {
    this.onEdit = java.util.Objects.requireNonNull(onEdit, "onEdit");
  }

  /** An edit was chosen in a row's menu: it is made (when the network takes edits). */
  public void edit(dev.podpath.gui.whatif.Edit e) {
    if (editable.get()) {
      onEdit.accept(e);
    }
  }

  /** Whether the rows' edits can be made (a scenario script is open, not a snapshot). */
  public javafx.beans.property.BooleanProperty editableProperty() {
    return editable;
  }

  /** The source line last asked for. */
  public ObjectProperty<dev.podpath.model.origin.Origin> openedOriginProperty() {
    return openedOrigin;
  }

  /** Set anew each time, so the same line asked for twice opens twice. */
  private void openOrigin(dev.podpath.model.origin.Origin o) {
    openedOrigin.set(null);
    openedOrigin.set(o);
  }
}
