package dev.podpath.model.topo;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.netfilter.ConntrackFlow;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.route.RoutingPolicy;
import dev.podpath.model.sysctl.Sysctls;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One network namespace: its devices, routing, static neighbour and FDB entries, sysctls, and
 * netfilter rules (iptables tables and ipsets).
 *
 * @param devices devices by name, in ifindex order
 * @param neighbours neighbour entries configured or dumped (the simulation adds learned ones)
 * @param fdb FDB entries configured or dumped, of every bridge and VXLAN device in this namespace
 * @param netfilter the iptables tables and ipsets; {@link Ruleset#EMPTY} in a fresh namespace
 * @param sockets the listening sockets, when known (a scenario knows them; a dump does not)
 * @param conntrack the connections conntrack held when the namespace was dumped ({@code conntrack
 *     -L}); empty in a scenario's namespace, whose table starts empty
 */
public record Netns(
    NetnsName name,
    Map<String, NetDevice> devices,
    RoutingPolicy routing,
    List<NeighEntry> neighbours,
    List<FdbEntry> fdb,
    Sysctls sysctls,
    Ruleset netfilter,
    Sockets sockets,
    List<ConntrackFlow> conntrack) {

  public Netns {
    Objects.requireNonNull(name, "name");
    devices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(devices));
    Objects.requireNonNull(routing, "routing");
    neighbours = List.copyOf(neighbours);
    fdb = List.copyOf(fdb);
    Objects.requireNonNull(sysctls, "sysctls");
    Objects.requireNonNull(netfilter, "netfilter");
    Objects.requireNonNull(sockets, "sockets");
    conntrack = List.copyOf(conntrack);
  }

  /** A namespace whose conntrack table starts empty. */
  public Netns(
      NetnsName name,
      Map<String, NetDevice> devices,
      RoutingPolicy routing,
      List<NeighEntry> neighbours,
      List<FdbEntry> fdb,
      Sysctls sysctls,
      Ruleset netfilter,
      Sockets sockets) {
    this(name, devices, routing, neighbours, fdb, sysctls, netfilter, sockets, List.of());
  }

  /** A namespace whose listening sockets are not known (built from dumps, or by tests). */
  public Netns(
      NetnsName name,
      Map<String, NetDevice> devices,
      RoutingPolicy routing,
      List<NeighEntry> neighbours,
      List<FdbEntry> fdb,
      Sysctls sysctls,
      Ruleset netfilter) {
    this(name, devices, routing, neighbours, fdb, sysctls, netfilter, Sockets.UNKNOWN);
  }

  /** A namespace without netfilter rules. */
  public Netns(
      NetnsName name,
      Map<String, NetDevice> devices,
      RoutingPolicy routing,
      List<NeighEntry> neighbours,
      List<FdbEntry> fdb,
      Sysctls sysctls) {
    this(name, devices, routing, neighbours, fdb, sysctls, Ruleset.EMPTY, Sockets.UNKNOWN);
  }

  public Optional<NetDevice> device(String name) {
    return Optional.ofNullable(devices.get(name));
  }

  public Collection<NetDevice> deviceList() {
    return devices.values();
  }

  /** Whether {@code address} is configured on any device here (the weak host model). */
  public boolean ownsAddress(Ipv4Address address) {
    return deviceCarrying(address) != null;
  }

  // a loop, not a stream: the datapath asks this for every packet it receives
  private NetDevice deviceCarrying(Ipv4Address address) {
    for (NetDevice d : devices.values()) {
      var addresses = d.addresses();
      for (int i = 0; i < addresses.size(); i++) { // by index: no iterator per device
        if (addresses.get(i).address().equals(address)) {
          return d;
        }
      }
    }
    return null;
  }

  /** The device carrying {@code address}, if any. */
  public Optional<NetDevice> deviceWithAddress(Ipv4Address address) {
    return Optional.ofNullable(deviceCarrying(address));
  }

  /** Ports of bridge {@code bridge}, in ifindex order. */
  public List<NetDevice> portsOf(String bridge) {
    return devices.values().stream()
        .filter(d -> d.master().filter(bridge::equals).isPresent())
        .toList();
  }
}
