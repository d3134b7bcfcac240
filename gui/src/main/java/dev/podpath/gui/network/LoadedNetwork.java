package dev.podpath.gui.network;

import dev.podpath.gui.whatif.Edit;
import dev.podpath.gui.whatif.EditedScript;
import dev.podpath.gui.whatif.SnapshotChanges;
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
 * @param script the script's text and edits; empty for a snapshot
 * @param changes a snapshot's edits, applied on top of it as a changes file; empty for a script
 */
public record LoadedNetwork(
    Network network,
    TopologyGraph graph,
    Optional<EditedScript> script,
    Optional<SnapshotChanges> changes) {

  public LoadedNetwork {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(changes, "changes");
  }

  /** A script (with its text), or a network without edits. */
  public LoadedNetwork(Network network, TopologyGraph graph, Optional<EditedScript> script) {
    this(network, graph, script, Optional.empty());
  }

  /** Whether what-if edits can be made on it: a script, or a snapshot (as a changes file). */
  public boolean editable() {
    return script.isPresent() || changes.isPresent();
  }

  /**
   * {@return the text the GUI holds for {@code file} that differs from the disk: the script with
   * its edits, or a snapshot's changes file; empty for any other file}
   */
  public Optional<String> heldText(Path file) {
    Path f = file.toAbsolutePath().normalize();
    if (script.isPresent()
        && !script.get().edits().isEmpty()
        && f.equals(source().toAbsolutePath().normalize())) {
      return Optional.of(script.get().text());
    }
    return changes
        .filter(c -> !c.edits().isEmpty() && f.equals(c.file().toAbsolutePath().normalize()))
        .map(SnapshotChanges::text);
  }

  /** {@return the script or folder opened} */
  public Path source() {
    return network.path();
  }

  /** {@return the model} */
  public Topology topology() {
    return network.topology();
  }

  /**
   * {@return where what-if edit {@code k} (from 0) is: its command's line in the script with the
   * edits, or in a snapshot's changes file; empty when there is no such edit}
   */
  public Optional<dev.podpath.model.origin.Origin> editOrigin(int k) {
    List<Edit> all = edits();
    if (k < 0 || k >= all.size()) {
      return Optional.empty();
    }
    Path file = changes.map(SnapshotChanges::file).orElse(source());
    String text =
        script
            .map(EditedScript::text)
            .orElseGet(() -> changes.map(SnapshotChanges::text).orElse(""));
    // the commands follow the block's title (a script) or the header (a changes file) in order
    List<String> lines = text.lines().toList();
    int from = script.isPresent() ? Math.max(0, lines.lastIndexOf(EditedScript.BLOCK_TITLE)) : 0;
    int seen = 0;
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).equals(all.get(seen).commandLine())) {
        if (seen == k) {
          return Optional.of(
              new dev.podpath.model.origin.Origin(file.toString(), i + 1, lines.get(i)));
        }
        seen++;
      }
    }
    return Optional.empty();
  }

  /** {@return the what-if edits made on it, in order} */
  public List<Edit> edits() {
    return script
        .map(EditedScript::edits)
        .orElseGet(() -> changes.map(SnapshotChanges::edits).orElse(List.of()));
  }

  /** The file name shown in the title bar. */
  public String title() {
    Path name = source().getFileName();
    return name == null ? source().toString() : name.toString();
  }
}
