package dev.podpath.gui.topology;

import dev.podpath.gui.layout.Layout;
import dev.podpath.gui.layout.TopologyLayout;
import dev.podpath.gui.network.LoadedNetwork;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.graph.TracePath;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the topology view shows: the layout of the open network, the selected namespace, the
 * search's matches, the path of the last trace and the device in focus. Testable without the
 * toolkit.
 */
public final class TopologyViewModel {

  private final ObjectProperty<LoadedNetwork> network = new SimpleObjectProperty<>();
  private final ObjectProperty<Layout> layout = new SimpleObjectProperty<>();
  private final ObjectProperty<NetnsName> selected = new SimpleObjectProperty<>();
  private final ObjectProperty<TracePath> path = new SimpleObjectProperty<>();
  private final ObjectProperty<DeviceRef> focusedDevice = new SimpleObjectProperty<>();
  private final ObjectProperty<dev.podpath.gui.trace.PacketTimeline.Moment> packet =
      new SimpleObjectProperty<>();
  private final ObservableList<NetnsName> matches = FXCollections.observableArrayList();
  private final ObservableList<NetnsName> culprits = FXCollections.observableArrayList();

  public TopologyViewModel() {
    network.addListener(
        (obs, old, n) -> {
          // the path and the focused device follow the trace panel, which clears them itself;
          // the same file read again (a what-if edit) keeps the selected namespace
          NetnsName keep = selected.get();
          selected.set(null);
          matches.clear();
          layout.set(n == null ? null : TopologyLayout.of(n.graph()));
          if (keep != null
              && old != null
              && n != null
              && old.source().equals(n.source())
              && n.topology().netns(keep).isPresent()) {
            selected.set(keep);
          }
        });
  }

  /**
   * Searches by name, device or address; selects the first match.
   *
   * @return the matches, in the topology's order
   */
  public List<NetnsName> search(String query) {
    LoadedNetwork n = network.get();
    List<NetnsName> found = n == null ? List.of() : NetnsSearch.find(n.topology(), query);
    matches.setAll(found);
    if (!found.isEmpty()) {
      selected.set(found.get(0));
    }
    return found;
  }

  /** The moving packet at the playback's step (the trace panel's timeline); null for none. */
  public ObjectProperty<dev.podpath.gui.trace.PacketTimeline.Moment> packetProperty() {
    return packet;
  }

  public ObjectProperty<LoadedNetwork> networkProperty() {
    return network;
  }

  public ReadOnlyObjectProperty<Layout> layoutProperty() {
    return layout;
  }

  public ObjectProperty<NetnsName> selectedProperty() {
    return selected;
  }

  public ObjectProperty<TracePath> pathProperty() {
    return path;
  }

  public ObjectProperty<DeviceRef> focusedDeviceProperty() {
    return focusedDevice;
  }

  /** The namespaces a failed trace's diagnosis blames, marked on the graph. */
  public ObservableList<NetnsName> culprits() {
    return culprits;
  }

  public ObservableList<NetnsName> matches() {
    return matches;
  }
}
