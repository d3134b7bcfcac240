package dev.podpath.gui.network;

import dev.podpath.gui.whatif.Edit;
import dev.podpath.gui.whatif.EditedScript;
import dev.podpath.gui.whatif.SnapshotChanges;
import dev.podpath.model.io.TextFiles;
import dev.podpath.model.io.UnreadableFileException;
import dev.podpath.trace.api.InputException;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.graph.TopologyGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How the GUI opens a network: through podpath's API ({@link Podpath#load}), as the command line
 * does; resolving names, tracing and diagnosing go through the {@link
 * dev.podpath.trace.api.Network} it holds. The GUI decides nothing about packets.
 */
public final class GuiNetwork {

  private GuiNetwork() {}

  /**
   * Opens a scenario script or a snapshot folder; a script keeps its text, for the what-if edits.
   *
   * @throws InputException when it cannot be read or a line of the script fails (the message names
   *     {@code file:line})
   */
  public static LoadedNetwork open(Path path) {
    dev.podpath.trace.api.Network n = Podpath.load(path);
    // a cancelled open (its thread interrupted) stops before the graph
    if (Thread.currentThread().isInterrupted()) {
      throw new java.util.concurrent.CancellationException("cancelled");
    }
    Optional<EditedScript> script = Optional.empty();
    if (Files.isDirectory(path)) {
      return new LoadedNetwork(
          n,
          TopologyGraph.of(n.topology()),
          Optional.empty(),
          Optional.of(new SnapshotChanges(n, List.of(), changesFile(path))));
    } else {
      try {
        script = Optional.of(new EditedScript(TextFiles.read(path), List.of(), Optional.empty()));
      } catch (UnreadableFileException e) {
        throw new InputException(
            InputException.Input.FILE,
            InputException.Problem.UNREADABLE,
            path.toString(),
            e.getMessage(),
            List.of());
      }
    }
    return new LoadedNetwork(n, TopologyGraph.of(n.topology()), script);
  }

  /**
   * Where a snapshot's edits are written to be applied: {@code NAME-whatif.sh} in a folder of the
   * GUI's own (the snapshot's folder is never written to). Made when the first edit is.
   */
  private static Path changesFile(Path snapshot) {
    Path name = snapshot.toAbsolutePath().normalize().getFileName();
    String base = name == null ? "snapshot" : name.toString();
    return Path.of(System.getProperty("java.io.tmpdir"))
        .resolve("podpath-gui-" + ProcessHandle.current().pid())
        .resolve(base + "-whatif.sh");
  }

  /**
   * The snapshot of {@code opened} with {@code edits} applied on top ({@link
   * dev.podpath.trace.api.Network#apply(Path)}): the changes file is written, then applied to the
   * snapshot as loaded; what {@code podpath trace SNAPSHOT --apply FILE} reads.
   *
   * @throws InputException when an edit's command fails ({@code file:line})
   * @throws java.io.UncheckedIOException when the changes file cannot be written
   */
  public static LoadedNetwork applyChanges(LoadedNetwork opened, List<Edit> edits) {
    SnapshotChanges c = opened.changes().orElseThrow().with(edits);
    dev.podpath.trace.api.Network n = c.base();
    if (!edits.isEmpty()) {
      try {
        Files.createDirectories(c.file().getParent());
        Files.writeString(c.file(), c.text(), java.nio.charset.StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      n = c.base().apply(c.file());
    }
    return new LoadedNetwork(n, TopologyGraph.of(n.topology()), Optional.empty(), Optional.of(c));
  }

  /**
   * {@code text} read as the script at {@code file} ({@link Podpath#loadScenario(Path, String)}): a
   * lesson's script through one of its commands.
   *
   * @throws InputException when a line fails
   */
  public static LoadedNetwork read(Path file, String text) {
    dev.podpath.trace.api.Network n = Podpath.loadScenario(file, text);
    return new LoadedNetwork(
        n,
        TopologyGraph.of(n.topology()),
        Optional.of(new EditedScript(text, List.of(), Optional.empty())));
  }

  /**
   * The script of {@code opened} with {@code edited}'s edits after it, read again through the API
   * ({@link Podpath#loadScenario(Path, String)}): what the CLI reads from the saved script.
   *
   * @throws InputException when an edit's command fails ({@code file:line} past the original's end)
   */
  public static LoadedNetwork reload(LoadedNetwork opened, EditedScript edited) {
    dev.podpath.trace.api.Network n = Podpath.loadScenario(opened.source(), edited.text());
    return new LoadedNetwork(n, TopologyGraph.of(n.topology()), Optional.of(edited));
  }
}
