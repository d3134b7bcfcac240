package dev.podpath.gui.network;

import dev.podpath.model.topo.Topology;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.graph.TopologyGraph;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A scenario or snapshot opened in the GUI: the API's {@link Network} and its graph.
 *
 * @param network what podpath loaded: the model, resolution of names, tracing, diagnosis
 * @param graph the model as a graph, for the topology view
 */
public record LoadedNetwork(Network network, TopologyGraph graph) {

  public LoadedNetwork {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(graph, "graph");
  }

  /** {@return the script or folder opened} */
  public Path source() {
    return network.path();
  }

  /** {@return the model} */
  public Topology topology() {
    return network.topology();
  }

  /** The file name shown in the title bar. */
  public String title() {
    Path name = source().getFileName();
    return name == null ? source().toString() : name.toString();
  }
}
