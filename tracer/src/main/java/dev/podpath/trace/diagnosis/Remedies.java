package dev.podpath.trace.diagnosis;

import dev.podpath.model.finding.Evidence;
import dev.podpath.sim.outcome.DropReason;
import java.util.List;

/**
 * The remedy for each {@link DropReason} variant, one method each in the class of its subsystem. A
 * new variant must be added here: {@code DiagnoserTest} fails for any variant without one.
 */
final class Remedies {

  private Remedies() {}

  static Remedy of(DropReason r, Scene s) {
    // Routing
    if (r instanceof DropReason.NoRoute x) {
      return RoutingRemedies.noRoute(x, s);
    } else if (r instanceof DropReason.RouteType x) {
      return RoutingRemedies.routeType(x, s);
    } else if (r instanceof DropReason.RuleAction x) {
      return RoutingRemedies.ruleAction(x, s);
    } else if (r instanceof DropReason.ForwardingDisabled x) {
      return RoutingRemedies.forwardingDisabled(x, s);
    } else if (r instanceof DropReason.RpFilter x) {
      return RoutingRemedies.rpFilter(x, s);
    } else if (r instanceof DropReason.MartianSource x) {
      return RoutingRemedies.martianSource(x, s);
    } else if (r instanceof DropReason.MartianDestination x) {
      return RoutingRemedies.martianDestination(x, s);
    } else if (r instanceof DropReason.TtlExceeded x) {
      return RoutingRemedies.ttlExceeded(x, s);
    } else if (r instanceof DropReason.RoutingLoop x) {
      return RoutingRemedies.routingLoop(x, s);
    } else if (r instanceof DropReason.LocalError x) {
      return RoutingRemedies.localError(x, s);
    }
    // Links, bridges, neighbours, sockets
    if (r instanceof DropReason.NeighbourFailed x) {
      return LinkRemedies.neighbourFailed(x, s);
    } else if (r instanceof DropReason.DeviceDown x) {
      return LinkRemedies.deviceDown(x, s);
    } else if (r instanceof DropReason.NoCarrier x) {
      return LinkRemedies.noCarrier(x, s);
    } else if (r instanceof DropReason.NotForThisHost x) {
      return LinkRemedies.notForThisHost(x, s);
    } else if (r instanceof DropReason.FrameTooBig x) {
      return LinkRemedies.frameTooBig(x, s);
    } else if (r instanceof DropReason.FragmentationNeeded x) {
      return LinkRemedies.fragmentationNeeded(x, s);
    } else if (r instanceof DropReason.BridgeNoPort x) {
      return LinkRemedies.bridgeNoPort(x, s);
    } else if (r instanceof DropReason.LoopbackDown x) {
      return LinkRemedies.loopbackDown(x, s);
    } else if (r instanceof DropReason.BridgeLoop x) {
      return LinkRemedies.bridgeLoop(x, s);
    } else if (r instanceof DropReason.BroadcastStorm x) {
      return LinkRemedies.broadcastStorm(x, s);
    } else if (r instanceof DropReason.EventBudget x) {
      return LinkRemedies.eventBudget(x, s);
    } else if (r instanceof DropReason.NoSocket x) {
      return LinkRemedies.noSocket(x, s);
    }
    // iptables
    if (r instanceof DropReason.RuleDrop x) {
      return FirewallRemedies.ruleDrop(x, s);
    } else if (r instanceof DropReason.RuleReject x) {
      return FirewallRemedies.ruleReject(x, s);
    } else if (r instanceof DropReason.PolicyDrop x) {
      return FirewallRemedies.policyDrop(x, s);
    } else if (r instanceof DropReason.NetfilterUnknown x) {
      return FirewallRemedies.netfilterUnknown(x, s);
    } else if (r instanceof DropReason.NftRuleDrop x) {
      return NftRemedies.ruleDrop(x, s);
    } else if (r instanceof DropReason.NftPolicyDrop x) {
      return NftRemedies.policyDrop(x, s);
    } else if (r instanceof DropReason.NatDropsRedirect x) {
      return Remedy.none(
          List.of(
              Evidence.unplaced(
                  x.netns(),
                  "nf_nat drops an ICMP redirect about a "
                      + (x.natted()
                          ? "NATed connection"
                          : "connection whose NAT is not finished"))),
          "nothing to fix: the kernel never sends a redirect about a NATed or half-NATed"
              + " connection; the packet itself is forwarded as usual");
    }
    // Tunnels
    if (r instanceof DropReason.VxlanNoFdb x) {
      return TunnelRemedies.vxlanNoFdb(x, s);
    } else if (r instanceof DropReason.NoTunnel x) {
      return TunnelRemedies.noTunnel(x, s);
    } else if (r instanceof DropReason.TunnelLoop x) {
      return TunnelRemedies.tunnelLoop(x, s);
    } else if (r instanceof DropReason.NoSubnetLease x) {
      return TunnelRemedies.noSubnetLease(x, s);
    } else if (r instanceof DropReason.TunnelErrorAbsorbed x) {
      return TunnelRemedies.tunnelErrorAbsorbed(x, s);
    } else if (r instanceof DropReason.VtepMacMismatch x) {
      return TunnelRemedies.vtepMacMismatch(x, s);
    } else if (r instanceof DropReason.NoPeer x) {
      return TunnelRemedies.noPeer(x, s);
    }
    // The edge of the model
    if (r instanceof DropReason.EdgeDrop x) {
      return EdgeRemedies.edgeDrop(x, s);
    } else if (r instanceof DropReason.LeftModel x) {
      return Remedy.none(
          List.of(s.device(x.dev())),
          "the packet left what the model holds through "
              + x.dev()
              + "; dump the host behind it (podpath collect there) to follow it further");
    } else if (r instanceof DropReason.NotModelled x) {
      return Remedy.none(
          List.of(Evidence.unplaced(x.netns(), x.what())),
          "podpath does not model " + x.what() + ", so it cannot say what the kernel does here");
    } else if (r instanceof DropReason.InFlight x) {
      return Remedy.none(
          List.of(Evidence.unplaced(x.netns(), x.detail())),
          "the command stopped waiting before anything decided the packet's fate; wait longer"
              + " (ping -W, traceroute -w) to see it");
    }
    throw new IllegalStateException("no remedy for drop reason " + r.code());
  }
}
