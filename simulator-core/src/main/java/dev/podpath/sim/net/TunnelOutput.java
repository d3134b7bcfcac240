package dev.podpath.sim.net;

import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.Netns;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import java.util.Optional;
import java.util.function.Function;

/**
 * The underlay half of a tunnel's transmit ({@code udp_tunnel_xmit_skb}, {@code iptunnel_xmit}):
 * the outer packet is routed by the namespace's own tables and gets its source from the route when
 * the tunnel fixes none; a route back into the tunnel is a loop. It then leaves as any locally
 * generated packet does ({@link LocalOut}). The packet keeps its id, so a trace follows it across
 * the underlay.
 */
final class TunnelOutput {

  private TunnelOutput() {}

  /**
   * Sends {@code outer} (source {@code 0.0.0.0} = chosen by the route) for the tunnel {@code dev}.
   *
   * @param step the encapsulation step, made once the outer source is known
   */
  static void send(
      Simulation sim,
      Netns ns,
      DeviceRef dev,
      Skb skb,
      Function<Ipv4Packet, Step> step,
      Ipv4Packet outer) {
    FibResult res = FibLookup.lookup(ns, FibLookup.Key.output(outer.dst(), outer.src(), 0));
    if (res instanceof FibResult.Failed f) {
      sim.record(skb, step.apply(outer));
      sim.links.drop(skb, dev, LocalOut.unroutable(ns.name(), f, outer.dst()));
      return;
    }
    FibResult.Found found = (FibResult.Found) res;
    if (found.route().type() == RouteType.LOCAL) {
      sim.record(skb, step.apply(outer));
      sim.links.drop(
          skb,
          dev,
          new DropReason.NotModelled(
              ns.name(),
              "a tunnel whose remote end " + outer.dst() + " is an address of this namespace"));
      return;
    }
    if (found.hop().isEmpty()) {
      sim.record(skb, step.apply(outer));
      sim.links.drop(
          skb,
          dev,
          new DropReason.NotModelled(
              ns.name(), "tunnel packet through a " + found.route().type().keyword() + " route"));
      return;
    }
    Ipv4Packet p =
        outer.src().isAny() ? outer.withSrc(LocalOut.source(ns, found, outer.dst())) : outer;
    sim.record(skb, step.apply(p));
    sim.record(skb, IpStack.routeStep(ns.name(), false, found, Optional.of(p.src())));
    if (found.hop().get().dev().equals(dev.name())) {
      sim.links.drop(skb, dev, new DropReason.TunnelLoop(dev, outer.dst()));
      return;
    }
    // the outer packet leaves as a locally generated one (ip_local_out)
    sim.localOut.output(
        ns, skb.packetId(), skb.copyId(), skb.arp(), p, found, new LocalOut.Sender.Tunnel(dev));
  }

  /** Whether {@code p} is the outer packet of a UDP tunnel (VXLAN, flannel's UDP backend). */
  static boolean isUdpTunnel(Ipv4Packet p) {
    return p.l4() instanceof dev.podpath.model.packet.L4.Udp u && u.payload().isPresent();
  }

  /**
   * An ICMP error about a UDP tunnel's outer packet: the tunnel's socket takes it (the VXLAN
   * socket's {@code encap_err_lookup}, flanneld's socket; a path-MTU exception is learned for the
   * remote node), and the inner sender never sees it.
   */
  static void errorReceived(
      Simulation sim, Netns ns, String inDev, Skb skb, dev.podpath.model.packet.L4.Icmp icmp) {
    sim.pathMtu.icmpReceived(ns, icmp);
    dev.podpath.model.packet.L4.Udp u =
        (dev.podpath.model.packet.L4.Udp) icmp.quoted().orElseThrow().l4();
    String tunnel =
        u.payload().orElseThrow() instanceof dev.podpath.model.packet.UdpPayload.Vxlan
            ? "VXLAN"
            : "flannel UDP";
    sim.links.drop(
        skb,
        new DeviceRef(ns.name(), inDev),
        new DropReason.TunnelErrorAbsorbed(ns.name(), icmp.type(), icmp.code(), tunnel));
  }
}
