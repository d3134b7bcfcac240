package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.BridgePort;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The matrix's fast path: proves, on the immutable model and without the event queue, that a ping
 * from a namespace to an address is answered, by walking the request and the echo reply through the
 * same routing decisions the datapath makes ({@link FibLookup}, {@link RouteInput#decide}, {@link
 * SourceAddress}) and through L2 segments of veths and bridges whose ARP answer is certain. It
 * proves only success, and only in a plain world: a namespace without netfilter, neighbour entries
 * or policy rules, with the kernel's local routes, no proxy ARP, {@code arp_ignore}, {@code
 * arp_announce}, {@code accept_local} or {@code route_localnet}; segments whose devices are all up,
 * veths and bridges only (no STP, no FDB entries configured, default port flags, distinct MACs);
 * one next hop per route; one station answering ARP. Anything else, every failure included, is
 * {@code false}: "not proved", and the caller traces that pair in full.
 *
 * <p>The segments (the L2 equivalence classes: every device of a segment reaches the same stations)
 * and each namespace's plainness are computed once and shared by every pair; a pair then costs a
 * few route lookups per hop. Thread-safe: the model is immutable and the caches concurrent.
 *
 * <pre>{@code
 * EchoProof proof = new EchoProof(topology);
 * proof.reachable(NetnsName.of("ns1"), Optional.empty(), Ipv4Address.parse("10.1.2.2"), 64, 84);
 * }</pre>
 */
public final class EchoProof {

  /** The forwarding hops walked before giving up (a loop is the full trace's to explain). */
  private static final int MAX_HOPS = 64;

  private final Topology topology;
  private final Map<NetnsName, Boolean> plain = new ConcurrentHashMap<>();
  private final Map<DeviceRef, Segment> segments = new ConcurrentHashMap<>();

  public EchoProof(Topology topology) {
    this.topology = Objects.requireNonNull(topology, "topology");
  }

  /**
   * Whether a ping of {@code totalLength} bytes with TTL {@code ttl} from {@code from} (from {@code
   * src} when given) to {@code dst} is certainly answered, as the full simulation would find; false
   * when this cannot be proved here.
   */
  public boolean reachable(
      NetnsName from, Optional<Ipv4Address> src, Ipv4Address dst, int ttl, int totalLength) {
    Optional<Netns> found = topology.netns(from);
    if (found.isEmpty() || !plain(found.get()) || !ordinary(dst)) {
      return false;
    }
    Netns ns = found.get();
    if (src.isPresent() && (!ns.ownsAddress(src.get()) || !ordinary(src.get()))) {
      return false;
    }
    FibResult res = FibLookup.lookup(ns, FibLookup.Key.output(dst, src.orElse(Ipv4Address.ANY), 0));
    Optional<NextHop> hop = unicastHop(res);
    if (hop.isEmpty()) {
      return false;
    }
    Ipv4Address s = src.orElseGet(() -> ((FibResult.Found) res).source(ns, dst));
    if (s.isAny() || !ordinary(s) || !ns.ownsAddress(s)) {
      return false;
    }
    Optional<Netns> answering = deliver(ns, hop.get(), s, dst, ttl, totalLength);
    if (answering.isEmpty()) {
      return false;
    }
    Netns m = answering.get();
    FibResult back = FibLookup.lookup(m, FibLookup.Key.output(s, dst, 0));
    Optional<NextHop> backHop = unicastHop(back);
    if (backHop.isEmpty()) {
      return false;
    }
    Optional<Netns> home = deliver(m, backHop.get(), dst, s, m.sysctls().defaultTtl(), totalLength);
    return home.isPresent() && home.get().name().equals(from);
  }

  /**
   * Sends a packet {@code src -> dst} out of {@code ns} by {@code hop} and follows it until a
   * namespace takes it as local; empty when any step is not certain.
   */
  private Optional<Netns> deliver(
      Netns ns, NextHop hop, Ipv4Address src, Ipv4Address dst, int ttl, int totalLength) {
    Netns at = ns;
    NextHop out = hop;
    int left = ttl;
    for (int hops = 0; hops < MAX_HOPS; hops++) {
      Arrival arrived = transmit(at, out, src, dst, totalLength);
      if (arrived == null) {
        return Optional.empty();
      }
      DeviceRef in = arrived.station();
      Netns next = topology.require(in.netns());
      // ARP for the destination itself, from the packet's source, asked the very same question
      InputDecision d =
          arrived.target().equals(dst) && arrived.sender().equals(src)
              ? arrived.arpDecision()
              : RouteInput.decide(next, dst, src, in.name(), 0);
      if (d instanceof InputDecision.Local l) {
        return l.found().route().type() == RouteType.LOCAL && next.ownsAddress(dst)
            ? Optional.of(next)
            : Optional.empty();
      }
      if (!(d instanceof InputDecision.Forward f)
          || f.found().multipath()
          || f.found().route().nextHops().size() != 1
          || f.hop().dev().equals(in.name())
          || left <= 1) {
        return Optional.empty();
      }
      left--;
      at = next;
      out = f.hop();
    }
    return Optional.empty();
  }

  /**
   * Where a transmitted packet arrives: the station that answered ARP for {@code target}, asked by
   * {@code sender}, and the station namespace's input decision on that request.
   */
  private record Arrival(
      DeviceRef station, Ipv4Address target, Ipv4Address sender, InputDecision arpDecision) {}

  /**
   * Transmits on {@code hop}'s device towards its next hop: the device of the one station that
   * answers ARP for it, or null when that is not certain.
   */
  private Arrival transmit(
      Netns ns, NextHop hop, Ipv4Address src, Ipv4Address dst, int totalLength) {
    Optional<NetDevice> dev = ns.device(hop.dev());
    if (dev.isEmpty() || dev.get().master().isPresent()) {
      return null;
    }
    DeviceRef start = new DeviceRef(ns.name(), hop.dev());
    Segment seg = segments.get(start);
    if (seg == null) {
      seg = segment(start);
      segments.putIfAbsent(start, seg);
    }
    Ipv4Address target = hop.via().orElse(dst);
    if (!seg.clean() || seg.minMtu() < totalLength || seg.broadcasts().contains(target)) {
      return null;
    }
    List<DeviceRef> owners = seg.owners().getOrDefault(target, List.of());
    if (owners.size() != 1 || owners.get(0).equals(start)) {
      return null;
    }
    DeviceRef station = owners.get(0);
    Netns m = topology.require(station.netns());
    // arp_solicit's sender address with arp_announce 0, and arp_process's decision on it
    Ipv4Address sender =
        ns.ownsAddress(src)
            ? src
            : SourceAddress.select(ns, hop.dev(), target, RouteScope.LINK).orElse(Ipv4Address.ANY);
    if (sender.isAny() || !plain(m)) {
      return null;
    }
    InputDecision arp = RouteInput.decide(m, target, sender, station.name(), 0);
    return arp instanceof InputDecision.Local ? new Arrival(station, target, sender, arp) : null;
  }

  private static Optional<NextHop> unicastHop(FibResult res) {
    if (!(res instanceof FibResult.Found f)
        || f.route().type() != RouteType.UNICAST
        || f.multipath()
        || f.route().nextHops().size() != 1
        || f.hop().isEmpty()) {
      return Optional.empty();
    }
    return f.hop();
  }

  /** An address the datapath treats as an ordinary unicast one (no martian check applies). */
  private static boolean ordinary(Ipv4Address a) {
    return !a.isAny() && !a.isLoopback() && !a.isMulticast() && !a.isLimitedBroadcast();
  }

  private boolean plain(Netns ns) {
    return plain.computeIfAbsent(ns.name(), k -> isPlain(ns));
  }

  /** The conditions under which the walk above is the datapath's whole story for a ping. */
  private static boolean isPlain(Netns ns) {
    if (!ns.netfilter().isEmpty()
        || !ns.conntrack().isEmpty()
        || !ns.neighbours().isEmpty()
        || RouteInput.hasCustomRulesOrLocalRoutes(ns)) {
      return false;
    }
    Sysctls s = ns.sysctls();
    if (s.intValue("net.ipv4.icmp_echo_ignore_all", 0) != 0) {
      return false;
    }
    List<String> devs = new ArrayList<>();
    devs.add("all");
    ns.deviceList().forEach(d -> devs.add(d.name()));
    for (String d : devs) {
      if (s.proxyArp(d)
          || s.arpIgnore(d) != 0
          || s.arpAnnounce(d) != 0
          || s.acceptLocal(d)
          || s.routeLocalnet(d)) {
        return false;
      }
    }
    for (Route r : ns.routing().table(TableIds.LOCAL).routes()) {
      if (r.type() != RouteType.LOCAL && r.type() != RouteType.BROADCAST) {
        return false;
      }
    }
    return true;
  }

  /**
   * An L2 segment: the stations an ARP request from any of its devices reaches, by the addresses
   * their namespaces answer for, and the addresses some station's namespace has a broadcast route
   * to. Clean when every device is up and plain, and the bridges forward as configured by default.
   */
  private record Segment(
      boolean clean,
      int minMtu,
      Map<Ipv4Address, List<DeviceRef>> owners,
      Set<Ipv4Address> broadcasts) {}

  private static final Segment DIRTY = new Segment(false, 0, Map.of(), Set.of());

  /** Builds the segment of {@code start} (each device's segment is built once per device). */
  private Segment segment(DeviceRef start) {
    Set<DeviceRef> seen = new HashSet<>();
    ArrayDeque<DeviceRef> todo = new ArrayDeque<>();
    List<DeviceRef> stations = new ArrayList<>();
    List<MacAddress> portMacs = new ArrayList<>();
    int minMtu = Integer.MAX_VALUE;
    todo.add(start);
    seen.add(start);
    while (!todo.isEmpty()) {
      DeviceRef ref = todo.poll();
      Optional<NetDevice> found = topology.device(ref);
      if (found.isEmpty()) {
        return DIRTY;
      }
      NetDevice d = found.get();
      Netns ns = topology.require(ref.netns());
      if (!d.up() || !plain(ns)) {
        return DIRTY;
      }
      minMtu = Math.min(minMtu, d.mtu());
      List<DeviceRef> next = new ArrayList<>();
      if (d.kind() instanceof LinkKind.Veth v) {
        next.add(v.peer());
      } else if (d.kind() instanceof LinkKind.Bridge b) {
        if (b.stp() || !ns.fdb().isEmpty()) {
          return DIRTY;
        }
        ns.portsOf(d.name()).forEach(p -> next.add(new DeviceRef(ref.netns(), p.name())));
      } else {
        return DIRTY;
      }
      if (d.master().isPresent()) {
        if (!d.port().equals(BridgePort.DEFAULTS)) {
          return DIRTY;
        }
        portMacs.add(d.mac());
        next.add(new DeviceRef(ref.netns(), d.master().get()));
      } else {
        stations.add(ref);
      }
      for (DeviceRef n : next) {
        if (seen.add(n)) {
          todo.add(n);
        }
      }
    }
    Set<MacAddress> macs = new HashSet<>();
    Map<Ipv4Address, List<DeviceRef>> owners = new HashMap<>();
    Set<Ipv4Address> broadcasts = new HashSet<>();
    for (DeviceRef ref : stations) {
      NetDevice d = topology.device(ref).orElseThrow();
      if (!macs.add(d.mac()) || (!d.isBridge() && portMacs.contains(d.mac()))) {
        return DIRTY;
      }
      Netns ns = topology.require(ref.netns());
      for (NetDevice any : ns.deviceList()) {
        any.addresses()
            .forEach(a -> owners.computeIfAbsent(a.address(), k -> new ArrayList<>(1)).add(ref));
      }
      for (Route r : ns.routing().table(TableIds.LOCAL).routes()) {
        if (r.type() == RouteType.BROADCAST) {
          broadcasts.add(r.destination().network());
        }
      }
    }
    Segment seg = new Segment(true, minMtu, owners, broadcasts);
    for (DeviceRef other : seen) {
      segments.putIfAbsent(other, seg);
    }
    return seg;
  }
}
