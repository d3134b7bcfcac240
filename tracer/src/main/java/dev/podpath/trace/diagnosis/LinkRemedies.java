package dev.podpath.trace.diagnosis;

import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Fix;
import dev.podpath.model.finding.Shell;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.DropReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Remedies for drops on links, bridges and neighbours. */
final class LinkRemedies {

  private LinkRemedies() {}

  static Remedy neighbourFailed(DropReason.NeighbourFailed r, Scene s) {
    NetnsName ns = r.dev().netns();
    List<Evidence> culprit = new ArrayList<>();
    Optional<Route> via = s.lastRoute(ns).map(rs -> rs.route());
    via.ifPresent(route -> culprit.add(Scene.route(ns, route)));
    culprit.add(s.device(r.dev()));
    List<Netns> owners = s.owners(r.nextHop());
    List<Fix> fixes = new ArrayList<>();
    if (owners.isEmpty()) {
      via.filter(route -> route.nextHops().stream().anyMatch(h -> gateway(h, r)))
          .ifPresent(
              route ->
                  fixes.add(
                      new Fix(
                          s.shell().ip(ns, "route replace " + replaced(route, r)),
                          "no host in the model owns "
                              + r.nextHop()
                              + ", so nobody answers ARP for it on "
                              + r.dev().name()
                              + "; point the route at a gateway on that segment (GATEWAY)")));
      boolean rerouted = !fixes.isEmpty();
      DockerNetworks.overlap(r, s, via).ifPresent(fixes::add);
      if (!rerouted) {
        fixes.add(
            new Fix(
                "check that "
                    + r.nextHop()
                    + " is up and on "
                    + r.dev().name()
                    + "'s segment (no host in the model owns it)",
                "ARP for " + r.nextHop() + " went unanswered " + r.attempts() + " times"));
      }
    } else {
      for (Netns o : owners) {
        o.deviceWithAddress(r.nextHop())
            .ifPresent(
                d -> {
                  DeviceRef owner = new DeviceRef(o.name(), d.name());
                  culprit.add(s.device(owner));
                  if (!d.up()) {
                    fixes.add(
                        new Fix(
                            s.shell().ip(o.name(), "link set " + d.name() + " up"),
                            r.nextHop() + " is on " + owner + ", which is down"));
                  }
                  peerDown(s, owner, culprit, fixes, r.nextHop() + " is on " + owner);
                });
      }
      peerDown(s, r.dev(), culprit, fixes, "the request leaves by " + r.dev());
      if (fixes.isEmpty()) {
        fixes.add(
            new Fix(
                "connect "
                    + r.dev()
                    + " to the segment of "
                    + String.join(", ", owners.stream().map(o -> o.name().toString()).toList())
                    + ", or route via a gateway on "
                    + r.dev().name()
                    + "'s own segment",
                r.nextHop()
                    + " belongs to "
                    + owners.get(0).name()
                    + ", but its ARP request on "
                    + r.dev().name()
                    + " never reached it: they do not share an L2 segment (or it ignores ARP"
                    + " there)"));
      }
    }
    return Remedy.fixes(culprit, fixes);
  }

  /**
   * When {@code dev} is a veth whose peer is down (and so has no carrier), or a bridge port's veth
   * whose bridge side is down: the peer as culprit and bringing it up as the fix.
   */
  private static void peerDown(
      Scene s, DeviceRef dev, List<Evidence> culprit, List<Fix> fixes, String context) {
    s.topology()
        .device(dev)
        .flatMap(NetDevice::vethPeer)
        .ifPresent(
            peer ->
                s.topology()
                    .device(peer)
                    .filter(p -> !p.up())
                    .ifPresent(
                        p -> {
                          culprit.add(s.device(peer));
                          fixes.add(
                              new Fix(
                                  s.shell().ip(peer.netns(), "link set " + peer.name() + " up"),
                                  context
                                      + ", whose veth peer "
                                      + peer
                                      + " is down: neither end carries frames"));
                        }));
  }

  private static boolean gateway(NextHop h, DropReason.NeighbourFailed r) {
    return h.via().filter(v -> v.equals(r.nextHop())).isPresent();
  }

  private static String replaced(Route route, DropReason.NeighbourFailed r) {
    return Shell.routeSpec(route).replace("via " + r.nextHop(), "via GATEWAY");
  }

  static Remedy deviceDown(DropReason.DeviceDown r, Scene s) {
    return Remedy.fixes(
        List.of(s.device(r.dev())),
        new Fix(
            s.shell().ip(r.dev().netns(), "link set " + r.dev().name() + " up"),
            r.dev() + " is administratively down: it neither sends nor receives"));
  }

  static Remedy noCarrier(DropReason.NoCarrier r, Scene s) {
    List<Evidence> culprit = new ArrayList<>();
    culprit.add(s.device(r.dev()));
    r.cause().ifPresent(c -> culprit.add(s.device(c)));
    DeviceRef down = r.cause().orElse(r.dev());
    return Remedy.fixes(
        culprit,
        new Fix(
            s.shell().ip(down.netns(), "link set " + down.name() + " up"),
            r.cause().isPresent()
                ? r.dev() + " has no carrier while its peer " + down + " is down"
                : r.dev() + " has no carrier: bring up a port (or the device behind it)"));
  }

  static Remedy notForThisHost(DropReason.NotForThisHost r, Scene s) {
    List<Evidence> culprit = new ArrayList<>();
    culprit.add(s.device(r.dev()));
    List<Fix> fixes = new ArrayList<>();
    for (Netns n : s.topology().netnsList()) {
      for (NeighEntry e : n.neighbours()) {
        if (e.lladdr().filter(m -> m.equals(r.dst())).isEmpty()) {
          continue;
        }
        culprit.add(Evidence.of(n.name(), e, e.origin()));
        for (Netns owner : s.owners(e.address())) {
          owner
              .deviceWithAddress(e.address())
              .filter(d -> !d.mac().equals(r.dst()))
              .ifPresent(
                  d ->
                      fixes.add(
                          new Fix(
                              s.neighReplace(n.name(), e, d.mac()),
                              e.address()
                                  + " is "
                                  + new DeviceRef(owner.name(), d.name())
                                  + " with MAC "
                                  + d.mac()
                                  + ", but "
                                  + n.name()
                                  + "'s entry says "
                                  + r.dst())));
        }
      }
    }
    if (fixes.isEmpty()) {
      return Remedy.none(
          culprit,
          "a flooded copy reached a host it was not for: that copy's end is normal; the"
              + " packet's own path is the one to read");
    }
    return Remedy.fixes(culprit, fixes);
  }

  static Remedy frameTooBig(DropReason.FrameTooBig r, Scene s) {
    return Remedy.fixes(
        List.of(s.device(r.dev())),
        new Fix(
            s.shell().ip(r.dev().netns(), "link set " + r.dev().name() + " mtu " + r.length()),
            "a "
                + r.length()
                + "-byte frame reached "
                + r.dev()
                + ", whose MTU is "
                + r.mtu()
                + ": devices on one L2 segment need one MTU (or lower the sender's to "
                + r.mtu()
                + ")"));
  }

  static Remedy fragmentationNeeded(DropReason.FragmentationNeeded r, Scene s) {
    List<Evidence> culprit = new ArrayList<>();
    culprit.add(s.device(r.egress()));
    Optional<DeviceRef> sender = senderDevice(s);
    List<Fix> fixes = new ArrayList<>();
    sender
        .filter(d -> !d.equals(r.egress()))
        .ifPresent(
            d -> {
              culprit.add(s.device(d));
              fixes.add(
                  new Fix(
                      s.shell().ip(d.netns(), "link set " + d.name() + " mtu " + r.mtu()),
                      "the sender's MTU is larger than the "
                          + r.mtu()
                          + " bytes "
                          + r.egress()
                          + " can carry"
                          + r.overhead().map(o -> " (" + o + ")").orElse("")
                          + "; with the sender at "
                          + r.mtu()
                          + " its packets fit (for a CNI, set the pod MTU in its config)"));
            });
    fixes.add(
        new Fix(
            "send at most " + r.mtu() + " bytes with DF (ping -M do -s " + (r.mtu() - 28) + ")",
            "a DF packet larger than the path MTU is answered with 'Frag needed'; path MTU"
                + " discovery then sends smaller ones"));
    return Remedy.fixes(culprit, fixes);
  }

  /** The device the failed packet first left through (the sender's). */
  private static Optional<DeviceRef> senderDevice(Scene s) {
    return s.failed().hops().stream()
        .findFirst()
        .flatMap(h -> h.out().map(o -> new DeviceRef(h.netns(), o)));
  }

  static Remedy bridgeNoPort(DropReason.BridgeNoPort r, Scene s) {
    List<Evidence> culprit = new ArrayList<>();
    culprit.add(s.device(r.bridge()));
    List<Fix> fixes = new ArrayList<>();
    for (NetDevice port : s.topology().require(r.bridge().netns()).portsOf(r.bridge().name())) {
      culprit.add(s.device(new DeviceRef(r.bridge().netns(), port.name())));
      if (port.mac().equals(r.dst()) || hasMacBehind(s, r, port)) {
        fixes.add(
            new Fix(
                s.shell().bridge(r.bridge().netns(), "link set dev " + port.name() + " hairpin on"),
                "the frame for "
                    + r.dst()
                    + " would leave by "
                    + port.name()
                    + ", the port it came in on; a bridge sends a frame back out of its ingress"
                    + " port only with hairpin on"));
      }
    }
    if (fixes.isEmpty()) {
      return Remedy.none(culprit, r.detail());
    }
    return Remedy.fixes(culprit, fixes);
  }

  private static boolean hasMacBehind(Scene s, DropReason.BridgeNoPort r, NetDevice port) {
    return port.vethPeer()
        .flatMap(s.topology()::device)
        .filter(peer -> peer.mac().equals(r.dst()))
        .isPresent();
  }

  static Remedy loopbackDown(DropReason.LoopbackDown r, Scene s) {
    return Remedy.fixes(
        List.of(s.device(new DeviceRef(r.netns(), "lo"))),
        new Fix(
            s.shell().ip(r.netns(), "link set lo up"),
            "a packet to one of "
                + r.netns()
                + "'s own addresses goes through lo; a new namespace's lo starts down"));
  }

  static Remedy bridgeLoop(DropReason.BridgeLoop r, Scene s) {
    List<Evidence> culprit = new ArrayList<>();
    r.bridges().stream().distinct().forEach(b -> culprit.add(s.device(b)));
    culprit.add(s.device(r.port()));
    return Remedy.fixes(
        culprit,
        new Fix(
            s.shell().ip(r.port().netns(), "link set " + r.port().name() + " nomaster"),
            "the link through "
                + r.port()
                + " closes the loop "
                + r.loop()
                + "; take it out of the bridge"),
        new Fix(
            s.shell()
                .ip(
                    r.bridge().netns(),
                    "link set " + r.bridge().name() + " type bridge stp_state 1"),
            "or let spanning tree block one port of the loop (STP is off by default)"));
  }

  static Remedy broadcastStorm(DropReason.BroadcastStorm r, Scene s) {
    Remedy loop = bridgeLoop(r.loop(), s);
    return Remedy.fixes(loop.culprit(), loop.fixes());
  }

  static Remedy eventBudget(DropReason.EventBudget r, Scene s) {
    return Remedy.none(
        List.of(Evidence.unplaced(r.netns(), r.steps() + " steps recorded")),
        "the packet's copies kept multiplying and podpath could not pin the loop; look for two"
            + " bridges joined twice or a route and a bridge that feed each other");
  }

  static Remedy noSocket(DropReason.NoSocket r, Scene s) {
    List<Evidence> culprit = new ArrayList<>();
    culprit.add(
        Evidence.unplaced(
            r.netns(), "socket connected to " + r.expected() + ":" + r.expectedPort()));
    culprit.add(Scene.setting(r.netns(), "the answer came from " + r.from() + ":" + r.fromPort()));
    return Remedy.fixes(
        culprit,
        new Fix(
            "on the bridge's host: modprobe br_netfilter && sysctl -w"
                + " net.bridge.bridge-nf-call-iptables=1",
            "the endpoint answered the client directly across the bridge, so conntrack never"
                + " saw the reply to un-DNAT it; with bridged traffic passing iptables it does"),
        new Fix(
            "or enable hairpin/masquerade for same-node traffic (kube-proxy --masquerade-all)",
            "a masqueraded request is answered to the bridge's address, which un-NATs it"));
  }
}
