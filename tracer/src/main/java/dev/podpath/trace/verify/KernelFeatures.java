package dev.podpath.trace.verify;

import dev.podpath.model.script.Scenario;
import dev.podpath.model.topo.LinkKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Kernel features a scenario needs that the machine may lack. This machine's kernel, for one, has
 * no ipip module ({@code # CONFIG_NET_IPIP is not set}): an IPIP scenario cannot run there, and
 * podpath's IPIP model comes from the kernel source (kernel-semantics.md 11.4).
 */
public final class KernelFeatures {

  private KernelFeatures() {}

  /** Why the kernel here cannot run {@code sc}, if it cannot. */
  public static Optional<String> missingFor(Scenario sc) {
    boolean ipip =
        sc.topology().netnsList().stream()
            .flatMap(n -> n.deviceList().stream())
            .anyMatch(d -> d.kind() instanceof LinkKind.Ipip);
    if (ipip && !ipipAvailable()) {
      return Optional.of(
          "this kernel has no ipip module (CONFIG_NET_IPIP is not set): the IPIP parts are"
              + " modelled from the kernel source (kernel-semantics.md 11.4) and cannot be checked here");
    }
    return Optional.empty();
  }

  /**
   * Whether IPIP tunnels can be created: the module is loaded, or built in or loadable per the
   * kernel config.
   */
  static boolean ipipAvailable() {
    if (Files.isDirectory(Path.of("/sys/module/ipip"))) {
      return true;
    }
    Optional<String> config = kernelConfig();
    if (config.isEmpty()) {
      return Files.isDirectory(Path.of("/lib/modules"));
    }
    String c = config.get();
    return c.contains("\nCONFIG_NET_IPIP=y")
        || c.contains("\nCONFIG_NET_IPIP=m") && Files.isDirectory(Path.of("/lib/modules"));
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
