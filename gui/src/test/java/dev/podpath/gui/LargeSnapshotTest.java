package dev.podpath.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.gui.layout.Folding;
import dev.podpath.gui.layout.Layout;
import dev.podpath.gui.layout.Point;
import dev.podpath.gui.layout.Rect;
import dev.podpath.gui.layout.TopologyLayout;
import dev.podpath.gui.network.GuiNetwork;
import dev.podpath.gui.network.LoadedNetwork;
import dev.podpath.gui.shots.ClusterSnapshot;
import dev.podpath.gui.topology.TopologyViewModel;
import dev.podpath.model.snapshot.LoadWork;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.api.TraceRequest;
import dev.podpath.trace.graph.EdgeKind;
import dev.podpath.trace.graph.TracePath;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1,000-namespace snapshot (20 nodes of 49 pods, {@link ClusterSnapshot}) opens with its pods
 * folded: what is laid out and drawn grows with the nodes, not the pods (the work the open does,
 * checked here by count; its time is {@code bench.OpenLargeSnapshot}'s to measure); a fold opens
 * and closes; a trace from a folded pod is drawn and unfolds the nodes it crosses.
 */
final class LargeSnapshotTest {

  @TempDir static Path tmp;
  private static LoadedNetwork net;

  @BeforeAll
  static void open() throws Exception {
    Path dir = tmp.resolve("cluster");
    ClusterSnapshot.write(dir, 20, 49);
    net = GuiNetwork.open(dir);
  }

  @Test
  void opens_thousandNamespaces_foldedIntoTheirNodes_drawnWorkGrowsWithNodesNotPods() {
    assertThat(net.topology().namespaces()).hasSize(1001); // and the segment podpath adds

    Layout folded = TopologyLayout.of(net.graph());
    Layout unfolded = TopologyLayout.of(net.graph(), Set.of());

    assertThat(Folding.atOpen(net.graph())).hasSize(20);
    assertThat(folded.folds()).hasSize(20).allSatisfy(f -> assertThat(f.pods()).hasSize(49));
    assertThat(folded.boxes()).hasSize(20); // the nodes; no pod box
    assertThat(unfolded.boxes()).hasSize(1000);
    // what the view draws: boxes, rows, ports, wires, folds
    assertThat(drawn(folded)).isLessThan(20 * 15);
    assertThat(drawn(unfolded)).isGreaterThan(1000 * 4);
    // every pod's eth0 is still somewhere on the picture: its fold
    for (Layout.Fold f : folded.folds()) {
      for (NetnsName pod : f.pods()) {
        assertThat(folded.anchor(new DeviceRef(pod, "eth0"))).as("%s/eth0", pod).isPresent();
      }
      Layout.Group g =
          folded.groups().stream().filter(x -> x.node().equals(f.node())).findFirst().orElseThrow();
      assertThat(g.folded()).isTrue();
      assertThat(g.rect().encloses(f.rect())).isTrue();
    }
  }

  @Test
  void folded_nodesWrapIntoRows_aboutAsWideAsHigh_eachOverItsPieceOfTheSegment() {
    Layout l = TopologyLayout.of(net.graph());

    // in one row the 20 folded nodes were 6,400 wide and 400 high: 16 windows side by side
    assertThat(l.width()).isLessThan(2 * l.height()).isLessThan(2600);
    List<Layout.Group> groups = l.groups();
    for (int i = 0; i < groups.size(); i++) {
      for (int j = i + 1; j < groups.size(); j++) {
        assertThat(groups.get(i).rect().overlaps(groups.get(j).rect()))
            .as("%s overlaps %s", groups.get(i).node(), groups.get(j).node())
            .isFalse();
      }
    }
    // the segment's bar in one piece per row, the pieces joined by a riser
    java.util.Set<Double> rowBottoms = new java.util.TreeSet<>();
    groups.forEach(g -> rowBottoms.add(g.rect().maxY()));
    assertThat(rowBottoms).hasSizeGreaterThan(2);
    assertThat(l.bars())
        .hasSize(rowBottoms.size())
        .allMatch(b -> b.bridge().equals(l.bars().get(0).bridge()));
    // each node's wire to the segment goes straight down to the piece under its row, over no box
    int nodeWires = 0;
    for (Layout.Wire w : l.wires()) {
      if (w.kind() != EdgeKind.L2_SEGMENT || w.from().netns().value().equals("segment")) {
        continue;
      }
      nodeWires++;
      Point top = w.points().get(0);
      Point bottom = w.points().get(1);
      assertThat(bottom.x()).isEqualTo(top.x());
      Layout.Bar piece =
          l.bars().stream()
              .filter(b -> Math.abs(b.rect().y() - bottom.y()) < 0.01)
              .findFirst()
              .orElseThrow();
      assertThat(top.x()).isBetween(piece.rect().x(), piece.rect().maxX());
      Rect span = new Rect(top.x() - 0.5, top.y() + 1, 1, bottom.y() - top.y() - 2);
      assertThat(l.boxes()).as("%s's wire", w.from()).noneMatch(b -> b.rect().overlaps(span));
      assertThat(l.folds()).as("%s's wire", w.from()).noneMatch(f -> f.rect().overlaps(span));
    }
    assertThat(nodeWires).isEqualTo(20);
  }

  @Test
  void cancelledOpen_readsNoMoreFiles_thanTheOnesBegun_andGivesNoNetwork() throws Exception {
    // what the Cancel button does: the worker's thread interrupted (Future.cancel(true))
    Path dir = tmp.resolve("cluster");
    LoadWork work = LoadWork.recording();
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread worker =
        new Thread(
            () -> {
              try {
                outcome.set(GuiNetwork.open(dir, work));
              } catch (RuntimeException e) {
                outcome.set(e);
              }
            },
            "podpath-gui-worker");
    worker.start();
    long guard = System.nanoTime() + 120_000_000_000L; // against a hang; nothing is timed
    while (work.filesRead() < 200 && worker.isAlive() && System.nanoTime() < guard) {
      Thread.onSpinWait();
    }
    worker.interrupt();
    long atCancel = work.filesRead();
    worker.join(120_000);

    assertThat(outcome.get()).isInstanceOf(CancellationException.class);
    long total = countFiles(dir);
    assertThat(atCancel).isGreaterThanOrEqualTo(200).isLessThan(total);
    // each thread reading (the common pool's and the worker) finishes the file it had begun
    assertThat(work.filesRead())
        .isLessThanOrEqualTo(atCancel + ForkJoinPool.getCommonPoolParallelism() + 1)
        .isLessThan(total / 2);
    assertThat(work.stages()).isEmpty(); // no stage of the assembly ran
  }

  private static long countFiles(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(dir)) {
      return s.filter(java.nio.file.Files::isRegularFile).count();
    }
  }

  @Test
  void smallNetwork_opensUnfolded() throws Exception {
    LoadedNetwork small = GuiNetwork.open(Samples.sample("snapshots/flannel-host-gw"));

    assertThat(small.topology().namespaces().size()).isLessThanOrEqualTo(Folding.FOLD_ABOVE);
    assertThat(TopologyLayout.of(small.graph()).folds()).isEmpty();
  }

  @Test
  void toggleFold_byNodeOrByOneOfItsPods_opensAndClosesIt() {
    TopologyViewModel vm = new TopologyViewModel();
    vm.networkProperty().set(net);
    NetnsName node = NetnsName.of(ClusterSnapshot.nodeName(3));

    assertThat(vm.toggleFold(node)).isTrue();

    Layout l = vm.layoutProperty().get();
    assertThat(l.folds()).hasSize(19).noneMatch(f -> f.node().equals(node));
    Layout.Group g =
        l.groups().stream().filter(x -> x.node().equals(node)).findFirst().orElseThrow();
    assertThat(g.folded()).isFalse();
    for (NetnsName pod : net.graph().podsOf(node)) {
      assertThat(g.rect().encloses(l.box(pod).orElseThrow().rect())).isTrue();
    }
    assertThat(vm.toggleFold(NetnsName.of(ClusterSnapshot.podName(3, 7)))).isTrue();
    assertThat(vm.layoutProperty().get().folds()).hasSize(20);
    assertThat(vm.toggleFold(NetnsName.of("segment"))).isFalse();
  }

  @Test
  void search_unfoldsTheNodeOfThePodFound() {
    TopologyViewModel vm = new TopologyViewModel();
    vm.networkProperty().set(net);

    List<NetnsName> found = vm.search(ClusterSnapshot.podAddress(12, 30));

    assertThat(found).containsExactly(NetnsName.of(ClusterSnapshot.podName(12, 30)));
    assertThat(vm.layoutProperty().get().box(found.get(0))).isPresent();
    assertThat(vm.folded()).hasSize(19).doesNotContain(NetnsName.of(ClusterSnapshot.nodeName(12)));
  }

  @Test
  void traceFromFoldedPod_isDrawnAnchored_andUnfoldsTheNodesItCrosses() {
    TopologyViewModel vm = new TopologyViewModel();
    vm.networkProperty().set(net);
    String from = ClusterSnapshot.podName(0, 0);
    String to = ClusterSnapshot.podAddress(19, 48);
    TracePath path =
        TracePath.of(net.network().trace(TraceRequest.builder(from, to).build()).trace());

    for (TracePath.Leg leg : path.legs()) {
      for (DeviceRef d : leg.devices()) {
        if (net.graph().hostOf(d.netns()).isPresent()) {
          assertThat(vm.layoutProperty().get().anchor(d)).as("%s folded", d).isPresent();
        }
      }
    }
    vm.pathProperty().set(path);

    assertThat(vm.folded())
        .hasSize(18)
        .doesNotContain(
            NetnsName.of(ClusterSnapshot.nodeName(0)), NetnsName.of(ClusterSnapshot.nodeName(19)));
    assertThat(vm.layoutProperty().get().box(NetnsName.of(from))).isPresent();
    assertThat(path.legs().get(0).delivered()).isTrue();
  }

  private static int drawn(Layout l) {
    int rows = l.boxes().stream().mapToInt(b -> b.rows().size()).sum();
    return l.boxes().size()
        + rows
        + l.ports().size()
        + l.wires().size()
        + l.folds().size()
        + l.groups().size();
  }
}
