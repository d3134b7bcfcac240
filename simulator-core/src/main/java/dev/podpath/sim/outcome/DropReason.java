package dev.podpath.sim.outcome;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import java.util.Optional;

/**
 * Why a packet was dropped, naming the culprit: the route, rule, entry or device responsible.
 * Each variant's {@link #explain()} says it in a sentence.
 */
public sealed interface DropReason {

  /** A stable name for JSON ({@code NO_ROUTE}, {@code RP_FILTER}, ...). */
  String code();

  /** One sentence a person can act on. */
  String explain();

  /** No route matched in any table the rules led to: "Network is unreachable". */
  record NoRoute(NetnsName netns, Ipv4Address dst, java.util.List<Integer> tablesTried) implements DropReason {
    public String code() {
      return "NO_ROUTE";
    }

    public String explain() {
      return "no route to " + dst + " in " + netns + " (tables tried: " + tablesTried + ")";
    }
  }

  /** A blackhole, unreachable or prohibit route matched. */
  record RouteType(NetnsName netns, Route route) implements DropReason {
    public String code() {
      return "ROUTE_" + route.type().name();
    }

    public String explain() {
      return route.type().keyword() + " route " + route.destination() + " in " + netns
          + " (" + route.origin().location() + ")";
    }
  }

  /** An {@code ip rule} with a blackhole/unreachable/prohibit action matched. */
  record RuleAction(NetnsName netns, RoutingRule rule) implements DropReason {
    public String code() {
      return "RULE_" + ((RoutingRule.Action.Fail) rule.action()).type().name();
    }

    public String explain() {
      return "ip rule \"" + rule + "\" in " + netns;
    }
  }

  /** The packet would be forwarded but forwarding is off on the device it came in on. */
  record ForwardingDisabled(DeviceRef ingress) implements DropReason {
    public String code() {
      return "FORWARDING_DISABLED";
    }

    public String explain() {
      return "forwarding is off on " + ingress + " (net.ipv4.conf." + ingress.name()
          + ".forwarding=0; set net.ipv4.ip_forward=1 in " + ingress.netns() + ")";
    }
  }

  /** Reverse-path filtering rejected the source. */
  record RpFilter(DeviceRef ingress, Ipv4Address src, int mode, Optional<Route> reverseRoute) implements DropReason {
    public String code() {
      return "RP_FILTER";
    }

    public String explain() {
      String how = mode == 1 ? "strict" : "loose";
      return "rp_filter=" + mode + " (" + how + ") on " + ingress + ": "
          + reverseRoute.map(r -> "the route back to " + src + " is \"" + r + "\", not via " + ingress.name())
              .orElse("no route back to " + src);
    }
  }

  /** A packet from outside carried one of this namespace's own addresses (or loopback) as source. */
  record MartianSource(DeviceRef ingress, Ipv4Address src) implements DropReason {
    public String code() {
      return "MARTIAN_SOURCE";
    }

    public String explain() {
      return "martian source " + src + " arriving on " + ingress + " (a local or invalid source address)";
    }
  }

  /** The route found for a forwarded packet was not unicast (a martian destination). */
  record MartianDestination(DeviceRef ingress, Ipv4Address dst) implements DropReason {
    public String code() {
      return "MARTIAN_DESTINATION";
    }

    public String explain() {
      return "martian destination " + dst + " arriving on " + ingress;
    }
  }

  /** TTL reached zero at a router. */
  record TtlExceeded(NetnsName netns, int ttl) implements DropReason {
    public String code() {
      return "TTL_EXCEEDED";
    }

    public String explain() {
      return "TTL " + ttl + " expired in " + netns;
    }
  }

  /** ARP for the next hop got no answer. */
  record NeighbourFailed(DeviceRef dev, Ipv4Address nextHop, int attempts) implements DropReason {
    public String code() {
      return "NEIGHBOUR_FAILED";
    }

    public String explain() {
      return "no ARP reply for " + nextHop + " on " + dev + " after " + attempts + " requests";
    }
  }

  /** The device is administratively down. */
  record DeviceDown(DeviceRef dev) implements DropReason {
    public String code() {
      return "DEVICE_DOWN";
    }

    public String explain() {
      return dev + " is down (ip link set " + dev.name() + " up)";
    }
  }

  /** The device is up but has no carrier (its veth peer is down, or a bridge has no port up). */
  record NoCarrier(DeviceRef dev, Optional<DeviceRef> cause) implements DropReason {
    public String code() {
      return "NO_CARRIER";
    }

    public String explain() {
      return dev + " has no carrier" + cause.map(c -> ": its peer " + c + " is down").orElse("");
    }
  }

  /** The frame was addressed to another host's MAC (seen by a bystander after a flood). */
  record NotForThisHost(DeviceRef dev, MacAddress dst) implements DropReason {
    public String code() {
      return "OTHERHOST";
    }

    public String explain() {
      return "frame for " + dst + " is not for " + dev;
    }
  }

  /** The frame was larger than the receiving device's MTU: dropped silently, as L2 does. */
  record FrameTooBig(DeviceRef dev, int length, int mtu) implements DropReason {
    public String code() {
      return "FRAME_TOO_BIG";
    }

    public String explain() {
      return length + "-byte packet exceeds the MTU " + mtu + " of " + dev + " (dropped silently)";
    }
  }

  /** A routed packet with DF set was larger than the egress MTU. */
  record FragmentationNeeded(DeviceRef egress, int length, int mtu) implements DropReason {
    public String code() {
      return "FRAG_NEEDED";
    }

    public String explain() {
      return length + "-byte packet with DF exceeds the MTU " + mtu + " of " + egress;
    }
  }

  /** The bridge had nowhere to send the frame (known port is the ingress port without hairpin, or no port forwards). */
  record BridgeNoPort(DeviceRef bridge, MacAddress dst, String detail) implements DropReason {
    public String code() {
      return "BRIDGE_NO_PORT";
    }

    public String explain() {
      return "bridge " + bridge + " did not forward the frame for " + dst + ": " + detail;
    }
  }

  /** Local delivery through {@code lo} failed because {@code lo} is down. */
  record LoopbackDown(NetnsName netns) implements DropReason {
    public String code() {
      return "LOOPBACK_DOWN";
    }

    public String explain() {
      return "lo is down in " + netns + ": the namespace cannot reach its own addresses (ip link set lo up)";
    }
  }

  /**
   * A device with nothing modelled behind it (a physical NIC in a scenario, or the edge of a
   * snapshot), with what is known to lie behind it and what would be needed to follow the packet.
   */
  record LeftModel(DeviceRef dev, String beyond) implements DropReason {
    public LeftModel {
      java.util.Objects.requireNonNull(beyond, "beyond");
    }

    public LeftModel(DeviceRef dev) {
      this(dev, "");
    }

    public String code() {
      return "EXITED_MODEL";
    }

    public String explain() {
      return "the packet left through " + dev + ", behind which nothing is modelled"
          + (beyond.isEmpty() ? "" : ": " + beyond);
    }
  }

  /** The packet reached something podpath does not simulate. */
  record NotModelled(NetnsName netns, String what) implements DropReason {
    public String code() {
      return "NOT_MODELLED";
    }

    public String explain() {
      return "not modelled: " + what + " (in " + netns + ")";
    }
  }

  /** An L2 loop or a packet storm: the frame was seen too many times. */
  record Loop(DeviceRef where, String detail) implements DropReason {
    public String code() {
      return "LOOP";
    }

    public String explain() {
      return "loop at " + where + ": " + detail;
    }
  }

  /** Nothing had happened to the packet yet when the command stopped waiting (e.g. ARP still retrying). */
  record InFlight(NetnsName netns, String detail) implements DropReason {
    public String code() {
      return "IN_FLIGHT";
    }

    public String explain() {
      return "still " + detail + " in " + netns + " when the command stopped waiting";
    }
  }

  /** The local sender got an error from the socket layer (no packet left). */
  record LocalError(NetnsName netns, String errno, String message) implements DropReason {
    public String code() {
      return "LOCAL_ERROR";
    }

    public String explain() {
      return message + " (" + errno + ") in " + netns;
    }
  }
}
