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
final class IpStack implements IpInput, StackOutput {

  private final Run run;
  private final Hooks hooks;
  private final LocalOutput localOut;
  private final NeighbourOutput neighbours;
  private final IcmpOutput icmpOut;
  private final TcpInput tcpEnds;
  private final TunnelReceive tunnels;
  private final PathMtu pathMtu;
  private final Redirects redirects;
  private final LocalSockets sockets;

  /**
   * @param hooks iptables at PREROUTING, INPUT, FORWARD, POSTROUTING
   * @param localOut how a packet this namespace originates leaves, once routed
   * @param neighbours where a forwarded packet goes to its next hop
   * @param icmp the errors and echo replies the stack sends
   * @param tcp the local ends of TCP
   * @param tunnels the tunnels' receive (UDP sockets, protocol 4) and their ICMP errors
   * @param pathMtu the path-MTU exceptions an ICMP "fragmentation needed" teaches
   * @param redirects the route exceptions the ICMP redirects taken left
   * @param sockets what local sockets sent, and the errors they got
   */
  IpStack(
      Run run,
      Hooks hooks,
      LocalOutput localOut,
      NeighbourOutput neighbours,
      IcmpOutput icmp,
      TcpInput tcp,
      TunnelReceive tunnels,
      PathMtu pathMtu,
      Redirects redirects,
      LocalSockets sockets) {
    this.run = run;
    this.hooks = hooks;
    this.localOut = localOut;
    this.neighbours = neighbours;
    this.icmpOut = icmp;
    this.tcpEnds = tcp;
    this.tunnels = tunnels;
    this.pathMtu = pathMtu;
    this.redirects = redirects;
    this.sockets = sockets;
  }

  /** A local socket sends ({@code ip_route_output} then {@code ip_output}). */
  void sendLocal(long id, LocalSend send) {
    Netns ns = run.net().netns(send.netns());
    if (send.src().isPresent() && !ns.ownsAddress(send.src().get())) {
      localOut.failed(id, ns.name(), new SocketError.AddressNotAvailable());
      return;
    }
    Ipv4Address src = send.src().orElse(Ipv4Address.ANY);
    FibResult res = FibLookup.lookup(ns, FibLookup.Key.output(send.dst(), src, 0));
    if (res instanceof FibResult.Failed f) {
      sockets.failed(id, new SocketError.Unroutable(f.errno()));
      run.log()
          .record(
              id,
              run.log().newCopyId(),
              false,
              new Step.Dropped(ns.name(), f.reason(ns.name(), send.dst())));
      return;
    }
    FibResult.Found found = ((FibResult.Found) res).pinned(ns.name(), run.config().multipath());
    long copy = run.log().newCopyId();
    if (found.route().type() != RouteType.LOCAL
        && (found.route().type() != RouteType.UNICAST || found.hop().isEmpty())) {
      sockets.failed(id, new SocketError.NotModelled(found.route().type()));
      run.log()
          .record(
              id,
              copy,
              false,
              new Step.Dropped(
                  ns.name(),
                  new DropReason.NotModelled(
                      ns.name(),
                      "locally generated packet to a "
                          + found.route().type().keyword()
                          + " route")));
      return;
    }
    Ipv4Address s = send.src().orElseGet(() -> found.source(ns, send.dst()));
    Ipv4Packet p =
        new Ipv4Packet(
            s, send.dst(), send.ttl(), 0, send.dontFragment(), send.totalLength(), 0, send.l4());
    run.log().record(id, copy, false, new Step.Originated(ns.name(), p, "local socket"));
    run.log().record(id, copy, false, found.step(ns.name(), false, Optional.of(s)));
    sockets.sent(ns.name(), id, p, send.raw());
    localOut.output(ns, id, copy, false, p, found, new Sender.Socket());
  }

  /**
   * Sends a packet the stack itself made (an echo reply, an ICMP error, a SYN-ACK) from {@code ns}.
   */
  @Override
  public void sendFromStack(NetnsName nsName, long id, Ipv4Packet packet) {
    Netns ns = run.net().netns(nsName);
    long copy = run.log().newCopyId();
    FibResult res =
        FibLookup.lookup(ns, FibLookup.Key.output(packet.dst(), packet.src(), packet.mark()));
    if (res instanceof FibResult.Failed f) {
      run.log().record(id, copy, false, new Step.Originated(nsName, packet, "kernel"));
      run.log().record(id, copy, false, new Step.Dropped(nsName, f.reason(nsName, packet.dst())));
      return;
    }
    FibResult.Found found = (FibResult.Found) res;
    if (found.route().type() != RouteType.LOCAL && found.hop().isEmpty()) {
      run.log()
          .record(
              id,
              copy,
              false,
              new Step.Dropped(
                  nsName,
                  new DropReason.NotModelled(
                      nsName, "reply through a " + found.route().type().keyword() + " route")));
      return;
    }
    Ipv4Packet p = packet.src().isAny() ? packet.withSrc(found.source(ns, packet.dst())) : packet;
    run.log().record(id, copy, false, new Step.Originated(nsName, p, "kernel"));
    run.log().record(id, copy, false, found.step(nsName, false, Optional.of(p.src())));
    localOut.output(ns, id, copy, false, p, found, new Sender.Stack(run.log().cause(id)));
  }

  /**
   * A packet arrived on {@code ref} ({@code ip_rcv}): PREROUTING, the routing decision, then INPUT
   * or forwarding.
   */
  @Override
  public void receive(DeviceRef ref, NetDevice dev, Skb skb, Ipv4Packet p0) {
    Netns ns = run.net().netns(ref.netns());
    Optional<String> physIn = hooks.bridgedPort(ns.name(), skb.packetId());
    Ipv4Packet p = p0;
    if (!hooks.bridgedPrerouting(ns.name(), skb.packetId())) {
      Optional<Ipv4Packet> pre =
          hooks.run(
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
                  Hooks.redirectTo(ns, ref.name())));
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
      run.log().drop(skb, ref, new DropReason.MartianSource(ref, p.src()));
      return;
    }
    if (p.dst().isLoopback() && !localnet) {
      run.log().drop(skb, ref, new DropReason.MartianDestination(ref, p.dst()));
      return;
    }
    InputDecision d =
        RouteInput.decide(ns, p.dst(), p.src(), ref.name(), p.mark(), run.config().multipath());
    if (d instanceof InputDecision.Local l) {
      run.log().record(skb, l.found().step(ns.name(), true, Optional.empty()));
      input(ns, ref.name(), skb, p, physIn);
    } else if (d instanceof InputDecision.Forward f) {
      run.log().record(skb, f.found().step(ns.name(), true, Optional.empty()));
      forward(ns, ref, skb, p, f, physIn);
    } else if (d instanceof InputDecision.Drop dr) {
      run.log().drop(skb, ref, dr.reason());
      hooks.forget(ns.name(), skb.packetId());
      hooks.done(ns.name(), skb.packetId());
      if (dr.icmpCode().isPresent()
          && icmpOut.routeErrorAllowed(ns.name(), skb.packetId(), p, dr.icmpCode().getAsInt())) {
        icmpOut.sendError(
            ns.name(), skb.packetId(), p, L4.Icmp.DEST_UNREACH, dr.icmpCode().getAsInt(), 0);
      }
    } else {
      throw new AssertionError(d);
    }
  }

  /** {@code ip_local_deliver}: the INPUT hook, then the local handlers. */
  private void input(Netns ns, String dev, Skb skb, Ipv4Packet p, Optional<String> physIn) {
    hooks.done(ns.name(), skb.packetId());
    Optional<Ipv4Packet> in =
        hooks.run(
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

  /**
   * {@code __mkroute_input}'s {@code IPSKB_DOREDIRECT}: the packet leaves through the device it
   * came in on, {@code send_redirects} is on there (all or the device), and the sender is on-link:
   * the route back to it has no gateway ({@code fib_validate_source} returns 1). {@code
   * shared_media} is taken as its default (on), which skips the check that the new next hop shares
   * the sender's subnet.
   */
  private static boolean sendsRedirect(Netns ns, String in, NextHop hop, Ipv4Packet p) {
    if (!hop.dev().equals(in)
        || (ns.sysctls().confAll("send_redirects") == 0
            && ns.sysctls().conf(in, "send_redirects") == 0)) {
      return false;
    }
    // fib_validate_source's reverse lookup (to the source, from the destination): the sender is
    // on-link when that route leaves through the input device and has no gateway (its second
    // lookup, restricted to the input device when rp_filter is not strict, is not followed)
    FibResult back =
        FibLookup.lookup(
            ns,
            FibLookup.Key.output(
                p.src(), p.dst(), RouteInput.reverseMark(ns.sysctls(), in, p.mark())));
    return back instanceof FibResult.Found f
        && f.hop().filter(h -> h.via().isEmpty() && h.dev().equals(in)).isPresent();
  }

  /** {@code ip_forward}: TTL, MTU, then out through the neighbour layer. */
  private void forward(
      Netns ns,
      DeviceRef in,
      Skb skb,
      Ipv4Packet p,
      InputDecision.Forward f,
      Optional<String> physIn) {
    hooks.done(ns.name(), skb.packetId());
    NextHop hop = f.hop();
    if (p.ttl() <= 1) {
      run.log().drop(skb, in, new DropReason.TtlExceeded(ns.name(), p.ttl()));
      icmpOut.sendError(ns.name(), skb.packetId(), p, L4.Icmp.TIME_EXCEEDED, 0, 0);
      return;
    }
    Optional<NetDevice> out = ns.device(hop.dev());
    if (out.isEmpty()) {
      run.log()
          .drop(
              skb,
              in,
              new DropReason.NotModelled(ns.name(), "route through missing device " + hop.dev()));
      return;
    }
    DeviceRef outRef = new DeviceRef(ns.name(), hop.dev());
    if (p.totalLength() > out.get().mtu()) {
      if (p.dontFragment()) {
        run.log()
            .drop(
                skb,
                in,
                new DropReason.FragmentationNeeded(
                    outRef,
                    p.totalLength(),
                    out.get().mtu(),
                    TunnelOverhead.describe(ns, out.get())));
        icmpOut.sendError(
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
      run.log()
          .drop(
              skb, in, Fragmentation.notModelled(ns, p.totalLength(), out.get().mtu(), hop.dev()));
      return;
    }
    boolean redirect = sendsRedirect(ns, in.name(), hop, p);
    // ip_rt_send_redirect runs (and charges the sender's peer entry, which the router's later ICMP
    // errors to the sender are limited by) whether or not the redirect goes out now
    if (redirect) {
      // ip_forward sends it after decreasing the TTL, before FORWARD: it quotes the new TTL
      icmpOut.redirect(
          ns.name(), skb.packetId(), p.withTtl(p.ttl() - 1), NextHopAddress.of(ns, hop, p.dst()));
    }
    if (redirect && p.l4() instanceof L4.Icmp i && i.type() == L4.Icmp.ECHO_REQUEST) {
      // ip_forward sends the sender an ICMP redirect and forwards the echo request: ping prints
      // the redirect first (kernel-verified, test resources random/redirect.sh). Not modelled:
      // said instead of a wrong answer. The redirect itself (its charge on the sender's peer
      // entry, the packet, what the sender does with it: Redirects) is modelled, above; a UDP or
      // TCP packet goes on as the kernel's does, and its sender does not print the redirect.
      run.log()
          .drop(
              skb,
              in,
              new DropReason.NotModelled(
                  ns.name(),
                  "ICMP redirect: "
                      + ns.name()
                      + " forwards the packet back out of "
                      + in.name()
                      + ", where it came in, and the kernel sends "
                      + p.src()
                      + " a redirect (new next hop "
                      + hop.via().orElse(p.dst())
                      + ")"));
      return;
    }
    if (f.found().multipath() && !f.found().forcedBy(ns.name(), run.config().multipath())) {
      run.log()
          .record(
              skb,
              new Step.NotModelled(
                  ns.name(),
                  "ECMP: the kernel hashes the flow over "
                      + f.found().route().nextHops().size()
                      + " next hops with a key drawn at boot; podpath follows the first"
                      + " (--all-branches traces each, --nexthop picks one)"));
    }
    Ipv4Packet fwd = p.withTtl(p.ttl() - 1);
    run.log().record(skb, new Step.Forwarded(ns.name(), in.name(), hop.dev(), p.ttl(), fwd.ttl()));
    long id = skb.packetId();
    Optional<Ipv4Packet> passed =
        hooks.run(
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
    Ipv4Address nextHop =
        redirects
            .gateway(ns.name(), passed.get().dst(), hop.dev())
            .orElseGet(() -> NextHopAddress.of(ns, hop, passed.get().dst()));
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
                passed.get(),
                in.name(),
                hop.dev(),
                physIn,
                Optional.empty(),
                Hooks.masqueradeSource(ns, hop.dev(), nextHop),
                Optional.empty()));
    post.ifPresent(
        q -> neighbours.output(outRef, out.get(), nextHop, id, skb.copyId(), skb.arp(), q));
  }

  /**
   * {@code ip_local_deliver}: hand the packet to ICMP, UDP or TCP ({@link Tcp}). An answer to a
   * local socket's packet must come from where that socket sent, else no socket takes it (a reply
   * that conntrack did not un-NAT).
   */
  private void deliverLocal(Netns ns, String dev, Skb skb, Ipv4Packet p) {
    L4 l4 = p.l4();
    Optional<LocalSockets.SocketSend> asked = sockets.answered(ns.name(), skb.packetId());
    // only the transport the socket speaks: not ICMP, and not a tunnel's outer packet (its inner
    // one answers)
    boolean transport =
        l4 instanceof L4.Tcp || l4 instanceof L4.Udp && !TunnelReceive.isUdpTunnel(p);
    if (asked.isPresent() && transport) {
      Ipv4Packet q = asked.get().packet();
      int[] want = ports(q.l4());
      int[] got = ports(l4);
      if (!p.src().equals(q.dst()) || got[0] != want[1] || got[1] != want[0]) {
        run.log()
            .record(
                skb,
                new Step.Dropped(
                    ns.name(),
                    new DropReason.NoSocket(ns.name(), p.src(), got[0], q.dst(), want[1])));
        return;
      }
      if (l4 instanceof L4.Tcp tcp && asked.get().raw()) {
        tcpEnds.rawAnswered(ns.name(), dev, skb, p, tcp);
        return;
      }
      run.log()
          .record(
              skb,
              new Step.LocalDelivery(
                  ns.name(), dev, p, l4.protocolName() + " socket port " + got[1]));
      if (l4 instanceof L4.Tcp tcp) {
        tcpEnds.connected(ns.name(), skb.packetId(), p, tcp);
      }
      return;
    }
    if (l4 instanceof L4.Icmp icmp) {
      if (icmp.type() == L4.Icmp.ECHO_REQUEST) {
        run.log().record(skb, new Step.LocalDelivery(ns.name(), dev, p, "icmp echo"));
        icmpOut.echoReply(ns.name(), skb.packetId(), p);
      } else if (icmp.quoted().filter(q -> q.l4() instanceof L4.Ipip).isPresent()) {
        tunnels.ipipError(ns, dev, skb, icmp);
      } else if (icmp.quoted().filter(TunnelReceive::isUdpTunnel).isPresent()) {
        tunnels.udpError(ns, dev, skb, icmp);
      } else if (icmp.type() == L4.Icmp.REDIRECT) {
        run.log()
            .record(
                skb,
                new Step.LocalDelivery(
                    ns.name(), dev, p, redirects.received(ns, dev, skb.packetId(), p, icmp)));
      } else {
        pathMtu.icmpReceived(ns, icmp);
        run.log().record(skb, new Step.LocalDelivery(ns.name(), dev, p, "socket"));
      }
    } else if (l4 instanceof L4.Udp udp) {
      if (tunnels.udp(ns, dev, skb, p, udp)) {
        return;
      }
      if (!LocalSockets.listening(run.config(), ns, ListeningSocket.UDP, p, udp.dport())) {
        run.log()
            .record(
                skb,
                new Step.LocalDelivery(ns.name(), dev, p, "udp: no socket on port " + udp.dport()));
        icmpOut.sendError(
            ns.name(), skb.packetId(), p, L4.Icmp.DEST_UNREACH, L4.Icmp.PORT_UNREACH, 0);
      } else {
        run.log().record(skb, new Step.LocalDelivery(ns.name(), dev, p, "udp port " + udp.dport()));
      }
    } else if (l4 instanceof L4.Ipip ipip) {
      tunnels.ipip(ns, dev, skb, p, ipip);
    } else if (l4 instanceof L4.Tcp tcp) {
      tcpEnds.receive(ns, dev, skb, p, tcp);
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
}
