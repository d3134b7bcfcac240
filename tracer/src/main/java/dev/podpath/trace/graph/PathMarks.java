package dev.podpath.trace.graph;

import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link TracePath} laid on a {@link TopologyGraph} for the exports ({@code podpath graph
 * --trace}): which vertices and edges the request and the reply went through, and the namespace
 * where a packet was dropped. Empty when no trace is drawn.
 *
 * @param vertices the legs ({@code request}, {@code reply}) through each vertex on the path
 * @param edges the legs through each edge joining two consecutive devices of a leg
 * @param dropped where a leg ended without being delivered
 */
public record PathMarks(
    Map<TopoVertex, Set<String>> vertices,
    Map<TopoEdge, Set<String>> edges,
    Set<NetnsName> dropped) {

  /** The request's leg. */
  public static final String REQUEST = "request";

  /** The response's leg (an echo reply, an ICMP error, a SYN-ACK or a reset). */
  public static final String REPLY = "reply";

  public PathMarks {
    vertices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vertices));
    edges = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(edges));
    dropped = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(dropped));
  }

  /** No trace drawn. */
  public static final PathMarks NONE = new PathMarks(Map.of(), Map.of(), Set.of());

  /** The marks of {@code path} on {@code g}: the first leg is the request, the second the reply. */
  public static PathMarks of(TopologyGraph g, TracePath path) {
    Map<TopoVertex, Set<String>> vertices = new LinkedHashMap<>();
    Map<TopoEdge, Set<String>> edges = new LinkedHashMap<>();
    Set<NetnsName> dropped = new LinkedHashSet<>();
    List<TracePath.Leg> legs = path.legs();
    for (int i = 0; i < legs.size(); i++) {
      String leg = i == 0 ? REQUEST : REPLY;
      TracePath.Leg l = legs.get(i);
      for (NetnsName n : l.hops()) {
        g.netns(n).ifPresent(v -> mark(vertices, v, leg));
      }
      TopoVertex previous = null;
      for (DeviceRef d : l.devices()) {
        TopoVertex v = new TopoVertex.Device(d);
        if (!g.graph().containsVertex(v)) {
          continue;
        }
        mark(vertices, v, leg);
        if (previous != null) {
          joining(g, previous, v).ifPresent(e -> mark(edges, e, leg));
        }
        previous = v;
      }
      if (!l.delivered()) {
        l.endedIn().ifPresent(dropped::add);
      }
    }
    return new PathMarks(vertices, edges, dropped);
  }

  /** Whether nothing is marked. */
  public boolean isEmpty() {
    return vertices.isEmpty() && edges.isEmpty() && dropped.isEmpty();
  }

  /** The legs through {@code v}, space-separated ({@code request reply}); empty when none. */
  public String of(TopoVertex v) {
    return String.join(" ", vertices.getOrDefault(v, Set.of()));
  }

  /** The legs through {@code e}, space-separated; empty when none. */
  public String of(TopoEdge e) {
    return String.join(" ", edges.getOrDefault(e, Set.of()));
  }

  /** Whether a packet was dropped in the namespace {@code v} stands for. */
  public boolean droppedAt(TopoVertex v) {
    return v instanceof TopoVertex.NetnsVertex n && dropped.contains(n.netns());
  }

  private static Optional<TopoEdge> joining(TopologyGraph g, TopoVertex a, TopoVertex b) {
    return g.graph().edgeSet().stream()
        .filter(e -> e.kind() != EdgeKind.CONTAINS && e.joins(a, b))
        .findFirst();
  }

  private static <K> void mark(Map<K, Set<String>> marks, K key, String leg) {
    marks.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(leg);
  }
}
