package dev.podpath.trace.diff;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.NfVerdict;
import dev.podpath.sim.outcome.Step;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link Decision} decided, as a value two traces are compared by: the namespace and the
 * decision's own fields, never its origin (file:line), nor what the kernel chose at random (a MAC,
 * a packet id, a time). Two keys are equal when the two networks decided alike at that point.
 */
public sealed interface DecisionKey {

  /** {@return the namespace of the decision} */
  NetnsName netns();

  /**
   * A route lookup: the rule's priority and the route it found (table, type, prefix, next hops,
   * metric), the next hop and device it gave.
   */
  record Route(
      NetnsName netns,
      boolean input,
      int rulePriority,
      int table,
      RouteType type,
      Prefix destination,
      List<NextHop> nextHops,
      int metric,
      Optional<Ipv4Address> nextHop,
      Optional<String> outDev)
      implements DecisionKey {}

  /**
   * A netfilter table that did something: the rules that matched (chain and text, their place
   * aside: a rule inserted above another does not change what decided), the verdict.
   */
  record Netfilter(
      NetnsName netns,
      NetfilterTable table,
      Hook hook,
      List<String> matched,
      NfVerdict verdict,
      boolean byPolicy)
      implements DecisionKey {}

  /** A bridge's forwarding decision and the ports the frame left through. */
  record Bridge(NetnsName netns, String bridge, Step.BridgeDecision decision, List<String> outPorts)
      implements DecisionKey {}

  /** The neighbour entry that gave the next hop's MAC: configured (a line) or learned. */
  record Neighbour(NetnsName netns, String dev, Ipv4Address ip, boolean configured)
      implements DecisionKey {}

  /** An ARP request for the next hop that nobody answered on this device. */
  record ArpIgnored(NetnsName netns, String dev, Ipv4Address target) implements DecisionKey {}

  /** A tunnel wrapped the packet, toward this outer destination. */
  record Encapsulated(NetnsName netns, String dev, Step.Tunnel tunnel, Ipv4Address outerDst)
      implements DecisionKey {}

  /** A tunnel took the outer headers off. */
  record Decapsulated(NetnsName netns, String dev, Step.Tunnel tunnel) implements DecisionKey {}

  /** A router forwarded the packet from one device to another. */
  record Forwarded(NetnsName netns, String in, String out) implements DecisionKey {}

  /** The packet was delivered to a local socket (or the stack's echo, or nothing listening). */
  record Delivered(NetnsName netns, String dev, String handler) implements DecisionKey {}

  /** The packet was dropped, for a reason of this code. */
  record Dropped(NetnsName netns, String code) implements DecisionKey {}

  /** What podpath does not model stopped it here. */
  record NotModelled(NetnsName netns, String what) implements DecisionKey {}
}
