package dev.podpath.gui.network;

import dev.podpath.gui.whatif.Edit;
import dev.podpath.gui.whatif.EditedScript;
import dev.podpath.model.topo.Topology;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.graph.TopologyGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A scenario or snapshot opened in the GUI: the API's {@link Network} and its graph, and for a
 * script its text with the what-if edits made so far (what {@link #network} was read from).
 *
 * @param network what podpath loaded: the model, resolution of names, tracing, diagnosis
 * @param graph the model as a graph, for the topology view
 * @param script the script's text and edits; empty for a snapshot (no edits there yet)
 */
public record LoadedNetwork(Network network, TopologyGraph graph, Optional<EditedScript> script) {

  public LoadedNetwork {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(script, "script");
  }

  /** {@return the script or folder opened} */
  public Path source() {
    return network.path();
  }

  /** {@return the model} */
  public Topology topology() {
    return network.topology();
  }

  /** {@return the what-if edits made on it, in order; none for a snapshot} */
  public List<Edit> edits() {
    return script.map(EditedScript::edits).orElse(List.of());
  }

  /** The file name shown in the title bar. */
  public String title() {
    Path name = source().getFileName();
    return name == null ? source().toString() : name.toString();
  }
}
