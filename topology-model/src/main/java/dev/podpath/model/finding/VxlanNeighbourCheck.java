package dev.podpath.model.finding;

import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.neigh.NudState;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A neighbour entry on a VXLAN device for the overlay address of another node's VXLAN device of the
 * same VNI (flannel's {@code 10.244.1.0} on {@code flannel.1}), whose MAC is not that device's: the
 * frames go out addressed to a MAC the remote device does not have, and it drops them. {@link
 * VxlanCheck} finds this from the routes through the device; this finds it from the neighbour entry
 * alone, for a node whose routes and FDB were not dumped (a paste of {@code ip neigh}), and stays
 * silent where a route via that address is there for {@link VxlanCheck} to follow.
 */
final class VxlanNeighbourCheck implements Check {

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    Shell shell = new Shell(facts);
    List<Finding> out = new ArrayList<>();
    for (Netns x : facts.topology().netnsList()) {
      for (NetDevice v : x.deviceList()) {
        if (!(v.kind() instanceof LinkKind.Vxlan vx)) {
          continue;
        }
        for (NeighEntry n : x.neighbours()) {
          if (!n.dev().equals(v.name())
              || n.proxy()
              || n.lladdr().isEmpty()
              || n.state() == NudState.FAILED
              || n.state() == NudState.INCOMPLETE
              || routedVia(x, v, n)) {
            continue;
          }
          owner(facts, x, vx, n)
              .filter(o -> !o.device().mac().equals(n.lladdr().get()))
              .ifPresent(o -> out.add(finding(x, v, vx, n, o, shell)));
        }
      }
    }
    return out;
  }

  /** Whether a route of {@code x} sends through {@code v} via the entry's address. */
  private static boolean routedVia(Netns x, NetDevice v, NeighEntry n) {
    return x.routing().allRoutes().stream()
        .flatMap(r -> r.nextHops().stream())
        .anyMatch(h -> h.dev().equals(v.name()) && h.via().filter(n.address()::equals).isPresent());
  }

  /** The other namespace's VXLAN device of the same VNI that has the entry's address. */
  private record Owner(Netns netns, NetDevice device, IfAddress address) {}

  private static Optional<Owner> owner(
      NetworkFacts facts, Netns x, LinkKind.Vxlan vx, NeighEntry n) {
    for (Netns y : facts.topology().netnsList()) {
      if (y == x) {
        continue;
      }
      for (NetDevice d : y.deviceList()) {
        if (!(d.kind() instanceof LinkKind.Vxlan other) || other.vni() != vx.vni()) {
          continue;
        }
        for (IfAddress a : d.addresses()) {
          if (a.address().equals(n.address())) {
            return Optional.of(new Owner(y, d, a));
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Finding finding(
      Netns x, NetDevice v, LinkKind.Vxlan vx, NeighEntry n, Owner o, Shell shell) {
    MacAddress stale = n.lladdr().orElseThrow();
    MacAddress now = o.device().mac();
    List<Evidence> ev = new ArrayList<>();
    ev.add(Evidence.of(x.name(), n, n.origin()));
    ev.add(
        Evidence.of(
            o.netns().name(),
            o.device().name() + " (vxlan VNI " + vx.vni() + ") link/ether " + now,
            o.device().origin()));
    ev.add(
        Evidence.of(
            o.netns().name(), o.address() + " on " + o.device().name(), o.address().origin()));
    // the FDB entry of the stale MAC names the remote VTEP; the new MAC needs the same one
    Optional<FdbEntry> fdb =
        x.fdb().stream()
            .filter(f -> f.dev().equals(v.name()) && f.mac().equals(stale) && f.dst().isPresent())
            .findFirst();
    fdb.ifPresent(f -> ev.add(Evidence.of(x.name(), f, f.origin())));
    String dst = fdb.flatMap(FdbEntry::dst).map(Object::toString).orElse("REMOTE_NODE_IP");
    return new Finding(
        Code.VXLAN_STALE_MAC,
        Severity.ERROR,
        x.name().toString(),
        x.name()
            + "'s neighbour entry for "
            + n.address()
            + " on "
            + v.name()
            + " says "
            + stale
            + ", but "
            + n.address()
            + " is "
            + o.netns().name()
            + "'s "
            + o.device().name()
            + " (VNI "
            + vx.vni()
            + "), whose MAC is "
            + now
            + ": frames for "
            + n.address()
            + " (the next hop of "
            + o.netns().name()
            + "'s pods) arrive for a MAC that is not there and "
            + o.netns().name()
            + " drops them silently. The device's MAC changed after the entry was written: it was"
            + " recreated, or something rewrote it after flanneld published it (systemd >= 242's"
            + " MACAddressPolicy=persistent, flannel-io/flannel#1155).",
        ev,
        List.of(
            new Fix(
                shell.ip(
                        x.name(),
                        "neigh replace "
                            + n.address()
                            + " lladdr "
                            + now
                            + " dev "
                            + v.name()
                            + " nud permanent")
                    + " && "
                    + shell.bridge(
                        x.name(),
                        "fdb replace "
                            + now
                            + " dev "
                            + v.name()
                            + " dst "
                            + dst
                            + " self permanent"),
                "points the neighbour entry (and the FDB entry that sends the MAC to "
                    + o.netns().name()
                    + "'s VTEP) at its device's current MAC; flanneld writes both from the node's"
                    + " VtepMAC annotation, so check the annotation is current and restart"
                    + " flanneld on "
                    + x.name()),
            new Fix(
                shell.exec(
                    o.netns().name(),
                    "printf '[Match]\\nOriginalName=flannel*\\n\\n[Link]\\nMACAddressPolicy=none\\n'"
                        + " > /etc/systemd/network/50-flannel.link"),
                "keeps systemd from giving "
                    + o.device().name()
                    + " a MAC of its own after flanneld made it (a newer flanneld sets the MAC"
                    + " when it creates the link: flannel-io/flannel#1485)")));
  }
}
