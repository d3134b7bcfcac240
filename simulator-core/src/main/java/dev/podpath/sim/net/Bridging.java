package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.sim.netfilter.HookInput;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import dev.podpath.sim.outcome.Step.BridgeDecision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Linux bridge (section 3 of kernel-semantics.md): learn source MACs per port, forward known
 * unicast to one port, flood unknown unicast and broadcast to every other forwarding port (never
 * back out of the ingress port unless it has hairpin on), and pass frames for the bridge's own MAC
 * (or a port's) up to the host.
 */
final class Bridging implements BridgeLayer {

  private final Run run;
  private final LinkOutput ports;
  private final LinkInput host;
  private final NeighbourOutput neighbours;
  private final Hooks hooks;
  private final Map<DeviceRef, BridgeFdb> fdbs = new HashMap<>();

  /**
   * @param ports how a frame leaves through a port
   * @param host how a frame goes up to the host's stack on the bridge device
   * @param neighbours the host's neighbour layer (br_netfilter's bridged DNAT resolves the
   *     endpoint's MAC)
   * @param hooks br_netfilter's iptables hooks
   */
  Bridging(Run run, LinkOutput ports, LinkInput host, NeighbourOutput neighbours, Hooks hooks) {
    this.run = run;
    this.ports = ports;
    this.host = host;
    this.neighbours = neighbours;
    this.hooks = hooks;
  }

  /** A frame arrived on {@code port}, a port of {@code bridgeRef}. */
  @Override
  public void portInput(DeviceRef bridgeRef, NetDevice port, Skb skb) {
    Optional<NetDevice> found = run.net().device(bridgeRef);
    if (found.isEmpty() || !found.get().isBridge()) {
      run.log()
          .drop(
              skb,
              bridgeRef,
              new DropReason.NotModelled(
                  bridgeRef.netns(),
                  "master " + bridgeRef + " of " + port.name() + " is not a bridge"));
      return;
    }
    NetDevice bridge = found.get();
    if (!bridge.up()) {
      run.log().drop(skb, bridgeRef, new DropReason.DeviceDown(bridgeRef));
      return;
    }
    DeviceRef portRef = new DeviceRef(bridgeRef.netns(), port.name());
    int before = skb.entered(portRef);
    if (before >= 0) {
      List<DeviceRef> bridges =
          inPathOrder(
              skb.crossed().subList(before, skb.crossed().size()).stream()
                  .map(Skb.Crossing::bridge)
                  .toList(),
              skb);
      run.log()
          .drop(
              skb,
              bridgeRef,
              new DropReason.BridgeLoop(bridgeRef, portRef, bridges, skb.frame().dst()));
      return;
    }
    Skb in = skb.crossedBridge(bridgeRef, portRef);
    Netns ns = run.net().netns(bridgeRef.netns());
    if (!in.arp()
        && in.frame().payload() instanceof Ipv4Packet p
        && hooks.bridgeCallsIptables(ns)) {
      brNetfilterPrerouting(bridgeRef, bridge, port, in, ns, p);
      return;
    }
    switchFrame(bridgeRef, bridge, port, in);
  }

  /**
   * The loop's bridges, starting with the one the frame met first ({@code br0, br1}, as it went).
   */
  private static List<DeviceRef> inPathOrder(List<DeviceRef> loop, Skb skb) {
    for (Skb.Crossing c : skb.crossed()) {
      int at = loop.indexOf(c.bridge());
      if (at >= 0) {
        List<DeviceRef> rotated = new java.util.ArrayList<>(loop.subList(at, loop.size()));
        rotated.addAll(loop.subList(0, at));
        return rotated;
      }
    }
    return loop;
  }

  /**
   * br_netfilter ({@code bridge-nf-call-iptables=1}, section 10): every IPv4 frame entering a port
   * runs the iptables PREROUTING hook with in = the bridge. If PREROUTING changed the destination
   * and the new one is reached through this same bridge, the frame is bridged to it ("bridged
   * DNAT": its destination MAC becomes the endpoint's, source MAC and TTL are kept, it leaves from
   * the original ingress port); any other DNAT passes the packet up to be routed.
   */
  private void brNetfilterPrerouting(
      DeviceRef bridgeRef, NetDevice bridge, NetDevice port, Skb in, Netns ns, Ipv4Packet p) {
    long id = in.packetId();
    Optional<Ipv4Packet> pre =
        hooks.run(
            ns,
            Hook.PREROUTING,
            id,
            in.copyId(),
            in.arp(),
            new HookInput(
                id,
                Optional.empty(),
                p,
                bridge.name(),
                "",
                Optional.of(port.name()),
                Optional.empty(),
                Optional.empty(),
                Hooks.redirectTo(ns, bridge.name())));
    if (pre.isEmpty()) {
      return;
    }
    hooks.markBridgedPrerouting(ns.name(), id, port.name());
    Ipv4Packet q = pre.get();
    Skb after = in.withFrame(new Frame(in.frame().src(), in.frame().dst(), q));
    if (q.dst().equals(p.dst())) {
      switchFrame(bridgeRef, bridge, port, after);
      return;
    }
    FibResult res = FibLookup.lookup(ns, FibLookup.Key.output(q.dst(), Ipv4Address.ANY, q.mark()));
    if (res instanceof FibResult.Found f
        && f.route().type() == RouteType.UNICAST
        && f.hop().isPresent()
        && f.hop().get().dev().equals(bridge.name())) {
      Ipv4Address target = NextHopAddress.of(ns, f.hop().get(), q.dst());
      neighbours.resolve(
          bridgeRef,
          bridge,
          target,
          id,
          after.copyId(),
          after.arp(),
          q,
          mac ->
              switchFrame(
                  bridgeRef,
                  bridge,
                  port,
                  after.withFrame(new Frame(after.frame().src(), mac, q))));
      return;
    }
    run.log()
        .record(
            after,
            new Step.BridgeForwarded(
                bridgeRef,
                port.name(),
                bridge.mac(),
                BridgeDecision.TO_HOST,
                List.of(),
                Optional.empty()));
    host.passUp(
        bridgeRef, bridge, after.withFrame(new Frame(after.frame().src(), bridge.mac(), q)));
  }

  /**
   * {@code br_handle_frame_finish}: learn the source, then to the host, flood, or forward by the
   * FDB.
   */
  private void switchFrame(DeviceRef bridgeRef, NetDevice bridge, NetDevice port, Skb in) {
    BridgeFdb fdb = fdb(bridgeRef, bridge);
    MacAddress src = in.frame().src();
    if (port.port().learning() && !src.isMulticast() && !src.isZero()) {
      if (fdb.learn(src, port.name(), run.clock().now())) {
        run.log().record(in, new Step.BridgeLearned(bridgeRef, src, port.name(), true));
      }
    }
    MacAddress dst = in.frame().dst();
    if (dst.equals(bridge.mac()) || fdb.isLocal(dst)) {
      run.log()
          .record(
              in,
              new Step.BridgeForwarded(
                  bridgeRef,
                  port.name(),
                  dst,
                  BridgeDecision.TO_HOST,
                  List.of(),
                  fdb.lookup(dst, bridge.name(), run.clock().now())));
      host.passUp(bridgeRef, bridge, in);
      return;
    }
    if (dst.isMulticast()) {
      flood(bridgeRef, bridge, Optional.of(port), in, BridgeDecision.FLOOD_BROADCAST);
      host.passUp(bridgeRef, bridge, in);
      return;
    }
    Optional<FdbEntry> entry = fdb.lookup(dst, bridge.name(), run.clock().now());
    if (entry.isPresent()) {
      forwardKnown(bridgeRef, bridge, Optional.of(port), in, entry.get());
    } else {
      flood(bridgeRef, bridge, Optional.of(port), in, BridgeDecision.FLOOD_UNKNOWN);
    }
  }

  /** The host sends a frame through the bridge device itself ({@code br_dev_xmit}). */
  @Override
  public void transmitFromHost(DeviceRef bridgeRef, NetDevice bridge, Skb skb) {
    run.log().record(skb, new Step.Transmitted(bridgeRef, skb.frame()));
    BridgeFdb fdb = fdb(bridgeRef, bridge);
    MacAddress dst = skb.frame().dst();
    if (dst.isMulticast()) {
      flood(bridgeRef, bridge, Optional.empty(), skb, BridgeDecision.FLOOD_BROADCAST);
      return;
    }
    Optional<FdbEntry> entry = fdb.lookup(dst, bridge.name(), run.clock().now());
    if (entry.isPresent() && entry.get().kind() != FdbEntry.Kind.PERMANENT) {
      forwardKnown(bridgeRef, bridge, Optional.empty(), skb, entry.get());
    } else {
      flood(bridgeRef, bridge, Optional.empty(), skb, BridgeDecision.FLOOD_UNKNOWN);
    }
  }

  private void forwardKnown(
      DeviceRef bridgeRef, NetDevice bridge, Optional<NetDevice> ingress, Skb skb, FdbEntry entry) {
    String inName = ingress.map(NetDevice::name).orElse(bridge.name());
    Netns ns = run.net().netns(bridgeRef.netns());
    Optional<NetDevice> out = ns.device(entry.dev());
    if (out.isEmpty() || out.get().master().filter(bridge.name()::equals).isEmpty()) {
      run.log()
          .drop(
              skb,
              bridgeRef,
              new DropReason.BridgeNoPort(
                  bridgeRef,
                  skb.frame().dst(),
                  "its FDB entry names "
                      + entry.dev()
                      + ", which is not a port of "
                      + bridge.name()));
      return;
    }
    NetDevice port = out.get();
    if (ingress.isPresent() && ingress.get().name().equals(port.name()) && !port.port().hairpin()) {
      run.log()
          .record(
              skb,
              new Step.BridgeForwarded(
                  bridgeRef,
                  inName,
                  skb.frame().dst(),
                  BridgeDecision.KNOWN_UNICAST,
                  List.of(),
                  Optional.of(entry)));
      run.log()
          .drop(
              skb,
              bridgeRef,
              new DropReason.BridgeNoPort(
                  bridgeRef,
                  skb.frame().dst(),
                  "the FDB points back out of the ingress port "
                      + port.name()
                      + " and hairpin is off"));
      return;
    }
    if (!forwarding(bridgeRef, port)) {
      run.log()
          .record(
              skb,
              new Step.BridgeForwarded(
                  bridgeRef,
                  inName,
                  skb.frame().dst(),
                  BridgeDecision.KNOWN_UNICAST,
                  List.of(),
                  Optional.of(entry)));
      run.log()
          .drop(
              skb,
              bridgeRef,
              new DropReason.BridgeNoPort(
                  bridgeRef,
                  skb.frame().dst(),
                  "port "
                      + port.name()
                      + " is not forwarding ("
                      + portStateReason(bridgeRef, port)
                      + ")"));
      return;
    }
    run.log()
        .record(
            skb,
            new Step.BridgeForwarded(
                bridgeRef,
                inName,
                skb.frame().dst(),
                BridgeDecision.KNOWN_UNICAST,
                List.of(port.name()),
                Optional.of(entry)));
    egress(bridgeRef, bridge, ingress, port, skb);
  }

  private void flood(
      DeviceRef bridgeRef,
      NetDevice bridge,
      Optional<NetDevice> ingress,
      Skb skb,
      BridgeDecision how) {
    Netns ns = run.net().netns(bridgeRef.netns());
    List<NetDevice> targets = new ArrayList<>();
    for (NetDevice p : ns.portsOf(bridge.name())) {
      boolean isIngress = ingress.isPresent() && ingress.get().name().equals(p.name());
      if (isIngress && !p.port().hairpin()) {
        continue;
      }
      if (how == BridgeDecision.FLOOD_UNKNOWN && !p.port().flood()) {
        continue;
      }
      if (!forwarding(bridgeRef, p)) {
        continue;
      }
      targets.add(p);
    }
    String inName = ingress.map(NetDevice::name).orElse(bridge.name());
    run.log()
        .record(
            skb,
            new Step.BridgeForwarded(
                bridgeRef,
                inName,
                skb.frame().dst(),
                how,
                targets.stream().map(NetDevice::name).toList(),
                Optional.empty()));
    if (targets.isEmpty() && how == BridgeDecision.FLOOD_UNKNOWN) {
      run.log()
          .drop(
              skb,
              bridgeRef,
              new DropReason.BridgeNoPort(
                  bridgeRef,
                  skb.frame().dst(),
                  "unknown destination and no other port is forwarding"));
      return;
    }
    boolean first = true;
    for (NetDevice p : targets) {
      Skb copy = skb;
      if (!first || targets.size() > 1) {
        long id = run.log().newCopyId();
        run.log().copied(id, skb.copyId());
        copy = skb.withCopy(id);
      }
      first = false;
      egress(bridgeRef, bridge, ingress, p, copy);
    }
  }

  private void egress(
      DeviceRef bridgeRef,
      NetDevice bridge,
      Optional<NetDevice> ingress,
      NetDevice port,
      Skb skb0) {
    DeviceRef portRef = new DeviceRef(bridgeRef.netns(), port.name());
    Skb skb = skb0;
    Netns ns = run.net().netns(bridgeRef.netns());
    if (ingress.isPresent()
        && !skb.arp()
        && skb.frame().payload() instanceof Ipv4Packet p
        && hooks.bridgeCallsIptables(ns)) {
      Optional<Ipv4Packet> q = brNetfilterForward(ns, bridge, ingress.get(), port, skb, p);
      if (q.isEmpty()) {
        return;
      }
      skb = skb.withFrame(new Frame(skb.frame().src(), skb.frame().dst(), q.get()));
    }
    if (skb.frame().l3Length() > port.mtu() + LinkOutput.VLAN_SLACK) {
      run.log()
          .drop(
              skb,
              portRef,
              new DropReason.FrameTooBig(portRef, skb.frame().l3Length(), port.mtu()));
      return;
    }
    ports.transmit(portRef, skb);
  }

  /**
   * br_netfilter for a bridged frame: FORWARD, then POSTROUTING, with in = out = the bridge and the
   * ports for physdev.
   */
  private Optional<Ipv4Packet> brNetfilterForward(
      Netns ns, NetDevice bridge, NetDevice in, NetDevice out, Skb skb, Ipv4Packet p) {
    long id = skb.packetId();
    Optional<Ipv4Packet> fwd =
        hooks.run(
            ns,
            Hook.FORWARD,
            id,
            skb.copyId(),
            skb.arp(),
            new HookInput(
                id,
                Optional.empty(),
                p,
                bridge.name(),
                bridge.name(),
                Optional.of(in.name()),
                Optional.of(out.name()),
                Optional.empty(),
                Optional.empty()));
    if (fwd.isEmpty()) {
      return fwd;
    }
    Optional<Ipv4Packet> post =
        hooks.run(
            ns,
            Hook.POSTROUTING,
            id,
            skb.copyId(),
            skb.arp(),
            new HookInput(
                id,
                Optional.empty(),
                fwd.get(),
                "",
                bridge.name(),
                Optional.of(in.name()),
                Optional.of(out.name()),
                Hooks.masqueradeSource(ns, bridge.name(), fwd.get().dst()),
                Optional.empty()));
    hooks.done(ns.name(), id);
    return post;
  }

  /** A port forwards when it, its bridge, and its carrier are up (STP off). */
  private boolean forwarding(DeviceRef bridgeRef, NetDevice port) {
    return port.up() && run.net().carrier(port);
  }

  private String portStateReason(DeviceRef bridgeRef, NetDevice port) {
    if (!port.up()) {
      return port.name() + " is down";
    }
    return port.vethPeer().map(p -> "its peer " + p + " is down").orElse("no carrier");
  }

  private BridgeFdb fdb(DeviceRef bridgeRef, NetDevice bridge) {
    return fdbs.computeIfAbsent(
        bridgeRef,
        r -> {
          int ageing = bridge.kind() instanceof LinkKind.Bridge b ? b.ageingTimeCentis() : 30000;
          BridgeFdb fdb = new BridgeFdb(ageing * 10_000_000L);
          Netns ns = run.net().netns(r.netns());
          for (NetDevice p : ns.portsOf(bridge.name())) {
            fdb.configure(
                new FdbEntry(
                    p.mac(),
                    p.name(),
                    Optional.of(bridge.name()),
                    FdbEntry.Kind.PERMANENT,
                    Optional.empty(),
                    dev.podpath.model.origin.Origin.KERNEL));
          }
          for (FdbEntry e : ns.fdb()) {
            if (e.master().filter(bridge.name()::equals).isPresent()) {
              fdb.configure(e);
            }
          }
          return fdb;
        });
  }

  /**
   * After the network changed: learned entries of ports that went down or away are flushed (the
   * kernel's {@code br_fdb_delete_by_port}); local and configured entries are read again.
   */
  void reconfigure(java.util.Set<DeviceRef> downPorts) {
    Map<DeviceRef, BridgeFdb> old = new HashMap<>(fdbs);
    fdbs.clear();
    old.forEach(
        (ref, fdb) -> {
          Optional<NetDevice> bridge = run.net().device(ref);
          if (bridge.isEmpty() || !bridge.get().isBridge()) {
            return;
          }
          BridgeFdb fresh = fdb(ref, bridge.get());
          fdb.copyLearnedTo(
              fresh,
              port ->
                  !downPorts.contains(new DeviceRef(ref.netns(), port))
                      && run.net()
                          .netns(ref.netns())
                          .device(port)
                          .flatMap(NetDevice::master)
                          .filter(bridge.get().name()::equals)
                          .isPresent());
        });
  }

  /** Learned entries of every bridge, for comparisons with {@code bridge fdb show}. */
  Map<DeviceRef, Map<MacAddress, String>> learned() {
    Map<DeviceRef, Map<MacAddress, String>> out = new HashMap<>();
    fdbs.forEach((ref, fdb) -> out.put(ref, fdb.learnedPorts(run.clock().now())));
    return out;
  }
}
