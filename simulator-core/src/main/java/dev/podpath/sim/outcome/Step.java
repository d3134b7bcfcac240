package dev.podpath.sim.outcome;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.neigh.NudState;
import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.FramePayload;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import java.util.List;
import java.util.Optional;

/**
 * One decision or event in a packet's life, with the evidence for it (the route, entry or device
 * that decided). Steps are data: nothing branches on their text.
 */
public sealed interface Step {

  /** The namespace the step happened in. */
  NetnsName netns();

  /** A stable name for JSON ({@code route}, {@code bridge}, {@code drop}, ...). */
  String kind();

  /** A packet was created by a local socket or by the stack (echo reply, ICMP error). */
  record Originated(NetnsName netns, Ipv4Packet packet, String by) implements Step {
    public String kind() {
      return "originate";
    }
  }

  /** A frame arrived on a device. */
  record Received(DeviceRef dev, Frame frame) implements Step {
    public NetnsName netns() {
      return dev.netns();
    }

    public String kind() {
      return "receive";
    }
  }

  /** A frame left through a device. */
  record Transmitted(DeviceRef dev, Frame frame) implements Step {
    public NetnsName netns() {
      return dev.netns();
    }

    public String kind() {
      return "transmit";
    }
  }

  /**
   * The routing decision: the rule that led to the table, the route chosen in it, and the next hop
   * and output device that follow.
   *
   * @param input true for a received packet ({@code ip_route_input}), false for a local one
   * @param rule the {@code ip rule} whose lookup found the route
   */
  record RouteSelected(
      NetnsName netns,
      boolean input,
      RoutingRule rule,
      Route route,
      Optional<Ipv4Address> nextHop,
      Optional<String> outDev,
      Optional<Ipv4Address> src)
      implements Step {
    public String kind() {
      return "route";
    }
  }

  /** The packet is for this namespace (a local route matched). */
  record LocalDelivery(NetnsName netns, String dev, Ipv4Packet packet, String handler)
      implements Step {
    public String kind() {
      return "deliver";
    }
  }

  /** The router forwards the packet: TTL decremented. */
  record Forwarded(NetnsName netns, String in, String out, int ttlBefore, int ttlAfter)
      implements Step {
    public String kind() {
      return "forward";
    }
  }

  /** A valid neighbour entry gave the next hop's MAC; {@code state} is its NUD state then. */
  record NeighbourUsed(
      DeviceRef dev,
      Ipv4Address ip,
      MacAddress mac,
      NudState state,
      Optional<NeighEntry> configured)
      implements Step {
    public NetnsName netns() {
      return dev.netns();
    }

    public String kind() {
      return "neighbour";
    }
  }

  /** An ARP request went out to resolve a next hop. */
  record ArpRequest(DeviceRef dev, Ipv4Address target, Ipv4Address sender, int attempt)
      implements Step {
    public NetnsName netns() {
      return dev.netns();
    }

    public String kind() {
      return "arp-request";
    }
  }

  /** A host answered an ARP request (for its own address, or by proxy ARP). */
  record ArpReply(DeviceRef dev, Ipv4Address ip, MacAddress mac, boolean proxy, Ipv4Address to)
      implements Step {
    public NetnsName netns() {
      return dev.netns();
    }

    public String kind() {
      return "arp-reply";
    }
  }

  /** An ARP request arrived and was ignored, with the reason. */
  record ArpIgnored(DeviceRef dev, Ipv4Address target, String why) implements Step {
    public NetnsName netns() {
      return dev.netns();
    }

    public String kind() {
      return "arp-ignored";
    }
  }

  /** The resolver got its answer: the neighbour entry is now REACHABLE. */
  record NeighbourResolved(DeviceRef dev, Ipv4Address ip, MacAddress mac, long waitedNanos)
      implements Step {
    public NetnsName netns() {
      return dev.netns();
    }

    public String kind() {
      return "neighbour-resolved";
    }
  }

  /** A bridge learned (or refreshed) a source MAC on a port. */
  record BridgeLearned(DeviceRef bridge, MacAddress mac, String port, boolean isNew)
      implements Step {
    public NetnsName netns() {
      return bridge.netns();
    }

    public String kind() {
      return "bridge-learn";
    }
  }

  /**
   * A bridge's forwarding decision for one frame.
   *
   * @param inPort the ingress port, or the bridge itself for frames the host sends
   * @param decision what the FDB said
   * @param outPorts the ports the frame left through
   * @param entry the FDB entry that decided, for known destinations
   */
  record BridgeForwarded(
      DeviceRef bridge,
      String inPort,
      MacAddress dst,
      BridgeDecision decision,
      List<String> outPorts,
      Optional<FdbEntry> entry)
      implements Step {
    public NetnsName netns() {
      return bridge.netns();
    }

    public String kind() {
      return "bridge";
    }
  }

  /** How a bridge handled a frame. */
  enum BridgeDecision {
    /** The destination is in the FDB: one port. */
    KNOWN_UNICAST,
    /** Unknown unicast: flooded to every other forwarding port. */
    FLOOD_UNKNOWN,
    /** Broadcast or multicast: flooded (and passed up to the host). */
    FLOOD_BROADCAST,
    /** For the bridge's own MAC (or a port's): passed up to the host's stack. */
    TO_HOST
  }

  /** The stack sent an ICMP message because of the packet (an error, or an echo reply). */
  record IcmpSent(NetnsName netns, Ipv4Packet icmp, String because) implements Step {
    public String kind() {
      return "icmp";
    }
  }

  /**
   * The stack would have sent an ICMP error because of the packet, and did not: the destination
   * host's token bucket was empty (kernel-semantics.md section 7).
   *
   * <pre>{@code
   * icmp  time exceeded to 10.244.0.2 not sent: rate limit, net.ipv4.icmp_ratelimit=1000 ms per destination host (burst 6)
   * }</pre>
   *
   * @param to the host the error was for
   * @param type the ICMP type of the error not sent (its code in {@code code})
   * @param limit which charge of the bucket failed
   * @param costMillis what one error costs ({@code icmp_ratelimit}, or ip_error's 1000 ms)
   */
  record IcmpRateLimited(
      NetnsName netns, Ipv4Address to, int type, int code, IcmpLimit limit, long costMillis)
      implements Step {
    public String kind() {
      return "icmp-rate-limited";
    }
  }

  /** The two charges of a destination host's ICMP token bucket ({@code inet_peer}). */
  enum IcmpLimit {
    /**
     * {@code icmp_send()}: the types in {@code net.ipv4.icmp_ratemask} (dest-unreachable but
     * "fragmentation needed", source-quench, time-exceeded, parameter-problem) cost {@code
     * net.ipv4.icmp_ratelimit} ms each, with a burst of 6.
     */
    ICMP_RATELIMIT,
    /**
     * {@code ip_error()}: a forwarded packet that meets no route, or an unreachable or prohibit
     * route, first costs 1 s of the same bucket, with a burst of 5 ({@code ip_rt_error_cost}).
     */
    ROUTE_ERROR
  }

  /**
   * One table's traversal at one netfilter hook: the rules met (jumps, marks, statistic choices,
   * the rule that decided), the verdict, and the packet before and after any rewrite.
   *
   * <pre>{@code
   * nat PREROUTING -> KUBE-SERVICES #3 -> KUBE-SVC-WEB #2 -> KUBE-SEP-A #2 DNAT 10.96.0.10:80 -> 10.244.0.3:8080
   * }</pre>
   *
   * @param hits the rules met, in order (see {@link NfRuleHit})
   * @param byPolicy whether the built-in chain's policy decided (no rule gave a verdict)
   * @param policy the built-in chain's policy name, when {@code byPolicy}
   * @param in the input device as iptables sees it ({@code -i}), empty if none
   * @param out the output device ({@code -o}), empty if none
   * @param ctState the packet's conntrack state, when conntrack runs in the namespace
   */
  record Netfilter(
      NetnsName netns,
      dev.podpath.model.netfilter.NetfilterTable table,
      dev.podpath.model.netfilter.Hook hook,
      List<NfRuleHit> hits,
      NfVerdict verdict,
      boolean byPolicy,
      Optional<dev.podpath.model.netfilter.Policy> policy,
      String in,
      String out,
      Optional<dev.podpath.model.netfilter.CtState> ctState,
      Ipv4Packet before,
      Ipv4Packet after)
      implements Step {
    public Netfilter {
      hits = List.copyOf(hits);
    }

    public String kind() {
      return "netfilter";
    }

    /**
     * Whether anything worth showing happened: a rule met, a rewrite, or a verdict other than
     * ACCEPT.
     */
    public boolean eventful() {
      return !hits.isEmpty() || verdict != NfVerdict.ACCEPT || !before.equals(after);
    }
  }

  /**
   * One nftables base chain's traversal at a hook: the rules met, the verdict, the rewrite.
   *
   * @param table the table, as {@code nft} names it with its family ({@code ip kube-proxy})
   * @param chain the base chain
   * @param priority the base chain's priority (the order among the hook's chains and iptables'
   *     tables)
   */
  record Nftables(
      NetnsName netns,
      String table,
      String chain,
      dev.podpath.model.netfilter.Hook hook,
      int priority,
      List<NftHit> hits,
      NfVerdict verdict,
      boolean byPolicy,
      dev.podpath.model.netfilter.Policy policy,
      String in,
      String out,
      Optional<dev.podpath.model.netfilter.CtState> ctState,
      Ipv4Packet before,
      Ipv4Packet after)
      implements Step {
    public Nftables {
      hits = List.copyOf(hits);
    }

    public String kind() {
      return "nftables";
    }

    /** Whether anything worth showing happened: a rule met, a rewrite, or a verdict not ACCEPT. */
    public boolean eventful() {
      return !hits.isEmpty() || verdict != NfVerdict.ACCEPT || !before.equals(after);
    }
  }

  /**
   * Conntrack's view of the packet at PREROUTING or OUTPUT: its state and connection, and for a
   * packet of a known connection whose translation is already set (later packets, replies), the
   * rewrite conntrack applied without consulting the nat table.
   *
   * @param state NEW, ESTABLISHED, RELATED, INVALID or UNTRACKED
   * @param reply whether the packet travels in the connection's reply direction
   * @param entry the connection, if there is one: its {@code conntrack -L} line is composed by the
   *     renderers ({@link ConntrackLine#line()}), not while the packet is simulated
   */
  record Conntrack(
      NetnsName netns,
      dev.podpath.model.netfilter.Hook hook,
      dev.podpath.model.netfilter.CtState state,
      boolean reply,
      Optional<ConntrackLine> entry,
      Ipv4Packet before,
      Ipv4Packet after)
      implements Step {
    public String kind() {
      return "conntrack";
    }
  }

  /** The packet was dropped here. */
  record Dropped(NetnsName netns, DropReason reason) implements Step {
    public String kind() {
      return "drop";
    }
  }

  /** Something the kernel would do here that podpath does not model, said instead of guessed. */
  record NotModelled(NetnsName netns, String what) implements Step {
    public String kind() {
      return "not-modelled";
    }
  }

  /** Which encapsulation a tunnel step is about. */
  enum Tunnel {
    /** Ethernet in VXLAN in UDP (RFC 7348). */
    VXLAN,
    /** Ethernet in Geneve in UDP (RFC 8926). */
    GENEVE,
    /** An IPv4 packet, encrypted, in a WireGuard data message in UDP. */
    WIREGUARD,
    /** IPv4 in IPv4 (protocol 4). */
    IPIP,
    /** flannel's UDP backend: the bare IP packet in UDP, by flanneld in user space. */
    FLANNEL_UDP
  }

  /**
   * A tunnel wrapped the packet: the inner frame (VXLAN) or packet, and the outer IPv4 header built
   * for it, with the FDB entry that named the remote endpoint (VXLAN).
   *
   * @param innerFrame the inner Ethernet frame (VXLAN and Geneve only)
   * @param outer the outer packet, whose UDP header carries the VNI and ports (VXLAN, flannel)
   * @param basis what the outer addresses, ports and TTL were chosen from (the renderers word it)
   */
  record Encapsulated(
      DeviceRef dev,
      Tunnel tunnel,
      Optional<Frame> innerFrame,
      FramePayload inner,
      Ipv4Packet outer,
      Optional<FdbEntry> fdbEntry,
      EncapBasis basis)
      implements Step {
    public NetnsName netns() {
      return dev.netns();
    }

    public String kind() {
      return "encapsulate";
    }

    /** Whether the packet waited for a WireGuard handshake before it left. */
    public boolean waitedForHandshake() {
      return basis instanceof EncapBasis.WireGuard w && w.queuedForHandshake();
    }
  }

  /**
   * A tunnel took the outer headers off; the inner packet now arrives on {@code dev} as if received
   * there.
   */
  record Decapsulated(
      DeviceRef dev,
      Tunnel tunnel,
      Ipv4Packet outer,
      Optional<Frame> innerFrame,
      FramePayload inner)
      implements Step {
    public NetnsName netns() {
      return dev.netns();
    }

    public String kind() {
      return "decapsulate";
    }
  }

  /**
   * A packet left the kernel to a user-space program (a TUN device's reader) or came back from one.
   */
  record UserSpace(DeviceRef dev, String program, boolean toProgram, Ipv4Packet packet)
      implements Step {
    public NetnsName netns() {
      return dev.netns();
    }

    public String kind() {
      return "user-space";
    }
  }
}
