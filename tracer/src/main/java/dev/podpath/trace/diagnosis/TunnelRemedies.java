package dev.podpath.trace.diagnosis;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Fix;
import dev.podpath.model.finding.Shell;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.route.Route;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Remedies for drops in tunnels: VXLAN FDB and VTEP MACs, IPIP, flannel's UDP backend. */
final class TunnelRemedies {

  private TunnelRemedies() {}

  static Remedy vxlanNoFdb(DropReason.VxlanNoFdb r, Scene s) {
    List<Evidence> culprit = new ArrayList<>();
    culprit.add(s.device(r.dev()));
    Optional<Ipv4Address> vtep = vtepOf(s, r.dst());
    String dst = vtep.map(Ipv4Address::toString).orElse("VTEP");
    return Remedy.fixes(
        culprit,
        new Fix(
            s.shell()
                .bridge(
                    r.dev().netns(),
                    "fdb append " + r.dst() + " dev " + r.dev().name() + " dst " + dst),
            r.dev()
                + " has no FDB entry telling which host "
                + r.dst()
                + " is behind"
                + vtep.map(v -> ": it is the VTEP at " + v).orElse("")
                + " (flannel writes these entries from each node's annotations; a missing one"
                + " means flanneld on this node has not seen that node)"));
  }

  /** The underlay address of the VXLAN device whose MAC is {@code mac}, if it is in the model. */
  static Optional<Ipv4Address> vtepOf(Scene s, MacAddress mac) {
    for (DeviceRef ref : s.devicesWithMac(mac)) {
      Optional<NetDevice> d = s.topology().device(ref);
      if (d.isEmpty() || !(d.get().kind() instanceof LinkKind.Vxlan v)) {
        continue;
      }
      if (v.local().isPresent()) {
        return v.local();
      }
      Optional<Ipv4Address> lower =
          v.lower()
              .flatMap(l -> s.topology().device(new DeviceRef(ref.netns(), l)))
              .flatMap(NetDevice::primaryAddress)
              .map(a -> a.address());
      if (lower.isPresent()) {
        return lower;
      }
    }
    return Optional.empty();
  }

  static Remedy noTunnel(DropReason.NoTunnel r, Scene s) {
    return Remedy.fixes(
        List.of(Evidence.unplaced(r.netns(), r.detail())),
        new Fix(
            "create (or bring up) the tunnel device in "
                + r.netns()
                + " that matches the sender's: same VNI and UDP port for VXLAN, a matching"
                + " local/remote (or tunl0 up) for IPIP",
            "the kernel hands a tunnel packet only to a device that matches it, and drops it"
                + " silently otherwise"));
  }

  /**
   * The tunnel, and the route the outer packet's lookup found (its last route step in the node):
   * when that route covers the tunnel's far end with a range sent into the tunnel itself, nothing
   * in the range is reached through it, so deleting the route comes first (a routing daemon that
   * put a subnet into a tunnel to a router that does not decapsulate); a route to the far end
   * through the underlay is the other way out.
   */
  static Remedy tunnelLoop(DropReason.TunnelLoop r, Scene s) {
    List<Evidence> culprit = new ArrayList<>();
    culprit.add(s.device(r.dev()));
    List<Fix> fixes = new ArrayList<>();
    Optional<Route> looping =
        s.lastRoute(r.dev().netns())
            .map(Step.RouteSelected::route)
            .filter(x -> x.destination().contains(r.outerDst()))
            .filter(x -> x.nextHops().stream().anyMatch(h -> h.dev().equals(r.dev().name())));
    looping.ifPresent(
        x -> {
          culprit.add(Evidence.of(r.dev().netns(), x, x.origin()));
          fixes.add(
              new Fix(
                  s.shell().ip(r.dev().netns(), "route del " + Shell.routeSpec(x)),
                  x.destination()
                      + " holds "
                      + r.dev().name()
                      + "'s own far end "
                      + r.outerDst()
                      + " and is sent into "
                      + r.dev().name()
                      + ", so every packet for it loops and is dropped: without the route, "
                      + x.destination()
                      + " is reached as it was before the tunnel (check what installed it: a"
                      + " routing daemon that should not tunnel to a router that does not"
                      + " decapsulate)"));
        });
    fixes.add(
        new Fix(
            s.shell()
                .ip(r.dev().netns(), "route add " + r.outerDst() + "/32 via GATEWAY dev UNDERLAY"),
            (looping.isPresent() ? "or keep it and " : "")
                + "route the tunnel's far end "
                + r.outerDst()
                + " by the underlay: its route leads back into "
                + r.dev().name()
                + "; the outer packet must leave by the underlay device (GATEWAY, UNDERLAY: that"
                + " device and its next hop)"));
    return Remedy.fixes(culprit, fixes);
  }

  static Remedy noSubnetLease(DropReason.NoSubnetLease r, Scene s) {
    return Remedy.fixes(
        List.of(s.device(r.tun())),
        new Fix(
            "restart flanneld on the node that owns the subnet of "
                + r.dst()
                + " (and check its lease in etcd or the node's podCIDR)",
            "flanneld only forwards to subnets it holds a lease for; without one it drops the"
                + " packet in user space"));
  }

  static Remedy noPeer(DropReason.NoPeer r, Scene s) {
    String dev = r.dev().name();
    String host = r.address() + "/32";
    Fix fix =
        switch (r.cause()) {
          case NO_ALLOWED_IPS ->
              new Fix(
                  s.shell()
                      .exec(
                          r.dev().netns(),
                          "wg set "
                              + dev
                              + " peer PEER_PUBLIC_KEY allowed-ips EXISTING_ALLOWED_IPS,"
                              + host),
                  "cryptokey routing sends a packet only to the peer whose allowed-ips hold its"
                      + " destination; wg set replaces a peer's list, so give the old prefixes too");
          case NO_ENDPOINT ->
              new Fix(
                  s.shell()
                      .exec(
                          r.dev().netns(),
                          "wg set " + dev + " peer " + r.peer() + " endpoint HOST:PORT"),
                  "a peer with no endpoint, set or learned from a packet it sent, cannot be reached");
          case HANDSHAKE_FAILED ->
              new Fix(
                  "check that UDP reaches peer "
                      + r.peer()
                      + "'s endpoint and that both sides hold each other's public keys (wg show "
                      + dev
                      + ")",
                  "data waits for a handshake; without an answer the queued packets are dropped");
          case SOURCE_NOT_ALLOWED ->
              new Fix(
                  s.shell()
                      .exec(
                          r.dev().netns(),
                          "wg set "
                              + dev
                              + " peer "
                              + r.peer()
                              + " allowed-ips EXISTING_ALLOWED_IPS,"
                              + host),
                  "a received packet is kept only if its source is in the allowed-ips of the peer"
                      + " that sent it");
        };
    return Remedy.fixes(List.of(s.device(r.dev())), fix);
  }

  static Remedy tunnelErrorAbsorbed(DropReason.TunnelErrorAbsorbed r, Scene s) {
    return Remedy.none(
        List.of(
            Evidence.unplaced(
                r.netns(),
                "ICMP type "
                    + r.icmpType()
                    + " code "
                    + r.icmpCode()
                    + " ("
                    + r.tunnelWords()
                    + ")")),
        "the error is about the outer "
            + r.tunnelWords()
            + " packet and the kernel keeps it; the drop it reports is on the outer path above");
  }

  static Remedy vtepMacMismatch(DropReason.VtepMacMismatch r, Scene s) {
    List<Evidence> culprit = new ArrayList<>();
    culprit.add(s.device(r.dev()));
    List<Fix> fixes = new ArrayList<>();
    Optional<Ipv4Address> vtepIp =
        s.topology().device(r.dev()).flatMap(NetDevice::primaryAddress).map(a -> a.address());
    Optional<Ipv4Address> underlay = vtepOf(s, r.own());
    for (Netns n : s.topology().netnsList()) {
      for (NeighEntry e : n.neighbours()) {
        if (e.lladdr().filter(m -> m.equals(r.dst())).isPresent()) {
          culprit.add(Evidence.of(n.name(), e, e.origin()));
          fixes.add(
              new Fix(
                  s.neighReplace(n.name(), e, r.own()) + " nud permanent",
                  e.address()
                      + " is now "
                      + r.dev()
                      + " with MAC "
                      + r.own()
                      + "; the entry still names "
                      + r.dst()
                      + ", the MAC of the device before it was re-created"));
        }
      }
      for (FdbEntry f : n.fdb()) {
        if (f.mac().equals(r.dst())) {
          culprit.add(Evidence.of(n.name(), f, f.origin()));
          fixes.add(
              new Fix(
                  s.shell().bridge(n.name(), "fdb del " + f.mac() + " dev " + f.dev())
                      + " && "
                      + s.shell()
                          .bridge(
                              n.name(),
                              "fdb append "
                                  + r.own()
                                  + " dev "
                                  + f.dev()
                                  + " dst "
                                  + f.dst()
                                      .or(() -> underlay)
                                      .map(Object::toString)
                                      .orElse("VTEP")),
                  "the FDB entry must name the VTEP's current MAC "
                      + r.own()
                      + vtepIp.map(ip -> " (" + ip + ")").orElse("")));
        }
      }
    }
    if (fixes.isEmpty()) {
      fixes.add(
          new Fix(
              "restart flanneld on the sending node",
              "it rewrites the neighbour and FDB entries from the node annotations, which carry"
                  + " the VTEP MAC "
                  + r.own()));
    }
    return Remedy.fixes(culprit, fixes);
  }
}
