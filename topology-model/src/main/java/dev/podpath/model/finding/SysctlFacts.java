package dev.podpath.model.finding;

import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.Netns;
import java.util.Optional;

/**
 * The sysctls a check relies on, only where they are known: in a scenario every key has its value
 * (the kernel's default until the script sets it); in a snapshot a key is known only when the dump
 * has it (or the snapshot states it as an assumption). A check never concludes from a value that is
 * not known.
 */
final class SysctlFacts {

  private final boolean complete;

  SysctlFacts(NetworkFacts facts) {
    this.complete = facts.closedWorld();
  }

  /** Whether packets received on {@code dev} may be forwarded ({@code conf.DEV.forwarding}). */
  Optional<Boolean> forwarding(Netns ns, String dev) {
    if (!known(
        ns.sysctls(), "net.ipv4.conf." + dev + ".forwarding", "net.ipv4.conf.default.forwarding")) {
      return Optional.empty();
    }
    return Optional.of(ns.sysctls().forwarding(dev));
  }

  /** The effective rp_filter on {@code dev}: max(all, dev); 0 off, 1 strict, 2 loose. */
  Optional<Integer> rpFilter(Netns ns, String dev) {
    if (!known(ns.sysctls(), "net.ipv4.conf.all.rp_filter")
        || !known(
            ns.sysctls(),
            "net.ipv4.conf." + dev + ".rp_filter",
            "net.ipv4.conf.default.rp_filter")) {
      return Optional.empty();
    }
    return Optional.of(ns.sysctls().rpFilter(dev));
  }

  /** proxy_arp on {@code dev} (all or dev). */
  Optional<Boolean> proxyArp(Netns ns, String dev) {
    if (!known(ns.sysctls(), "net.ipv4.conf.all.proxy_arp")
        || !known(
            ns.sysctls(),
            "net.ipv4.conf." + dev + ".proxy_arp",
            "net.ipv4.conf.default.proxy_arp")) {
      return Optional.empty();
    }
    return Optional.of(ns.sysctls().proxyArp(dev));
  }

  /** The effective arp_ignore on {@code dev}. */
  Optional<Integer> arpIgnore(Netns ns, String dev) {
    if (!known(ns.sysctls(), "net.ipv4.conf.all.arp_ignore")
        || !known(
            ns.sysctls(),
            "net.ipv4.conf." + dev + ".arp_ignore",
            "net.ipv4.conf.default.arp_ignore")) {
      return Optional.empty();
    }
    return Optional.of(ns.sysctls().arpIgnore(dev));
  }

  /** The value of {@code key} as a sysctl line prints it, for evidence. */
  static String line(Netns ns, String key, int value) {
    return key
        + " = "
        + value
        + (ns.sysctls().get(key).isPresent() ? "" : " (the kernel's default)");
  }

  private boolean known(Sysctls s, String key, String... fallbacks) {
    if (complete || s.get(key).isPresent()) {
      return true;
    }
    for (String f : fallbacks) {
      if (s.get(f).isPresent()) {
        return true;
      }
    }
    return false;
  }
}
