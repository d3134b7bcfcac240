package dev.podpath.model.finding;

import dev.podpath.model.origin.Origin;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reverse-path filtering on the devices Cilium uses: Cilium requires {@code rp_filter} to be 0 on
 * them (its agent writes {@code net.ipv4.conf.all.rp_filter = 0} and 0 for each {@code lxc*} device
 * it creates), because its eBPF datapath hands packets in on {@code lxc*} and {@code cilium_host}
 * whose route back leaves by another device or by none. systemd >= 245's {@code 50-default.conf}
 * sets {@code net.ipv4.conf.*.rp_filter = 2} on every new device, and an upgrade may set {@code
 * all} to 2: the effective value, max(all, dev), is then not 0 and pods lose their traffic
 * (cilium/cilium#10645, #19761; the fix, cilium/cilium@cabc658: "cilium which requires {@code
 * rp_filter} to be 0 on interfaces it uses"). podpath does not model the eBPF programs, so this
 * rests on Cilium's requirement, not on a traced drop; the explanation says so.
 *
 * <p>Only from values that were posted (both {@code all} and the device's, or {@code default}'s),
 * on the devices a dump lists or a posted sysctl names.
 */
final class CiliumRpFilterCheck implements Check {

  private static final String ALL = "net.ipv4.conf.all.rp_filter";

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    SysctlFacts sysctls = new SysctlFacts(facts);
    Shell shell = new Shell(facts);
    List<Finding> out = new ArrayList<>();
    for (Netns ns : facts.topology().netnsList()) {
      Sysctls s = ns.sysctls();
      List<String> on = new ArrayList<>();
      List<String> filtering = new ArrayList<>();
      List<Evidence> evidence = new ArrayList<>();
      Optional<Evidence> all = s.confAll("rp_filter") != 0 ? posted(ns, ALL) : Optional.empty();
      for (String dev : ciliumDevices(ns)) {
        Optional<Integer> mode = sysctls.rpFilter(ns, dev);
        if (mode.isEmpty() || mode.get() == 0) {
          continue;
        }
        Optional<Evidence> own =
            s.conf(dev, "rp_filter") != 0 ? posted(ns, devKey(ns, dev)) : Optional.empty();
        if (own.isEmpty() && all.isEmpty()) {
          continue; // nothing posted says so with a line
        }
        on.add(dev + " (" + mode.get() + ")");
        all.filter(e -> !evidence.contains(e)).ifPresent(evidence::add);
        own.filter(e -> !evidence.contains(e)).ifPresent(evidence::add);
        if (s.conf(dev, "rp_filter") != 0) {
          filtering.add(dev);
        }
      }
      if (on.isEmpty()) {
        continue;
      }
      out.add(
          new Finding(
              Code.CNI_DEVICE_RP_FILTER,
              Severity.ERROR,
              ns.name().toString(),
              "reverse-path filtering is on for Cilium's devices "
                  + String.join(", ", on)
                  + " (the effective value is the maximum of all and the device's; 1 strict, 2"
                  + " loose), but Cilium requires rp_filter = 0 on the devices it uses: its"
                  + " datapath hands the pods' packets in on them with a source whose route back"
                  + " leaves by another device or by none, and the kernel drops them silently"
                  + " (systemd >= 245's 50-default.conf sets rp_filter on every new device; podpath"
                  + " does not model Cilium's eBPF programs, so this rests on Cilium's"
                  + " requirement, not on a traced drop).",
              evidence,
              fixes(ns, shell, s.confAll("rp_filter") != 0, filtering)));
    }
    return out;
  }

  private static List<Fix> fixes(Netns ns, Shell shell, boolean byAll, List<String> devices) {
    List<Fix> out = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    if (byAll) {
      keys.add("net.ipv4.conf.all.rp_filter=0");
    }
    if (!devices.isEmpty()) {
      keys.add("net.ipv4.conf.default.rp_filter=0");
      devices.forEach(d -> keys.add("net.ipv4.conf." + d + ".rp_filter=0"));
    }
    out.add(
        new Fix(
            shell.exec(ns.name(), "sysctl -w " + String.join(" ", keys)),
            (byAll ? "takes all's value out of the maximum, as Cilium's agent sets it" : "")
                + (byAll && !devices.isEmpty() ? ", and " : "")
                + (devices.isEmpty()
                    ? ""
                    : "turns the filter off on each of Cilium's devices as they are now (and on"
                        + " devices still to come, through default)")));
    out.add(
        new Fix(
            shell.exec(
                ns.name(),
                "printf '%s\\n' 'net.ipv4.conf.lxc*.rp_filter = 0'"
                    + " 'net.ipv4.conf.cilium_*.rp_filter = 0'"
                    + (byAll ? " 'net.ipv4.conf.all.rp_filter = 0'" : "")
                    + " > /etc/sysctl.d/99-override_cilium_rp_filter.conf"
                    + " && systemctl restart systemd-sysctl"),
            "keeps it so across reboots and for the pods' devices still to come: a file sorting"
                + " after systemd's 50-default.conf wins (Cilium's documented workaround, cilium/cilium"
                + " PR 13717; Cilium >= 1.12 installs such a file itself)"));
    return out;
  }

  /** The device's own key, or {@code default}'s when only that was posted. */
  private static String devKey(Netns ns, String dev) {
    String own = "net.ipv4.conf." + dev + ".rp_filter";
    return ns.sysctls().get(own).isPresent() ? own : "net.ipv4.conf.default.rp_filter";
  }

  private static Optional<Evidence> posted(Netns ns, String key) {
    Optional<String> v = ns.sysctls().get(key);
    Optional<Origin> line = ns.sysctls().origin(key);
    if (v.isEmpty() || line.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Evidence.of(ns.name(), key + " = " + v.get().strip(), line.get()));
  }

  /** The namespace's Cilium devices: dumped, or named by a posted {@code conf.DEV} key. */
  private static Set<String> ciliumDevices(Netns ns) {
    Set<String> out = new TreeSet<>();
    for (NetDevice d : ns.deviceList()) {
      if (cilium(d.name())) {
        out.add(d.name());
      }
    }
    for (String key : ns.sysctls().values().keySet()) {
      if (key.startsWith("net.ipv4.conf.") && key.endsWith(".rp_filter")) {
        String dev = key.substring("net.ipv4.conf.".length(), key.length() - ".rp_filter".length());
        if (cilium(dev)) {
          out.add(dev);
        }
      }
    }
    return out;
  }

  /** Cilium's names: {@code lxc<id>} and {@code lxc_health} for pods, {@code cilium_*} its own. */
  static boolean cilium(String dev) {
    return dev.startsWith("lxc") || dev.startsWith("cilium_");
  }
}
