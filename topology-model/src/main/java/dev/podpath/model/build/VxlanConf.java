package dev.podpath.model.build;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.LinkKind;
import java.util.Optional;

/**
 * A VXLAN device's settings while it is built ({@code ip link add NAME type vxlan ...}): its {@code
 * lower} device is the device itself, so that it follows renames.
 */
public record VxlanConf(
    int vni,
    Optional<Ipv4Address> local,
    Optional<Ipv4Address> remote,
    Optional<Ipv4Address> group,
    DeviceBuilder lower,
    int dstPort,
    boolean learning,
    int ttl,
    boolean ttlInherit) {
  /** The model's kind for the device as it stands. */
  public LinkKind.Vxlan freeze() {
    return new LinkKind.Vxlan(
        vni,
        local,
        group,
        Optional.ofNullable(lower).map(l -> l.name()),
        dstPort,
        learning,
        ttl,
        ttlInherit);
  }
}
