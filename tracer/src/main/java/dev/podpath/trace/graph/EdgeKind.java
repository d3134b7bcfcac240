package dev.podpath.trace.graph;

/** What an edge of the {@link TopologyGraph} stands for. */
public enum EdgeKind {
  /** A node holds a pod namespace; a namespace holds a device. */
  CONTAINS,
  /** The two ends of a veth pair. */
  VETH,
  /** A device enslaved to a bridge ({@code master}): port to bridge. */
  BRIDGE_PORT,
  /**
   * A device attached to an L2 segment, to the segment's bridge (through a veth and a port of the
   * segment namespace, which the graph also holds).
   */
  L2_SEGMENT,
  /**
   * The relationship between two tunnel ends (VXLAN by its FDB's {@code dst}, IPIP by its remote or
   * its routes' gateways, flannel's UDP relay by its leases): not a wire, packets cross it wrapped.
   */
  TUNNEL,
  /**
   * A tunnel device and the device its outer packets leave through ({@code dev}, {@code local}).
   */
  UNDERLAY,
  /** A device and what is behind it that was not dumped (an {@link TopoVertex.Outside}). */
  BEYOND;

  /** Whether frames cross this edge as they are (a wire), as opposed to grouping or tunnelling. */
  public boolean isWire() {
    return this == VETH || this == BRIDGE_PORT || this == L2_SEGMENT || this == BEYOND;
  }
}
