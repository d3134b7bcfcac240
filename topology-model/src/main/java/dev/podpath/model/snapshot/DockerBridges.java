package dev.podpath.model.snapshot;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.dump.DockerNetwork;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteProtocol;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import java.util.List;
import java.util.Optional;

/**
 * The Linux bridge of a Docker bridge network ({@code docker network inspect}) on its node: the
 * device the node's dumps show, or, where no device dump shows it, the bridge Docker makes ({@code
 * docker0}, {@code br-<id>} or the {@code com.docker.network.bridge.name} option) with the
 * network's gateway address and its connected route, said as an assumption. A bridge a device dump
 * shows as it is (without the gateway address, say) is left as dumped: the dump is what the kernel
 * had. Package-private.
 */
final class DockerBridges {

  private DockerBridges() {}

  /**
   * The bridge of {@code n} on {@code host} with an address in {@code sub}, made where no device
   * dump shows it; empty when a dump shows it without such an address.
   */
  static Optional<DeviceDraft> bridge(NetnsDraft host, DockerNetwork n, DockerNetwork.Subnet sub) {
    String name = n.bridgeDevice();
    Prefix subnet = sub.subnet();
    DeviceDraft d = host.devices.get(name);
    if (d != null && d.addresses.stream().anyMatch(a -> subnet.contains(a.address()))) {
      return Optional.of(d);
    }
    if (d != null && d.listed) {
      return Optional.empty();
    }
    Ipv4Address gw = sub.gateway().orElse(new Ipv4Address(subnet.network().bits() + 1));
    if (d == null) {
      d = new DeviceDraft(name, sub.origin());
      d.up = !n.containers().isEmpty();
      host.devices.put(name, d);
    }
    if (d.type.isEmpty()) {
      d.setKind(LinkKind.Type.BRIDGE);
    }
    d.addresses.add(
        new IfAddress(
            gw,
            subnet.length(),
            Optional.empty(),
            Optional.of(subnet.broadcast()),
            RouteScope.GLOBAL,
            sub.origin()));
    if (host.routes.stream()
        .noneMatch(r -> r.destination().equals(subnet) && r.table() == TableIds.MAIN)) {
      host.routes.add(
          new Route(
              TableIds.MAIN,
              RouteType.UNICAST,
              subnet,
              List.of(NextHop.dev(name)),
              Optional.of(gw),
              0,
              RouteScope.LINK,
              RouteProtocol.KERNEL,
              sub.origin()));
    }
    host.assume(
        name
            + " is the bridge of Docker network "
            + n.name()
            + " ("
            + n.driver()
            + ") with "
            + gw
            + "/"
            + subnet.length()
            + (sub.gateway().isPresent()
                ? ""
                : " (no Gateway given: Docker takes the first address)")
            + " ("
            + sub.origin().location()
            + "; no device dump shows it)"
            + (d.up ? "" : ", down: no container is attached"));
    return Optional.of(d);
  }
}
