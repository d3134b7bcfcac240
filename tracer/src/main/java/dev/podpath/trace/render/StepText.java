package dev.podpath.trace.render;

import dev.podpath.model.origin.Origin;
import dev.podpath.model.packet.ArpMessage;
import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.TableIds;
import dev.podpath.sim.outcome.Step;

/** One line of text per {@link Step}: a verb column, then the decision and its evidence. */
public final class StepText {

  private StepText() {}

  /** The verb column: {@code route}, {@code bridge}, {@code arp}, ... */
  public static String verb(Step s) {
    if (s instanceof Step.Originated) {
      return "send";
    } else if (s instanceof Step.Received) {
      return "in";
    } else if (s instanceof Step.Transmitted) {
      return "out";
    } else if (s instanceof Step.RouteSelected) {
      return "route";
    } else if (s instanceof Step.LocalDelivery) {
      return "deliver";
    } else if (s instanceof Step.Forwarded) {
      return "forward";
    } else if (s instanceof Step.NeighbourUsed || s instanceof Step.NeighbourResolved) {
      return "neigh";
    } else if (s instanceof Step.ArpRequest
        || s instanceof Step.ArpReply
        || s instanceof Step.ArpIgnored) {
      return "arp";
    } else if (s instanceof Step.BridgeLearned || s instanceof Step.BridgeForwarded) {
      return "bridge";
    } else if (s instanceof Step.IcmpSent || s instanceof Step.IcmpRateLimited) {
      return "icmp";
    } else if (s instanceof Step.Dropped) {
      return "DROP";
    } else if (s instanceof Step.NotModelled) {
      return "note";
    } else if (s instanceof Step.Netfilter) {
      return "iptables";
    } else if (s instanceof Step.Nftables) {
      return "nft";
    } else if (s instanceof Step.Conntrack) {
      return "conntrack";
    } else if (s instanceof Step.Encapsulated) {
      return "encap";
    } else if (s instanceof Step.Decapsulated) {
      return "decap";
    } else if (s instanceof Step.UserSpace) {
      return "user";
    }
    throw new AssertionError(s);
  }

  /** The decision, in words, with the evidence. */
  public static String describe(Step s) {
    if (s instanceof Step.Originated o) {
      return packet(o.packet()) + " (" + o.by() + ")";
    } else if (s instanceof Step.Received r) {
      return r.dev().name() + "  " + frame(r.frame());
    } else if (s instanceof Step.Transmitted t) {
      return t.dev().name() + "  " + frame(t.frame());
    } else if (s instanceof Step.RouteSelected r) {
      return route(r);
    } else if (s instanceof Step.LocalDelivery d) {
      return "to this namespace on " + d.dev() + " (" + d.handler() + ")";
    } else if (s instanceof Step.Forwarded f) {
      return f.in() + " -> " + f.out() + ", ttl " + f.ttlBefore() + " -> " + f.ttlAfter();
    } else if (s instanceof Step.NeighbourUsed n) {
      return n.ip()
          + " is-at "
          + n.mac()
          + " on "
          + n.dev().name()
          + " ("
          + n.state()
          + n.configured().map(c -> ", " + origin(c.origin())).orElse(", in the cache")
          + ")";
    } else if (s instanceof Step.NeighbourResolved n) {
      return n.ip()
          + " is-at "
          + n.mac()
          + " on "
          + n.dev().name()
          + " (resolved by ARP after "
          + Durations.format(n.waitedNanos())
          + ", now REACHABLE)";
    } else if (s instanceof Step.ArpRequest a) {
      return "who-has "
          + a.target()
          + " tell "
          + a.sender()
          + " on "
          + a.dev().name()
          + " (broadcast"
          + (a.attempt() > 1 ? ", attempt " + a.attempt() : "")
          + ")";
    } else if (s instanceof Step.ArpReply a) {
      return a.ip()
          + " is-at "
          + a.mac()
          + " answered to "
          + a.to()
          + " on "
          + a.dev().name()
          + (a.proxy() ? " (proxy ARP)" : "");
    } else if (s instanceof Step.ArpIgnored a) {
      return "request for " + a.target() + " on " + a.dev().name() + " not answered: " + a.why();
    } else if (s instanceof Step.BridgeLearned b) {
      return b.bridge().name() + " learned " + b.mac() + " on port " + b.port();
    } else if (s instanceof Step.BridgeForwarded b) {
      return bridge(b);
    } else if (s instanceof Step.IcmpSent i) {
      return i.icmp().src().isAny()
          ? packet(i.icmp()).replaceFirst("^0\\.0\\.0\\.0 ", "(source from the route back) ")
          : packet(i.icmp());
    } else if (s instanceof Step.IcmpRateLimited r) {
      return rateLimited(r);
    } else if (s instanceof Step.Dropped d) {
      return d.reason().explain();
    } else if (s instanceof Step.NotModelled n) {
      return "not modelled: " + n.what();
    } else if (s instanceof Step.Netfilter n) {
      return NetfilterText.describe(n);
    } else if (s instanceof Step.Nftables n) {
      return NftText.describe(n);
    } else if (s instanceof Step.Conntrack c) {
      return NetfilterText.describe(c);
    } else if (s instanceof Step.Encapsulated e) {
      return e.dev().name()
          + " ("
          + tunnelName(e.tunnel(), e.outer())
          + ") wraps the "
          + (e.innerFrame().isPresent() ? "frame" : "packet")
          + ": "
          + EncapText.why(e)
          + e.fdbEntry()
              .filter(f -> !f.origin().isKernel())
              .map(f -> "  [" + origin(f.origin()) + "]")
              .orElse("");
    } else if (s instanceof Step.Decapsulated d) {
      return d.dev().name()
          + " ("
          + tunnelName(d.tunnel(), d.outer())
          + ") unwraps "
          + d.outer().src()
          + " > "
          + d.outer().dst()
          + "; the inner "
          + (d.innerFrame().isPresent() ? "frame" : "packet")
          + " is received on "
          + d.dev().name();
    } else if (s instanceof Step.UserSpace u) {
      return u.toProgram()
          ? "read from " + u.dev().name() + " by " + u.program() + ": " + packet(u.packet())
          : "written into " + u.dev().name() + " by " + u.program() + ": " + packet(u.packet());
    }
    throw new AssertionError(s);
  }

  private static String rateLimited(Step.IcmpRateLimited r) {
    String what =
        dev.podpath.model.packet.IcmpNames.pingText(r.type(), r.code(), 0)
            .toLowerCase(java.util.Locale.ROOT);
    return what
        + " to "
        + r.to()
        + " not sent: "
        + switch (r.limit()) {
          case ICMP_RATELIMIT ->
              "rate limit, net.ipv4.icmp_ratelimit="
                  + r.costMillis()
                  + " ms per destination host (burst 6) used up";
          case ROUTE_ERROR ->
              "rate limit of route errors (ip_error: 1 s per error to a host, burst 5) used up";
        };
  }

  /**
   * Extra lines under a step in the text rendering: the inner and outer headers of a tunnel step,
   * with what the encapsulation added.
   */
  public static java.util.List<String> details(Step s) {
    if (s instanceof Step.Encapsulated e) {
      return java.util.List.of(
          "inner  " + inner(e.innerFrame(), e.inner()), "outer  " + outer(e.outer(), e.inner()));
    } else if (s instanceof Step.Decapsulated d) {
      return java.util.List.of(
          "outer  " + outer(d.outer(), d.inner()), "inner  " + inner(d.innerFrame(), d.inner()));
    }
    return java.util.List.of();
  }

  private static String tunnelName(Step.Tunnel t, Ipv4Packet outer) {
    return switch (t) {
      case VXLAN ->
          "vxlan"
              + (outer.l4() instanceof dev.podpath.model.packet.L4.Udp u
                      && u.payload().orElse(null)
                          instanceof dev.podpath.model.packet.UdpPayload.Vxlan v
                  ? ", VNI " + v.vni()
                  : "");
      case GENEVE ->
          "geneve"
              + (outer.l4() instanceof dev.podpath.model.packet.L4.Udp u
                      && u.payload().orElse(null)
                          instanceof dev.podpath.model.packet.UdpPayload.Geneve g
                  ? ", VNI " + g.vni()
                  : "");
      case WIREGUARD -> "wireguard";
      case IPIP -> "ipip";
      case FLANNEL_UDP -> "flannel udp";
    };
  }

  private static String inner(
      java.util.Optional<Frame> frame, dev.podpath.model.packet.FramePayload inner) {
    String body =
        inner instanceof Ipv4Packet p
            ? packet(p) + ", " + p.totalLength() + " bytes"
            : inner.toString();
    return frame.map(f -> f.src() + " > " + f.dst() + "  ").orElse("") + body;
  }

  private static String outer(Ipv4Packet o, dev.podpath.model.packet.FramePayload inner) {
    StringBuilder sb = new StringBuilder();
    sb.append(o.src());
    if (o.l4() instanceof dev.podpath.model.packet.L4.Udp u) {
      sb.append(':')
          .append(u.sport())
          .append(" > ")
          .append(o.dst())
          .append(':')
          .append(u.dport())
          .append(" UDP");
      u.payload().ifPresent(p -> sb.append(", ").append(p));
    } else {
      sb.append(" > ").append(o.dst()).append(' ').append(o.l4());
    }
    sb.append(" ttl ")
        .append(o.ttl())
        .append(o.dontFragment() ? ", DF" : ", DF unset")
        .append(", ")
        .append(o.totalLength())
        .append(" bytes (");
    int added = o.totalLength() - inner.length();
    sb.append('+').append(added).append(": ");
    if (o.l4() instanceof dev.podpath.model.packet.L4.Udp u
        && u.payload().orElse(null) instanceof dev.podpath.model.packet.UdpPayload.Vxlan) {
      sb.append("IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14");
    } else if (o.l4() instanceof dev.podpath.model.packet.L4.Udp u
        && u.payload().orElse(null) instanceof dev.podpath.model.packet.UdpPayload.Geneve) {
      sb.append("IPv4 20 + UDP 8 + Geneve 8 + inner Ethernet 14");
    } else if (o.l4() instanceof dev.podpath.model.packet.L4.Udp u
        && u.payload().orElse(null) instanceof dev.podpath.model.packet.UdpPayload.WireGuard w
        && inner instanceof Ipv4Packet p) {
      sb.append("IPv4 20 + UDP 8 + WireGuard 16 + padding ")
          .append(w.padded() - p.totalLength())
          .append(" + tag 16");
    } else if (o.l4() instanceof dev.podpath.model.packet.L4.Udp) {
      sb.append("IPv4 20 + UDP 8");
    } else {
      sb.append("IPv4 20");
    }
    return sb.append(")").toString();
  }

  private static String route(Step.RouteSelected r) {
    Route route = r.route();
    StringBuilder sb = new StringBuilder();
    sb.append(r.input() ? "input" : "output").append(": ");
    sb.append("rule ")
        .append(r.rule().priority())
        .append(" lookup ")
        .append(TableIds.name(route.table()));
    sb.append(" -> ").append(route);
    r.src().ifPresent(a -> sb.append(" (source ").append(a).append(")"));
    sb.append("  [").append(origin(route.origin())).append("]");
    return sb.toString();
  }

  private static String bridge(Step.BridgeForwarded b) {
    String where = b.bridge().name() + ": " + b.dst() + " ";
    switch (b.decision()) {
      case TO_HOST:
        return where
            + "is the bridge's own address -> up to the host's stack on "
            + b.bridge().name();
      case KNOWN_UNICAST:
        return where
            + "is known on port "
            + b.entry()
                .map(
                    e ->
                        e.dev()
                            + (e.origin().isKernel()
                                ? " (learned)"
                                : " (" + origin(e.origin()) + ")"))
                .orElse("?")
            + (b.outPorts().isEmpty() ? "" : " -> " + String.join(", ", b.outPorts()));
      case FLOOD_UNKNOWN:
        return where + "is unknown -> flooded to " + ports(b);
      case FLOOD_BROADCAST:
        return where + "broadcast -> flooded to " + ports(b) + " and the host";
      default:
        throw new AssertionError(b.decision());
    }
  }

  private static String ports(Step.BridgeForwarded b) {
    return b.outPorts().isEmpty() ? "no port" : String.join(", ", b.outPorts());
  }

  static String frame(Frame f) {
    if (f.payload() instanceof ArpMessage a) {
      return f.src() + " > " + f.dst() + "  " + a;
    }
    Ipv4Packet p = (Ipv4Packet) f.payload();
    if (f.src().isZero() && f.dst().isZero()) {
      return packet(p);
    }
    return f.src() + " > " + f.dst() + "  " + packet(p);
  }

  static String packet(Ipv4Packet p) {
    return p.src() + " > " + p.dst() + " " + p.l4() + " ttl " + p.ttl();
  }

  static String origin(Origin o) {
    return o.isKernel() ? "kernel" : o.location();
  }
}
