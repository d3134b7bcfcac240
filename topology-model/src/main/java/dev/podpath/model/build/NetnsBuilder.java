package dev.podpath.model.build;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.netfilter.ConntrackFlow;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RoutingPolicy;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.ListeningSocket;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Sockets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One network namespace being built: its devices, routing tables and rules, neighbour and FDB
 * entries, sysctls, iptables tables and ipsets, and listening sockets. {@link #freeze} turns it
 * into the model's {@link Netns}.
 *
 * <p>Two ways fill it. The interpreter's commands change it through the kernel's rules (the routes
 * {@link FibFrontend} makes and flushes, {@link RouteTables}' and {@link RuleList}'s checks, {@link
 * SysctlState}'s propagation). A snapshot replays what the dumps show ({@link #reported}, the
 * {@code replay...} methods): every fact is set as the kernel reported it, nothing the dump already
 * shows is derived again. Once replayed, a namespace takes commands like any other (a changes file
 * applied on top of a snapshot).
 */
public final class NetnsBuilder {

  private final NetnsName name;
  private final RouteTables routes;
  private final RuleList rules = new RuleList();
  private final List<NeighEntry> neighbours = new ArrayList<>();
  private final List<FdbEntry> fdb = new ArrayList<>();
  private final SysctlState sysctls;

  /** The iptables tables and ipsets, changed as iptables 1.8.9 (nf_tables) and ipset 7.17 would. */
  private NetfilterState netfilter = NetfilterState.fixed(Ruleset.EMPTY);

  /** Servers the script started here in the background ({@code nc -lk PORT &}), or dumped. */
  private final List<ListeningSocket> sockets = new ArrayList<>();

  /**
   * The protocols whose {@link #sockets} are all there are (a dump may not show them, or only one
   * protocol's).
   */
  private Set<Integer> socketProtocols = Set.of(ListeningSocket.TCP, ListeningSocket.UDP);

  /** The connections conntrack held when the namespace was dumped; none in a script's. */
  private List<ConntrackFlow> conntrack = List.of();

  private final Map<String, DeviceBuilder> devices = new LinkedHashMap<>();

  /** The kernel's {@code net->ifindex}: indexes are allocated cyclically from here. */
  private int nextIndex = 1;

  public NetnsName name() {
    return name;
  }

  /** The routing tables, with {@code fib_table_insert}'s refusals. */
  public RouteTables routes() {
    return routes;
  }

  /** The routing rules, with {@code fib_rules}' refusals. */
  public RuleList rules() {
    return rules;
  }

  /** The sysctls, with the kernel's propagation of {@code all} and {@code default}. */
  public SysctlState sysctls() {
    return sysctls;
  }

  /** The neighbour entries, read-only; {@link NeighTable} changes them. */
  public List<NeighEntry> neighbours() {
    return Collections.unmodifiableList(neighbours);
  }

  List<NeighEntry> neighbourList() {
    return neighbours;
  }

  /** The FDB entries, read-only; {@link FdbTable} changes them. */
  public List<FdbEntry> fdb() {
    return Collections.unmodifiableList(fdb);
  }

  List<FdbEntry> fdbList() {
    return fdb;
  }

  /** The listening sockets, read-only; {@link #listen} adds one. */
  public List<ListeningSocket> sockets() {
    return Collections.unmodifiableList(sockets);
  }

  /**
   * A program starts listening ({@code bind} and {@code listen}): refused with {@code EADDRINUSE}
   * when a socket of the same protocol already holds the port on an overlapping address ({@code
   * inet_csk_get_port} without {@code SO_REUSEADDR}), and with {@code EADDRNOTAVAIL} for an address
   * no device here has ({@code inet_bind}).
   */
  public void listen(ListeningSocket socket) {
    if (socket.address().isPresent() && !ownsAddress(socket.address().get())) {
      throw KernelError.of(Errno.EADDRNOTAVAIL);
    }
    boolean taken =
        sockets.stream()
            .anyMatch(
                s ->
                    s.protocol() == socket.protocol()
                        && s.port() == socket.port()
                        && (s.address().isEmpty()
                            || socket.address().isEmpty()
                            || s.address().equals(socket.address())));
    if (taken) {
      throw KernelError.of(Errno.EADDRINUSE);
    }
    sockets.add(socket);
  }

  /** A new namespace, as the kernel makes it, with these sysctls. */
  public NetnsBuilder(NetnsName name, Map<String, String> sysctls) {
    this(name, sysctls, true);
  }

  private NetnsBuilder(NetnsName name, Map<String, String> sysctls, boolean kernelTables) {
    this.name = name;
    this.sysctls = new SysctlState(sysctls);
    this.routes = new RouteTables(kernelTables);
  }

  /**
   * A namespace to be filled from dumps: no device, no route, the default rules; its routing tables
   * are the ones the dumps show (a table no route names is absent, not empty).
   */
  public static NetnsBuilder reported(NetnsName name) {
    return new NetnsBuilder(name, Map.of(), false);
  }

  /**
   * A namespace of the model, to be changed further: every fact as it stands in {@code netns} (see
   * {@link TopologyBuilder#of}).
   */
  public static NetnsBuilder of(Netns netns) {
    NetnsBuilder b = reported(netns.name());
    netns.deviceList().forEach(b::replayDevice);
    netns
        .routing()
        .tables()
        .values()
        .forEach(
            t -> {
              b.routes.declare(t.id());
              b.replayRoutes(t.routes());
            });
    b.replayRules(netns.routing().rules());
    b.replayNeighbours(netns.neighbours());
    b.fdb.addAll(netns.fdb());
    b.replaySysctls(netns.sysctls());
    b.netfilter(NetfilterState.fixed(netns.netfilter()));
    b.socketProtocols = netns.sockets().protocols();
    b.conntrack = netns.conntrack();
    b.sockets.addAll(netns.sockets().listening());
    return b;
  }

  /** A device as a dump shows it ({@link DeviceBuilder#reported}). */
  public DeviceBuilder replayDevice(NetDevice device) {
    DeviceBuilder d = DeviceBuilder.reported(device);
    devices.put(d.name(), d);
    d.home(this);
    nextIndex = Math.max(nextIndex, d.index() + 1);
    return d;
  }

  /** Neighbour entries as a dump shows them, in its order. */
  public void replayNeighbours(List<NeighEntry> dumped) {
    neighbours.addAll(dumped);
  }

  /** Routes as a dump shows them, in its order: none refused, none made or flushed. */
  public void replayRoutes(Collection<Route> dumped) {
    dumped.forEach(routes::replay);
  }

  /** The rules as a dump shows them, in its order. */
  public void replayRules(List<RoutingRule> dumped) {
    rules.replay(dumped);
  }

  /**
   * FDB entries as a dump shows them, less those the kernel makes from its devices ({@link
   * KernelFdb}), which the model derives instead of holding. Call after the devices are replayed.
   */
  public void replayFdb(List<FdbEntry> dumped) {
    Map<String, MacAddress> macs = new LinkedHashMap<>();
    Set<String> vxlans = new HashSet<>();
    devices
        .values()
        .forEach(
            d -> {
              macs.put(d.name(), d.mac());
              if (d.kind() == LinkKind.Type.VXLAN) {
                vxlans.add(d.name());
              }
            });
    dumped.stream().filter(e -> !KernelFdb.madeByKernel(e, macs, vxlans)).forEach(fdb::add);
  }

  /** The sysctls as a dump shows them (kept as they are until one is written). */
  public void replaySysctls(Sysctls dumped) {
    sysctls.replay(dumped, devices.keySet());
  }

  /**
   * The listening sockets as a dump shows them, less the UDP sockets of up VXLAN devices ({@link
   * KernelSockets}), which the devices stand for. Call after the devices are replayed.
   */
  public void replaySockets(Sockets dumped) {
    List<NetDevice> devs = devices.values().stream().map(DeviceBuilder::freeze).toList();
    socketProtocols = dumped.protocols();
    dumped.listening().stream()
        .filter(x -> !KernelSockets.madeByKernel(x, devs))
        .forEach(sockets::add);
  }

  /** The connections conntrack held, as a dump ({@code conntrack -L}) shows them. */
  public void replayConntrack(List<ConntrackFlow> dumped) {
    conntrack = List.copyOf(dumped);
  }

  /** The iptables tables and ipsets as they stand. */
  public NetfilterState netfilter() {
    return netfilter;
  }

  /** Replaces how the ruleset is held (the interpreter's, once a command changes it). */
  public void netfilter(NetfilterState state) {
    this.netfilter = java.util.Objects.requireNonNull(state, "state");
  }

  public Optional<DeviceBuilder> device(String dev) {
    return Optional.ofNullable(devices.get(dev));
  }

  public boolean has(String dev) {
    return devices.containsKey(dev);
  }

  public Collection<DeviceBuilder> devices() {
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
    return devices.values().stream().anyMatch(d -> d.index() == index);
  }

  /** Adds a device that already has its name and index. */
  void attach(DeviceBuilder d) {
    devices.put(d.name(), d);
    d.home(this);
    sysctls.deviceAdded(d.name());
  }

  void detach(DeviceBuilder d) {
    devices.remove(d.name());
    sysctls.deviceRemoved(d.name());
  }

  void rename(DeviceBuilder d, String to) {
    String from = d.name();
    Map<String, DeviceBuilder> copy = new LinkedHashMap<>();
    devices.forEach((k, v) -> copy.put(k.equals(from) ? to : k, v));
    devices.clear();
    devices.putAll(copy);
    d.name(to);
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
  public String freeName(String prefix) {
    for (int k = 0; ; k++) {
      if (!devices.containsKey(prefix + k)) {
        return prefix + k;
      }
    }
  }

  /** Ports of {@code bridge}, in ifindex order. */
  public List<DeviceBuilder> ports(DeviceBuilder bridge) {
    return devices.values().stream()
        .filter(d -> d.isPortOf(bridge))
        .sorted(Comparator.comparingInt(DeviceBuilder::index))
        .toList();
  }

  /** Whether any device here has {@code addr} as a local address. */
  public boolean ownsAddress(Ipv4Address addr) {
    return devices.values().stream().anyMatch(d -> d.hasLocal(addr));
  }

  public Netns freeze() {
    Map<String, NetDevice> devs = new LinkedHashMap<>();
    devices.values().stream()
        .sorted(Comparator.comparingInt(DeviceBuilder::index))
        .forEach(d -> devs.put(d.name(), d.freeze()));
    RoutingPolicy routing = new RoutingPolicy(rules.rules(), routes.freeze());
    return new Netns(
        name,
        devs,
        routing,
        neighbours,
        fdb,
        sysctls.freeze(),
        netfilter.build(),
        new Sockets(socketProtocols, sockets),
        conntrack);
  }
}
