package dev.podpath.trace.diagnosis;

import dev.podpath.model.finding.Fix;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.Netns;
import dev.podpath.sim.outcome.DropReason;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An address nobody answers for on a Docker network's bridge ({@code docker0}, {@code br-<id>} of a
 * Compose or user network): when no container has it, it is usually a host elsewhere (the LAN, a
 * VPN) whose range Docker took for the network, and whose packets the bridge's connected route now
 * keeps on the host. The fix belongs to Docker: another subnet for that network, or {@code
 * default-address-pools} that keep clear of the LAN.
 */
final class DockerNetworks {

  private static final Pattern DOCKER_BRIDGE = Pattern.compile("docker0|br-[0-9a-f]{12}");

  private DockerNetworks() {}

  /** The fix, when {@code r} failed on a Docker bridge through its connected route. */
  static Optional<Fix> overlap(DropReason.NeighbourFailed r, Scene s, Optional<Route> taken) {
    Optional<Netns> ns = s.topology().netns(r.dev().netns());
    boolean dockerBridge =
        DOCKER_BRIDGE.matcher(r.dev().name()).matches()
            && ns.flatMap(n -> n.device(r.dev().name()))
                .map(d -> d.kind() instanceof LinkKind.Bridge)
                .orElse(false);
    if (!dockerBridge
        || taken.isEmpty()
        || taken.get().nextHops().stream().anyMatch(h -> h.via().isPresent())) {
      return Optional.empty();
    }
    Route connected = taken.get();
    Optional<NextHop> gateway = ns.flatMap(DockerNetworks::defaultGateway);
    String network =
        r.dev().name().equals("docker0")
            ? "Docker's default bridge (set `bip` in /etc/docker/daemon.json)"
            : "the Docker network whose bridge is "
                + r.dev().name()
                + " (docker network ls: the id after br-; in Compose, `networks: NAME: ipam: config:"
                + " - subnet: ...`)";
    return Optional.of(
        new Fix(
            "give "
                + network
                + " a subnet clear of "
                + r.nextHop()
                + ", or set `default-address-pools` in /etc/docker/daemon.json so Docker does not"
                + " take that range, then recreate the network",
            "no container in the model has "
                + r.nextHop()
                + ", yet "
                + connected.destination()
                + " is "
                + r.dev().name()
                + "'s connected route ("
                + connected.origin().location()
                + "): if "
                + r.nextHop()
                + " is a host on the LAN or a VPN, Docker's network took its range and keeps its"
                + " packets on the bridge"
                + gateway
                    .flatMap(NextHop::via)
                    .map(g -> " instead of sending them via " + g)
                    .orElse("")));
  }

  private static Optional<NextHop> defaultGateway(Netns n) {
    return n.routing().allRoutes().stream()
        .filter(x -> x.table() == TableIds.MAIN && x.type() == RouteType.UNICAST)
        .filter(x -> x.destination().length() == 0 && x.nextHops().size() == 1)
        .map(x -> x.nextHops().get(0))
        .filter(h -> h.via().isPresent())
        .findFirst();
  }
}
