package dev.podpath.trace.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.snapshot.Snapshot;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.outcome.Disposition;
import dev.podpath.sim.outcome.PacketRole;
import dev.podpath.trace.Hop;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Tracer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Given a sample topology, when it is made a graph, then its roles, wires and tunnels. */
final class TopologyGraphTest {

  private static final Path SAMPLES = Path.of("..", "samples");

  private static Topology scenario(String name) throws Exception {
    return ScenarioInterpreter.interpret(SAMPLES.resolve(name)).topology();
  }

  private static NetnsName ns(String n) {
    return NetnsName.of(n);
  }

  private static TopoVertex.Device dev(String netns, String name) {
    return new TopoVertex.Device(DeviceRef.of(netns, name));
  }

  @Test
  void flannelVxlan_podsInsideTheirNodes_nodesOnTheLanSegment() throws Exception {
    TopologyGraph g = TopologyGraph.of(scenario("flannel-vxlan.sh"));

    assertThat(g.netns(ns("lan"))).containsInstanceOf(TopoVertex.Segment.class);
    assertThat(g.netns(ns("worker1"))).containsInstanceOf(TopoVertex.Node.class);
    assertThat(g.netns(ns("master"))).containsInstanceOf(TopoVertex.Node.class);
    assertThat(g.netns(ns("busybox-jpnb6"))).containsInstanceOf(TopoVertex.Namespace.class);
    assertThat(g.podsOf(ns("worker1"))).containsExactly(ns("busybox-sgf8v"), ns("busybox-jpnb6"));
    assertThat(g.podsOf(ns("master"))).isEmpty();
    assertThat(g.hostOf(ns("busybox-pg7ps"))).contains(ns("worker2"));
    assertThat(g.hostOf(ns("worker2"))).isEmpty();

    assertThat(g.edges(EdgeKind.L2_SEGMENT))
        .extracting(TopoEdge::source)
        .containsExactly(
            dev("master", "enp0s5"), dev("worker1", "enp0s5"), dev("worker2", "enp0s5"));
    assertThat(g.edges(EdgeKind.L2_SEGMENT))
        .extracting(TopoEdge::target)
        .containsOnly(dev("lan", "br0"));
    // no loopback device in the graph
    assertThat(g.devicesOf(ns("busybox-jpnb6"))).containsExactly(dev("busybox-jpnb6", "eth0"));
  }

  @Test
  void flannelVxlan_tunnelsJoinTheVteps_fromTheFdb_onceEachPair() throws Exception {
    TopologyGraph g = TopologyGraph.of(scenario("flannel-vxlan.sh"));

    List<TopoEdge> tunnels = g.edges(EdgeKind.TUNNEL);
    assertThat(tunnels).hasSize(3);
    assertThat(tunnels)
        .anyMatch(e -> e.joins(dev("worker1", "flannel.1"), dev("worker2", "flannel.1")));
    assertThat(tunnels.get(0).label()).startsWith("vxlan vni 1, port 8472");
    assertThat(g.edges(EdgeKind.UNDERLAY))
        .anyMatch(e -> e.joins(dev("worker1", "flannel.1"), dev("worker1", "enp0s5")));
    assertThat(EdgeKind.TUNNEL.isWire()).isFalse();
  }

  @Test
  void calicoIpip_tunl0sJoinedByTheRoutesGateways() throws Exception {
    TopologyGraph g = TopologyGraph.of(scenario("calico-ipip.sh"));

    assertThat(g.edges(EdgeKind.TUNNEL))
        .singleElement()
        .matches(e -> e.joins(dev("worker1", "tunl0"), dev("worker2", "tunl0")))
        .matches(e -> e.label().startsWith("ipip"));
    // Calico's pods hang off their node without a bridge
    assertThat(g.hostOf(ns("busybox-sgf8v"))).contains(ns("worker1"));
  }

  @Test
  void flannelUdp_tunDevicesJoinedByTheRelaysLeases() throws Exception {
    TopologyGraph g = TopologyGraph.of(scenario("flannel-udp.sh"));

    assertThat(g.edges(EdgeKind.TUNNEL))
        .singleElement()
        .matches(e -> e.joins(dev("worker1", "flannel0"), dev("worker2", "flannel0")));
  }

  @Test
  void routerChain_namespacesStandOnTheirOwn() throws Exception {
    TopologyGraph g = TopologyGraph.of(scenario("ttl-chain.sh"));

    assertThat(g.namespaces()).allMatch(v -> v instanceof TopoVertex.Namespace);
    assertThat(g.edges(EdgeKind.VETH)).hasSize(4);
    assertThat(g.edges(EdgeKind.CONTAINS)).allMatch(e -> e.target() instanceof TopoVertex.Device);
  }

  @Test
  void snapshot_theEdgeOfWhatWasDumped_isOutside() throws Exception {
    Snapshot s =
        Snapshot.load(SAMPLES.resolve("snapshots/seed-flannel-host-gw"), Snapshot.Options.DEFAULTS);
    TopologyGraph g = TopologyGraph.of(s.topology());

    assertThat(g.outside())
        .extracting(o -> o.via().toString())
        .containsExactlyInAnyOrder("worker1/cni0-pods", "worker2/cni0-pods", "segment/outside");
    assertThat(g.outside())
        .filteredOn(o -> o.via().toString().equals("worker2/cni0-pods"))
        .singleElement()
        .matches(o -> o.what().contains("busybox-8647b8666c-pg7ps 10.10.2.4"));
    assertThat(g.edges(EdgeKind.BEYOND)).hasSize(3);
    assertThat(g.netns(ns("segment"))).containsInstanceOf(TopoVertex.Segment.class);
  }

  static Stream<Path> everySample() throws Exception {
    return Files.list(SAMPLES).filter(p -> p.toString().endsWith(".sh")).sorted();
  }

  @ParameterizedTest
  @MethodSource("everySample")
  void everySample_everyDeviceButLoopbackIsAVertex_andEveryVethPairOneEdge(Path sample)
      throws Exception {
    Topology t = ScenarioInterpreter.interpret(sample).topology();
    TopologyGraph g = TopologyGraph.of(t);

    long devices =
        t.netnsList().stream()
            .flatMap(n -> n.deviceList().stream())
            .filter(d -> !d.isLoopback())
            .count();
    assertThat(g.graph().vertexSet().stream().filter(TopoVertex.Device.class::isInstance))
        .hasSize((int) devices);
    long vethEnds =
        t.netnsList().stream()
            .flatMap(n -> n.deviceList().stream())
            .filter(d -> d.vethPeer().isPresent())
            .count();
    assertThat(g.edges(EdgeKind.VETH)).hasSize((int) vethEnds / 2);
    assertThat(g.namespaces()).hasSize(t.namespaces().size());
  }

  @Test
  void export_dotAndJson_holdEveryVertexAndEdge() throws Exception {
    TopologyGraph g = TopologyGraph.of(scenario("flannel-vxlan.sh"));

    String dot = GraphExport.dot(g);
    assertThat(dot).startsWith("digraph G {");
    assertThat(dot)
        .contains(
            "\"dev:worker1/flannel.1\" -> \"dev:worker2/flannel.1\" [ kind=\"tunnel\" label=\"vxlan vni 1, port 8472 to 192.168.2.15\" dir=\"none\" style=\"dashed\" ];");
    JsonNode json = new ObjectMapper().readTree(GraphExport.json(g));
    assertThat(json.get("nodes")).hasSize(g.graph().vertexSet().size());
    assertThat(json.get("edges")).hasSize(g.graph().edgeSet().size());
    JsonNode eth0 = null;
    for (JsonNode n : json.get("nodes")) {
      if (n.get("id").asText().equals("dev:busybox-jpnb6/eth0")) {
        eth0 = n;
      }
    }
    assertThat(eth0).isNotNull();
    assertThat(eth0.get("addresses").asText()).isEqualTo("10.10.1.6/24");
    assertThat(eth0.get("kind").asText()).isEqualTo("veth");
  }

  @Test
  void tracePath_flannelVxlanPing_followsTheHopsBothWays() throws Exception {
    Topology t = scenario("flannel-vxlan.sh");
    Trace trace = Tracer.trace(t, Probe.icmp(ns("busybox-jpnb6"), Ipv4Address.parse("10.10.2.4")));

    TracePath path = TracePath.of(trace);

    assertThat(path.legs()).hasSize(2);
    TracePath.Leg request = path.legs().get(0);
    assertThat(request.role()).isEqualTo(PacketRole.REQUEST);
    assertThat(request.hops())
        .isEqualTo(trace.request().hops().stream().map(Hop::netns).toList())
        .containsSubsequence(ns("busybox-jpnb6"), ns("worker1"), ns("lan"), ns("worker2"));
    assertThat(request.devices())
        .containsSubsequence(
            DeviceRef.of("busybox-jpnb6", "eth0"),
            DeviceRef.of("worker1", "cni0"),
            DeviceRef.of("worker1", "flannel.1"),
            DeviceRef.of("worker2", "flannel.1"),
            DeviceRef.of("busybox-pg7ps", "eth0"));
    assertThat(request.disposition()).isEqualTo(Disposition.DELIVERED);
    assertThat(path.legs().get(1).role()).isEqualTo(PacketRole.ECHO_REPLY);
    assertThat(path.legs().get(1).endedIn()).contains(ns("busybox-jpnb6"));
  }

  @Test
  void tracePath_aDrop_endsWhereThePacketDied() throws Exception {
    Topology t = scenario("missing-route.sh");
    Trace trace = Tracer.trace(t, Probe.icmp(ns("ns1"), Ipv4Address.parse("10.1.3.5")));

    TracePath.Leg request = TracePath.of(trace).legs().get(0);

    assertThat(request.delivered()).isFalse();
    assertThat(request.endedIn()).contains(ns("router"));
    assertThat(request.hops()).containsExactly(ns("ns1"), ns("router"));
  }
}
