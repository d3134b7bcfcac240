package dev.podpath.model.script;

import dev.podpath.model.build.MacSource;
import dev.podpath.model.build.NetDevices;
import dev.podpath.model.build.NetnsBuilder;
import dev.podpath.model.build.SysctlState;
import dev.podpath.model.build.TopologyBuilder;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.script.Scenario.Note;
import dev.podpath.model.script.Scenario.Severity;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a script has built so far: the namespaces (the script's own, {@link NetnsName#ROOT},
 * first), the probes it asked, the notes about its lines, and the source of MAC addresses.
 */
final class World {

  final String file;
  final MacSource macs;
  private final TopologyBuilder network;
  private final List<Note> notes = new ArrayList<>();
  private final List<ProbeSpec> probes = new ArrayList<>();

  /** For each probe, the number of configuration changes made before it. */
  private final List<Integer> probeChanges = new ArrayList<>();

  /** For each probe, the network as it stood when the probe ran. */
  private final List<Topology> probeTopologies = new ArrayList<>();

  private Topology lastFrozen;
  private int frozenAt = -1;
  private int changes;

  /** The commands the kernel side of verify runs, recorded as they run here. */
  final KernelSteps kernelSteps = new KernelSteps();

  World(String file, Sysctls inherited, boolean rootLoUp) {
    this.file = file;
    this.macs = new MacSource(file);
    this.network = new TopologyBuilder();
    NetnsBuilder root = new NetnsBuilder(NetnsName.ROOT, inherited.values());
    network.add(root);
    NetDevices.createLoopback(root, Origin.KERNEL);
    if (rootLoUp) {
      NetDevices.setUp(root, root.device("lo").orElseThrow(), true, Origin.KERNEL);
    }
  }

  /**
   * A world that continues from {@code base} (a snapshot's network, or a script's as it ended):
   * every fact as it stands there, changed further by the lines of {@code file}, whose origins name
   * them. A network without a namespace of its own (a snapshot's) runs no line outside a named
   * namespace ({@link Exec#ns}).
   */
  World(String file, Topology base) {
    this.file = file;
    this.macs = new MacSource(file);
    this.network = TopologyBuilder.of(base);
    this.ipipLoaded = network.namespaces().stream().anyMatch(ns -> ns.device("tunl0").isPresent());
  }

  /** The script's own namespace; null when the network has none (a snapshot's). */
  NetnsBuilder root() {
    return network.netns(NetnsName.ROOT).orElse(null);
  }

  /** A namespace by name, or iproute2's complaint that it cannot be opened. */
  NetnsBuilder netns(NetnsName name) {
    NetnsBuilder ns = network.netns(name).orElse(null);
    if (ns == null) {
      throw new CommandError(
          "Cannot open network namespace \"" + name + "\": No such file or directory");
    }
    return ns;
  }

  /** A namespace named in a command; the script's own namespace has no name there. */
  NetnsBuilder netns(String name) {
    if (name.equals(NetnsName.ROOT.value()) || name.isEmpty() || name.contains("/")) {
      throw new CommandError(
          "Cannot open network namespace \"" + name + "\": No such file or directory");
    }
    return netns(toName(name));
  }

  boolean hasNetns(String name) {
    return !name.equals(NetnsName.ROOT.value()) && network.has(toName(name));
  }

  static NetnsName toName(String name) {
    try {
      return NetnsName.of(name);
    } catch (IllegalArgumentException e) {
      throw new CommandError("Invalid netns name \"" + name + "\"");
    }
  }

  /**
   * {@code ip netns add}: a new namespace with {@code lo} and the host's IPv4 {@code all}/{@code
   * default}.
   */
  NetnsBuilder addNetns(String name, Origin origin) {
    if (name.equals(NetnsName.ROOT.value())) {
      throw new CommandError(
          "netns name \"root\" is reserved: podpath calls the script's own namespace so");
    }
    NetnsName n = toName(name);
    if (network.has(n)) {
      throw new CommandError(
          "Cannot create namespace file \"/run/netns/" + name + "\": File exists");
    }
    NetnsBuilder ns =
        new NetnsBuilder(
            n,
            root() != null
                ? root().sysctls().devconfForNewNamespace()
                : new SysctlState(Sysctls.kernelDefaults().values()).devconfForNewNamespace());
    network.add(ns);
    NetDevices.createLoopback(ns, origin);
    if (ipipLoaded) {
      IpTunnel.createFallback(this, ns, origin);
    }
    // verify's sandbox runs without IPv6, so that DAD and MLD frames teach no bridge a MAC early
    kernelSteps.setup(
        n,
        List.of(
            "sysctl",
            "-qw",
            "net.ipv6.conf.all.disable_ipv6=1",
            "net.ipv6.conf.default.disable_ipv6=1"));
    return ns;
  }

  /**
   * Whether the ipip module is loaded ({@code modprobe ipip}, or implicitly by the first ipip
   * device): every namespace, present and future, then has the fallback device {@code tunl0}.
   */
  boolean ipipLoaded;

  /** Loads the ipip module: {@code tunl0} appears, down, in every namespace that lacks it. */
  void loadIpip(Origin origin) {
    if (ipipLoaded) {
      return;
    }
    ipipLoaded = true;
    for (NetnsBuilder ns : network.namespaces()) {
      if (!ns.has("tunl0")) {
        IpTunnel.createFallback(this, ns, origin);
      }
    }
  }

  /** {@code ip netns del}: its devices are destroyed, and with them their veth peers elsewhere. */
  void deleteNetns(String name) {
    NetnsName n = toName(name);
    NetnsBuilder ns = network.netns(n).orElse(null);
    if (ns == null || n.equals(NetnsName.ROOT)) {
      throw new CommandError(
          "Cannot remove namespace file \"/run/netns/" + name + "\": No such file or directory");
    }
    NetDevices.destroyAll(ns);
    network.remove(n);
  }

  void note(Severity severity, Origin origin, String message) {
    notes.add(new Note(severity, origin, message));
  }

  void changed() {
    changes++;
  }

  void probe(ProbeSpec p) {
    probes.add(p);
    kernelSteps.probe(probes.size());
    probeChanges.add(changes);
    if (changes != frozenAt || lastFrozen == null) {
      lastFrozen = topology();
      frozenAt = changes;
    }
    probeTopologies.add(lastFrozen);
  }

  /** The network as it stands now. */
  private Topology topology() {
    return network.build();
  }

  Scenario freeze() {
    Topology last = changes == frozenAt && lastFrozen != null ? lastFrozen : topology();
    return new Scenario(file, last, probes, probeTopologies, notes, kernelSteps.steps());
  }
}
