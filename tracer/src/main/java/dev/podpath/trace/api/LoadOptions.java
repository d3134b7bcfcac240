package dev.podpath.trace.api;

import dev.podpath.sim.net.EdgeAssumption;
import java.util.Objects;

/**
 * How {@link Podpath#load(java.nio.file.Path, LoadOptions)} reads its input.
 *
 * <pre>{@code
 * Podpath.load(Path.of("samples/snapshots/seed-flannel-host-gw"), LoadOptions.DEFAULTS.withAssumeCniPods(true));
 * Podpath.load(snapshot, LoadOptions.DEFAULTS.withEdge(EdgeAssumption.Mode.DROPS_PRIVATE));
 * }</pre>
 *
 * @param assumeCniPods (snapshot) model the pods kubectl lists but that were not dumped, as the CNI
 *     bridge plugin makes them, each said as an assumption ({@code --assume-cni-pods}); refused for
 *     a scenario script
 * @param edge what a gateway no dump owns is assumed to do with a packet sent to it ({@code
 *     --edge}): nothing (the packet leaves the model, UNKNOWN), or it drops private destinations it
 *     does not own; every trace, traceroute and matrix cell of the network runs with it, and the
 *     plans print it
 */
public record LoadOptions(boolean assumeCniPods, EdgeAssumption.Mode edge) {

  /** Nothing assumed beyond the dumps. */
  public static final LoadOptions DEFAULTS = new LoadOptions(false);

  public LoadOptions {
    Objects.requireNonNull(edge, "edge");
  }

  /** These pods assumed or not, and nothing assumed of the edge. */
  public LoadOptions(boolean assumeCniPods) {
    this(assumeCniPods, EdgeAssumption.Mode.UNKNOWN);
  }

  /** {@return these options with {@code assumeCniPods} set to {@code value}} */
  public LoadOptions withAssumeCniPods(boolean value) {
    return new LoadOptions(value, edge);
  }

  /** {@return these options with {@code edge} set to {@code mode}} */
  public LoadOptions withEdge(EdgeAssumption.Mode mode) {
    return new LoadOptions(assumeCniPods, mode);
  }
}
