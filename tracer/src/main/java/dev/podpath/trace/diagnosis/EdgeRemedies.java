package dev.podpath.trace.diagnosis;

import dev.podpath.model.addr.Prefix;
import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Fix;
import dev.podpath.model.finding.Shell;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Remedies for a packet the run assumes the gateway behind the edge drops ({@code
 * --edge=drops-private}): the route that sent it there is the culprit, and the fix is the route the
 * destination's block lacks on this node (through the overlay the other blocks take), or the
 * encapsulation the CNI should have set up, as the threads that met this answer it ("the VPC router
 * does not know the pod CIDR").
 */
final class EdgeRemedies {

  private EdgeRemedies() {}

  static Remedy edgeDrop(DropReason.EdgeDrop r, Scene s) {
    NetnsName ns = r.dev().netns();
    Optional<Route> taken = s.lastRoute(ns).map(Step.RouteSelected::route);
    List<Evidence> culprit = new ArrayList<>();
    taken.ifPresent(route -> culprit.add(Scene.route(ns, route)));
    culprit.add(s.device(r.dev()));
    List<Fix> fixes = new ArrayList<>();
    Optional<Netns> netns = s.topology().netns(ns);
    List<Route> overlay = netns.map(n -> overlayRoutes(n)).orElse(List.of());
    if (taken.isPresent() && taken.get().destination().length() == 0) {
      missingBlock(r, s, overlay).ifPresent(fixes::add);
    } else if (taken.isPresent()) {
      fixes.add(encapsulate(r, s, taken.get(), netns));
    }
    fixes.add(
        new Fix(
            "or make the network behind "
                + r.dev()
                + " route it: a route for "
                + r.dst()
                + "'s block to the node that owns it in the gateway's (the cloud's) route table",
            "assumed (--edge=drops-private): "
                + r.gateway()
                + " does not route "
                + r.dst()
                + "; where the provider allows it, routes there are the alternative to an"
                + " overlay"));
    return Remedy.fixes(culprit, fixes);
  }

  /**
   * The default route took the packet: the other nodes' blocks are routed through an overlay
   * device, and this block is not. The missing route follows the others' shape (flannel's {@code
   * BLOCK via BLOCK-ADDRESS dev flannel.1 onlink}).
   */
  private static Optional<Fix> missingBlock(DropReason.EdgeDrop r, Scene s, List<Route> overlay) {
    if (overlay.isEmpty()) {
      return Optional.empty();
    }
    Route sibling = overlay.get(0);
    int length = sibling.destination().length();
    Prefix block = Prefix.of(r.dst(), length);
    String dev = sibling.nextHops().get(0).dev();
    boolean viaNetwork =
        overlay.stream()
            .allMatch(
                x ->
                    x.nextHops()
                        .get(0)
                        .via()
                        .map(v -> v.equals(x.destination().network()))
                        .orElse(false));
    String via = viaNetwork ? block.network().toString() : "NODE";
    boolean onlink = sibling.nextHops().get(0).onlink();
    return Optional.of(
        new Fix(
            s.shell()
                .ip(
                    r.dev().netns(),
                    "route add "
                        + block
                        + " via "
                        + via
                        + " dev "
                        + dev
                        + (onlink ? " onlink" : "")),
            "the other nodes' pod blocks are routed through "
                + dev
                + " ("
                + sibling.origin().location()
                + ": `"
                + Shell.routeSpec(sibling)
                + "`, and "
                + (overlay.size() - 1)
                + " more), "
                + block
                + " is not, so "
                + r.dst()
                + " follows the default route to "
                + r.gateway()
                + (viaNetwork
                    ? "; the route follows theirs (via the block's own address, as flannel"
                        + " programs it); the CNI re-adds it once it knows the node owning "
                        + block
                        + " (flannel: that node's flannel.alpha.coreos.com annotations)"
                    : "; NODE: the node owning " + block)));
  }

  /** A block routed in plain through the gateway: it should go through the overlay. */
  private static Fix encapsulate(
      DropReason.EdgeDrop r, Scene s, Route taken, Optional<Netns> netns) {
    boolean calico = taken.protocol().name().equals("bird");
    Optional<String> tunnel =
        netns.flatMap(
            n ->
                n.deviceList().stream()
                    .filter(d -> d.kind() instanceof LinkKind.Ipip)
                    .map(NetDevice::name)
                    .findFirst());
    String dev = tunnel.orElse(calico ? "tunl0" : "TUNNEL");
    String change =
        s.shell()
            .ip(
                r.dev().netns(),
                "route replace " + taken.destination() + " via NODE dev " + dev + " onlink");
    String why =
        "`"
            + Shell.routeSpec(taken)
            + "` ("
            + taken.origin().location()
            + ") sends the block in plain to "
            + r.gateway()
            + ", which does not route it; through the IPIP tunnel "
            + dev
            + " the packet travels between the nodes' own addresses, which the gateway routes"
            + " (NODE: the node owning "
            + taken.destination()
            + ")";
    if (calico) {
      why +=
          "; the route is BIRD's (Calico): set the IP pool's ipipMode to Always (calicoctl) and"
              + " restart calico/node on this node, so BIRD programs the block through "
              + dev
              + " itself";
    }
    return new Fix(change, why);
  }

  /** The main table's gateway routes of this namespace through an overlay device. */
  private static List<Route> overlayRoutes(Netns n) {
    List<Route> out = new ArrayList<>();
    for (Route x : n.routing().allRoutes()) {
      if (x.table() != TableIds.MAIN
          || x.type() != RouteType.UNICAST
          || x.nextHops().size() != 1
          || x.nextHops().get(0).via().isEmpty()
          || x.destination().length() == 0) {
        continue;
      }
      Optional<NetDevice> d = n.device(x.nextHops().get(0).dev());
      if (d.isPresent()
          && (d.get().kind() instanceof LinkKind.Vxlan
              || d.get().kind() instanceof LinkKind.Ipip)) {
        out.add(x);
      }
    }
    return out;
  }
}
