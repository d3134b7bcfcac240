package dev.podpath.trace.graph;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.Topology;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which tunnel ends talk to which, as the configuration says (package-private): a VXLAN device to
 * the VTEPs its FDB entries name ({@code dst}), an IPIP device to its fixed remote or to the
 * gateways of the routes through it (Calico's NBMA tunl0), a TUN device run by flannel's UDP relay
 * to the nodes of its leases. A remote address no namespace owns is an end outside the model.
 */
final class TunnelEnds {

  /**
   * One tunnel from {@code from} to {@code remote}, owned by {@code to} when it is modelled.
   *
   * @param label the tunnel as a reader names it ({@code vxlan vni 1, port 8472})
   */
  record Tunnel(DeviceRef from, Ipv4Address remote, Optional<DeviceRef> to, String label) {}

  private TunnelEnds() {}

  static List<Tunnel> of(Topology t) {
    List<Tunnel> out = new ArrayList<>();
    for (Netns n : t.netnsList()) {
      for (NetDevice d : n.deviceList()) {
        DeviceRef ref = new DeviceRef(n.name(), d.name());
        if (d.kind() instanceof LinkKind.Vxlan v) {
          String label = "vxlan vni " + v.vni() + ", port " + v.dstPort();
          for (Ipv4Address remote : vxlanRemotes(n, d)) {
            out.add(
                new Tunnel(
                    ref,
                    remote,
                    end(t, remote, x -> x.kind() instanceof LinkKind.Vxlan o && o.vni() == v.vni()),
                    label));
          }
        } else if (d.kind() instanceof LinkKind.Geneve g && !n.ownsAddress(g.remote())) {
          out.add(
              new Tunnel(
                  ref,
                  g.remote(),
                  end(
                      t,
                      g.remote(),
                      x -> x.kind() instanceof LinkKind.Geneve o && o.vni() == g.vni()),
                  "geneve vni " + g.vni() + ", port " + g.dstPort()));
        } else if (d.kind() instanceof LinkKind.Ipip ip) {
          Set<Ipv4Address> remotes = new LinkedHashSet<>();
          ip.remote().ifPresent(remotes::add);
          if (ip.remote().isEmpty()) {
            remotes.addAll(gateways(n, d.name()));
          }
          for (Ipv4Address remote : remotes) {
            out.add(
                new Tunnel(
                    ref, remote, end(t, remote, x -> x.kind() instanceof LinkKind.Ipip), "ipip"));
          }
        } else if (d.kind() instanceof LinkKind.Tun tun && tun.flanneld().isPresent()) {
          LinkKind.FlanneldUdp f = tun.flanneld().get();
          Set<Ipv4Address> remotes = new LinkedHashSet<>();
          f.leases().forEach(l -> remotes.add(l.node()));
          for (Ipv4Address remote : remotes) {
            if (n.ownsAddress(remote)) {
              continue;
            }
            out.add(
                new Tunnel(
                    ref,
                    remote,
                    end(
                        t,
                        remote,
                        x -> x.kind() instanceof LinkKind.Tun o && o.flanneld().isPresent()),
                    "flannel udp, port " + f.port()));
          }
        }
      }
    }
    return out;
  }

  /**
   * The device its outer packets leave through: {@code dev}, else the one holding {@code local}.
   */
  static Optional<String> underlay(Netns n, NetDevice d) {
    Optional<Ipv4Address> local = Optional.empty();
    if (d.kind() instanceof LinkKind.Vxlan v) {
      if (v.lower().isPresent()) {
        return v.lower().filter(l -> n.device(l).isPresent());
      }
      local = v.local();
    } else if (d.kind() instanceof LinkKind.Ipip ip) {
      local = ip.local();
    }
    return local
        .flatMap(n::deviceWithAddress)
        .map(NetDevice::name)
        .filter(x -> !x.equals(d.name()));
  }

  private static Set<Ipv4Address> vxlanRemotes(Netns n, NetDevice d) {
    Set<Ipv4Address> remotes = new LinkedHashSet<>();
    for (FdbEntry e : n.fdb()) {
      if (e.dev().equals(d.name()) && e.master().isEmpty()) {
        e.dst().filter(ip -> !n.ownsAddress(ip)).ifPresent(remotes::add);
      }
    }
    return remotes;
  }

  private static Set<Ipv4Address> gateways(Netns n, String dev) {
    Set<Ipv4Address> out = new LinkedHashSet<>();
    for (Route r : n.routing().allRoutes()) {
      for (NextHop h : r.nextHops()) {
        if (h.dev().equals(dev)) {
          h.via().filter(ip -> !n.ownsAddress(ip)).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /** The device of the kind asked for in the namespace that owns {@code remote}. */
  private static Optional<DeviceRef> end(
      Topology t, Ipv4Address remote, java.util.function.Predicate<NetDevice> kind) {
    for (Netns owner : t.owners(remote)) {
      List<NetDevice> candidates = owner.deviceList().stream().filter(kind).toList();
      // a fixed tunnel back to us first, then the fallback device (tunl0), then the first
      Optional<NetDevice> pick =
          candidates.stream()
              .filter(
                  x ->
                      x.kind() instanceof LinkKind.Ipip ip
                          && !ip.fallback()
                          && ip.local().filter(remote::equals).isPresent())
              .findFirst()
              .or(
                  () ->
                      candidates.stream()
                          .filter(x -> x.kind() instanceof LinkKind.Ipip ip && ip.fallback())
                          .findFirst())
              .or(() -> candidates.stream().findFirst());
      if (pick.isPresent()) {
        return Optional.of(new DeviceRef(owner.name(), pick.get().name()));
      }
    }
    return Optional.empty();
  }
}
