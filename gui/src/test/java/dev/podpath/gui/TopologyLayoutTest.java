package dev.podpath.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.gui.layout.Callout;
import dev.podpath.gui.layout.Layout;
import dev.podpath.gui.layout.Rect;
import dev.podpath.gui.layout.TopologyLayout;
import dev.podpath.gui.network.GuiNetwork;
import dev.podpath.gui.network.LoadedNetwork;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.graph.EdgeKind;
import dev.podpath.trace.graph.TopoVertex;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Given a sample, when laid out (no JavaFX), then a picture a person can read. */
final class TopologyLayoutTest {

  static Stream<Path> samples() {
    return Samples.all();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySample_boxesDoNotOverlap_podsSitInTheirNodesFrame_sameLayoutTwice(Path sample)
      throws Exception {
    LoadedNetwork n = GuiNetwork.open(sample);

    Layout l = TopologyLayout.of(n.graph());

    assertThat(TopologyLayout.of(n.graph())).isEqualTo(l);
    for (TopoVertex.NetnsVertex v : n.graph().namespaces()) {
      if (!(v instanceof TopoVertex.Segment)) {
        assertThat(l.box(v.netns())).as("box of %s", v.netns()).isPresent();
      }
    }
    List<Layout.NetnsBox> boxes = l.boxes();
    for (int i = 0; i < boxes.size(); i++) {
      for (int j = i + 1; j < boxes.size(); j++) {
        assertThat(boxes.get(i).rect().overlaps(boxes.get(j).rect()))
            .as("%s overlaps %s", boxes.get(i).netns(), boxes.get(j).netns())
            .isFalse();
      }
    }
    for (Layout.Group g : l.groups()) {
      for (NetnsName pod : n.graph().podsOf(g.node())) {
        assertThat(g.rect().encloses(l.box(pod).orElseThrow().rect()))
            .as("%s inside %s's frame", pod, g.node())
            .isTrue();
      }
    }
    for (Layout.NetnsBox b : boxes) {
      for (Layout.Row r : b.rows()) {
        assertThat(b.rect().encloses(r.rect())).as("row %s", r.device()).isTrue();
      }
    }
    assertThat(l.width()).isPositive();
  }

  @Test
  void flannelVxlan_nodesSideBySideOverTheirSegment_podsAboveTheirNode() throws Exception {
    LoadedNetwork n = GuiNetwork.open(Samples.sample("flannel-vxlan.sh"));

    Layout l = TopologyLayout.of(n.graph());

    Rect master = box(l, "master");
    Rect w1 = box(l, "worker1");
    Rect w2 = box(l, "worker2");
    assertThat(master.maxX()).isLessThan(w1.x());
    assertThat(w1.maxX()).isLessThan(w2.x());
    assertThat(w1.maxY()).isEqualTo(w2.maxY());
    assertThat(l.bars())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.bridge()).isEqualTo(DeviceRef.of("lan", "br0"));
              assertThat(b.rect().y()).isGreaterThan(w1.maxY());
              assertThat(b.rect().x()).isLessThanOrEqualTo(master.x());
              assertThat(b.rect().maxX()).isGreaterThanOrEqualTo(w2.maxX());
            });
    Rect pod = box(l, "busybox-jpnb6");
    assertThat(pod.maxY()).isLessThan(w1.y());
    assertThat(pod.centerX()).isBetween(w1.x(), w1.maxX());
    // the pod's veth is a straight vertical wire into the node
    assertThat(l.anchor(DeviceRef.of("busybox-jpnb6", "eth0")).orElseThrow().x())
        .isEqualTo(l.anchor(DeviceRef.of("worker1", "veth-jpnb6")).orElseThrow().x());
    assertThat(l.wires()).filteredOn(w -> w.kind() == EdgeKind.TUNNEL).hasSize(3);
    assertThat(l.wires()).filteredOn(w -> w.kind() == EdgeKind.L2_SEGMENT).hasSize(3);
  }

  @Test
  void flannelVxlan_theTunnelTagAtEachTunnelEnd_liesOverNoBox() throws Exception {
    LoadedNetwork n = GuiNetwork.open(Samples.sample("flannel-vxlan.sh"));
    Layout l = TopologyLayout.of(n.graph());
    // the packet in its envelope stops at flannel.1 (a row of the node's box), at enp0s5 (a port
    // on its border) and on the segment's bar: its "VXLAN outer" tag goes beside, not over rows
    List<DeviceRef> stops =
        List.of(
            DeviceRef.of("worker1", "flannel.1"),
            DeviceRef.of("worker1", "enp0s5"),
            DeviceRef.of("worker2", "flannel.1"),
            DeviceRef.of("worker2", "enp0s5"),
            DeviceRef.of("master", "flannel.1"));

    for (DeviceRef d : stops) {
      Rect tag = Callout.beside(l, d, l.anchor(d).orElseThrow(), 62, 14);
      assertThat(l.boxes())
          .as("the tag at %s", d)
          .noneMatch(b -> b.rect().overlaps(tag))
          .noneMatch(b -> b.rows().stream().anyMatch(r -> r.rect().overlaps(tag)));
      // near its device: within the box's height of it
      assertThat(Math.abs(tag.centerY() - l.anchor(d).orElseThrow().y())).isLessThan(60);
    }
  }

  @Test
  void routerChain_drawnInTheOrderOfItsVeths() throws Exception {
    LoadedNetwork n = GuiNetwork.open(Samples.sample("ttl-chain.sh"));

    Layout l = TopologyLayout.of(n.graph());

    List<String> leftToRight =
        l.boxes().stream()
            .filter(b -> !b.netns().value().equals("root"))
            .sorted(java.util.Comparator.comparingDouble(b -> b.rect().x()))
            .map(b -> b.netns().value())
            .toList();
    assertThat(leftToRight).containsExactly("h1", "r1", "r2", "r3", "h2");
  }

  @Test
  void snapshot_whatWasNotDumped_isMarkedAtTheEdge() throws Exception {
    LoadedNetwork n = GuiNetwork.open(Samples.sample("snapshots/seed-flannel-host-gw"));

    Layout l = TopologyLayout.of(n.graph());

    assertThat(l.outside()).hasSize(3);
    assertThat(l.outside()).anyMatch(m -> m.label().equals("pods of worker2 that were not dumped"));
  }

  private static Rect box(Layout l, String n) {
    return l.box(NetnsName.of(n)).orElseThrow().rect();
  }
}
