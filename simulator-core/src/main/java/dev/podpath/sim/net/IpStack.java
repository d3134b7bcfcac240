package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.ListeningSocket;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.netfilter.HookInput;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.SocketError;
import dev.podpath.sim.outcome.Step;
import java.util.Optional;

/**
 * A namespace's IPv4 layer: the routing of what it originates (then {@link LocalOut}), input (local
 * delivery or forwarding with TTL and MTU checks), and the local handlers (echo, UDP, TCP).
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
      sim.localOut.failed(id, ns.name(), new SocketError.AddressNotAvailable());
      return;
    }
    Ipv4Address src = send.src().orElse(Ipv4Address.ANY);
    FibResult res = FibLookup.lookup(ns, FibLookup.Key.output(send.dst(), src, 0));
    if (res instanceof FibResult.Failed f) {
      sim.localError(id, new SocketError.Unroutable(f.errno()));
      sim.record(
          id,
          sim.newCopyId(),
          false,
          new Step.Dropped(ns.name(), LocalOut.unroutable(ns.name(), f, send.dst())));
      return;
    }
    FibResult.Found found = (FibResult.Found) res;
    long copy = sim.newCopyId();
    if (found.route().type() != RouteType.LOCAL
        && (found.route().type() != RouteType.UNICAST || found.hop().isEmpty())) {
      sim.localError(id, new SocketError.NotModelled(found.route().type()));
      sim.record(
          id,
          copy,
          false,
          new Step.Dropped(
              ns.name(),
              new DropReason.NotModelled(
                  ns.name(),
                  "locally generated packet to a " + found.route().type().keyword() + " route")));
      return;
    }
    Ipv4Address s = send.src().orElseGet(() -> LocalOut.source(ns, found, send.dst()));
    Ipv4Packet p =
        Simulation.packet(
            s, send.dst(), send.ttl(), 0, send.dontFragment(), send.totalLength(), send.l4());
    sim.record(id, copy, false, new Step.Originated(ns.name(), p, "local socket"));
    sim.record(id, copy, false, routeStep(ns.name(), false, found, Optional.of(s)));
    sim.socketSent(ns.name(), id, p, send.raw());
    sim.localOut.output(ns, id, copy, false, p, found, new LocalOut.Sender.Socket());
  }

  /**
   * Sends a packet the stack itself made (an echo reply, an ICMP error, a SYN-ACK) from {@code ns}.
   */
  void sendFromStack(NetnsName nsName, long id, Ipv4Packet packet) {
    Netns ns = sim.netns(nsName);
    long copy = sim.newCopyId();
    FibResult res =
        FibLookup.lookup(ns, FibLookup.Key.output(packet.dst(), packet.src(), packet.mark()));
    if (res instanceof FibResult.Failed f) {
      sim.record(id, copy, false, new Step.Originated(nsName, packet, "kernel"));
      sim.record(
          id, copy, false, new Step.Dropped(nsName, LocalOut.unroutable(nsName, f, packet.dst())));
      return;
    }
    FibResult.Found found = (FibResult.Found) res;
    if (found.route().type() != RouteType.LOCAL && found.hop().isEmpty()) {
      sim.record(
          id,
          copy,
          false,
          new Step.Dropped(
              nsName,
              new DropReason.NotModelled(
                  nsName, "reply through a " + found.route().type().keyword() + " route")));
      return;
    }
    Ipv4Packet p =
        packet.src().isAny() ? packet.withSrc(LocalOut.source(ns, found, packet.dst())) : packet;
    sim.record(id, copy, false, new Step.Originated(nsName, p, "kernel"));
    sim.record(id, copy, false, routeStep(nsName, false, found, Optional.of(p.src())));
    sim.localOut.output(
        ns, id, copy, false, p, found, new LocalOut.Sender.Stack(sim.log.cause(id)));
  }

  /**
   * A packet arrived on {@code ref} ({@code ip_rcv}): PREROUTING, the routing decision, then INPUT
   * or forwarding.
   */
  void receive(DeviceRef ref, NetDevice dev, Skb skb, Ipv4Packet p0) {
    Netns ns = sim.netns(ref.netns());
    Optional<String> physIn = sim.nf.bridgedPort(ns.name(), skb.packetId());
    Ipv4Packet p = p0;
    if (!sim.nf.takeBridgedPrerouting(ns.name(), skb.packetId())) {
      Optional<Ipv4Packet> pre =
          sim.nf.run(
              ns,
              Hook.PREROUTING,
              skb.packetId(),
              skb.copyId(),
              skb.arp(),
              new HookInput(
                  skb.packetId(),
                  Optional.empty(),
                  p0,
                  ref.name(),
                  "",
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  NetfilterHooks.redirectTo(ns, ref.name())));
      if (pre.isEmpty()) {
        return;
      }
      p = pre.get();
    }
    if (dev.isLoopback()) {
      input(ns, ref.name(), skb, p, physIn);
      return;
    }
    boolean localnet = ns.sysctls().routeLocalnet(ref.name());
    if (p.src().isMulticast()
        || p.src().isLimitedBroadcast()
        || (p.src().isLoopback() && !localnet)) {
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
      input(ns, ref.name(), skb, p, physIn);
    } else if (d instanceof InputDecision.Forward f) {
      sim.record(skb, routeStep(ns.name(), true, f.found(), Optional.empty()));
      forward(ns, ref, skb, p, f, physIn);
    } else if (d instanceof InputDecision.Drop dr) {
      sim.links.drop(skb, ref, dr.reason());
      sim.nf.netfilter.forget(ns.name(), skb.packetId());
      sim.nf.done(ns.name(), skb.packetId());
      if (dr.icmpCode().isPresent()
          && sim.icmp.routeErrorAllowed(ns.name(), skb.packetId(), p, dr.icmpCode().getAsInt())) {
        sim.icmp.sendError(
            ns.name(), skb.packetId(), p, L4.Icmp.DEST_UNREACH, dr.icmpCode().getAsInt(), 0);
      }
    } else {
      throw new AssertionError(d);
    }
  }

  /** {@code ip_local_deliver}: the INPUT hook, then the local handlers. */
  private void input(Netns ns, String dev, Skb skb, Ipv4Packet p, Optional<String> physIn) {
    sim.nf.done(ns.name(), skb.packetId());
    Optional<Ipv4Packet> in =
        sim.nf.run(
            ns,
            Hook.INPUT,
            skb.packetId(),
            skb.copyId(),
            skb.arp(),
            new HookInput(
                skb.packetId(),
                Optional.empty(),
                p,
                dev,
                "",
                physIn,
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
    in.ifPresent(q -> deliverLocal(ns, dev, skb, q));
  }

  /** {@code ip_forward}: TTL, MTU, then out through the neighbour layer. */
  private void forward(
      Netns ns,
      DeviceRef in,
      Skb skb,
      Ipv4Packet p,
      InputDecision.Forward f,
      Optional<String> physIn) {
    sim.nf.done(ns.name(), skb.packetId());
    NextHop hop = f.hop();
    if (p.ttl() <= 1) {
      sim.links.drop(skb, in, new DropReason.TtlExceeded(ns.name(), p.ttl()));
      sim.icmp.sendError(ns.name(), skb.packetId(), p, L4.Icmp.TIME_EXCEEDED, 0, 0);
      return;
    }
    Optional<NetDevice> out = ns.device(hop.dev());
    if (out.isEmpty()) {
      sim.links.drop(
          skb,
          in,
          new DropReason.NotModelled(ns.name(), "route through missing device " + hop.dev()));
      return;
    }
    DeviceRef outRef = new DeviceRef(ns.name(), hop.dev());
    if (p.totalLength() > out.get().mtu()) {
      if (p.dontFragment()) {
        sim.links.drop(
            skb,
            in,
            new DropReason.FragmentationNeeded(
                outRef, p.totalLength(), out.get().mtu(), TunnelOverhead.describe(ns, out.get())));
        sim.icmp.sendError(
            ns.name(),
            skb.packetId(),
            p,
            L4.Icmp.DEST_UNREACH,
            L4.Icmp.FRAG_NEEDED,
            out.get().mtu());
        return;
      }
      // Followed whole, the packet would meet later MTU checks the kernel's fragments pass: say so
      // instead.
      sim.links.drop(skb, in, fragmentation(ns, p.totalLength(), out.get().mtu(), hop.dev()));
      return;
    }
    if (hop.dev().equals(in.name()) && ns.sysctls().conf(in.name(), "send_redirects") != 0) {
      sim.record(
          skb,
          new Step.NotModelled(
              ns.name(),
              "ICMP redirect: the packet leaves through the device it came in on; the kernel may also send the sender a redirect"));
    }
    if (f.found().multipath()) {
      sim.record(
          skb,
          new Step.NotModelled(
              ns.name(),
              "ECMP: the kernel hashes the flow over "
                  + f.found().route().nextHops().size()
                  + " next hops; podpath follows the first"));
    }
    Ipv4Packet fwd = p.withTtl(p.ttl() - 1);
    sim.record(skb, new Step.Forwarded(ns.name(), in.name(), hop.dev(), p.ttl(), fwd.ttl()));
    long id = skb.packetId();
    Optional<Ipv4Packet> passed =
        sim.nf.run(
            ns,
            Hook.FORWARD,
            id,
            skb.copyId(),
            skb.arp(),
            new HookInput(
                id,
                Optional.empty(),
                fwd,
                in.name(),
                hop.dev(),
                physIn,
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
    if (passed.isEmpty()) {
      return;
    }
    Ipv4Address nextHop = hop.via().orElse(passed.get().dst());
    Optional<Ipv4Packet> post =
        sim.nf.run(
            ns,
            Hook.POSTROUTING,
            id,
            skb.copyId(),
            skb.arp(),
            new HookInput(
                id,
                Optional.empty(),
                passed.get(),
                in.name(),
                hop.dev(),
                physIn,
                Optional.empty(),
                NetfilterHooks.masqueradeSource(ns, hop.dev(), nextHop),
                Optional.empty()));
    post.ifPresent(
        q -> sim.neighbours.output(outRef, out.get(), nextHop, id, skb.copyId(), skb.arp(), q));
  }

  /**
   * {@code ip_local_deliver}: hand the packet to ICMP, UDP or TCP ({@link Tcp}). An answer to a
   * local socket's packet must come from where that socket sent, else no socket takes it (a reply
   * that conntrack did not un-NAT).
   */
  private void deliverLocal(Netns ns, String dev, Skb skb, Ipv4Packet p) {
    L4 l4 = p.l4();
    Optional<Simulation.SocketSend> asked = sim.socketPacketAnswered(ns.name(), skb.packetId());
    // only the transport the socket speaks: not ICMP, and not a tunnel's outer packet (its inner
    // one answers)
    boolean transport =
        l4 instanceof L4.Tcp || l4 instanceof L4.Udp && !TunnelOutput.isUdpTunnel(p);
    if (asked.isPresent() && transport) {
      Ipv4Packet q = asked.get().packet();
      int[] want = ports(q.l4());
      int[] got = ports(l4);
      if (!p.src().equals(q.dst()) || got[0] != want[1] || got[1] != want[0]) {
        sim.record(
            skb,
            new Step.Dropped(
                ns.name(), new DropReason.NoSocket(ns.name(), p.src(), got[0], q.dst(), want[1])));
        return;
      }
      if (l4 instanceof L4.Tcp tcp && asked.get().raw()) {
        sim.tcp.rawAnswered(ns.name(), dev, skb, p, tcp);
        return;
      }
      sim.record(
          skb,
          new Step.LocalDelivery(ns.name(), dev, p, l4.protocolName() + " socket port " + got[1]));
      if (l4 instanceof L4.Tcp tcp) {
        sim.tcp.connected(ns.name(), skb.packetId(), p, tcp);
      }
      return;
    }
    if (l4 instanceof L4.Icmp icmp) {
      if (icmp.type() == L4.Icmp.ECHO_REQUEST) {
        sim.record(skb, new Step.LocalDelivery(ns.name(), dev, p, "icmp echo"));
        sim.icmp.echoReply(ns.name(), skb.packetId(), p);
      } else if (icmp.quoted().filter(q -> q.l4() instanceof L4.Ipip).isPresent()) {
        sim.ipip.errorReceived(ns, dev, skb, icmp);
      } else if (icmp.quoted().filter(TunnelOutput::isUdpTunnel).isPresent()) {
        TunnelOutput.errorReceived(sim, ns, dev, skb, icmp);
      } else {
        sim.pathMtu.icmpReceived(ns, icmp);
        sim.record(skb, new Step.LocalDelivery(ns.name(), dev, p, "socket"));
      }
    } else if (l4 instanceof L4.Udp udp) {
      if (sim.vxlan.receive(ns, dev, skb, p, udp) || sim.tun.receive(ns, dev, skb, p, udp)) {
        return;
      }
      if (!Tcp.listening(sim, ns, ListeningSocket.UDP, p, udp.dport())) {
        sim.record(
            skb,
            new Step.LocalDelivery(ns.name(), dev, p, "udp: no socket on port " + udp.dport()));
        sim.icmp.sendError(
            ns.name(), skb.packetId(), p, L4.Icmp.DEST_UNREACH, L4.Icmp.PORT_UNREACH, 0);
      } else {
        sim.record(skb, new Step.LocalDelivery(ns.name(), dev, p, "udp port " + udp.dport()));
      }
    } else if (l4 instanceof L4.Ipip ipip) {
      sim.ipip.receive(ns, dev, skb, p, ipip);
    } else if (l4 instanceof L4.Tcp tcp) {
      sim.tcp.receive(ns, dev, skb, p, tcp);
    } else {
      throw new AssertionError(l4);
    }
  }

  private static int[] ports(L4 l4) {
    if (l4 instanceof L4.Tcp t) {
      return new int[] {t.sport(), t.dport()};
    } else if (l4 instanceof L4.Udp u) {
      return new int[] {u.sport(), u.dport()};
    }
    return new int[] {0, 0};
  }

  /**
   * A DF-clear packet larger than the MTU: the kernel sends it in fragments, which podpath does not
   * model.
   */
  static DropReason fragmentation(Netns ns, int length, int mtu, String dev) {
    return new DropReason.NotModelled(
        ns.name(),
        "fragmentation: the kernel sends this "
            + length
            + "-byte packet (DF clear) in fragments to fit the MTU "
            + mtu
            + " of "
            + dev);
  }

  static Step.RouteSelected routeStep(
      NetnsName ns, boolean input, FibResult.Found f, Optional<Ipv4Address> src) {
    Optional<NextHop> hop = f.hop();
    return new Step.RouteSelected(
        ns,
        input,
        f.rule(),
        f.route(),
        hop.flatMap(NextHop::via),
        hop.map(NextHop::dev),
        src.filter(a -> !a.isAny()));
  }
}
