package dev.podpath.sim.outcome;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import java.util.List;
import java.util.Optional;

/**
 * Why a packet was dropped, naming the culprit: the route, rule, entry or device responsible. Each
 * variant's {@link #explain()} says it in a sentence.
 */
public sealed interface DropReason {

  /** A stable name for JSON ({@code NO_ROUTE}, {@code RP_FILTER}, ...). */
  String code();

  /** One sentence a person can act on. */
  String explain();

  /** No route matched in any table the rules led to: "Network is unreachable". */
  record NoRoute(NetnsName netns, Ipv4Address dst, java.util.List<Integer> tablesTried)
      implements DropReason {
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
      return route.type().keyword()
          + " route "
          + route.destination()
          + " in "
          + netns
          + " ("
          + route.origin().location()
          + ")";
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
      return "forwarding is off on "
          + ingress
          + " (net.ipv4.conf."
          + ingress.name()
          + ".forwarding=0; set net.ipv4.ip_forward=1 in "
          + ingress.netns()
          + ")";
    }
  }

  /** Reverse-path filtering rejected the source. */
  record RpFilter(DeviceRef ingress, Ipv4Address src, int mode, Optional<Route> reverseRoute)
      implements DropReason {
    public String code() {
      return "RP_FILTER";
    }

    public String explain() {
      String how = mode == 1 ? "strict" : "loose";
      return "rp_filter="
          + mode
          + " ("
          + how
          + ") on "
          + ingress
          + ": "
          + reverseRoute
              .map(r -> "the route back to " + src + " is \"" + r + "\", not via " + ingress.name())
              .orElse("no route back to " + src);
    }
  }

  /**
   * A packet from outside carried one of this namespace's own addresses (or loopback) as source.
   */
  record MartianSource(DeviceRef ingress, Ipv4Address src) implements DropReason {
    public String code() {
      return "MARTIAN_SOURCE";
    }

    public String explain() {
      return "martian source "
          + src
          + " arriving on "
          + ingress
          + " (a local or invalid source address)";
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

  /**
   * A routed packet with DF set was larger than the egress MTU.
   *
   * @param overhead for a tunnel device, where the bytes between its MTU and the underlay's went
   */
  record FragmentationNeeded(DeviceRef egress, int length, int mtu, Optional<String> overhead)
      implements DropReason {
    public FragmentationNeeded {
      java.util.Objects.requireNonNull(overhead, "overhead");
    }

    public FragmentationNeeded(DeviceRef egress, int length, int mtu) {
      this(egress, length, mtu, Optional.empty());
    }

    public String code() {
      return "FRAG_NEEDED";
    }

    public String explain() {
      return length
          + "-byte packet with DF exceeds the MTU "
          + mtu
          + " of "
          + egress
          + overhead.map(o -> " (" + o + ")").orElse("");
    }
  }

  /**
   * The bridge had nowhere to send the frame (known port is the ingress port without hairpin, or no
   * port forwards).
   */
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
      return "lo is down in "
          + netns
          + ": the namespace cannot reach its own addresses (ip link set lo up)";
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
      return "the packet left through "
          + dev
          + ", behind which nothing is modelled"
          + (beyond.isEmpty() ? "" : ": " + beyond);
    }
  }

  /**
   * The packet was sent to a gateway no dump owns ({@code gateway}, behind {@code dev}), and the
   * run assumes that gateway does not route {@code dst} ({@code --edge=drops-private}: private
   * address space it does not own, as a cloud VPC router or a home router drops a pod's or another
   * network's address). The verdict rests on that assumption, and says so.
   */
  record EdgeDrop(DeviceRef dev, Ipv4Address gateway, Ipv4Address dst) implements DropReason {
    public String code() {
      return "EDGE_DROPS_PRIVATE";
    }

    public String explain() {
      return "sent to the gateway "
          + gateway
          + " behind "
          + dev
          + ", which no dump holds; assumed (--edge=drops-private): it does not route "
          + dst
          + ", private address space it does not own (a cloud VPC router or a home router drops"
          + " it)";
    }
  }

  /**
   * An iptables rule with {@code -j DROP} matched: the packet is dropped silently.
   *
   * @param chain the chain holding the rule
   * @param number the rule's position in it, from 1
   * @param ctState the packet's conntrack state, when conntrack runs (e.g. INVALID)
   */
  record RuleDrop(
      NetnsName netns,
      dev.podpath.model.netfilter.NetfilterTable table,
      String chain,
      int number,
      dev.podpath.model.netfilter.Rule rule,
      Optional<dev.podpath.model.netfilter.CtState> ctState)
      implements DropReason {
    public String code() {
      return "IPTABLES_DROP";
    }

    public String explain() {
      return "dropped by iptables rule #"
          + number
          + " of "
          + table
          + " "
          + chain
          + " in "
          + netns
          + ": \""
          + rule.text()
          + "\""
          + ctState.map(s -> " (conntrack state " + s + ")").orElse("")
          + (rule.origin().isKernel() ? "" : " (" + rule.origin().location() + ")");
    }
  }

  /**
   * An iptables rule with {@code -j REJECT} matched: dropped, and the sender told with {@code
   * with}.
   */
  record RuleReject(
      NetnsName netns,
      dev.podpath.model.netfilter.NetfilterTable table,
      String chain,
      int number,
      dev.podpath.model.netfilter.Rule rule,
      dev.podpath.model.netfilter.RejectWith with)
      implements DropReason {
    public String code() {
      return "IPTABLES_REJECT";
    }

    public String explain() {
      return "rejected ("
          + with.keyword()
          + ") by iptables rule #"
          + number
          + " of "
          + table
          + " "
          + chain
          + " in "
          + netns
          + ": \""
          + rule.text()
          + "\""
          + (rule.origin().isKernel() ? "" : " (" + rule.origin().location() + ")");
    }
  }

  /**
   * An nftables rule dropped or rejected the packet ({@code drop}, {@code reject}, a verdict map's
   * {@code drop}).
   *
   * @param table {@code ip kube-proxy}
   * @param reject what a {@code reject} sends back, if the rule rejects
   */
  record NftRuleDrop(
      NetnsName netns,
      String table,
      String chain,
      int number,
      dev.podpath.model.netfilter.NftRule rule,
      Optional<dev.podpath.model.netfilter.RejectWith> reject,
      Optional<dev.podpath.model.netfilter.CtState> ctState)
      implements DropReason {
    public String code() {
      return reject.isPresent() ? "NFT_REJECT" : "NFT_DROP";
    }

    public String explain() {
      return "nftables "
          + table
          + " chain "
          + chain
          + " rule #"
          + number
          + " \""
          + rule.text()
          + "\""
          + (rule.origin().isKernel() ? "" : " (" + rule.origin().location() + ")")
          + reject
              .map(r -> " rejected the packet (" + r.keyword() + ")")
              .orElse(" dropped the packet")
          + ctState.map(s -> " (ctstate " + s + ")").orElse("")
          + " in "
          + netns;
    }
  }

  /**
   * nf_nat dropped an ICMP redirect the namespace itself sent, at OUTPUT's nat point (after raw and
   * mangle OUTPUT counted it, before filter OUTPUT): the redirect carries the connection of the
   * packet it is about ({@code nf_ct_attach}), and {@code nf_nat_icmp_reply_translation} drops a
   * redirect about a connection that is NATed, or whose NAT is not finished yet (a new connection's
   * first packet is redirected before it reaches POSTROUTING). Only where connection tracking and
   * nf_nat's hooks both run (a rule that needs conntrack, and a nat table or nft nat chain).
   *
   * @param natted whether the connection is NATed (else its NAT was not finished)
   */
  record NatDropsRedirect(NetnsName netns, boolean natted) implements DropReason {
    public String code() {
      return "NAT_DROPS_REDIRECT";
    }

    public String explain() {
      return "nf_nat in "
          + netns
          + " dropped the ICMP redirect it was sending: the connection it is about "
          + (natted
              ? "is NATed"
              : "has not finished its NAT (its first packet is still on its way)")
          + ", and a redirect about such a connection is never sent";
    }
  }

  /** An nftables base chain's policy dropped the packet. */
  record NftPolicyDrop(NetnsName netns, String table, String chain) implements DropReason {
    public String code() {
      return "NFT_POLICY_DROP";
    }

    public String explain() {
      return "nftables "
          + table
          + " chain "
          + chain
          + " policy drop dropped the packet in "
          + netns;
    }
  }

  /** The end of a built-in chain whose policy is DROP ({@code iptables -P FORWARD DROP}). */
  record PolicyDrop(NetnsName netns, dev.podpath.model.netfilter.NetfilterTable table, String chain)
      implements DropReason {
    public String code() {
      return "IPTABLES_POLICY_DROP";
    }

    public String explain() {
      return "dropped by the DROP policy of "
          + table
          + " "
          + chain
          + " in "
          + netns
          + " (no rule accepted it)";
    }
  }

  /**
   * A reply reached the sender, but not from where its socket is connected: conntrack did not
   * un-NAT it (e.g. a same-bridge endpoint answered directly with {@code
   * bridge-nf-call-iptables=0}).
   */
  record NoSocket(
      NetnsName netns, Ipv4Address from, int fromPort, Ipv4Address expected, int expectedPort)
      implements DropReason {
    public String code() {
      return "NO_SOCKET";
    }

    public String explain() {
      return "the answer comes from "
          + from
          + ":"
          + fromPort
          + ", but the socket in "
          + netns
          + " is connected to "
          + expected
          + ":"
          + expectedPort
          + " (the reply was not un-NATed), so the sender never sees it";
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

  /**
   * A packet reached a netfilter hook in a namespace whose rules are not known (a snapshot whose
   * collector could not dump them): what the rules do to it cannot be told, so nothing is guessed.
   * The trace ends NOT_MODELLED.
   *
   * <pre>
   * not modelled: netfilter unknown in r (FORWARD): iptables-save was not collected: `ip netns exec r
   *     iptables-save -c` failed with exit status 1 (Permission denied) (root/collect.log:2)
   * </pre>
   */
  record NetfilterUnknown(
      NetnsName netns,
      dev.podpath.model.netfilter.Hook hook,
      dev.podpath.model.netfilter.RulesUnknown why)
      implements DropReason {
    public String code() {
      return "NETFILTER_UNKNOWN";
    }

    public String explain() {
      return "not modelled: netfilter unknown in " + netns + " (" + hook + "): " + why.explain();
    }
  }

  /**
   * A frame came back to a bridge port it had entered before without being routed in between: it
   * went round a bridge loop (two bridges joined twice, a veth pair between two ports of one
   * bridge; no STP). podpath stops that copy there; the kernel forwards it round and round, and a
   * flooded frame (broadcast, or an unknown destination) is copied at every turn: a storm.
   *
   * <pre>{@code
   * bridge loop sw/br0 <-> sw/br1: the frame to ff:ff:ff:ff:ff:ff came back to port l1b of sw/br1, which it had entered before
   * }</pre>
   *
   * @param bridge the bridge it entered again
   * @param port the port of {@code bridge} it entered again
   * @param bridges the bridges of the loop, starting with the one the frame met first
   * @param dst the frame's destination MAC (broadcast and unknown unicast are flooded)
   */
  record BridgeLoop(DeviceRef bridge, DeviceRef port, List<DeviceRef> bridges, MacAddress dst)
      implements DropReason {
    public BridgeLoop {
      bridges = List.copyOf(bridges);
      if (bridges.isEmpty()) {
        throw new IllegalArgumentException("a loop crosses at least one bridge");
      }
    }

    public String code() {
      return "BRIDGE_LOOP";
    }

    /** {@code sw/br0 <-> sw/br1}, or the bridges in order when the loop crosses more. */
    public String loop() {
      List<DeviceRef> distinct = bridges.stream().distinct().toList();
      if (distinct.size() == 1) {
        return distinct.get(0) + " (a link joins two of its ports)";
      }
      if (distinct.size() == 2) {
        return distinct.get(0) + " <-> " + distinct.get(1);
      }
      return String.join(" -> ", bridges.stream().map(DeviceRef::toString).toList())
          + " -> "
          + bridges.get(0);
    }

    public String explain() {
      return "bridge loop "
          + loop()
          + ": the frame to "
          + dst
          + " came back to port "
          + port.name()
          + " of "
          + bridge
          + ", which it had entered before";
    }
  }

  /**
   * A packet's fate was a broadcast storm: the frames of its ARP exchange (or the packet's own,
   * flooded) went round a bridge loop and were copied at every turn, and what it waited for never
   * came (the ARP reply, or the packet's way on, was lost in the loop).
   *
   * @param loop the loop, as the first copy that came back found it
   * @param copies how many copies of the frame podpath followed before every one had come back
   *     round or reached a host (the kernel keeps copying until the loop is broken)
   * @param arpFor the address whose ARP request stormed, when it was the ARP exchange
   */
  record BroadcastStorm(BridgeLoop loop, int copies, java.util.Optional<Ipv4Address> arpFor)
      implements DropReason {
    public String code() {
      return "BROADCAST_STORM";
    }

    public String explain() {
      return "broadcast storm: bridge loop "
          + loop.loop()
          + ", "
          + arpFor.map(a -> "the ARP request for " + a).orElse("the frame")
          + " was copied "
          + copies
          + " times (podpath stopped each copy where it came back to a port it had entered; the kernel copies it"
          + " round the loop until the loop is broken)";
    }
  }

  /**
   * The packet went round a routing loop until its TTL ran out: it crossed the same namespace twice
   * the same way (in and out by the same devices) before it expired.
   *
   * <pre>{@code
   * routing loop between r and up2: TTL exceeded after 65 hops (TTL 1 expired in up2)
   * }</pre>
   *
   * @param cycle the namespaces of one turn of the loop, in order
   * @param hops how many hops the packet made, its sender's included
   * @param expired where and with which TTL it expired
   */
  record RoutingLoop(List<NetnsName> cycle, int hops, TtlExceeded expired) implements DropReason {
    public RoutingLoop {
      cycle = List.copyOf(cycle);
    }

    public String code() {
      return "ROUTING_LOOP";
    }

    public String explain() {
      String where =
          cycle.size() == 2
              ? "between " + cycle.get(0) + " and " + cycle.get(1)
              : String.join(" -> ", cycle.stream().map(NetnsName::toString).toList())
                  + " -> "
                  + cycle.get(0);
      return "routing loop "
          + where
          + ": TTL exceeded after "
          + hops
          + " hops (TTL "
          + expired.ttl()
          + " expired in "
          + expired.netns()
          + ")";
    }
  }

  /**
   * The simulation stopped after its event budget ({@code SimConfig.eventLimit}) with the packet
   * still moving: a storm podpath could not pin to a loop.
   *
   * @param steps how many steps of this packet (and its copies) were recorded
   */
  record EventBudget(NetnsName netns, long steps) implements DropReason {
    public String code() {
      return "EVENT_LIMIT";
    }

    public String explain() {
      return "the simulation's event budget ran out with the packet still on its way, after "
          + steps
          + " steps of it (last seen in "
          + netns
          + "): a storm";
    }
  }

  /**
   * Nothing had happened to the packet yet when the command stopped waiting (e.g. ARP still
   * retrying).
   */
  record InFlight(NetnsName netns, String detail) implements DropReason {
    public String code() {
      return "IN_FLIGHT";
    }

    public String explain() {
      return "still " + detail + " in " + netns + " when the command stopped waiting";
    }
  }

  /**
   * The local sender got an error from the socket layer (no packet left), or a tunnel could not
   * send its outer packet.
   *
   * @param message what the program prints ({@link SocketError#explain()}), or the tunnel's trouble
   */
  record LocalError(NetnsName netns, Errno errno, String message) implements DropReason {
    /** A socket's own error: its errno, and what the program prints for it. */
    public static LocalError of(NetnsName netns, SocketError error) {
      return new LocalError(netns, error.errno(), error.explain());
    }

    public String code() {
      return "LOCAL_ERROR";
    }

    public String explain() {
      return message + " (" + errno + ") in " + netns;
    }
  }

  /**
   * A VXLAN device had no FDB entry (and no all-zero default) for the inner destination MAC: the
   * kernel drops the frame silently and counts it as TX dropped ({@code vxlan_xmit}).
   */
  record VxlanNoFdb(DeviceRef dev, MacAddress dst) implements DropReason {
    public String code() {
      return "VXLAN_NO_FDB";
    }

    public String explain() {
      return "no FDB entry on "
          + dev
          + " gives a remote VTEP for "
          + dst
          + (dst.isMulticast() ? " (broadcast: no all-zero default entry)" : "")
          + " (dropped silently, counted as TX dropped; bridge fdb append "
          + dst
          + " dev "
          + dev.name()
          + " dst VTEP)";
    }
  }

  /**
   * A tunnel packet reached its UDP port or protocol handler but no device of this namespace takes
   * it (no VXLAN device with this VNI, no IPIP tunnel that matches or tunl0 down): dropped
   * silently.
   */
  record NoTunnel(NetnsName netns, String detail) implements DropReason {
    public String code() {
      return "NO_TUNNEL";
    }

    public String explain() {
      return "no tunnel device in " + netns + " takes the packet: " + detail;
    }
  }

  /**
   * The route to a tunnel's outer destination leads back into a tunnel (IPIP: the kernel counts it
   * as a collision and drops it).
   */
  record TunnelLoop(DeviceRef dev, Ipv4Address outerDst) implements DropReason {
    public String code() {
      return "TUNNEL_LOOP";
    }

    public String explain() {
      return "the route to the outer destination "
          + outerDst
          + " goes back out of "
          + dev
          + " (dropped)";
    }
  }

  /**
   * flanneld (modelled) has no subnet lease covering the inner destination: it drops the packet.
   */
  record NoSubnetLease(DeviceRef tun, Ipv4Address dst) implements DropReason {
    public String code() {
      return "NO_SUBNET_LEASE";
    }

    public String explain() {
      return "flanneld behind "
          + tun
          + " has no subnet lease covering "
          + dst
          + " (dropped in user space)";
    }
  }

  /**
   * A WireGuard device's cryptokey routing refused the packet: no peer's allowed-ips hold its
   * destination, the peer has no endpoint, or (received) its source is not in the allowed-ips of
   * the peer that sent it.
   *
   * @param address the destination (sent) or the source (received) that decided it
   * @param cause which of cryptokey routing's checks refused it
   * @param peer the peer concerned, when one was chosen (its public key)
   */
  record NoPeer(DeviceRef dev, Ipv4Address address, Cause cause, String peer, String detail)
      implements DropReason {

    /** Which check of cryptokey routing refused the packet. */
    public enum Cause {
      /** Sent: no peer's allowed-ips hold the destination ({@code ENOKEY}). */
      NO_ALLOWED_IPS,
      /** Sent: the chosen peer has no endpoint, set or learned ({@code EDESTADDRREQ}). */
      NO_ENDPOINT,
      /** Sent: the handshake with the chosen peer never completed; the queued packets go. */
      HANDSHAKE_FAILED,
      /** Received: the source is not in the allowed-ips of the peer that sent it. */
      SOURCE_NOT_ALLOWED
    }

    public String code() {
      return "NO_PEER";
    }

    public String explain() {
      return "WireGuard device " + dev + ": " + detail;
    }
  }

  /**
   * An ICMP error about a tunnel's outer packet reached the tunnel's host: the tunnel takes it
   * ({@code ipip_err}; for VXLAN and flanneld the UDP socket's error handling) and the inner
   * sender's socket never sees it.
   *
   * @param tunnel the kind of tunnel whose outer packet the error is about
   */
  record TunnelErrorAbsorbed(NetnsName netns, int icmpType, int icmpCode, Step.Tunnel tunnel)
      implements DropReason {
    public String code() {
      return "TUNNEL_ERROR_ABSORBED";
    }

    /**
     * The tunnel's kind as the reader knows it: {@code IPIP}, {@code VXLAN}, {@code flannel UDP}.
     */
    public String tunnelWords() {
      return switch (tunnel) {
        case IPIP -> "IPIP";
        case VXLAN -> "VXLAN";
        case GENEVE -> "Geneve";
        case WIREGUARD -> "WireGuard";
        case FLANNEL_UDP -> "flannel UDP";
      };
    }

    public String explain() {
      return "the ICMP error (type "
          + icmpType
          + ", code "
          + icmpCode
          + ") about an outer "
          + tunnelWords()
          + " packet is taken by the tunnel in "
          + netns
          + ", not passed on to the inner sender";
    }
  }

  /**
   * A VXLAN device unwrapped a frame for a MAC that is not its own (and it is no bridge port): the
   * sender's neighbour and FDB entries name a VTEP MAC this device does not have (a stale one,
   * after the device was re-created). Dropped silently, as a frame for another host.
   */
  record VtepMacMismatch(DeviceRef dev, MacAddress dst, MacAddress own) implements DropReason {
    public String code() {
      return "VTEP_MAC_MISMATCH";
    }

    public String explain() {
      return "the unwrapped frame is for "
          + dst
          + " but "
          + dev
          + " has MAC "
          + own
          + ": the sender's neighbour and FDB entries name a VTEP MAC this device does not have (dropped silently)";
    }
  }
}
