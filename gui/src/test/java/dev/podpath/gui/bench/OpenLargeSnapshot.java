package dev.podpath.gui.bench;

import dev.podpath.gui.layout.Layout;
import dev.podpath.gui.layout.TopologyLayout;
import dev.podpath.gui.network.GuiNetwork;
import dev.podpath.gui.network.LoadedNetwork;
import dev.podpath.gui.topology.TopologyView;
import dev.podpath.gui.topology.TopologyViewModel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * How long the GUI takes to open a large snapshot: generates one ({@link ClusterSnapshot}, 20 nodes
 * of 49 pods: 1,000 namespaces, and the segment), then, round after round, reads it through the API
 * as the GUI does ({@link GuiNetwork#open}), lays it out folded and draws it in a 1366x768 window
 * on the headless platform until a frame is rendered. Prints wall-clock and CPU time of each part,
 * and what the unfolded layout would have cost. Not a test: the figures depend on the machine; the
 * test {@code LargeSnapshotTest} checks the work (what is drawn), never the time.
 *
 * <pre>
 * mvn -B -q -pl gui -am test-compile
 * java -cp "gui/target/test-classes:gui/target/classes:$(cat cp.txt)" \
 *     dev.podpath.gui.bench.OpenLargeSnapshot [NODES PODS_PER_NODE [ROUNDS]]
 * </pre>
 */
public final class OpenLargeSnapshot {

  private OpenLargeSnapshot() {}

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int pods = args.length > 1 ? Integer.parseInt(args[1]) : 49;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path dir = Files.createTempDirectory("podpath-large-snapshot");
    try {
      ClusterSnapshot.write(dir, nodes, pods);
      run(dir, nodes, pods, rounds);
    } finally {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static void run(Path dir, int nodes, int pods, int rounds) throws Exception {
    System.setProperty("glass.platform", "Monocle");
    System.setProperty("monocle.platform", "Headless");
    System.setProperty("prism.order", "sw");
    System.setProperty("headless.geometry", "1920x1200-32");
    CompletableFuture<Void> started = new CompletableFuture<>();
    Platform.startup(() -> started.complete(null));
    started.get(60, TimeUnit.SECONDS);
    Platform.setImplicitExit(false);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT,
        "OpenLargeSnapshot: %d nodes x %d pods = %d namespaces; JVM %s, %d CPUs, max heap %d MiB;"
            + " load average %.2f%n",
        nodes,
        pods,
        nodes * (pods + 1),
        System.getProperty("java.vm.version"),
        rt.availableProcessors(),
        rt.maxMemory() >> 20,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    for (int r = 1; r <= rounds; r++) {
      long w0 = System.nanoTime();
      long c0 = mx.getCurrentThreadCpuTime();
      LoadedNetwork n = GuiNetwork.open(dir);
      long w1 = System.nanoTime();
      long c1 = mx.getCurrentThreadCpuTime();
      CompletableFuture<long[]> drawn = new CompletableFuture<>();
      Platform.runLater(
          () -> {
            try {
              long fw0 = System.nanoTime();
              long fc0 = mx.getCurrentThreadCpuTime();
              TopologyViewModel vm = new TopologyViewModel();
              TopologyView view = new TopologyView(vm);
              Stage stage = new Stage();
              stage.setScene(new Scene(view, 1366, 768));
              stage.show();
              vm.networkProperty().set(n);
              view.snapshot(null, null);
              long fw1 = System.nanoTime();
              long fc1 = mx.getCurrentThreadCpuTime();
              int shapes = view.drawnShapes();
              int folds = vm.layoutProperty().get().folds().size();
              stage.close();
              drawn.complete(new long[] {fw1 - fw0, fc1 - fc0, shapes, folds});
            } catch (RuntimeException e) {
              drawn.completeExceptionally(e);
            }
          });
      long[] d = drawn.get(120, TimeUnit.SECONDS);
      long w2 = System.nanoTime();
      long c2 = mx.getCurrentThreadCpuTime();
      Layout unfolded = TopologyLayout.of(n.graph(), Set.of());
      long w3 = System.nanoTime();
      long c3 = mx.getCurrentThreadCpuTime();
      System.out.printf(
          Locale.ROOT,
          "round %d: read %s (cpu %s), layout+draw folded %s (cpu %s; %d shapes, %d folds),"
              + " open in all %s; unfolded layout alone %s (cpu %s; %d boxes)%n",
          r,
          ms(w1 - w0),
          ms(c1 - c0),
          ms(d[0]),
          ms(d[1]),
          d[2],
          d[3],
          ms(w2 - w0),
          ms(w3 - w2),
          ms(c3 - c2),
          unfolded.boxes().size());
    }
    Platform.exit();
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%d ms", nanos / 1_000_000);
  }
}
