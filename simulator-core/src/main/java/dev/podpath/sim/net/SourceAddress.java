package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.util.Optional;

/**
 * The kernel's {@code inet_select_addr}: which local address a packet leaving through a device gets
 * as source when the route names none.
 *
 * <p>First a primary address of the device whose scope fits, preferring one in the same subnet as
 * {@code towards}; failing that, the first address of any other device in the namespace whose scope
 * is neither link nor narrower than the route's (so a Calico {@code cali*} device without an
 * address borrows the node's {@code eth0} address).
 */
public final class SourceAddress {

  private SourceAddress() {}

  public static Optional<Ipv4Address> select(
      Netns ns, String dev, Ipv4Address towards, RouteScope scope) {
    Optional<NetDevice> d = ns.device(dev);
    Ipv4Address any = null;
    if (d.isPresent()) {
      for (IfAddress a : d.get().addresses()) {
        if (a.scope().value() > scope.value()) {
          continue;
        }
        if (!towards.isAny() && a.connectedPrefix().contains(towards)) {
          return Optional.of(a.address());
        }
        if (any == null) {
          any = a.address();
        }
      }
    }
    if (any != null) {
      return Optional.of(any);
    }
    for (NetDevice other : ns.deviceList()) {
      for (IfAddress a : other.addresses()) {
        if (a.scope() != RouteScope.LINK && a.scope().value() <= scope.value()) {
          return Optional.of(a.address());
        }
      }
    }
    return Optional.empty();
  }
}
