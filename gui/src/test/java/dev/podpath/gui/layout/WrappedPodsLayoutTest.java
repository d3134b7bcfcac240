package dev.podpath.gui.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.gui.Samples;
import dev.podpath.gui.network.GuiNetwork;
import dev.podpath.gui.network.LoadedNetwork;
import dev.podpath.gui.shots.ClusterSnapshot;
import dev.podpath.gui.shots.VxlanClusterScript;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.graph.TopoVertex;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Given a node with many pods, when laid out, then its pods wrap into rows inside its frame, its
 * frame no wider than about {@link TopologyLayout#PODS_PER_ROW} pods, every veth a straight
 * vertical wire over no box, every port's name over no box and crossed by no wire; the same for
 * every sample, and for the 1,000- and 4,000-namespace clusters as they open (folded).
 */
final class WrappedPodsLayoutTest {

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} nodes of {1} pods")
  @CsvSource({"4, 49", "1, 49", "10, 20", "2, 9"})
  void snapshot_podsWrapInsideTheirNode_wiresStraight_overNoBox(int nodes, int pods)
      throws Exception {
    Path dir = tmp.resolve("cluster");
    ClusterSnapshot.write(dir, nodes, pods);
    LoadedNetwork n = GuiNetwork.open(dir);

    // every pod drawn (4 x 49 is 201 namespaces with the segment: it opens folded, a click away)
    Layout l = TopologyLayout.of(n.graph(), Set.of());

    readable(n, l);
    int rows = (pods + TopologyLayout.PODS_PER_ROW - 1) / TopologyLayout.PODS_PER_ROW;
    assertThat(LayoutChecks.podRows(l, podsOf(n))).isEqualTo(rows);
    for (Layout.Group g : l.groups()) {
      // 49 pods: 7 rows of 7, a frame ~1,800 wide where one row was ~7,600
      assertThat(g.rect().w()).as("%s's frame", g.node()).isLessThan(2000);
    }
    // each pod's veth: one vertical wire from its bottom to its node's top
    for (NetnsName node : podsOf(n).keySet()) {
      Rect nodeBox = l.box(node).orElseThrow().rect();
      for (NetnsName pod : n.graph().podsOf(node)) {
        Point down = l.anchor(new DeviceRef(pod, "eth0")).orElseThrow();
        Rect podBox = l.box(pod).orElseThrow().rect();
        assertThat(down.y()).isEqualTo(podBox.maxY());
        assertThat(down.x()).isBetween(podBox.x(), podBox.maxX());
        Point up = anchorOfPeer(n, l, pod);
        assertThat(up.x()).isEqualTo(down.x());
        assertThat(up.y()).isEqualTo(nodeBox.y());
      }
    }
  }

  @Test
  void vxlanCluster_4x49_podsWrap_wiresAndTunnelsOverNoBox() throws Exception {
    Path script = tmp.resolve("vxlan-4x49.sh");
    VxlanClusterScript.write(script, 4, 49);
    LoadedNetwork n = GuiNetwork.open(script);

    Layout l = TopologyLayout.of(n.graph(), Set.of());

    readable(n, l);
    LayoutChecks.tunnelsCrossNoBox(l);
    assertThat(LayoutChecks.podRows(l, podsOf(n))).isEqualTo(7);
    assertThat(l.groups()).allMatch(g -> g.rect().w() < 2000);
  }

  @ParameterizedTest(name = "VXLAN, {0} nodes of {1} pods")
  @CsvSource({"10, 6", "6, 20", "3, 2"})
  void vxlanCluster_nodesInRows_tunnelsRoutedAroundTheRowsBetween(int nodes, int pods)
      throws Exception {
    Path script = tmp.resolve("vxlan.sh");
    VxlanClusterScript.write(script, nodes, pods);
    LoadedNetwork n = GuiNetwork.open(script);

    Layout l = TopologyLayout.of(n.graph());

    readable(n, l);
    LayoutChecks.tunnelsCrossNoBox(l);
    LayoutChecks.tunnelLabelsClear(l);
    List<Layout.Wire> tunnels =
        l.wires().stream()
            .filter(w -> w.kind() == dev.podpath.trace.graph.EdgeKind.TUNNEL)
            .toList();
    assertThat(tunnels).hasSize(nodes * (nodes - 1) / 2);
    java.util.Set<Double> rows = new java.util.TreeSet<>();
    l.groups().forEach(g -> rows.add(g.rect().maxY()));
    if (rows.size() > 1) {
      // the nodes wrap into rows: a tunnel between two of them goes round by the right
      double right = l.groups().stream().mapToDouble(g -> g.rect().maxX()).max().orElseThrow();
      assertThat(tunnels)
          .anyMatch(w -> !w.curved() && w.points().stream().anyMatch(p -> p.x() > right));
    }
  }

  @Test
  void vxlanCluster_aTraceAcrossRows_runsAlongTheSegmentsRiser_overNoRowBetween() throws Exception {
    Path script = tmp.resolve("vxlan.sh");
    VxlanClusterScript.write(script, 6, 20);
    LoadedNetwork n = GuiNetwork.open(script);
    Layout l = TopologyLayout.of(n.graph());
    dev.podpath.trace.graph.TracePath path =
        dev.podpath.trace.graph.TracePath.of(
            n.network()
                .trace(
                    dev.podpath.trace.api.TraceRequest.builder(
                            VxlanClusterScript.podName(0, 0), VxlanClusterScript.podAddress(5, 19))
                        .build())
                .trace());

    assertThat(path.legs()).allMatch(dev.podpath.trace.graph.TracePath.Leg::delivered);
    int corners = 0;
    for (dev.podpath.trace.graph.TracePath.Leg leg : path.legs()) {
      // the points the view draws the leg through: its devices' anchors, and the corners between
      List<Point> drawn = new java.util.ArrayList<>();
      for (DeviceRef d : leg.devices()) {
        Point p = l.anchor(d).orElse(null);
        if (p == null || (!drawn.isEmpty() && p.equals(drawn.get(drawn.size() - 1)))) {
          continue;
        }
        if (!drawn.isEmpty()) {
          List<Point> between = l.between(drawn.get(drawn.size() - 1), p);
          corners += between.size();
          drawn.addAll(between);
        }
        drawn.add(p);
      }
      for (int i = 0; i + 1 < drawn.size(); i++) {
        Layout.Wire piece =
            new Layout.Wire(
                dev.podpath.trace.graph.EdgeKind.VETH,
                leg.devices().get(0),
                "",
                List.of(drawn.get(i), drawn.get(i + 1)));
        for (LayoutChecks.Named box : LayoutChecks.solids(l)) {
          if (LayoutChecks.inside(box.rect(), drawn.get(i))
              || LayoutChecks.inside(box.rect(), drawn.get(i + 1))) {
            continue;
          }
          for (Point q : LayoutChecks.trail(piece)) {
            assertThat(LayoutChecks.inside(box.rect(), q))
                .as("the path from %s to %s over %s", drawn.get(i), drawn.get(i + 1), box.name())
                .isFalse();
          }
        }
      }
    }
    // two turns each way at least (the request and the reply; ARP across the segment may add)
    assertThat(corners).as("turns at the riser").isGreaterThanOrEqualTo(4).isEven();
  }

  @ParameterizedTest(name = "{0} nodes of {1} pods, as it opens")
  @CsvSource({"20, 49", "80, 49"})
  void largeCluster_asItOpens_andWithOneNodeUnfolded(int nodes, int pods) throws Exception {
    Path dir = tmp.resolve("cluster");
    ClusterSnapshot.write(dir, nodes, pods);
    LoadedNetwork n = GuiNetwork.open(dir);
    assertThat(n.graph().namespaces()).hasSize(nodes * (pods + 1) + 1);

    Layout folded = TopologyLayout.of(n.graph());
    readable(n, folded);
    assertThat(folded.folds()).hasSize(nodes);

    Set<NetnsName> allButOne = new java.util.LinkedHashSet<>(Folding.atOpen(n.graph()));
    allButOne.remove(NetnsName.of(ClusterSnapshot.nodeName(1)));
    Layout one = TopologyLayout.of(n.graph(), allButOne);
    readable(n, one);
    assertThat(LayoutChecks.podRows(one, podsOf(n))).isEqualTo(7);
  }

  static Stream<Path> samples() {
    return Samples.all();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySample_readable(Path sample) throws Exception {
    LoadedNetwork n = GuiNetwork.open(sample);

    Layout l = TopologyLayout.of(n.graph());

    readable(n, l);
    LayoutChecks.tunnelsCrossNoBox(l);
    LayoutChecks.tunnelLabelsClear(l);
  }

  @Test
  void policyRouting_theVethToH3_goesRoundH2_andATraceTurnsAtItsCorners() throws Exception {
    LoadedNetwork n = GuiNetwork.open(Samples.sample("policy-routing.sh"));
    Layout l = TopologyLayout.of(n.graph());
    DeviceRef r = new DeviceRef(NetnsName.of("r"), "to-h3");
    DeviceRef h3 = new DeviceRef(NetnsName.of("h3"), "eth0");

    Layout.Wire w =
        l.wires().stream()
            .filter(x -> x.from().equals(r) || x.from().equals(h3))
            .filter(x -> x.kind() == dev.podpath.trace.graph.EdgeKind.VETH)
            .findFirst()
            .orElseThrow();
    Rect h2 = l.box(NetnsName.of("h2")).orElseThrow().rect();

    // h2 lies between r and h3 in their row: the wire runs under it, not over it
    assertThat(w.points()).hasSizeGreaterThan(2);
    assertThat(w.points()).anyMatch(p -> p.y() > h2.maxY());
    Point a = l.anchor(r).orElseThrow();
    Point b = l.anchor(h3).orElseThrow();
    List<Point> corners = l.between(a, b);
    assertThat(corners).hasSize(w.points().size() - 2);
    List<Point> back = new java.util.ArrayList<>(l.between(b, a));
    java.util.Collections.reverse(back);
    assertThat(back).isEqualTo(corners);
  }

  private static void readable(LoadedNetwork n, Layout l) {
    LayoutChecks.noOverlap(l);
    LayoutChecks.wiresCrossNoBox(l);
    LayoutChecks.labelsClear(l);
    for (Layout.Group g : l.groups()) {
      for (NetnsName pod : n.graph().podsOf(g.node())) {
        l.box(pod)
            .ifPresent(
                b -> assertThat(g.rect().encloses(b.rect())).as("%s in its frame", pod).isTrue());
      }
    }
  }

  private static Map<NetnsName, List<NetnsName>> podsOf(LoadedNetwork n) {
    Map<NetnsName, List<NetnsName>> out = new LinkedHashMap<>();
    for (TopoVertex.NetnsVertex v : n.graph().namespaces()) {
      List<NetnsName> pods = n.graph().podsOf(v.netns());
      if (!pods.isEmpty()) {
        out.put(v.netns(), pods);
      }
    }
    return out;
  }

  private static Point anchorOfPeer(LoadedNetwork n, Layout l, NetnsName pod) {
    DeviceRef peer =
        n.graph()
            .device(new DeviceRef(pod, "eth0"))
            .flatMap(dev.podpath.model.topo.NetDevice::vethPeer)
            .orElseThrow();
    return l.anchor(peer).orElseThrow();
  }
}
