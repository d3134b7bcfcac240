package dev.podpath.trace.diagnosis;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.finding.Fix;
import dev.podpath.model.finding.Shell;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.sim.outcome.DropReason;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A packet dropped by a blackhole route that BIRD installed ({@code blackhole 10.33.92.0/26 proto
 * bird}): Calico's route for the IPAM block this node holds. It is there on purpose (addresses of
 * the block not in use on the node go nowhere); an address of the block that lives on another node
 * (a pod rescheduled with a static IP, an address borrowed from the block) must come with a {@code
 * /32} route to that node, more specific than the block, which Calico programs from the other
 * node's BGP announcement. The fix is that route, not deleting the block's blackhole.
 */
final class CalicoBlocks {

  private CalicoBlocks() {}

  static Remedy borrowed(DropReason.RouteType r, Scene s) {
    Route blackhole = r.route();
    Optional<Netns> ns = s.topology().netns(r.netns());
    Ipv4Address dst = s.destination();
    Optional<NextHop> wider = ns.flatMap(n -> widerRoute(n, blackhole, dst));
    Optional<String> ipip =
        ns.flatMap(
            n ->
                n.deviceList().stream()
                    .filter(d -> d.kind() instanceof LinkKind.Ipip)
                    .map(NetDevice::name)
                    .findFirst());
    String via = wider.flatMap(NextHop::via).map(Ipv4Address::toString).orElse("NODE");
    String dev = wider.map(NextHop::dev).or(() -> ipip).orElse("DEV");
    boolean onlink = ipip.isPresent() && ipip.get().equals(dev);
    String why =
        "`"
            + Shell.routeSpec(blackhole)
            + "` is Calico's route for the IPAM block this node holds: BIRD keeps it on purpose, and"
            + " an address of the block that lives on another node (a pod rescheduled with its"
            + " static IP) needs a /32 route to that node, more specific than the block; Calico"
            + " programs it from that node's BGP announcement, so check calico-node there (calicoctl"
            + " node status) rather than delete the blackhole"
            + (via.equals("NODE") ? "; NODE: the node where " + dst + " lives" : "")
            + (dev.equals("DEV")
                ? "; DEV: tunl0 when the pool uses IPIP, else the device toward NODE"
                : "");
    return Remedy.fixes(
        List.of(Scene.route(r.netns(), blackhole)),
        new Fix(
            s.shell()
                .ip(
                    r.netns(),
                    "route add "
                        + dst
                        + "/32 via "
                        + via
                        + " dev "
                        + dev
                        + (onlink ? " onlink" : "")),
            why));
  }

  /** The most specific unicast route of the main table that covers {@code dst} and the block. */
  private static Optional<NextHop> widerRoute(Netns n, Route block, Ipv4Address dst) {
    return n.routing().allRoutes().stream()
        .filter(x -> x.table() == TableIds.MAIN && x.type() == RouteType.UNICAST)
        .filter(x -> x.destination().length() > 0)
        .filter(x -> x.destination().length() < block.destination().length())
        .filter(x -> x.destination().contains(dst) && x.nextHops().size() == 1)
        .filter(x -> x.nextHops().get(0).via().isPresent())
        .max(Comparator.comparingInt(x -> x.destination().length()))
        .map(x -> x.nextHops().get(0));
  }
}
