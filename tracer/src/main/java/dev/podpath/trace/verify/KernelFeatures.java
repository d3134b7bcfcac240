package dev.podpath.trace.verify;

import dev.podpath.model.script.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Kernel features a scenario needs that the machine may lack. This machine's kernel, for one, has
 * no ipip module ({@code # CONFIG_NET_IPIP is not set}): an IPIP scenario cannot run there, and
 * podpath's IPIP model comes from the kernel source (kernel-semantics.md 11.4). Such a scenario
 * runs in a VM instead ({@code podpath verify --kernel=vm}, {@link VmKernel}), whose stock Debian
 * kernel has them all.
 */
public final class KernelFeatures {

  private KernelFeatures() {}

  /**
   * A kernel module a device kind needs, and the configuration symbol that builds it.
   *
   * @param linkType the type as {@code ip link add ... type TYPE} names it
   */
  record Module(String linkType, String name, String config) {}

  /** The device types whose module a kernel may lack (Debian's has them all). */
  static final List<Module> MODULES =
      List.of(
          new Module("ipip", "ipip", "CONFIG_NET_IPIP"),
          new Module("gre", "ip_gre", "CONFIG_NET_IPGRE"),
          new Module("gretap", "ip_gre", "CONFIG_NET_IPGRE"),
          new Module("dummy", "dummy", "CONFIG_DUMMY"),
          new Module("wireguard", "wireguard", "CONFIG_WIREGUARD"),
          new Module("geneve", "geneve", "CONFIG_GENEVE"));

  /** Why the kernel here cannot run {@code sc}, if it cannot. */
  public static Optional<String> missingFor(Scenario sc) {
    Optional<String> config = kernelConfig();
    for (Module m : needed(sc)) {
      if (!available(m, config)) {
        return Optional.of(
            "this kernel has no "
                + m.name()
                + " module ("
                + m.config()
                + " is not set)"
                + (m.name().equals("ipip")
                    ? ": the IPIP parts are modelled from the kernel source"
                        + " (kernel-semantics.md 11.4); run it in a VM: podpath verify --kernel=vm"
                    : "; run it in a VM: podpath verify --kernel=vm"));
      }
    }
    return Optional.empty();
  }

  /** The modules of {@link #MODULES} the devices of {@code sc} need, in order of first use. */
  static List<Module> needed(Scenario sc) {
    Set<Module> out = new LinkedHashSet<>();
    sc.topology().netnsList().stream()
        .flatMap(n -> n.deviceList().stream())
        .forEach(
            d -> {
              // the type as `ip link add ... type TYPE` names it, modelled (ipip, geneve) or not
              String type = d.kind().typeName();
              MODULES.stream().filter(m -> m.linkType().equals(type)).forEach(out::add);
            });
    return List.copyOf(out);
  }

  /**
   * Whether the module's devices can be created: it is loaded, or built in or loadable per the
   * kernel config.
   */
  private static boolean available(Module m, Optional<String> config) {
    if (Files.isDirectory(Path.of("/sys/module", m.name()))) {
      return true;
    }
    if (config.isEmpty()) {
      return Files.isDirectory(Path.of("/lib/modules"));
    }
    String c = config.get();
    return c.contains("\n" + m.config() + "=y")
        || c.contains("\n" + m.config() + "=m") && Files.isDirectory(Path.of("/lib/modules"));
  }

  private static Optional<String> kernelConfig() {
    Path p = Path.of("/proc/config.gz");
    if (!Files.isReadable(p)) {
      return Optional.empty();
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
      return Optional.of("\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
