package dev.podpath.sim.net;

import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.packet.UdpPayload;
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
 * generated packet does ({@link LocalOutput}). The packet keeps its id, so a trace follows it
 * across the underlay.
 */
final class TunnelOutput implements TunnelUnderlay {

  private final Run run;
  private final LocalOutput localOut;
  private final PathMtu pathMtu;

  /**
   * @param localOut how the outer packet leaves, as a locally generated one
   * @param pathMtu the exceptions an ICMP error about the outer packet teaches
   */
  TunnelOutput(Run run, LocalOutput localOut, PathMtu pathMtu) {
    this.run = run;
    this.localOut = localOut;
    this.pathMtu = pathMtu;
  }

  @Override
  public void send(
      Netns ns, DeviceRef dev, Skb skb, Function<Ipv4Packet, Step> step, Ipv4Packet outer) {
    FibResult res = FibLookup.lookup(ns, FibLookup.Key.output(outer.dst(), outer.src(), 0));
    if (res instanceof FibResult.Failed f) {
      run.log().record(skb, step.apply(outer));
      run.log().drop(skb, dev, f.reason(ns.name(), outer.dst()));
      return;
    }
    FibResult.Found found = (FibResult.Found) res;
    if (found.route().type() == RouteType.LOCAL) {
      run.log().record(skb, step.apply(outer));
      run.log()
          .drop(
              skb,
              dev,
              new DropReason.NotModelled(
                  ns.name(),
                  "a tunnel whose remote end " + outer.dst() + " is an address of this namespace"));
      return;
    }
    if (found.hop().isEmpty()) {
      run.log().record(skb, step.apply(outer));
      run.log()
          .drop(
              skb,
              dev,
              new DropReason.NotModelled(
                  ns.name(),
                  "tunnel packet through a " + found.route().type().keyword() + " route"));
      return;
    }
    Ipv4Packet p = outer.src().isAny() ? outer.withSrc(found.source(ns, outer.dst())) : outer;
    run.log().record(skb, step.apply(p));
    run.log().record(skb, found.step(ns.name(), false, Optional.of(p.src())));
    if (found.hop().get().dev().equals(dev.name())) {
      run.log().drop(skb, dev, new DropReason.TunnelLoop(dev, outer.dst()));
      return;
    }
    // the outer packet leaves as a locally generated one (ip_local_out)
    localOut.output(ns, skb.packetId(), skb.copyId(), skb.arp(), p, found, new Sender.Tunnel(dev));
  }

  /**
   * An ICMP error about a UDP tunnel's outer packet: the tunnel's socket takes it (the VXLAN
   * socket's {@code encap_err_lookup}, flanneld's socket; a path-MTU exception is learned for the
   * remote node), and the inner sender never sees it.
   */
  void errorReceived(Netns ns, String inDev, Skb skb, L4.Icmp icmp) {
    pathMtu.icmpReceived(ns, icmp);
    L4.Udp u = (L4.Udp) icmp.quoted().orElseThrow().l4();
    UdpPayload payload = u.payload().orElseThrow();
    Step.Tunnel tunnel =
        payload instanceof UdpPayload.Vxlan
            ? Step.Tunnel.VXLAN
            : payload instanceof UdpPayload.Geneve
                ? Step.Tunnel.GENEVE
                : payload instanceof UdpPayload.WireGuard
                    ? Step.Tunnel.WIREGUARD
                    : Step.Tunnel.FLANNEL_UDP;
    run.log()
        .drop(
            skb,
            new DeviceRef(ns.name(), inDev),
            new DropReason.TunnelErrorAbsorbed(ns.name(), icmp.type(), icmp.code(), tunnel));
  }
}
