package dev.podpath.model.script;

import dev.podpath.model.script.Scenario.Note;
import dev.podpath.model.script.Scenario.Severity;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Origin;
import dev.podpath.model.topo.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a script has built so far: the namespaces (the script's own, {@link
 * NetnsName#ROOT}, first), the probes it asked, the notes about its lines, and the source of
 * MAC addresses.
 */
final class World {

  final String file;
  final MacSource macs;
  private final Map<NetnsName, NetnsState> namespaces = new LinkedHashMap<>();
  private final List<Note> notes = new ArrayList<>();
  private final List<ProbeSpec> probes = new ArrayList<>();
  /** For each probe, the number of configuration changes made before it. */
  private final List<Integer> probeChanges = new ArrayList<>();
  private int changes;

  World(String file, Sysctls inherited) {
    this.file = file;
    this.macs = new MacSource(file);
    NetnsState root = new NetnsState(NetnsName.ROOT, inherited.values());
    namespaces.put(NetnsName.ROOT, root);
    Links.createLoopback(this, root, Origin.KERNEL);
  }

  NetnsState root() {
    return namespaces.get(NetnsName.ROOT);
  }

  /** A namespace by name, or iproute2's complaint that it cannot be opened. */
  NetnsState netns(NetnsName name) {
    NetnsState ns = namespaces.get(name);
    if (ns == null) {
      throw new CommandError(
          "Cannot open network namespace \"" + name + "\": No such file or directory");
    }
    return ns;
  }

  /** A namespace named in a command; the script's own namespace has no name there. */
  NetnsState netns(String name) {
    if (name.equals(NetnsName.ROOT.value()) || name.isEmpty() || name.contains("/")) {
      throw new CommandError(
          "Cannot open network namespace \"" + name + "\": No such file or directory");
    }
    return netns(toName(name));
  }

  boolean hasNetns(String name) {
    return !name.equals(NetnsName.ROOT.value()) && namespaces.containsKey(toName(name));
  }

  static NetnsName toName(String name) {
    try {
      return NetnsName.of(name);
    } catch (IllegalArgumentException e) {
      throw new CommandError("Invalid netns name \"" + name + "\"");
    }
  }

  /** {@code ip netns add}: a new namespace with {@code lo} and the host's IPv4 {@code all}/{@code default}. */
  NetnsState addNetns(String name, Origin origin) {
    if (name.equals(NetnsName.ROOT.value())) {
      throw new CommandError("netns name \"root\" is reserved: podpath calls the script's own namespace so");
    }
    NetnsName n = toName(name);
    if (namespaces.containsKey(n)) {
      throw new CommandError("Cannot create namespace file \"/run/netns/" + name + "\": File exists");
    }
    NetnsState ns = new NetnsState(n, root().sysctls.devconfForNewNamespace());
    namespaces.put(n, ns);
    Links.createLoopback(this, ns, origin);
    return ns;
  }

  /** {@code ip netns del}: its devices are destroyed, and with them their veth peers elsewhere. */
  void deleteNetns(String name) {
    NetnsName n = toName(name);
    NetnsState ns = namespaces.get(n);
    if (ns == null || n.equals(NetnsName.ROOT)) {
      throw new CommandError(
          "Cannot remove namespace file \"/run/netns/" + name + "\": No such file or directory");
    }
    for (DeviceState d : ns.devices()) {
      if (d.home == ns) {
        Links.destroy(d);
      }
    }
    namespaces.remove(n);
  }

  List<NetnsState> namespaces() {
    return List.copyOf(namespaces.values());
  }

  void note(Severity severity, Origin origin, String message) {
    notes.add(new Note(severity, origin, message));
  }

  void changed() {
    changes++;
  }

  void probe(ProbeSpec p) {
    probes.add(p);
    probeChanges.add(changes);
  }

  Scenario freeze() {
    for (int k = 0; k < probes.size(); k++) {
      if (probeChanges.get(k) < changes) {
        note(Severity.NOT_MODELLED, probes.get(k).origin(),
            "the script changes the network after this probe; podpath runs every probe against the"
                + " final network");
      }
    }
    Map<NetnsName, Netns> out = new LinkedHashMap<>();
    namespaces.forEach((n, s) -> out.put(n, s.freeze()));
    return new Scenario(file, new Topology(out), probes, notes);
  }
}
