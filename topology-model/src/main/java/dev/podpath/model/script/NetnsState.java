package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.netfilter.parse.RulesetBuilder;
import dev.podpath.model.route.RoutingPolicy;
import dev.podpath.model.topo.ListeningSocket;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Sockets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One network namespace while the script runs: its devices, routing tables and rules, neighbour and
 * FDB entries, sysctls, and iptables tables and ipsets. {@link #freeze} turns it into the model's
 * {@link Netns}.
 */
final class NetnsState {

  final NetnsName name;
  final RouteTables routes = new RouteTables();
  final RuleList rules = new RuleList();
  final List<NeighEntry> neighbours = new ArrayList<>();
  final List<FdbEntry> fdb = new ArrayList<>();
  final SysctlState sysctls;

  /** The iptables tables and ipsets, changed as iptables 1.8.9 (nf_tables) and ipset 7.17 would. */
  final RulesetBuilder netfilter = RulesetBuilder.strict();

  /** Servers the script started here in the background ({@code nc -lk PORT &}). */
  final List<ListeningSocket> sockets = new ArrayList<>();

  private final Map<String, DeviceState> devices = new LinkedHashMap<>();

  /** The kernel's {@code net->ifindex}: indexes are allocated cyclically from here. */
  private int nextIndex = 1;

  NetnsState(NetnsName name, Map<String, String> sysctls) {
    this.name = name;
    this.sysctls = new SysctlState(sysctls);
  }

  Optional<DeviceState> device(String dev) {
    return Optional.ofNullable(devices.get(dev));
  }

  /** The device, or iproute2's {@code Cannot find device "DEV"}. */
  DeviceState require(String dev) {
    DeviceState d = devices.get(dev);
    if (d == null) {
      throw CommandError.noDevice(dev);
    }
    return d;
  }

  boolean has(String dev) {
    return devices.containsKey(dev);
  }

  Collection<DeviceState> devices() {
    return List.copyOf(devices.values());
  }

  /**
   * A free ifindex, allocated as {@code dev_index_reserve()} does (cyclically, never reused soon).
   */
  int allocateIndex() {
    int k = nextIndex;
    while (indexTaken(k)) {
      k++;
    }
    nextIndex = k + 1;
    return k;
  }

  boolean indexTaken(int index) {
    return devices.values().stream().anyMatch(d -> d.index == index);
  }

  /** Adds a device that already has its name and index. */
  void attach(DeviceState d) {
    devices.put(d.name, d);
    d.home = this;
    sysctls.deviceAdded(d.name);
  }

  void detach(DeviceState d) {
    devices.remove(d.name);
    sysctls.deviceRemoved(d.name);
  }

  void rename(DeviceState d, String to) {
    String from = d.name;
    Map<String, DeviceState> copy = new LinkedHashMap<>();
    devices.forEach((k, v) -> copy.put(k.equals(from) ? to : k, v));
    devices.clear();
    devices.putAll(copy);
    d.name = to;
    routes.renameDevice(from, to);
    sysctls.deviceRenamed(from, to);
    neighbours.replaceAll(
        n ->
            n.dev().equals(from)
                ? new NeighEntry(n.address(), to, n.lladdr(), n.state(), n.proxy(), n.origin())
                : n);
    fdb.replaceAll(
        f ->
            new FdbEntry(
                f.mac(),
                f.dev().equals(from) ? to : f.dev(),
                f.master().map(m -> m.equals(from) ? to : m),
                f.kind(),
                f.dst(),
                f.origin()));
  }

  /** The first free name {@code prefix0}, {@code prefix1}, ... ({@code dev_alloc_name}). */
  String freeName(String prefix) {
    for (int k = 0; ; k++) {
      if (!devices.containsKey(prefix + k)) {
        return prefix + k;
      }
    }
  }

  /** Ports of {@code bridge}, in ifindex order. */
  List<DeviceState> ports(DeviceState bridge) {
    return devices.values().stream()
        .filter(d -> d.master == bridge)
        .sorted(Comparator.comparingInt(d -> d.index))
        .toList();
  }

  /** Whether any device here has {@code addr} as a local address. */
  boolean ownsAddress(Ipv4Address addr) {
    return devices.values().stream().anyMatch(d -> d.hasLocal(addr));
  }

  Netns freeze() {
    Map<String, NetDevice> devs = new LinkedHashMap<>();
    devices.values().stream()
        .sorted(Comparator.comparingInt(d -> d.index))
        .forEach(d -> devs.put(d.name, d.freeze()));
    RoutingPolicy routing = new RoutingPolicy(rules.rules(), routes.freeze());
    return new Netns(
        name,
        devs,
        routing,
        neighbours,
        fdb,
        sysctls.freeze(),
        netfilter.build(),
        new Sockets(true, sockets));
  }
}
