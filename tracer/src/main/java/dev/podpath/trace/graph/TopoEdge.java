package dev.podpath.trace.graph;

import java.util.Objects;

/**
 * An edge of the {@link TopologyGraph}. Wires and tunnels have no direction; their source is the
 * end met first in the topology's order.
 *
 * @param label what the edge says beyond its kind ({@code vxlan vni 1, port 8472}), or empty
 */
public record TopoEdge(EdgeKind kind, TopoVertex source, TopoVertex target, String label) {

  public TopoEdge {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(label, "label");
  }

  /** Whether this edge joins {@code a} and {@code b}, in either direction. */
  public boolean joins(TopoVertex a, TopoVertex b) {
    return (source.equals(a) && target.equals(b)) || (source.equals(b) && target.equals(a));
  }

  /** The other end, seen from {@code v}. */
  public TopoVertex other(TopoVertex v) {
    return source.equals(v) ? target : source;
  }
}
