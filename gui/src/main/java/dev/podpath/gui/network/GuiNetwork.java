package dev.podpath.gui.network;

import dev.podpath.gui.whatif.Edit;
import dev.podpath.gui.whatif.EditedScript;
import dev.podpath.gui.whatif.SnapshotChanges;
import dev.podpath.model.io.TextFiles;
import dev.podpath.model.io.UnreadableFileException;
import dev.podpath.model.snapshot.LoadWork;
import dev.podpath.trace.api.InputException;
import dev.podpath.trace.api.LoadOptions;
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
    return open(path, LoadWork.none());
  }

  /**
   * {@link #open(Path)}, a snapshot's files read and stages of assembly recorded in {@code work}
   * (the benchmark's profile of an open, a test's count of what a cancelled open did). A cancelled
   * open (its thread interrupted: the Cancel button) stops before the snapshot's next file or
   * stage, or before the graph, with a {@link java.util.concurrent.CancellationException}.
   */
  public static LoadedNetwork open(Path path, LoadWork work) {
    dev.podpath.trace.api.Network n = Podpath.load(path, LoadOptions.DEFAULTS, work);
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
   * Where a snapshot's edits are written to be applied: {@code NAME-whatif.sh} in the GUI's own
   * folder ({@link ScratchFolder}; the snapshot's folder is never written to). Written when the
   * first edit is.
   */
  private static Path changesFile(Path snapshot) {
    Path name = snapshot.toAbsolutePath().normalize().getFileName();
    String base = name == null ? "snapshot" : name.toString();
    return ScratchFolder.standard().newFile(base + "-whatif.sh");
  }

  /**
   * Deletes what opening {@code n} and editing it wrote (a snapshot's changes file): {@code n} is
   * closed, or replaced by another network.
   */
  public static void close(LoadedNetwork n) {
    n.changes().ifPresent(c -> ScratchFolder.standard().discard(c.file()));
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
    if (edits.isEmpty()) {
      ScratchFolder.standard().discard(c.file());
    } else {
      ScratchFolder.standard().write(c.file(), c.text());
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
