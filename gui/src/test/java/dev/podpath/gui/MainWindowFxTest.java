package dev.podpath.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.gui.trace.WhyRow;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.Hop;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The main window on JavaFX's headless platform (Monocle, software rendering; the pom sets it):
 * every sample opens and is drawn, the README's flows traced from the panel draw the trace's hops,
 * a step selected rings its device. Skipped, saying why, where the toolkit cannot start.
 */
final class MainWindowFxTest {

  private static Stage stage;
  @TempDir static Path tmp;

  private MainViewModel vm;
  private MainView view;

  @BeforeAll
  static void toolkit() {
    try {
      stage = FxToolkit.registerPrimaryStage();
    } catch (Throwable t) {
      Assumptions.abort(
          "the JavaFX toolkit cannot start here (" + t + "): the GUI tests are skipped");
    }
  }

  @AfterAll
  static void close() throws Exception {
    if (stage != null) {
      FxToolkit.cleanupStages();
    }
  }

  private void show(Path sample) throws Exception {
    WaitForAsyncUtils.asyncFx(
            () -> {
              vm =
                  new MainViewModel(new FxBackgroundWork(), new RecentFiles(tmp.resolve("recent")));
              view = new MainView(vm);
              stage.setScene(new Scene(view, 1366, 768));
              stage.show();
              vm.open(sample);
            })
        .get(30, TimeUnit.SECONDS);
    waitUntil(() -> !vm.loadingProperty().get());
  }

  private static void waitUntil(java.util.function.BooleanSupplier done) throws Exception {
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> done.getAsBoolean());
    WaitForAsyncUtils.waitForFxEvents();
  }

  static Stream<Path> samples() {
    return Samples.all();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySample_opens_andIsDrawn(Path sample) throws Exception {
    show(sample);

    assertThat(vm.networkProperty().get()).as(vm.statusProperty().get()).isNotNull();
    assertThat(view.topologyView().lookupAll("Rectangle")).isNotEmpty();
    assertThat(stage.getScene().getRoot()).isSameAs(view);
  }

  @Test
  void readmeFlow_flannelHostGw_theHighlightedPathIsTheTracesHops() throws Exception {
    traceAndCompare("flannel-host-gw.sh", "busybox-jpnb6", "10.10.2.4");
  }

  @Test
  void readmeFlow_flannelVxlan_theHighlightedPathIsTheTracesHops_andAStepRingsItsDevice()
      throws Exception {
    traceAndCompare("flannel-vxlan.sh", "busybox-jpnb6", "10.10.2.4");
    FxRobot robot = new FxRobot();
    int encap =
        vm.trace()
            .steps()
            .indexOf(
                vm.trace().steps().stream()
                    .filter(r -> r.verb().equals("encap"))
                    .findFirst()
                    .orElseThrow());

    robot.interact(() -> view.tracePanel().stepTable().getSelectionModel().select(encap));
    WaitForAsyncUtils.waitForFxEvents();

    assertThat(view.topologyView().hasFocusRing()).isTrue();
    assertThat(view.tracePanel().detailList().getItems()).isNotEmpty();
    assertThat(view.tracePanel().detailList().getItems())
        .anyMatch(e -> e.label().equals("header") && e.text().startsWith("outer"));
    assertThat(view.topologyView().drawnPacket())
        .hasValueSatisfying(p -> assertThat(p).startsWith("request in vxlan at "));

    robot.interact(() -> vm.trace().back());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(view.tracePanel().stepTable().getSelectionModel().getSelectedIndex())
        .isEqualTo(encap - 1);
  }

  @Test
  void largeSnapshot_opensFolded_unfoldsByKeyAndByClick_foldsByClickOnTheFrame() throws Exception {
    Path dir = tmp.resolve("large-" + System.nanoTime());
    dev.podpath.gui.shots.ClusterSnapshot.write(dir, 5, 49); // 250 namespaces: above the fold
    show(dir);
    FxRobot robot = new FxRobot();
    dev.podpath.gui.topology.TopologyView topo = view.topologyView();

    assertThat(topo.drawnFolds()).hasSize(5);
    assertThat(topo.drawnShapes()).isLessThan(100);

    robot.interact(
        () -> {
          vm.topology().selectedProperty().set(NetnsName.of("node-01"));
          topo.requestFocus();
          javafx.event.Event.fireEvent(
              topo,
              new javafx.scene.input.KeyEvent(
                  javafx.scene.input.KeyEvent.KEY_PRESSED,
                  "",
                  "",
                  javafx.scene.input.KeyCode.ENTER,
                  false,
                  false,
                  false,
                  false));
        });
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(topo.drawnFolds()).hasSize(4).doesNotContain(NetnsName.of("node-01"));

    robot.interact(
        () -> click(shapeOf(topo, dev.podpath.gui.topology.TopologyView.FOLD, "node-03")));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(topo.drawnFolds()).hasSize(3).doesNotContain(NetnsName.of("node-03"));

    javafx.scene.Node frame = shapeOf(topo, dev.podpath.gui.topology.TopologyView.GROUP, "node-01");
    robot.interact(() -> click(frame));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(topo.drawnFolds()).hasSize(4);
  }

  @Test
  void cancel_stopsTheOpen_andInterruptsTheWorkersThread() throws Exception {
    show(Samples.sample("bridge.sh"));
    Path dir = tmp.resolve("cancelled-" + System.nanoTime());
    dev.podpath.gui.shots.ClusterSnapshot.write(dir, 5, 49);
    FxRobot robot = new FxRobot();
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    List<Exception> told = new java.util.ArrayList<>();

    robot.interact(
        () -> {
          vm.open(dir);
          assertThat(vm.work().busyProperty().get()).isTrue();
          assertThat(view.cancelButton().isVisible()).isTrue();
          view.cancelButton().fire();
        });
    WaitForAsyncUtils.waitForFxEvents();

    assertThat(vm.statusProperty().get()).startsWith("Cancelled: opening " + dir);
    assertThat(vm.networkProperty().get().title()).isEqualTo("bridge.sh");
    assertThat(vm.work().busyProperty().get()).isFalse();

    robot.interact(
        () ->
            vm.work()
                .run(
                    "Spinning until interrupted",
                    () -> {
                      while (!Thread.currentThread().isInterrupted()) {
                        Thread.onSpinWait();
                      }
                      stopped.countDown();
                      return null;
                    },
                    r -> {},
                    told::add));
    robot.interact(() -> vm.work().cancelAll());
    assertThat(stopped.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(told).singleElement().isInstanceOf(java.util.concurrent.CancellationException.class);
  }

  private static javafx.scene.Node shapeOf(javafx.scene.Node root, String key, String value) {
    return root.lookupAll("Rectangle").stream()
        .filter(r -> NetnsName.of(value).equals(r.getProperties().get(key)))
        .findFirst()
        .orElseThrow();
  }

  private static void click(javafx.scene.Node n) {
    javafx.event.Event.fireEvent(
        n,
        new javafx.scene.input.MouseEvent(
            javafx.scene.input.MouseEvent.MOUSE_CLICKED,
            0,
            0,
            0,
            0,
            javafx.scene.input.MouseButton.PRIMARY,
            1,
            false,
            false,
            false,
            false,
            true,
            false,
            false,
            true,
            false,
            false,
            null));
  }

  @Test
  void aDrop_isDrawnWhereThePacketDied() throws Exception {
    traceAndCompare("missing-route.sh", "ns1", "10.1.3.5");
    FxRobot robot = new FxRobot();

    assertThat(vm.trace().verdictProperty().get()).startsWith("NOT REACHABLE: DROPPED");
    assertThat(view.tracePanel().whyList().isVisible()).isTrue();
    assertThat(view.tracePanel().whyList().getItems())
        .anyMatch(r -> r.kind() == WhyRow.Kind.WHY && r.text().startsWith("NO_ROUTE"))
        .anyMatch(r -> r.kind() == WhyRow.Kind.FIX);
    assertThat(view.topologyView().drawnCulprits()).containsExactly(NetnsName.of("router"));

    robot.interact(
        () -> {
          vm.topology().selectedProperty().set(NetnsName.of("ns1"));
          vm.state()
              .open(
                  vm.state().tables().get(2).rows().stream()
                      .filter(r -> r.line().isPresent())
                      .findFirst()
                      .orElseThrow());
        });
    waitUntil(() -> view.sourceView().getScene() != null);
    assertThat(view.sourceView().lineList().getSelectionModel().getSelectedIndex())
        .isEqualTo(vm.source().lineProperty().get())
        .isPositive();
  }

  @Test
  void allBranches_aBranchPicked_redrawsThePath() throws Exception {
    show(Samples.sample("kube-proxy.sh"));
    FxRobot robot = new FxRobot();
    robot.interact(
        () -> {
          vm.trace().fromProperty().set("p1");
          vm.trace().toProperty().set("10.96.0.10");
          vm.trace().protocolProperty().set(Probe.Protocol.TCP);
          vm.trace().allBranchesProperty().set(true);
        });
    robot.interact(() -> view.tracePanel().traceButton().fire());
    waitUntil(() -> vm.trace().lastTrace().isPresent() && !vm.trace().runningProperty().get());
    List<NetnsName> first = view.topologyView().drawnHops(0);
    assertThat(view.tracePanel().branchBox().isVisible()).isTrue();

    robot.interact(() -> view.tracePanel().branchBox().getSelectionModel().select(1));
    WaitForAsyncUtils.waitForFxEvents();

    List<NetnsName> second = view.topologyView().drawnHops(0);
    assertThat(second)
        .isNotEqualTo(first)
        .isEqualTo(
            vm.trace().branches().get(1).trace().request().hops().stream()
                .map(Hop::netns)
                .toList());
  }

  @Test
  void whatIf_routeDeletedFromItsRowsMenu_theDropIsRedOnWorker1_andTheSavedScriptAgrees()
      throws Exception {
    traceAndCompare("flannel-vxlan.sh", "busybox-jpnb6", "10.10.2.4");
    FxRobot robot = new FxRobot();
    robot.interact(() -> vm.topology().selectedProperty().set(NetnsName.of("worker1")));
    robot.interact(
        () -> {
          javafx.scene.control.TabPane tabs =
              (javafx.scene.control.TabPane) view.statePanel().lookup(".tab-pane");
          tabs.getSelectionModel().select(2); // Routes
        });
    WaitForAsyncUtils.waitForFxEvents();

    javafx.scene.control.MenuItem delete =
        view.statePanel().lookupAll(".table-row-cell").stream()
            .map(n -> (javafx.scene.control.TableRow<?>) n)
            .filter(
                r ->
                    r.getItem() instanceof dev.podpath.gui.state.StateTable.Row row
                        && row.cells().get(1).startsWith("10.10.2.0/24"))
            .map(r -> r.getContextMenu().getItems().get(0))
            .findFirst()
            .orElseThrow();
    assertThat(delete.getText()).isEqualTo("Delete this route");
    robot.interact(delete::fire);
    waitUntil(
        () ->
            !vm.whatIf().applyingProperty().get()
                && vm.trace().lastTrace().isPresent()
                && !vm.trace().runningProperty().get());

    assertThat(vm.trace().verdictProperty().get()).startsWith("NOT REACHABLE: DROPPED");
    assertThat(view.topologyView().drawnDrops()).contains(NetnsName.of("worker1"));
    assertThat(view.tracePanel().whyList().getItems())
        .anyMatch(r -> r.kind() == WhyRow.Kind.WHY)
        .anyMatch(r -> r.kind() == WhyRow.Kind.FIX);
    assertThat(view.whatIfView().editList().getItems()).hasSize(1);
    assertThat(view.whatIfView().changeList().getItems().get(0)).startsWith("before: REACHABLE");
    assertThat(view.sideTabs().getSelectionModel().getSelectedItem().getText())
        .isEqualTo("What-if (1)");

    Path saved = tmp.resolve("flannel-vxlan-whatif.sh");
    java.util.concurrent.CompletableFuture<String> said =
        new java.util.concurrent.CompletableFuture<>();
    robot.interact(() -> vm.whatIf().save(saved, said::complete));
    assertThat(said.get(30, TimeUnit.SECONDS)).startsWith("Saved ");
    Trace again =
        dev.podpath.trace.api.Podpath.load(saved)
            .trace(dev.podpath.trace.api.TraceRequest.builder("busybox-jpnb6", "10.10.2.4").build())
            .trace();
    Trace shown = vm.trace().lastTrace().orElseThrow();
    assertThat(dev.podpath.trace.render.Verdicts.of(again.request()))
        .isEqualTo(dev.podpath.trace.render.Verdicts.of(shown.request()));
    assertThat(again.request().hops().stream().map(Hop::netns).toList())
        .isEqualTo(view.topologyView().drawnHops(0));
  }

  @Test
  void lesson_vethPair_theGraphGrowsCommandByCommand_andTheFirstPingIsPlayed() throws Exception {
    show(Samples.sample("veth-pair.sh"));
    FxRobot robot = new FxRobot();
    robot.interact(() -> vm.lesson().start());
    waitUntil(() -> !vm.lesson().loadingProperty().get());
    assertThat(view.sideTabs().getSelectionModel().getSelectedItem().getText()).isEqualTo("Lesson");
    int before = view.topologyView().lookupAll("Rectangle").size();

    for (int k = 0; k < 12 && vm.trace().lastTrace().isEmpty(); k++) {
      robot.interact(() -> view.lessonView().nextButton().fire());
      waitUntil(() -> !vm.lesson().loadingProperty().get() && !vm.trace().runningProperty().get());
    }

    assertThat(vm.lesson().commandProperty().get())
        .isEqualTo("ip netns exec ns1 ping -c1 -W1 10.1.1.2");
    assertThat(view.topologyView().lookupAll("Rectangle").size()).isGreaterThan(before);
    assertThat(vm.trace().verdictProperty().get()).startsWith("REACHABLE");
    waitUntil(() -> view.topologyView().drawnPacket().isPresent());
    assertThat(view.topologyView().drawnPacket())
        .hasValueSatisfying(p -> assertThat(p).startsWith("request"));
    robot.interact(() -> vm.lesson().stop());
    waitUntil(() -> !vm.lesson().loadingProperty().get());
  }

  private void traceAndCompare(String sample, String from, String to) throws Exception {
    show(Samples.sample(sample));
    FxRobot robot = new FxRobot();
    robot.interact(
        () -> {
          vm.trace().fromProperty().set(from);
          vm.trace().toProperty().set(to);
        });

    robot.interact(() -> view.tracePanel().traceButton().fire());
    waitUntil(() -> vm.trace().lastTrace().isPresent() && !vm.trace().runningProperty().get());

    Trace t = vm.trace().lastTrace().orElseThrow();
    List<NetnsName> hops = t.request().hops().stream().map(Hop::netns).toList();
    List<NetnsName> drawn = view.topologyView().drawnHops(0);
    assertThat(drawn).isEqualTo(hops);
    t.response()
        .ifPresent(
            r ->
                assertThat(view.topologyView().drawnHops(1))
                    .isEqualTo(r.hops().stream().map(Hop::netns).toList()));
    Path png = tmp.resolve(sample + ".png");
    WaitForAsyncUtils.asyncFx(
            () -> {
              try {
                ViewImages.write(stage.getScene(), png);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            })
        .get(30, TimeUnit.SECONDS);
    assertThat(Files.size(png)).isGreaterThan(10_000);
    Platform.runLater(() -> {});
  }
}
