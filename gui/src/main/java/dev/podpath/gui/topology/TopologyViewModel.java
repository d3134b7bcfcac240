package dev.podpath.gui.topology;

import dev.podpath.gui.layout.Folding;
import dev.podpath.gui.layout.Layout;
import dev.podpath.gui.layout.TopologyLayout;
import dev.podpath.gui.network.LoadedNetwork;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.graph.TracePath;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the topology view shows: the layout of the open network, the selected namespace, the
 * search's matches, the path of the last trace and the device in focus; which nodes have their pods
 * folded (a large snapshot opens folded, {@link Folding}; a search or a trace unfolds the nodes it
 * leads into). Testable without the toolkit.
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
  private final Set<NetnsName> folded = new LinkedHashSet<>();

  public TopologyViewModel() {
    path.addListener(
        (o, a, p) -> {
          if (p != null) {
            List<NetnsName> hops = new java.util.ArrayList<>();
            p.legs().forEach(leg -> hops.addAll(leg.hops()));
            unfoldFor(hops);
          }
        });
    network.addListener(
        (obs, old, n) -> {
          // the path and the focused device follow the trace panel, which clears them itself;
          // the same file read again (a what-if edit) keeps the selected namespace and the folds
          NetnsName keep = selected.get();
          selected.set(null);
          matches.clear();
          boolean same = old != null && n != null && old.source().equals(n.source());
          if (!same) {
            folded.clear();
            if (n != null) {
              folded.addAll(Folding.atOpen(n.graph()));
            }
          }
          layout.set(n == null ? null : TopologyLayout.of(n.graph(), folded));
          if (keep != null
              && old != null
              && n != null
              && old.source().equals(n.source())
              && n.topology().netns(keep).isPresent()) {
            selected.set(keep);
          }
        });
  }

  /** {@return the nodes whose pods are folded now} */
  public Set<NetnsName> folded() {
    return Set.copyOf(folded);
  }

  /**
   * Folds the pods of {@code n}'s node ({@code n} itself, or the node of pod {@code n}) when they
   * are shown, unfolds them when they are folded.
   *
   * @return whether anything changed (false for a namespace that is no node and no pod)
   */
  public boolean toggleFold(NetnsName n) {
    Optional<NetnsName> node = nodeWithPods(n);
    if (node.isEmpty()) {
      return false;
    }
    if (!folded.remove(node.get())) {
      folded.add(node.get());
    }
    relayout();
    return true;
  }

  /** Unfolds the node of each pod of {@code pods} that is folded. */
  public void unfoldFor(List<NetnsName> pods) {
    LoadedNetwork n = network.get();
    if (n == null) {
      return;
    }
    boolean changed = false;
    for (NetnsName p : pods) {
      Optional<NetnsName> host = n.graph().hostOf(p);
      if (host.isPresent()) {
        changed |= folded.remove(host.get());
      }
    }
    if (changed) {
      relayout();
    }
  }

  /** Folds every node's pods ({@code all}) or unfolds them all. */
  public void foldAll(boolean all) {
    LoadedNetwork n = network.get();
    if (n == null) {
      return;
    }
    folded.clear();
    if (all) {
      for (var v : n.graph().namespaces()) {
        n.graph().hostOf(v.netns()).ifPresent(folded::add);
      }
    }
    relayout();
  }

  private Optional<NetnsName> nodeWithPods(NetnsName n) {
    LoadedNetwork net = network.get();
    if (net == null || n == null) {
      return Optional.empty();
    }
    Optional<NetnsName> host = net.graph().hostOf(n);
    if (host.isPresent()) {
      return host;
    }
    return net.graph().podsOf(n).isEmpty() ? Optional.empty() : Optional.of(n);
  }

  private void relayout() {
    LoadedNetwork n = network.get();
    if (n != null) {
      layout.set(TopologyLayout.of(n.graph(), folded));
    }
  }

  /**
   * Searches by name, device or address; selects the first match.
   *
   * @return the matches, in the topology's order
   */
  public List<NetnsName> search(String query) {
    LoadedNetwork n = network.get();
    List<NetnsName> found = n == null ? List.of() : NetnsSearch.find(n.topology(), query);
    if (!found.isEmpty()) {
      unfoldFor(List.of(found.get(0)));
    }
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
