package dev.podpath.model.finding;

import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bridge with ports (the containers' or pods' gateway device) on a node that forwards ({@code
 * net.ipv4.ip_forward = 1}), with {@code net.ipv4.conf.BRIDGE.forwarding = 0}: the kernel decides
 * to forward by the flag of the device a packet arrives on, so everything the containers send
 * beyond the bridge is dropped without an ICMP error. Writing {@code ip_forward} (or {@code
 * conf.all.forwarding}) sets the flag of every device that exists then; a device created later
 * takes {@code conf.default.forwarding}, so a bridge made after boot with {@code
 * net.ipv4.conf.default.forwarding = 0} in {@code /etc/sysctl.conf} stays off.
 *
 * <p>Only from values that were posted with a line: the bridge's own key, or {@code
 * conf.default.forwarding} when the bridge's key was not posted; and {@code ip_forward} (or {@code
 * conf.all.forwarding}) posted as 1 (when it is 0, {@link ForwardingOffCheck} and the question's
 * findings say so). A scenario sets every key, and its gateways are traced, so only snapshots.
 */
final class BridgeForwardingOffCheck implements Check {

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    if (facts.closedWorld()) {
      return List.of();
    }
    Shell shell = new Shell(facts);
    List<Finding> out = new ArrayList<>();
    for (Netns ns : facts.topology().netnsList()) {
      Optional<Evidence> on = nodeForwards(ns);
      if (on.isEmpty()) {
        continue;
      }
      for (NetDevice b : ns.deviceList()) {
        List<String> ports = ns.portsOf(b.name()).stream().map(NetDevice::name).toList();
        if (!b.isBridge() || ports.isEmpty() || ns.sysctls().forwarding(b.name())) {
          continue;
        }
        Optional<Evidence> off = posted(ns, "net.ipv4.conf." + b.name() + ".forwarding");
        boolean inherited = off.isEmpty();
        if (inherited) {
          off = posted(ns, "net.ipv4.conf.default.forwarding");
        }
        if (off.isEmpty()) {
          continue;
        }
        out.add(finding(ns, b, ports, off.get(), inherited, on.get(), shell));
      }
    }
    return out;
  }

  private static Finding finding(
      Netns ns,
      NetDevice b,
      List<String> ports,
      Evidence off,
      boolean inherited,
      Evidence on,
      Shell shell) {
    String key = "net.ipv4.conf." + b.name() + ".forwarding";
    return new Finding(
        Code.FORWARDING_OFF,
        Severity.ERROR,
        ns.name().toString(),
        ns.name()
            + " forwards ("
            + on.entry()
            + "), but not what arrives on its bridge "
            + b.name()
            + " (ports "
            + String.join(", ", ports.stream().limit(3).toList())
            + (ports.size() > 3 ? ", ..." : "")
            + "): "
            + key
            + " = 0"
            + (inherited
                ? " (not posted; a device created after boot takes"
                    + " net.ipv4.conf.default.forwarding, which is 0)"
                : "")
            + ". The kernel forwards by the flag of the device a packet arrives on, so the"
            + " packets of the containers behind "
            + b.name()
            + " to anything beyond the node are dropped without an ICMP error (a timeout).",
        List.of(off, on),
        List.of(
            new Fix(
                shell.exec(ns.name(), "sysctl -w " + key + "=1"),
                "turns forwarding on for packets that arrive on "
                    + b.name()
                    + " (ip_forward=1 set it only on the devices that existed then)"),
            new Fix(
                "on "
                    + ns.name()
                    + ": set net.ipv4.conf.default.forwarding = 1 (and "
                    + key
                    + " = 1) in /etc/sysctl.d/ instead of 0 in /etc/sysctl.conf",
                "a bridge that Docker or the CNI creates after boot takes conf.default's value,"
                    + " so it comes up forwarding after the next reboot too")));
  }

  /** {@code ip_forward} or {@code conf.all.forwarding} posted as 1, with its line. */
  private static Optional<Evidence> nodeForwards(Netns ns) {
    for (String key : List.of("net.ipv4.ip_forward", "net.ipv4.conf.all.forwarding")) {
      Optional<String> v = ns.sysctls().get(key);
      if (v.isPresent() && v.get().strip().equals("1")) {
        return posted(ns, key);
      }
    }
    return Optional.empty();
  }

  /** A key posted as 0 or 1, as evidence with its line. */
  private static Optional<Evidence> posted(Netns ns, String key) {
    Optional<String> v = ns.sysctls().get(key);
    Optional<Origin> line = ns.sysctls().origin(key);
    if (v.isEmpty() || line.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Evidence.of(ns.name(), key + " = " + v.get().strip(), line.get()));
  }
}
