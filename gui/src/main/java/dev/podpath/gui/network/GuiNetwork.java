package dev.podpath.gui.network;

import dev.podpath.trace.api.InputException;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.graph.TopologyGraph;
import java.nio.file.Path;

/**
 * How the GUI opens a network: through podpath's API ({@link Podpath#load}), as the command line
 * does; resolving names, tracing and diagnosing go through the {@link
 * dev.podpath.trace.api.Network} it holds. The GUI decides nothing about packets.
 */
public final class GuiNetwork {

  private GuiNetwork() {}

  /**
   * Opens a scenario script or a snapshot folder.
   *
   * @throws InputException when it cannot be read or a line of the script fails (the message names
   *     {@code file:line})
   */
  public static LoadedNetwork open(Path path) {
    dev.podpath.trace.api.Network n = Podpath.load(path);
    return new LoadedNetwork(n, TopologyGraph.of(n.topology()));
  }
}
