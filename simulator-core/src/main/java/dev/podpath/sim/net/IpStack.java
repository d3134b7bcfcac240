package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.ListeningSocket;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import java.util.Optional;

/**
 * A namespace's IPv4 layer: local output (route, source, MTU), input (local delivery or
 * forwarding with TTL and MTU checks), and the local handlers (echo, UDP, TCP).
 */
final class IpStack {

  private final Simulation sim;

  IpStack(Simulation sim) {
    this.sim = sim;
  }

  /** A local socket sends ({@code ip_route_output} then {@code ip_output}). */
  void sendLocal(long id, LocalSend send) {
    Netns ns = sim.netns(send.netns());
    if (send.src().isPresent() && !ns.ownsAddress(send.src().get())) {
      localFailure(id, ns.name(), "EADDRNOTAVAIL", "bind: Cannot assign requested address");
      return;
    }
    Ipv4Address src = send.src().orElse(Ipv4Address.ANY);
    FibResult res = FibLookup.lookup(ns, FibLookup.Key.output(send.dst(), src, 0));
    if (res instanceof FibResult.Failed f) {
      String msg = "connect: " + f.errno().text();
      sim.localError(id, f.errno(), msg);
      DropReason why = f.route().<DropReason>map(r -> new DropReason.RouteType(ns.name(), r))
          .orElseGet(() -> new DropReason.NoRoute(ns.name(), send.dst(), f.tablesTried()));
      sim.record(id, sim.newCopyId(), false, new Step.Dropped(ns.name(), why));
      return;
    }
    FibResult.Found found = (FibResult.Found) res;
    long copy = sim.newCopyId();
    if (found.route().type() == RouteType.LOCAL) {
      Ipv4Address s = send.src().or(() -> found.route().src()).orElse(send.dst());
      Ipv4Packet p = Simulation.packet(s, send.dst(), send.ttl(), 0, send.dontFragment(), send.totalLength(), send.l4());
      sim.record(id, copy, false, new Step.Originated(ns.name(), p, "local socket"));
      sim.record(id, copy, false, routeStep(ns.name(), false, found, Optional.of(s)));
      if (gated(ns, "OUTPUT", id, copy)) {
        return;
      }
      viaLoopback(ns, id, copy, p);
      return;
    }
    if (found.route().type() != RouteType.UNICAST || found.hop().isEmpty()) {
      sim.localError(id, Errno.EACCES, "sending to a " + found.route().type().keyword() + " address is not modelled");
      sim.record(id, copy, false, new Step.Dropped(ns.name(), new DropReason.NotModelled(ns.name(),
          "locally generated packet to a " + found.route().type().keyword() + " route")));
      return;
    }
    NextHop hop = found.hop().get();
    Ipv4Address s = send.src().or(() -> found.route().src())
        .or(() -> SourceAddress.select(ns, hop.dev(), hop.via().orElse(send.dst()), found.route().scope()))
        .orElse(Ipv4Address.ANY);
    NetDevice out = ns.device(hop.dev()).orElseThrow();
    Ipv4Packet p = Simulation.packet(s, send.dst(), send.ttl(), 0, send.dontFragment(), send.totalLength(), send.l4());
    sim.record(id, copy, false, new Step.Originated(ns.name(), p, "local socket"));
    sim.record(id, copy, false, routeStep(ns.name(), false, found, Optional.of(s)));
    if (gated(ns, "OUTPUT", id, copy)) {
      return;
    }
    if (p.totalLength() > out.mtu() && p.dontFragment()) {
      localFailure(id, ns.name(), "EMSGSIZE", "local error: message too long, mtu=" + out.mtu());
      return;
    }
    if (found.multipath()) {
      sim.record(id, copy, false, new Step.NotModelled(ns.name(),
          "ECMP: the kernel hashes the flow over " + found.route().nextHops().size()
              + " next hops; podpath follows the first"));
    }
    sim.neighbours.output(new DeviceRef(ns.name(), hop.dev()), out, hop.via().orElse(send.dst()), id, copy, p);
  }

  private void localFailure(long id, NetnsName ns, String errno, String message) {
    sim.localError(id, Errno.EINVAL, message);
    sim.record(id, sim.newCopyId(), false, new Step.Dropped(ns, new DropReason.LocalError(ns, errno, message)));
  }

  /** Sends a packet the stack itself made (an echo reply, an ICMP error) from {@code ns}. */
  void sendFromStack(NetnsName nsName, long id, Ipv4Packet packet) {
    Netns ns = sim.netns(nsName);
    long copy = sim.newCopyId();
    FibResult res = FibLookup.lookup(ns, FibLookup.Key.output(packet.dst(), packet.src(), packet.mark()));
    if (res instanceof FibResult.Failed f) {
      sim.record(id, copy, false, new Step.Originated(nsName, packet, "kernel"));
      DropReason why = f.route().<DropReason>map(r -> new DropReason.RouteType(nsName, r))
          .orElseGet(() -> new DropReason.NoRoute(nsName, packet.dst(), f.tablesTried()));
      sim.record(id, copy, false, new Step.Dropped(nsName, why));
      return;
    }
    FibResult.Found found = (FibResult.Found) res;
    Ipv4Packet p = packet;
    if (found.route().type() == RouteType.LOCAL) {
      if (p.src().isAny()) {
        p = p.withSrc(found.route().src().orElse(p.dst()));
      }
      sim.record(id, copy, false, new Step.Originated(nsName, p, "kernel"));
      sim.record(id, copy, false, routeStep(nsName, false, found, Optional.of(p.src())));
      if (gated(ns, "OUTPUT", id, copy)) {
        return;
      }
      viaLoopback(ns, id, copy, p);
      return;
    }
    if (found.hop().isEmpty()) {
      sim.record(id, copy, false, new Step.Dropped(nsName, new DropReason.NotModelled(nsName,
          "reply through a " + found.route().type().keyword() + " route")));
      return;
    }
    NextHop hop = found.hop().get();
    if (p.src().isAny()) {
      p = p.withSrc(found.route().src()
          .or(() -> SourceAddress.select(ns, hop.dev(), hop.via().orElse(packet.dst()), found.route().scope()))
          .orElse(Ipv4Address.ANY));
    }
    sim.record(id, copy, false, new Step.Originated(nsName, p, "kernel"));
    sim.record(id, copy, false, routeStep(nsName, false, found, Optional.of(p.src())));
    if (gated(ns, "OUTPUT", id, copy)) {
      return;
    }
    NetDevice out = ns.device(hop.dev()).orElseThrow();
    sim.neighbours.output(new DeviceRef(nsName, hop.dev()), out, hop.via().orElse(p.dst()), id, copy, p);
  }

  private void viaLoopback(Netns ns, long id, long copy, Ipv4Packet p) {
    DeviceRef lo = new DeviceRef(ns.name(), "lo");
    Optional<NetDevice> loDev = ns.device("lo");
    if (loDev.isEmpty() || !loDev.get().up()) {
      sim.record(id, copy, false, new Step.Dropped(ns.name(), new DropReason.LoopbackDown(ns.name())));
      return;
    }
    sim.links.transmit(lo, new Skb(id, copy, new Frame(MacAddress.ZERO, MacAddress.ZERO, p), false, 0));
  }

  /** A packet arrived on {@code ref} ({@code ip_rcv}). */
  void receive(DeviceRef ref, NetDevice dev, Skb skb, Ipv4Packet p) {
    Netns ns = sim.netns(ref.netns());
    if (dev.isLoopback()) {
      deliverLocal(ns, ref.name(), skb, p);
      return;
    }
    Optional<DropReason> gate = NetfilterGate.check(ns, "PREROUTING");
    if (gate.isPresent()) {
      sim.links.drop(skb, ref, gate.get());
      return;
    }
    boolean localnet = ns.sysctls().routeLocalnet(ref.name());
    if (p.src().isMulticast() || p.src().isLimitedBroadcast() || (p.src().isLoopback() && !localnet)) {
      sim.links.drop(skb, ref, new DropReason.MartianSource(ref, p.src()));
      return;
    }
    if (p.dst().isLoopback() && !localnet) {
      sim.links.drop(skb, ref, new DropReason.MartianDestination(ref, p.dst()));
      return;
    }
    InputDecision d = RouteInput.decide(ns, p.dst(), p.src(), ref.name(), p.mark());
    if (d instanceof InputDecision.Local l) {
      sim.record(skb, routeStep(ns.name(), true, l.found(), Optional.empty()));
      deliverLocal(ns, ref.name(), skb, p);
    } else if (d instanceof InputDecision.Forward f) {
      sim.record(skb, routeStep(ns.name(), true, f.found(), Optional.empty()));
      forward(ns, ref, skb, p, f);
    } else if (d instanceof InputDecision.Drop dr) {
      sim.links.drop(skb, ref, dr.reason());
      if (dr.icmpCode().isPresent()) {
        sim.icmp.sendError(ns.name(), skb.packetId(), p, L4.Icmp.DEST_UNREACH, dr.icmpCode().getAsInt(), 0);
      }
    } else {
      throw new AssertionError(d);
    }
  }

  /** {@code ip_forward}: TTL, MTU, then out through the neighbour layer. */
  private void forward(Netns ns, DeviceRef in, Skb skb, Ipv4Packet p, InputDecision.Forward f) {
    NextHop hop = f.hop();
    if (p.ttl() <= 1) {
      sim.links.drop(skb, in, new DropReason.TtlExceeded(ns.name(), p.ttl()));
      sim.icmp.sendError(ns.name(), skb.packetId(), p, L4.Icmp.TIME_EXCEEDED, 0, 0);
      return;
    }
    Optional<NetDevice> out = ns.device(hop.dev());
    if (out.isEmpty()) {
      sim.links.drop(skb, in, new DropReason.NotModelled(ns.name(), "route through missing device " + hop.dev()));
      return;
    }
    DeviceRef outRef = new DeviceRef(ns.name(), hop.dev());
    if (p.totalLength() > out.get().mtu()) {
      if (p.dontFragment()) {
        sim.links.drop(skb, in, new DropReason.FragmentationNeeded(outRef, p.totalLength(), out.get().mtu()));
        sim.icmp.sendError(ns.name(), skb.packetId(), p, L4.Icmp.DEST_UNREACH, L4.Icmp.FRAG_NEEDED, out.get().mtu());
        return;
      }
      sim.record(skb, new Step.NotModelled(ns.name(), "fragmentation: the kernel splits this "
          + p.totalLength() + "-byte packet for MTU " + out.get().mtu() + "; podpath follows it whole"));
    }
    if (hop.dev().equals(in.name()) && ns.sysctls().conf(in.name(), "send_redirects") != 0) {
      sim.record(skb, new Step.NotModelled(ns.name(),
          "ICMP redirect: the packet leaves through the device it came in on; the kernel may also send the sender a redirect"));
    }
    if (f.found().multipath()) {
      sim.record(skb, new Step.NotModelled(ns.name(), "ECMP: the kernel hashes the flow over "
          + f.found().route().nextHops().size() + " next hops; podpath follows the first"));
    }
    Ipv4Packet fwd = p.withTtl(p.ttl() - 1);
    sim.record(skb, new Step.Forwarded(ns.name(), in.name(), hop.dev(), p.ttl(), fwd.ttl()));
    sim.neighbours.output(outRef, out.get(), hop.via().orElse(p.dst()), skb.packetId(), skb.copyId(), fwd);
  }

  /** {@code ip_local_deliver}: hand the packet to ICMP, UDP or TCP. */
  private void deliverLocal(Netns ns, String dev, Skb skb, Ipv4Packet p) {
    L4 l4 = p.l4();
    if (l4 instanceof L4.Icmp icmp) {
      if (icmp.type() == L4.Icmp.ECHO_REQUEST) {
        sim.record(skb, new Step.LocalDelivery(ns.name(), dev, p, "icmp echo"));
        sim.icmp.echoReply(ns.name(), skb.packetId(), p);
      } else {
        sim.record(skb, new Step.LocalDelivery(ns.name(), dev, p, "socket"));
      }
    } else if (l4 instanceof L4.Udp udp) {
      if (!Tcp.listening(sim, ns, ListeningSocket.UDP, p, udp.dport())) {
        sim.record(skb, new Step.LocalDelivery(ns.name(), dev, p, "udp: no socket on port " + udp.dport()));
        sim.icmp.sendError(ns.name(), skb.packetId(), p, L4.Icmp.DEST_UNREACH, L4.Icmp.PORT_UNREACH, 0);
      } else {
        sim.record(skb, new Step.LocalDelivery(ns.name(), dev, p, "udp port " + udp.dport()));
      }
    } else if (l4 instanceof L4.Tcp tcp) {
      sim.tcp.receive(ns, dev, skb, p, tcp);
    } else {
      throw new AssertionError(l4);
    }
  }

  /** Stops a packet at an iptables hook podpath cannot evaluate yet; true if it did. */
  private boolean gated(Netns ns, String hook, long id, long copy) {
    Optional<DropReason> gate = NetfilterGate.check(ns, hook);
    gate.ifPresent(g -> sim.record(id, copy, false, new Step.Dropped(ns.name(), g)));
    return gate.isPresent();
  }

  static Step.RouteSelected routeStep(NetnsName ns, boolean input, FibResult.Found f, Optional<Ipv4Address> src) {
    Optional<NextHop> hop = f.hop();
    return new Step.RouteSelected(ns, input, f.rule(), f.route(),
        hop.flatMap(NextHop::via), hop.map(NextHop::dev), src.filter(a -> !a.isAny()));
  }
}
