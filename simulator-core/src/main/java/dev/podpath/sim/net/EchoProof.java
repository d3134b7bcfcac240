package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
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
import java.util.concurrent.atomic.LongAdder;

/**
 * The matrix's fast path: proves, on the immutable model and without the event queue, that a ping
 * from a namespace to an address is answered, by walking the request and the echo reply through the
 * same routing decisions the datapath makes ({@link FibLookup}, {@link RouteInput#decide}, {@link
 * SourceAddress}), through L2 segments of veths and bridges whose ARP answer is certain, and
 * through the iptables hooks on the way, run by the simulator's own netfilter code in the
 * datapath's order ({@link ProofHooks}: the routed hooks, and br_netfilter's for a frame crossing a
 * bridge of a namespace with rules). It proves only success, and only in a plain world: a namespace
 * without nftables, conntrack entries, neighbour entries or policy rules, with the kernel's local
 * routes, no proxy ARP, {@code arp_ignore}, {@code arp_announce}, {@code accept_local} or {@code
 * route_localnet}; segments whose devices are all up, veths and bridges only, in a tree (no STP, no
 * FDB entries configured, default port flags, distinct MACs); one next hop per route; one station
 * answering ARP; hooks that accept the packet unchanged, deciding every rule they meet ({@link
 * #undecided()} counts the cells a statistic, limit or recent rule left undecided). Anything else,
 * every failure included, is {@code false}: "not proved", and the caller traces that pair in full.
 *
 * <p>The segments (the L2 equivalence classes: every device of a segment reaches the same stations)
 * and each namespace's plainness are computed once and shared by every pair; a pair then costs a
 * few route lookups per hop, and a walk of the rules of each hook it meets. Thread-safe: the model
 * is immutable, the caches concurrent, and each proof's netfilter state its own.
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
  private final LongAdder undecided = new LongAdder();
  private final LongAdder throughNetfilter = new LongAdder();

  public EchoProof(Topology topology) {
    this.topology = Objects.requireNonNull(topology, "topology");
  }

  /**
   * Whether a ping of {@code totalLength} bytes with TTL {@code ttl} from {@code from} (from {@code
   * src} when given) to {@code dst} is certainly answered, as the full simulation would find; false
   * when this cannot be proved here. The echo is ping's default: id 0x1234, DF set.
   */
  public boolean reachable(
      NetnsName from, Optional<Ipv4Address> src, Ipv4Address dst, int ttl, int totalLength) {
    return reachable(from, src, dst, ttl, totalLength, 0x1234, true);
  }

  /**
   * As {@link #reachable(NetnsName, Optional, Ipv4Address, int, int)}, for an echo request with
   * identifier {@code echoId} and the DF flag {@code dontFragment}.
   */
  public boolean reachable(
      NetnsName from,
      Optional<Ipv4Address> src,
      Ipv4Address dst,
      int ttl,
      int totalLength,
      int echoId,
      boolean dontFragment) {
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
    ProofHooks hooks = new ProofHooks();
    boolean proved = walk(ns, hop.get(), s, dst, ttl, totalLength, echoId, dontFragment, hooks);
    if (hooks.undecided()) {
      undecided.increment();
    } else if (proved && hooks.ran()) {
      throughNetfilter.increment();
    }
    return proved;
  }

  /** The proofs refused because a hook met a rule the packet and the model do not decide. */
  public long undecided() {
    return undecided.sum();
  }

  /** The proofs whose packets went through netfilter rules. */
  public long provedThroughNetfilter() {
    return throughNetfilter.sum();
  }

  /** The echo request out of {@code ns}, to the namespace that answers it, and the reply home. */
  private boolean walk(
      Netns ns,
      NextHop hop,
      Ipv4Address s,
      Ipv4Address dst,
      int ttl,
      int totalLength,
      int echoId,
      boolean dontFragment,
      ProofHooks hooks) {
    Ipv4Packet request =
        new Ipv4Packet(
            s, dst, ttl, 0, dontFragment, totalLength, 0, L4.Icmp.echoRequest(echoId, 1));
    Optional<Netns> answering = sendAndDeliver(ns, hop, request, REQUEST, Optional.empty(), hooks);
    if (answering.isEmpty()) {
      return false;
    }
    Netns m = answering.get();
    FibResult back = FibLookup.lookup(m, FibLookup.Key.output(s, dst, 0));
    Optional<NextHop> backHop = unicastHop(back);
    if (backHop.isEmpty()) {
      return false;
    }
    // Icmp.echoReply's packet
    Ipv4Packet reply =
        new Ipv4Packet(
            dst,
            s,
            m.sysctls().defaultTtl(),
            0,
            false,
            totalLength,
            0,
            new L4.Icmp(L4.Icmp.ECHO_REPLY, 0, echoId, 1, Optional.empty(), 0));
    Optional<Netns> home =
        sendAndDeliver(m, backHop.get(), reply, REPLY, Optional.of(REQUEST), hooks);
    return home.isPresent() && home.get().name().equals(ns.name());
  }

  /** The packet ids of the proof's two packets (netfilter keeps its state per packet). */
  private static final long REQUEST = 1;

  private static final long REPLY = 2;

  /** {@link LocalOut}: OUTPUT and POSTROUTING, then the hops. */
  private Optional<Netns> sendAndDeliver(
      Netns ns, NextHop hop, Ipv4Packet p, long id, Optional<Long> cause, ProofHooks hooks) {
    Ipv4Packet q = hooks.output(ns, id, cause, p, hop.dev());
    if (q == null) {
      return Optional.empty();
    }
    q =
        hooks.postrouting(
            ns, id, cause, q, "", hop.dev(), Optional.empty(), NextHopAddress.of(ns, hop, p.dst()));
    if (q == null) {
      return Optional.empty();
    }
    return deliver(ns, hop, q, id, hooks);
  }

  /**
   * Sends a packet out of {@code ns} by {@code hop} and follows it until a namespace takes it as
   * local; empty when any step is not certain.
   */
  private Optional<Netns> deliver(
      Netns ns, NextHop hop, Ipv4Packet sent, long id, ProofHooks hooks) {
    Netns at = ns;
    NextHop out = hop;
    Ipv4Packet p = sent;
    Ipv4Address src = p.src();
    Ipv4Address dst = p.dst();
    for (int hops = 0; hops < MAX_HOPS; hops++) {
      Arrival arrived = transmit(at, out, src, dst, p.totalLength());
      if (arrived == null) {
        return Optional.empty();
      }
      DeviceRef in = arrived.station();
      Optional<String> physIn = Optional.empty();
      boolean preroutingDone = false;
      if (arrived.segment().hooked()) {
        List<Crossing> crossings = crossings(arrived.start(), in);
        if (crossings == null) {
          return Optional.empty();
        }
        for (Crossing c : crossings) {
          Netns b = topology.require(c.bridge().netns());
          p = hooks.bridgePrerouting(b, id, p, c.bridge().name(), c.in());
          if (p != null && c.out().isPresent()) {
            p = hooks.bridgeForward(b, id, p, c.bridge().name(), c.in(), c.out().get());
          } else if (p != null) {
            // delivered to the bridge itself: ip_rcv skips PREROUTING, physdev-in is the port
            physIn = Optional.of(c.in());
            preroutingDone = true;
          }
          if (p == null) {
            return Optional.empty();
          }
        }
      }
      Netns next = topology.require(in.netns());
      if (!preroutingDone) {
        p = hooks.prerouting(next, id, p, in.name());
        if (p == null) {
          return Optional.empty();
        }
      }
      // ARP for the destination itself, from the packet's source, asked the very same question
      InputDecision d =
          arrived.target().equals(dst) && arrived.sender().equals(src)
              ? arrived.arpDecision()
              : RouteInput.decide(next, dst, src, in.name(), 0);
      if (d instanceof InputDecision.Local l) {
        if (l.found().route().type() != RouteType.LOCAL || !next.ownsAddress(dst)) {
          return Optional.empty();
        }
        p = hooks.input(next, id, p, in.name(), physIn);
        return p == null ? Optional.empty() : Optional.of(next);
      }
      if (!(d instanceof InputDecision.Forward f)
          || f.found().multipath()
          || f.found().route().nextHops().size() != 1
          || f.hop().dev().equals(in.name())
          || p.ttl() <= 1) {
        return Optional.empty();
      }
      String dev = f.hop().dev();
      p = hooks.forward(next, id, p.withTtl(p.ttl() - 1), in.name(), dev, physIn);
      if (p != null) {
        Ipv4Address nextHop = NextHopAddress.of(next, f.hop(), dst);
        p = hooks.postrouting(next, id, Optional.empty(), p, in.name(), dev, physIn, nextHop);
      }
      if (p == null) {
        return Optional.empty();
      }
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
      DeviceRef start,
      Segment segment,
      DeviceRef station,
      Ipv4Address target,
      Ipv4Address sender,
      InputDecision arpDecision) {}

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
    return arp instanceof InputDecision.Local
        ? new Arrival(start, seg, station, target, sender, arp)
        : null;
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
    // iptables rules are run by ProofHooks; nftables and rules not dumped are the full trace's
    if (!ns.netfilter().nft().isEmpty()
        || !ns.netfilter().isKnown()
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
   * to. Clean when every device is up and plain, the bridges forward as configured by default, and
   * the devices form a tree (one way between any two). Hooked when a bridge of it hands IPv4 frames
   * to iptables (br_netfilter): a frame crossing it then meets the hooks ({@link #crossings}).
   */
  private record Segment(
      boolean clean,
      boolean hooked,
      int minMtu,
      Map<Ipv4Address, List<DeviceRef>> owners,
      Set<Ipv4Address> broadcasts) {}

  private static final Segment DIRTY = new Segment(false, false, 0, Map.of(), Set.of());

  /**
   * A hooked bridge a frame crosses: entering by the port {@code in}, leaving by the port {@code
   * out}, or (empty) delivered to the bridge's own IP stack.
   */
  private record Crossing(DeviceRef bridge, String in, Optional<String> out) {}

  private record Ends(DeviceRef start, DeviceRef station) {}

  /** The way from a device to a station of its (clean, hooked) segment; computed once per pair. */
  private final Map<Ends, Optional<List<Crossing>>> ways = new ConcurrentHashMap<>();

  /**
   * The hooked bridges a frame from {@code start} to {@code station} crosses, in order; null when
   * the way is not one this proof follows.
   */
  private List<Crossing> crossings(DeviceRef start, DeviceRef station) {
    return ways.computeIfAbsent(
            new Ends(start, station), e -> Optional.ofNullable(findCrossings(start, station)))
        .orElse(null);
  }

  private List<Crossing> findCrossings(DeviceRef start, DeviceRef station) {
    Map<DeviceRef, DeviceRef> parent = new HashMap<>();
    ArrayDeque<DeviceRef> todo = new ArrayDeque<>();
    parent.put(start, start);
    todo.add(start);
    while (!todo.isEmpty() && !parent.containsKey(station)) {
      DeviceRef ref = todo.poll();
      NetDevice d = topology.device(ref).orElseThrow();
      for (DeviceRef n : links(ref, d, topology.require(ref.netns()))) {
        if (parent.putIfAbsent(n, ref) == null) {
          todo.add(n);
        }
      }
    }
    if (!parent.containsKey(station)) {
      return null;
    }
    List<DeviceRef> path = new ArrayList<>();
    for (DeviceRef at = station; ; at = parent.get(at)) {
      path.add(0, at);
      if (at.equals(start)) {
        break;
      }
    }
    List<Crossing> out = new ArrayList<>();
    for (int k = 1; k < path.size(); k++) {
      DeviceRef b = path.get(k);
      NetDevice bridge = topology.device(b).orElseThrow();
      Netns ns = topology.require(b.netns());
      if (!bridge.isBridge() || !ProofHooks.bridgeCallsIptables(ns)) {
        continue;
      }
      Optional<String> in = portOf(path.get(k - 1), b);
      Optional<String> leave = k + 1 < path.size() ? portOf(path.get(k + 1), b) : Optional.of("");
      if (in.isEmpty() || leave.isEmpty()) {
        return null;
      }
      out.add(new Crossing(b, in.get(), leave.filter(l -> !l.isEmpty())));
    }
    return out;
  }

  /** The name of {@code ref} when it is a port of {@code bridge}. */
  private Optional<String> portOf(DeviceRef ref, DeviceRef bridge) {
    if (!ref.netns().equals(bridge.netns())) {
      return Optional.empty();
    }
    return topology
        .device(ref)
        .filter(d -> d.master().filter(bridge.name()::equals).isPresent())
        .map(NetDevice::name);
  }

  /** The devices a frame on {@code d} reaches next: a veth's peer, a bridge's ports, its master. */
  private static List<DeviceRef> links(DeviceRef ref, NetDevice d, Netns ns) {
    List<DeviceRef> next = new ArrayList<>();
    if (d.kind() instanceof LinkKind.Veth v) {
      next.add(v.peer());
    } else if (d.kind() instanceof LinkKind.Bridge) {
      ns.portsOf(d.name()).forEach(p -> next.add(new DeviceRef(ref.netns(), p.name())));
    }
    d.master().ifPresent(m -> next.add(new DeviceRef(ref.netns(), m)));
    return next;
  }

  /** Builds the segment of {@code start} (each device's segment is built once per device). */
  private Segment segment(DeviceRef start) {
    Set<DeviceRef> seen = new HashSet<>();
    ArrayDeque<DeviceRef> todo = new ArrayDeque<>();
    List<DeviceRef> stations = new ArrayList<>();
    Set<MacAddress> portMacs = new HashSet<>();
    int minMtu = Integer.MAX_VALUE;
    int veths = 0;
    int ports = 0;
    boolean hooked = false;
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
      if (d.kind() instanceof LinkKind.Veth) {
        veths++;
      } else if (d.kind() instanceof LinkKind.Bridge b) {
        if (b.stp() || !ns.fdb().isEmpty()) {
          return DIRTY;
        }
        hooked |= ProofHooks.bridgeCallsIptables(ns);
      } else {
        return DIRTY;
      }
      if (d.master().isPresent()) {
        if (!d.port().equals(BridgePort.DEFAULTS)) {
          return DIRTY;
        }
        ports++;
        portMacs.add(d.mac());
      } else {
        stations.add(ref);
      }
      for (DeviceRef n : links(ref, d, ns)) {
        if (seen.add(n)) {
          todo.add(n);
        }
      }
    }
    // a tree: each veth pair and each port's tie to its bridge is one edge
    if (veths % 2 != 0 || veths / 2 + ports != seen.size() - 1) {
      return DIRTY;
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
    Segment seg = new Segment(true, hooked, minMtu, owners, broadcasts);
    for (DeviceRef other : seen) {
      segments.putIfAbsent(other, seg);
    }
    return seg;
  }
}
