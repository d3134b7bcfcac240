package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.netfilter.HookInput;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.SocketError;
import dev.podpath.sim.outcome.Step;
import java.util.Optional;

/**
 * The one way out of a namespace for a packet it originates, once routed ({@code ip_local_out}):
 * the OUTPUT hook (a DNAT or a new mark there routes the packet again, {@code ip_route_me_harder}),
 * POSTROUTING, the MTU as the sender sees it, then the neighbour layer, or loopback for a local
 * route. A socket's packet, the stack's own answers and a tunnel's outer packet all leave this way;
 * {@link Sender} holds what differs between them.
 */
final class LocalOut implements LocalOutput {

  private final Run run;
  private final Hooks hooks;
  private final NeighbourOutput neighbours;
  private final LinkOutput links;
  private final PathMtu pathMtu;
  private final Redirects redirects;
  private final LocalSockets sockets;

  /**
   * @param hooks iptables at OUTPUT and POSTROUTING
   * @param neighbours where a packet routed to a next hop goes
   * @param links where a packet to a local address goes (loopback)
   * @param pathMtu the path MTU a socket learned
   * @param redirects the next hops the ICMP redirects taken set for their destinations
   * @param sockets where a socket's local error is kept
   */
  LocalOut(
      Run run,
      Hooks hooks,
      NeighbourOutput neighbours,
      LinkOutput links,
      PathMtu pathMtu,
      Redirects redirects,
      LocalSockets sockets) {
    this.run = run;
    this.hooks = hooks;
    this.neighbours = neighbours;
    this.links = links;
    this.pathMtu = pathMtu;
    this.redirects = redirects;
    this.sockets = sockets;
  }

  /**
   * {@code p0}, routed by {@code found0}, leaves {@code ns}.
   *
   * @param arp whether the packet carries an ARP exchange (a tunnel's outer packet around one): its
   *     steps then belong to that exchange in a trace
   */
  @Override
  public void output(
      Netns ns,
      long id,
      long copy,
      boolean arp,
      Ipv4Packet p0,
      FibResult.Found found0,
      Sender sender) {
    Optional<Long> cause = sender instanceof Sender.Stack s ? s.cause() : Optional.empty();
    String out0 =
        found0.route().type() == RouteType.LOCAL ? "lo" : found0.hop().orElseThrow().dev();
    if (sender instanceof Sender.Socket
        && p0.dontFragment()
        && found0.route().type() == RouteType.UNICAST
        && !fits(ns, id, copy, arp, p0, ns.device(out0).orElseThrow(), sender)) {
      // ip_append_data: a DF send larger than the route's MTU fails with EMSGSIZE before the
      // packet is built, so OUTPUT (and conntrack) never see it (kernel-checked: random seed 130)
      return;
    }
    Optional<Ipv4Packet> o =
        hooks.run(
            ns,
            Hook.OUTPUT,
            id,
            copy,
            arp,
            new HookInput(
                id,
                cause,
                p0,
                "",
                out0,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Hooks.redirectTo(ns, "")));
    if (o.isEmpty()) {
      return;
    }
    Ipv4Packet p = o.get();
    FibResult.Found found = found0;
    if (!p.dst().equals(p0.dst()) || p.mark() != p0.mark()) {
      FibResult res = FibLookup.lookup(ns, FibLookup.Key.output(p.dst(), p.src(), p.mark()));
      if (res instanceof FibResult.Failed f) {
        run.log().record(id, copy, arp, new Step.Dropped(ns.name(), f.reason(ns.name(), p.dst())));
        hooks.forget(ns.name(), id);
        return;
      }
      found = ((FibResult.Found) res).pinned(ns.name(), run.config().multipath());
      run.log().record(id, copy, arp, found.step(ns.name(), false, Optional.of(p.src())));
    }
    if (found.route().type() == RouteType.LOCAL) {
      Optional<Ipv4Packet> post =
          hooks.run(
              ns,
              Hook.POSTROUTING,
              id,
              copy,
              arp,
              new HookInput(
                  id,
                  cause,
                  p,
                  "",
                  "lo",
                  Optional.empty(),
                  Optional.empty(),
                  Hooks.masqueradeSource(ns, "lo", p.dst()),
                  Optional.empty()));
      post.ifPresent(q -> viaLoopback(ns, id, copy, arp, q));
      return;
    }
    if (found.route().type() != RouteType.UNICAST || found.hop().isEmpty()) {
      run.log()
          .record(
              id,
              copy,
              arp,
              new Step.Dropped(
                  ns.name(),
                  new DropReason.NotModelled(
                      ns.name(),
                      "locally generated packet to a "
                          + found.route().type().keyword()
                          + " route")));
      return;
    }
    NextHop hop = found.hop().get();
    NetDevice out = ns.device(hop.dev()).orElseThrow();
    Ipv4Address nextHop =
        redirects
            .gateway(ns.name(), p.dst(), hop.dev())
            .orElseGet(() -> NextHopAddress.of(ns, hop, p.dst()));
    Optional<Ipv4Packet> post =
        hooks.run(
            ns,
            Hook.POSTROUTING,
            id,
            copy,
            arp,
            new HookInput(
                id,
                cause,
                p,
                "",
                hop.dev(),
                Optional.empty(),
                Optional.empty(),
                Hooks.masqueradeSource(ns, hop.dev(), nextHop),
                Optional.empty()));
    if (post.isEmpty()) {
      return;
    }
    Ipv4Packet q = post.get();
    if (!fits(ns, id, copy, arp, q, out, sender)) {
      return;
    }
    if (!(sender instanceof Sender.Stack)
        && found.multipath()
        && !found.forcedBy(ns.name(), run.config().multipath())) {
      run.log()
          .record(
              id,
              copy,
              arp,
              new Step.NotModelled(
                  ns.name(),
                  "ECMP: the kernel hashes the flow over "
                      + found.route().nextHops().size()
                      + " next hops with a key drawn at boot; podpath follows the first"
                      + " (--all-branches traces each, --nexthop picks one)"));
    }
    neighbours.output(new DeviceRef(ns.name(), hop.dev()), out, nextHop, id, copy, arp, q);
  }

  /**
   * The MTU check of {@code ip_finish_output}, as the sender meets it: a socket's packet against
   * the lower of the device MTU and the path MTU it learned (too big with DF: EMSGSIZE to the
   * socket); a tunnel's outer packet against the device MTU (too big with DF: the tunnel's
   * EMSGSIZE). A packet too big without DF would leave in fragments, which podpath does not model.
   * The stack's own answers are small (an ICMP error quotes at most 576 bytes) and are not checked.
   */
  private boolean fits(
      Netns ns, long id, long copy, boolean arp, Ipv4Packet q, NetDevice out, Sender sender) {
    int mtu;
    if (sender instanceof Sender.Socket) {
      mtu = Math.min(out.mtu(), pathMtu.mtu(ns.name(), q.dst()).orElse(out.mtu()));
    } else if (sender instanceof Sender.Tunnel) {
      mtu = out.mtu();
    } else {
      return true;
    }
    if (q.totalLength() <= mtu) {
      return true;
    }
    if (!q.dontFragment()) {
      run.log()
          .record(
              id,
              copy,
              arp,
              new Step.Dropped(
                  ns.name(), Fragmentation.notModelled(ns, q.totalLength(), mtu, out.name())));
    } else if (sender instanceof Sender.Tunnel) {
      run.log()
          .record(
              id,
              copy,
              arp,
              new Step.Dropped(
                  ns.name(),
                  new DropReason.LocalError(
                      ns.name(),
                      Errno.EMSGSIZE,
                      "the outer packet ("
                          + q.totalLength()
                          + " bytes, DF) does not fit the MTU "
                          + mtu
                          + " of "
                          + out.name())));
    } else {
      failed(id, ns.name(), new SocketError.MessageTooLong(mtu));
    }
    return false;
  }

  /** A socket's send fails locally: the error it reads, and the step that ends its packet. */
  @Override
  public void failed(long id, NetnsName ns, SocketError error) {
    sockets.failed(id, error);
    run.log()
        .record(
            id,
            run.log().newCopyId(),
            false,
            new Step.Dropped(ns, DropReason.LocalError.of(ns, error)));
  }

  private void viaLoopback(Netns ns, long id, long copy, boolean arp, Ipv4Packet p) {
    DeviceRef lo = new DeviceRef(ns.name(), "lo");
    Optional<NetDevice> loDev = ns.device("lo");
    if (loDev.isEmpty() || !loDev.get().up()) {
      run.log()
          .record(
              id, copy, arp, new Step.Dropped(ns.name(), new DropReason.LoopbackDown(ns.name())));
      return;
    }
    links.transmit(lo, new Skb(id, copy, new Frame(MacAddress.ZERO, MacAddress.ZERO, p), arp));
  }
}
