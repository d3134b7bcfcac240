package dev.podpath.gui.network;

import dev.podpath.model.snapshot.Snapshot;
import dev.podpath.model.topo.Topology;
import dev.podpath.trace.graph.TopologyGraph;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A scenario or snapshot opened in the GUI: its model and its graph.
 *
 * @param source the script or folder opened
 * @param snapshot the snapshot, when a folder was opened (its pods and Services name endpoints)
 */
public record LoadedNetwork(
    Path source, Topology topology, Optional<Snapshot> snapshot, TopologyGraph graph) {

  public LoadedNetwork {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(graph, "graph");
  }

  /** The file name shown in the title bar. */
  public String title() {
    Path name = source.getFileName();
    return name == null ? source.toString() : name.toString();
  }
}
