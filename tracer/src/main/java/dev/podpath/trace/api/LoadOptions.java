package dev.podpath.trace.api;

/**
 * How {@link Podpath#load(java.nio.file.Path, LoadOptions)} reads its input.
 *
 * <pre>{@code
 * Podpath.load(Path.of("samples/snapshots/seed-flannel-host-gw"), LoadOptions.DEFAULTS.withAssumeCniPods(true));
 * }</pre>
 *
 * @param assumeCniPods (snapshot) model the pods kubectl lists but that were not dumped, as the CNI
 *     bridge plugin makes them, each said as an assumption ({@code --assume-cni-pods}); refused for
 *     a scenario script
 */
public record LoadOptions(boolean assumeCniPods) {

  /** Nothing assumed beyond the dumps. */
  public static final LoadOptions DEFAULTS = new LoadOptions(false);

  /** {@return these options with {@code assumeCniPods} set to {@code value}} */
  public LoadOptions withAssumeCniPods(boolean value) {
    return new LoadOptions(value);
  }
}
