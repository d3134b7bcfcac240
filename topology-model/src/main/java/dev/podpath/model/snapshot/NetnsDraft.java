package dev.podpath.model.snapshot;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.build.InetAddr;
import dev.podpath.model.build.KernelRoutes;
import dev.podpath.model.build.MacSource;
import dev.podpath.model.build.NetfilterState;
import dev.podpath.model.build.NetnsBuilder;
import dev.podpath.model.dump.LinkFacts;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Sockets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One namespace being assembled from its dumps: devices merged from the link, address and ifconfig
 * dumps, devices only routes name, addresses read off connected routes when no address dump has
 * them, the local table the kernel would hold when the dump lacks it. Each such step is an {@link
 * Assumption}. Package-private, mutable.
 */
final class NetnsDraft {

  final NetnsName name;
  final String dir;
  final String node;
  final boolean isNode;
  final NetnsDump dump;
  final Map<String, DeviceDraft> devices = new LinkedHashMap<>();
  final List<Route> routes = new ArrayList<>();
  List<RoutingRule> rules;
  List<NeighEntry> neighbours;
  List<FdbEntry> fdb;
  Sysctls sysctls;
  Ruleset netfilter;
  private final List<Assumption> assumptions;

  NetnsDraft(
      NetnsName name, String node, boolean isNode, NetnsDump dump, List<Assumption> assumptions) {
    this.name = name;
    this.dir = dump.dir();
    this.node = node;
    this.isNode = isNode;
    this.dump = dump;
    this.assumptions = assumptions;
    readDevices();
    stateNotShown();
    dump.routes().ifPresent(r -> routes.addAll(r.routes()));
    rules = dump.rules().orElse(RoutingRule.defaults());
    neighbours = new ArrayList<>(dump.neighbours().orElse(List.of()));
    fdb = new ArrayList<>(dump.fdb().orElse(List.of()));
    netfilter = dump.netfilter().orElse(Ruleset.EMPTY);
    namedDevices();
    addressesFromRoutes();
    addressesFromHostRoutes();
    loopback();
    if (!dump.links().isPresent()) {
      dump.routes()
          .ifPresent(
              r ->
                  r.linkDownDevices()
                      .forEach(
                          d ->
                              device(d)
                                  .ifPresent(
                                      x -> {
                                        x.up = false;
                                        assume(
                                            "the routes through "
                                                + d
                                                + " are flagged linkdown and no link dump shows its state: "
                                                + d
                                                + " is taken as down");
                                      })));
    }
  }

  void assume(String text) {
    assumptions.add(new Assumption(dir, text));
  }

  Optional<DeviceDraft> device(String dev) {
    return Optional.ofNullable(devices.get(dev));
  }

  private void readDevices() {
    dump.links().ifPresent(l -> l.forEach(f -> devices.putIfAbsent(f.name(), new DeviceDraft(f))));
    if (dump.addrs().isPresent()) {
      for (LinkFacts f : dump.addrs().get()) {
        DeviceDraft d = devices.get(f.name());
        if (d == null) {
          devices.put(f.name(), new DeviceDraft(f));
        } else {
          d.addresses = new ArrayList<>(f.addresses());
          if (d.mac.isEmpty()) {
            d.mac = f.mac();
          }
        }
      }
    } else if (dump.ifconfig().isPresent()) {
      for (LinkFacts f : dump.ifconfig().get()) {
        DeviceDraft d = devices.get(f.name());
        if (d == null) {
          devices.put(f.name(), new DeviceDraft(f));
        } else {
          d.addresses = new ArrayList<>(f.addresses());
        }
      }
    }
  }

  /**
   * {@code ip -o addr} lists addresses without the devices' flags: such a device is taken as up (it
   * has an address, and a route dump's {@code linkdown} still says otherwise below), said once.
   */
  private void stateNotShown() {
    List<String> unknown =
        devices.values().stream().filter(d -> d.stateUnknown).map(d -> d.name).toList();
    if (!unknown.isEmpty()) {
      assume(
          "the state of "
              + String.join(", ", unknown)
              + " is not in the dumps (`ip -o addr` lists addresses"
              + " without the devices' flags): taken as up (collect `ip -d link show` to have it)");
    }
  }

  /** Devices that only routes, neighbours or FDB entries name. */
  private void namedDevices() {
    for (Route r : routes) {
      for (NextHop h : r.nextHops()) {
        named(h.dev(), r.origin(), "a route");
      }
    }
    for (NeighEntry n : neighbours) {
      named(n.dev(), n.origin(), "a neighbour entry");
    }
    for (FdbEntry e : fdb) {
      named(e.dev(), e.origin(), "an FDB entry");
      e.master().ifPresent(m -> named(m, e.origin(), "an FDB entry"));
    }
  }

  private void named(String dev, Origin origin, String what) {
    if (devices.containsKey(dev)) {
      return;
    }
    devices.put(dev, new DeviceDraft(dev, origin));
    if (dump.hasDeviceDump()) {
      assume(
          dev
              + " is not in the device dumps but "
              + what
              + " uses it ("
              + origin.location()
              + "): it is kept as a device of unknown kind, up");
    }
  }

  /** Whether an address dump covers {@code dev}. */
  private boolean addressesDumped(DeviceDraft d) {
    return dump.addrs().isPresent()
        || (dump.ifconfig().isPresent() && d.listed && !d.addresses.isEmpty());
  }

  /**
   * A connected route ({@code 10.10.1.0/24 dev eth0 scope link src 10.10.1.6}) names the address of
   * its device: the only way to know it when no address was dumped.
   */
  private void addressesFromRoutes() {
    for (Route r : routes) {
      if (r.table() != TableIds.MAIN
          || r.type() != RouteType.UNICAST
          || r.scope() != RouteScope.LINK
          || r.src().isEmpty()
          || r.nextHops().size() != 1
          || r.nextHops().get(0).via().isPresent()
          || !r.destination().contains(r.src().get())) {
        continue;
      }
      DeviceDraft d = devices.get(r.nextHops().get(0).dev());
      if (d == null
          || addressesDumped(d)
          || d.addresses.stream().anyMatch(a -> a.address().equals(r.src().get()))) {
        continue;
      }
      d.addresses.add(
          new IfAddress(
              r.src().get(),
              r.destination().length(),
              Optional.empty(),
              Optional.of(r.destination().broadcast()).filter(b -> r.destination().length() < 31),
              RouteScope.GLOBAL,
              r.origin()));
      assume(
          d.name
              + " has "
              + r.src().get()
              + "/"
              + r.destination().length()
              + ": no address dump shows it, the"
              + " connected route "
              + r.origin().location()
              + " does (`"
              + r.origin().text().strip()
              + "`)");
    }
  }

  /** The {@code src} of a {@code /32} route ({@link RouteSourceAddresses}). */
  private void addressesFromHostRoutes() {
    Set<Ipv4Address> known = new HashSet<>();
    Set<String> undumped = new HashSet<>();
    for (DeviceDraft d : devices.values()) {
      d.addresses.forEach(a -> known.add(a.address()));
      if (!addressesDumped(d)) {
        undumped.add(d.name);
      }
    }
    for (RouteSourceAddresses.Found f : RouteSourceAddresses.of(routes, known, undumped)) {
      devices.get(f.device()).addresses.add(f.address());
      assume(f.assumption());
    }
  }

  private void loopback() {
    DeviceDraft lo = devices.get("lo");
    if (lo == null) {
      lo = new DeviceDraft("lo", new Origin(dir, 0, ""));
      lo.linkType = "loopback";
      lo.mtu = 65536;
      lo.index = 1;
      Map<String, DeviceDraft> reordered = new LinkedHashMap<>();
      reordered.put("lo", lo);
      reordered.putAll(devices);
      devices.clear();
      devices.putAll(reordered);
      assume("lo is up with 127.0.0.1/8 (not dumped; hosts and container runtimes bring it up)");
    }
    if (lo.addresses.isEmpty() && !dump.addrs().isPresent()) {
      lo.addresses.add(
          new IfAddress(
              Ipv4Address.of(127, 0, 0, 1),
              8,
              Optional.empty(),
              Optional.empty(),
              RouteScope.HOST,
              lo.origin));
    }
  }

  private Sysctls defaultSysctls() {
    if (isNode) {
      assume(
          "net.ipv4.ip_forward=1 (sysctl -a was not dumped; a Kubernetes node must forward; the kernel"
              + " defaults are taken for the other keys)");
      return new Sysctls(
          Map.of(
              "net.ipv4.ip_forward",
              "1",
              "net.ipv4.conf.all.forwarding",
              "1",
              "net.ipv4.conf.default.forwarding",
              "1"));
    }
    return Sysctls.kernelDefaults();
  }

  /** ifindexes where the dump shows none, MACs where it shows none. */
  void completeDevices(String macSeed) {
    int next = devices.values().stream().mapToInt(d -> d.index).max().orElse(0) + 1;
    List<String> madeUp = new ArrayList<>();
    for (DeviceDraft d : devices.values()) {
      if (d.index <= 0) {
        d.index = d.isLoopback() ? 1 : next++;
      }
      if (d.mac.isEmpty() && !d.linkType.isEmpty() && !d.linkType.equals("ether")) {
        // link/none (a TUN device), link/ipip (an IPIP tunnel, whose "address" is its outer IPv4
        // local): no Ethernet address, as the kernel's L3 devices have none
        d.mac = Optional.of(MacAddress.ZERO);
      } else if (d.mac.isEmpty() && !d.isLoopback()) {
        d.mac = Optional.of(MacSource.of(macSeed, name.value(), d.name));
        madeUp.add(d.name);
      }
    }
    if (!madeUp.isEmpty()) {
      assume(
          "MAC addresses of "
              + String.join(", ", madeUp)
              + " were not dumped: made-up locally administered"
              + " ones (02:...) stand in for them");
    }
  }

  /** The kernel's local-table routes for every address, when the route dump has no table local. */
  private void localRoutes() {
    boolean hasLocal = routes.stream().anyMatch(r -> r.table() == TableIds.LOCAL);
    boolean hasRoutes = dump.routes().isPresent();
    if (hasLocal) {
      return;
    }
    List<Route> made = new ArrayList<>();
    for (DeviceDraft d : devices.values()) {
      List<InetAddr> addrs = InetAddr.inOrder(d.addresses);
      for (InetAddr a : addrs) {
        for (Route r : KernelRoutes.of(d.name, d.isLoopback(), d.up, addrs, a, a.ifa().origin())) {
          // with a route dump (but no table local), only the local table is the kernel's to add
          if ((!hasRoutes || r.table() == TableIds.LOCAL) && !made.contains(r)) {
            made.add(r);
          }
        }
      }
    }
    routes.addAll(made);
    if (!made.isEmpty()) {
      List<String> connected =
          made.stream()
              .filter(r -> r.table() == TableIds.MAIN)
              .map(
                  r ->
                      r.destination().toRouteString()
                          + " dev "
                          + r.nextHops().get(0).dev()
                          + " ("
                          + r.src().map(Ipv4Address::toString).orElse("")
                          + "/"
                          + r.destination().length()
                          + ", "
                          + r.origin().location()
                          + ")")
              .toList();
      assume(
          hasRoutes
              ? "the route dump has no table local: the kernel's local and broadcast routes of each address are made"
                  + " (collect `ip -j route show table all` to have them)"
              : "no routes were dumped: only the kernel's routes of each address are made (local, broadcast,"
                  + " connected)"
                  + (connected.isEmpty()
                      ? ""
                      : ": the connected routes "
                          + String.join(", ", connected.subList(0, Math.min(6, connected.size())))
                          + (connected.size() > 6 ? " and " + (connected.size() - 6) + " more" : "")
                          + "; no route to anywhere else (no default route) is known"));
    }
  }

  /**
   * The namespace as the dumps show it, replayed into the model's one builder: facts set as the
   * kernel reported them (and the assumptions above where a dump lacks them), nothing re-derived.
   */
  NetnsBuilder build() {
    // after assembly: the kinds (a bridge makes bridge-nf-call-iptables matter) are known by now
    sysctls =
        dump.sysctls()
            .map(
                s ->
                    SysctlGaps.complete(
                        s,
                        isNode,
                        devices.values().stream().anyMatch(DeviceDraft::isBridge),
                        dir + "/sysctl.txt",
                        this::assume))
            .orElseGet(this::defaultSysctls);
    localRoutes();
    NetnsBuilder b = NetnsBuilder.reported(name);
    devices.values().stream()
        .sorted(java.util.Comparator.comparingInt(d -> d.index))
        .forEach(d -> b.replayDevice(d.toNetDevice(dump.tunPrograms(), dump.fdb().isPresent())));
    b.replayRoutes(routes);
    b.replayRules(rules);
    b.replayNeighbours(neighbours);
    b.replayFdb(fdb);
    b.replaySysctls(sysctls);
    b.netfilter(NetfilterState.fixed(netfilter));
    b.replaySockets(dump.sockets().orElse(Sockets.UNKNOWN));
    b.replayConntrack(dump.conntrack().orElse(List.of()));
    return b;
  }

  static dev.podpath.model.topo.DeviceRef ref(NetnsDraft ns, DeviceDraft d) {
    return new dev.podpath.model.topo.DeviceRef(ns.name, d.name);
  }

  /** Addresses of this namespace. */
  List<Ipv4Address> addresses() {
    return devices.values().stream()
        .flatMap(d -> d.addresses.stream())
        .map(IfAddress::address)
        .toList();
  }

  boolean owns(Ipv4Address a) {
    return addresses().contains(a);
  }
}
