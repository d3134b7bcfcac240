package dev.podpath.model.finding;

/**
 * What kind of problem a {@link Finding} is. The {@link #id()} is stable: lint prints it and the
 * JSON export carries it (docs/lint-json.md); tests and scripts may rely on it.
 */
public enum Code {
  /** A route that another one hides for all or part of its range. */
  ROUTE_SHADOWED("route-shadowed"),
  /**
   * An address whose connected route was deleted, while routes via gateways in its subnet remain.
   */
  CONNECTED_ROUTE_MISSING("connected-route-missing"),
  /** A route whose gateway is an address of the namespace itself. */
  ROUTE_VIA_OWN_ADDRESS("route-via-own-address"),
  /** A gateway that nothing on the route's L2 segment answers ARP for. */
  GATEWAY_NOT_ON_LINK("gateway-not-on-link"),
  /** A host that packets reach through a router, but that has no route back to their source. */
  NO_ROUTE_BACK("no-route-back"),
  /** A namespace used as a gateway toward other networks, with forwarding off. */
  FORWARDING_OFF("forwarding-off"),
  /**
   * rp_filter drops packets a neighbour sends through this router, because the route back leaves by
   * another device.
   */
  RP_FILTER_DROPS("rp-filter-drops"),
  /**
   * rp_filter on (strict or loose) on the devices of a CNI that requires it off (Cilium's {@code
   * lxc*} and {@code cilium_*}).
   */
  CNI_DEVICE_RP_FILTER("cni-device-rp-filter"),
  /**
   * {@code bridge-nf-call-iptables = 0} on a node that DNATs: a Service endpoint's reply across the
   * client's bridge escapes conntrack.
   */
  BRIDGE_NF_CALL_IPTABLES_OFF("bridge-nf-call-iptables-off"),
  /**
   * A route through a VXLAN device whose gateway has no neighbour entry, and ARP cannot reach it.
   */
  VXLAN_NO_NEIGHBOUR("vxlan-no-neighbour"),
  /** A VXLAN neighbour entry whose MAC has no FDB entry: frames to it have no remote VTEP. */
  VXLAN_NO_FDB_ENTRY("vxlan-no-fdb-entry"),
  /** A VXLAN neighbour/FDB entry for a remote VTEP whose MAC is not that VTEP's device MAC. */
  VXLAN_STALE_MAC("vxlan-stale-mac"),
  /** A VXLAN FDB entry sending to an address no node has, or to a node without that VXLAN. */
  VXLAN_UNKNOWN_VTEP("vxlan-unknown-vtep"),
  /** An ECMP route to a node's pod subnet with next hops that are other nodes. */
  ECMP_NEXT_HOP_ELSEWHERE("ecmp-next-hop-elsewhere"),
  /**
   * A node whose route to another node's pod subnet is missing (only the default route, or none).
   */
  MISSING_POD_ROUTE("missing-pod-route"),
  /**
   * A tunnel device whose MTU plus the encapsulation overhead exceeds its underlay device's MTU.
   */
  TUNNEL_MTU_TOO_LARGE("tunnel-mtu-too-large"),
  /** Pods whose MTU exceeds the overlay's, on the path to other nodes. */
  POD_MTU_ABOVE_OVERLAY("pod-mtu-above-overlay"),
  /**
   * filter FORWARD drops new connections of a bridge's pods or containers (the Docker >= 1.13
   * FORWARD DROP case).
   */
  FORWARD_DROPS_POD_TRAFFIC("forward-drops-pod-traffic"),
  /**
   * filter INPUT drops or rejects packets a DNAT sends to an address of this namespace (a Service
   * endpoint on the host).
   */
  INPUT_REJECTS_LOCAL_ENDPOINT("input-rejects-local-endpoint"),
  /**
   * A DROP or REJECT of every packet in INPUT or FORWARD, with rules after it that are never
   * reached.
   */
  RULES_AFTER_CATCH_ALL("rules-after-catch-all"),
  /**
   * filter INPUT drops the underlay packets of a tunnel (VXLAN's UDP port, IPIP, flannel's UDP
   * port).
   */
  TUNNEL_PORT_BLOCKED("tunnel-port-blocked"),
  /** A Service with a selector and no ready endpoint. */
  SERVICE_WITHOUT_ENDPOINTS("service-without-endpoints"),
  /** One address on two namespaces of one L2 segment, or on two nodes. */
  DUPLICATE_ADDRESS("duplicate-address"),
  /** Two nodes claiming the same (or overlapping) pod CIDR. */
  POD_CIDR_CLAIMED_TWICE("pod-cidr-claimed-twice"),
  /**
   * Two networks of different roles that overlap: node subnet, bridge network, pod subnet, Service
   * CIDR, a foreign route.
   */
  CIDR_OVERLAP("cidr-overlap"),
  /** A kubectl node whose dump has no address, or not the address kubectl lists. */
  NODE_WITHOUT_ADDRESS("node-without-address"),
  /** A bridge that other nodes route pods to, with no port. */
  BRIDGE_WITHOUT_PORTS("bridge-without-ports"),
  /** A device that is up and used, whose veth peer is down: no carrier. */
  NO_CARRIER("no-carrier"),
  /**
   * A question the trace cannot run (its source is in no dump): a dumped node's filter chain that
   * such packets would cross drops or rejects them ({@link QuestionFindings}; not a lint finding).
   */
  CHAIN_DROPS_THESE_PACKETS("chain-drops-these-packets");

  private final String id;

  Code(String id) {
    this.id = id;
  }

  /** The stable name lint prints and JSON carries, e.g. {@code gateway-not-on-link}. */
  public String id() {
    return id;
  }
}
