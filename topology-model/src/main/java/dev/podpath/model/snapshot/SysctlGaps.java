package dev.podpath.model.snapshot;

import dev.podpath.model.sysctl.Sysctls;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@code sysctl.txt} that is not a whole {@code sysctl -a} (a paste of {@code sysctl
 * net.ipv4.ip_forward}, {@code cat /proc/sys/...}, a grep): the keys it gives are taken, and the
 * keys podpath reads that it does not give are unknown. Unknown is not "the kernel's default": on a
 * node, forwarding is what Kubernetes requires (as without any sysctl dump), and {@code
 * net.ipv4.ip_forward} is {@code conf.all.forwarding} in the kernel, whose writing sets every
 * device's and {@code conf.default}'s too; the other keys get the kernel's defaults. Either way it
 * is said once, as an assumption naming the keys not given and the values taken. Package-private.
 *
 * <pre>{@code
 * worker1: assumed: sysctl.txt gives 1 key, not all of `sysctl -a`: the keys it does not give are taken
 *     as: net.ipv4.conf.{all,default}.forwarding=1 (net.ipv4.ip_forward = 1, sysctl.txt:1); ...
 * }</pre>
 */
final class SysctlGaps {

  /**
   * The keys of {@code conf.all} and {@code conf.default} podpath reads, each with the kernel's
   * default.
   */
  private static final List<String> CONF_KEYS =
      List.of(
          "forwarding",
          "rp_filter",
          "proxy_arp",
          "arp_ignore",
          "arp_announce",
          "accept_local",
          "route_localnet",
          "send_redirects");

  private SysctlGaps() {}

  /**
   * Whether {@code s} has every key a whole {@code sysctl -a} of any kernel podpath models prints.
   */
  static boolean isWhole(Sysctls s) {
    if (s.get("net.ipv4.ip_forward").isEmpty() || s.get("net.ipv4.ip_default_ttl").isEmpty()) {
      return false;
    }
    for (String k : CONF_KEYS) {
      if (s.get("net.ipv4.conf.all." + k).isEmpty()
          || s.get("net.ipv4.conf.default." + k).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The sysctls of a namespace whose {@code sysctl.txt} gave {@code dumped}: as dumped when it is
   * whole, else completed as the class says, with one assumption.
   *
   * @param isNode whether the namespace is a node's own (which must forward)
   * @param hasBridge whether the namespace has a bridge (then {@code bridge-nf-call-iptables}
   *     matters)
   * @param file the dump, for the assumption ({@code worker1/sysctl.txt})
   */
  static Sysctls complete(
      Sysctls dumped, boolean isNode, boolean hasBridge, String file, Consumer<String> assume) {
    if (isWhole(dumped)) {
      return dumped;
    }
    Map<String, String> values = new LinkedHashMap<>(dumped.values());
    List<String> taken = new ArrayList<>();
    Optional<String> forward =
        dumped.get("net.ipv4.ip_forward").or(() -> dumped.get("net.ipv4.conf.all.forwarding"));
    String fwd;
    String why;
    if (forward.isPresent()) {
      fwd = forward.get().strip();
      why =
          dumped.get("net.ipv4.ip_forward").isPresent()
              ? "as net.ipv4.ip_forward = " + fwd + " sets them"
              : "as net.ipv4.conf.all.forwarding = " + fwd + " sets them";
    } else {
      fwd = isNode ? "1" : "0";
      why =
          isNode
              ? "not given; a Kubernetes node must forward"
              : "not given: the kernel's default in a namespace";
    }
    List<String> fwdKeys = new ArrayList<>();
    for (String k :
        List.of(
            "net.ipv4.ip_forward",
            "net.ipv4.conf.all.forwarding",
            "net.ipv4.conf.default.forwarding")) {
      if (!values.containsKey(k)) {
        values.put(k, fwd);
        fwdKeys.add(k);
      }
    }
    if (!fwdKeys.isEmpty()) {
      taken.add(String.join(", ", fwdKeys) + " = " + fwd + " (" + why + ")");
    }
    List<String> defaults = new ArrayList<>();
    for (String k : CONF_KEYS.subList(1, CONF_KEYS.size())) {
      boolean all = values.containsKey("net.ipv4.conf.all." + k);
      boolean dflt = values.containsKey("net.ipv4.conf.default." + k);
      if (!all || !dflt) {
        String scope = !all && !dflt ? "{all,default}" : !all ? "all" : "default";
        defaults.add("net.ipv4.conf." + scope + "." + k + " = " + Sysctls.CONF_DEFAULTS.get(k));
      }
    }
    if (!values.containsKey("net.ipv4.ip_default_ttl")) {
      defaults.add("net.ipv4.ip_default_ttl = 64");
    }
    if (hasBridge && !values.containsKey("net.bridge.bridge-nf-call-iptables")) {
      defaults.add(
          "net.bridge.bridge-nf-call-iptables = 1 (br_netfilter loaded, as Kubernetes and Docker load it)");
    }
    if (!defaults.isEmpty()) {
      taken.add("the kernel's defaults " + String.join(", ", defaults));
    }
    int given = dumped.values().size();
    assume(
        assume,
        file
            + " gives "
            + given
            + (given == 1 ? " key" : " keys")
            + " podpath reads, not all of `sysctl"
            + " -a`: the keys it does not give are unknown and taken as "
            + String.join("; ", taken)
            + "; per-device keys it does not give follow conf.default (collect `sysctl -a` to have them all)");
    return new Sysctls(values, dumped.origins());
  }

  private static void assume(Consumer<String> assume, String text) {
    assume.accept(text);
  }
}
