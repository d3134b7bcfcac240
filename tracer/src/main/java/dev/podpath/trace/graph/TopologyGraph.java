package dev.podpath.trace.graph;

import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DirectedPseudograph;

/**
 * A {@link Topology} as a graph (JGraphT): its namespaces as nodes, pods, segments and namespaces
 * on their own; their devices; the wires between devices (veth pairs, bridge ports, L2 segments),
 * the tunnels between tunnel ends, and what lies beyond a snapshot's edge. Immutable; iteration
 * follows the topology's order, so two graphs of one topology list everything alike.
 *
 * <pre>{@code
 * TopologyGraph g = TopologyGraph.of(scenario.topology());
 * g.role(NetnsName.of("busybox-jpnb6"))   // Namespace, a pod of node worker1
 * g.edges(EdgeKind.TUNNEL)                // worker1/flannel.1 - worker2/flannel.1 (vxlan vni 1)
 * }</pre>
 *
 * <p>The loopback devices are left out: they join nothing.
 */
public final class TopologyGraph {

  private final Topology topology;
  private final Graph<TopoVertex, TopoEdge> graph;
  private final Map<NetnsName, TopoVertex.NetnsVertex> netnsVertices;
  private final NetnsRoles roles;

  private TopologyGraph(
      Topology topology,
      Graph<TopoVertex, TopoEdge> graph,
      Map<NetnsName, TopoVertex.NetnsVertex> netnsVertices,
      NetnsRoles roles) {
    this.topology = topology;
    this.graph = new AsUnmodifiableGraph<>(graph);
    this.netnsVertices = java.util.Collections.unmodifiableMap(netnsVertices);
    this.roles = roles;
  }

  /**
   * The graph of {@code topology}: time and space linear in its devices, routes and FDB entries.
   */
  public static TopologyGraph of(Topology topology) {
    Objects.requireNonNull(topology, "topology");
    NetnsRoles roles = NetnsRoles.of(topology);
    Graph<TopoVertex, TopoEdge> g = new DirectedPseudograph<>(null, null, false);
    Map<NetnsName, TopoVertex.NetnsVertex> vertices = new LinkedHashMap<>();
    for (Netns n : topology.netnsList()) {
      TopoVertex.NetnsVertex v =
          switch (roles.role(n.name())) {
            case NODE -> new TopoVertex.Node(n.name());
            case SEGMENT -> new TopoVertex.Segment(n.name());
            case POD, STANDALONE -> new TopoVertex.Namespace(n.name());
          };
      vertices.put(n.name(), v);
      g.addVertex(v);
    }
    for (Netns n : topology.netnsList()) {
      roles
          .host(n.name())
          .ifPresent(h -> add(g, EdgeKind.CONTAINS, vertices.get(h), vertices.get(n.name()), ""));
      for (NetDevice d : n.deviceList()) {
        if (d.isLoopback()) {
          continue;
        }
        TopoVertex.Device dv = device(n, d);
        g.addVertex(dv);
        add(g, EdgeKind.CONTAINS, vertices.get(n.name()), dv, "");
      }
    }
    for (Netns n : topology.netnsList()) {
      for (NetDevice d : n.deviceList()) {
        if (!d.isLoopback()) {
          wires(topology, roles, g, n, d);
        }
      }
    }
    for (TunnelEnds.Tunnel t : TunnelEnds.of(topology)) {
      TopoVertex from = new TopoVertex.Device(t.from());
      TopoVertex to =
          t.to()
              .<TopoVertex>map(TopoVertex.Device::new)
              .orElseGet(
                  () ->
                      new TopoVertex.Outside(
                          t.from(),
                          Optional.of(t.remote()),
                          "the tunnel's remote end "
                              + t.remote()
                              + " is not in the model (no namespace has that address)"));
      g.addVertex(to);
      if (!joined(g, EdgeKind.TUNNEL, from, to)) {
        add(g, EdgeKind.TUNNEL, from, to, t.label() + " to " + t.remote());
      }
    }
    return new TopologyGraph(topology, g, vertices, roles);
  }

  private static TopoVertex.Device device(Netns n, NetDevice d) {
    return new TopoVertex.Device(new DeviceRef(n.name(), d.name()));
  }

  private static void wires(
      Topology t, NetnsRoles roles, Graph<TopoVertex, TopoEdge> g, Netns n, NetDevice d) {
    TopoVertex.Device dv = device(n, d);
    if (d.kind() instanceof LinkKind.Veth v) {
      TopoVertex.Device peer = new TopoVertex.Device(v.peer());
      // each pair once, from the end met first
      if (g.containsVertex(peer) && !joined(g, EdgeKind.VETH, dv, peer)) {
        add(g, EdgeKind.VETH, dv, peer, "");
      }
      if (roles.role(v.peer().netns()) == NetnsRoles.Role.SEGMENT
          && roles.role(n.name()) != NetnsRoles.Role.SEGMENT) {
        t.device(v.peer())
            .flatMap(NetDevice::master)
            .map(b -> new TopoVertex.Device(new DeviceRef(v.peer().netns(), b)))
            .filter(g::containsVertex)
            .ifPresent(bridge -> add(g, EdgeKind.L2_SEGMENT, dv, bridge, ""));
      }
    }
    d.master()
        .map(m -> new TopoVertex.Device(new DeviceRef(n.name(), m)))
        .filter(g::containsVertex)
        .ifPresent(bridge -> add(g, EdgeKind.BRIDGE_PORT, dv, bridge, ""));
    if (d.kind() instanceof LinkKind.Ethernet e && !e.beyond().isBlank()) {
      TopoVertex.Outside out =
          new TopoVertex.Outside(new DeviceRef(n.name(), d.name()), Optional.empty(), e.beyond());
      g.addVertex(out);
      add(g, EdgeKind.BEYOND, dv, out, "");
    }
    TunnelEnds.underlay(n, d)
        .ifPresent(
            lower ->
                add(
                    g,
                    EdgeKind.UNDERLAY,
                    dv,
                    new TopoVertex.Device(new DeviceRef(n.name(), lower)),
                    ""));
  }

  /** Whether an edge of {@code kind} joins {@code a} and {@code b} already, either way. */
  private static boolean joined(
      Graph<TopoVertex, TopoEdge> g, EdgeKind kind, TopoVertex a, TopoVertex b) {
    return g.getAllEdges(a, b).stream().anyMatch(e -> e.kind() == kind)
        || g.getAllEdges(b, a).stream().anyMatch(e -> e.kind() == kind);
  }

  private static void add(
      Graph<TopoVertex, TopoEdge> g, EdgeKind kind, TopoVertex a, TopoVertex b, String label) {
    g.addEdge(a, b, new TopoEdge(kind, a, b, label));
  }

  /** The topology drawn. */
  public Topology topology() {
    return topology;
  }

  /** The graph itself (unmodifiable), for JGraphT's algorithms and exporters. */
  public Graph<TopoVertex, TopoEdge> graph() {
    return graph;
  }

  /** Every namespace's vertex, in the topology's order. */
  public List<TopoVertex.NetnsVertex> namespaces() {
    return List.copyOf(netnsVertices.values());
  }

  /** The vertex of namespace {@code name}, if it exists. */
  public Optional<TopoVertex.NetnsVertex> netns(NetnsName name) {
    return Optional.ofNullable(netnsVertices.get(name));
  }

  /** The node a pod namespace belongs to; empty for nodes, segments and namespaces on their own. */
  public Optional<NetnsName> hostOf(NetnsName pod) {
    return roles.host(pod);
  }

  /** The pods of {@code node}, in the topology's order. */
  public List<NetnsName> podsOf(NetnsName node) {
    List<NetnsName> out = new ArrayList<>();
    for (NetnsName n : netnsVertices.keySet()) {
      if (roles.host(n).filter(node::equals).isPresent()) {
        out.add(n);
      }
    }
    return out;
  }

  /** The devices of namespace {@code name} (loopback left out), in ifindex order. */
  public List<TopoVertex.Device> devicesOf(NetnsName name) {
    TopoVertex.NetnsVertex v = netnsVertices.get(name);
    if (v == null) {
      return List.of();
    }
    return graph.outgoingEdgesOf(v).stream()
        .filter(e -> e.kind() == EdgeKind.CONTAINS)
        .map(TopoEdge::target)
        .filter(TopoVertex.Device.class::isInstance)
        .map(TopoVertex.Device.class::cast)
        .toList();
  }

  /** Every edge of the given kind, in the order added. */
  public List<TopoEdge> edges(EdgeKind kind) {
    return graph.edgeSet().stream().filter(e -> e.kind() == kind).toList();
  }

  /** The edges touching {@code v}, of any kind. */
  public List<TopoEdge> edgesOf(TopoVertex v) {
    return graph.containsVertex(v) ? List.copyOf(graph.edgesOf(v)) : List.of();
  }

  /** The vertices beyond the model (a snapshot's edges, tunnels to what is not modelled). */
  public List<TopoVertex.Outside> outside() {
    return graph.vertexSet().stream()
        .filter(TopoVertex.Outside.class::isInstance)
        .map(TopoVertex.Outside.class::cast)
        .toList();
  }

  /** The device {@code ref} describes, when the topology has it. */
  public Optional<NetDevice> device(DeviceRef ref) {
    return topology.device(ref);
  }
}
