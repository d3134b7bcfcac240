package dev.podpath.gui.bench;

import dev.podpath.gui.BackgroundWork;
import dev.podpath.gui.MainView;
import dev.podpath.gui.MainViewModel;
import dev.podpath.gui.RecentFiles;
import dev.podpath.gui.ViewImages;
import dev.podpath.gui.network.GuiNetwork;
import dev.podpath.gui.network.LoadedNetwork;
import dev.podpath.gui.shots.ClusterSnapshot;
import dev.podpath.model.snapshot.LoadWork;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * How long the GUI takes to open a large snapshot, as a user sees it: generates one ({@link
 * ClusterSnapshot}, 20 nodes of 49 pods: 1,000 namespaces, and the segment), then, round after
 * round, opens it in the whole main window (1366x768, the headless platform) as File &gt; Open does
 * ({@link MainViewModel#open}: read off the UI thread, then the panels fed on it) until a frame is
 * rendered. Prints, per round, the wall time from Open to the frame and where it went: the
 * snapshot's stages ({@link LoadWork}: the files read in parallel, then the assembly), the graph,
 * the UI thread's share (the panels taking the network, the layout, the first frame), and the
 * process's CPU and garbage collection over the same time, so that a loaded machine (wall far above
 * CPU) reads as such. Then one line {@code ROW ...} as bench/run-scale.sh's. Not a test: the
 * figures depend on the machine; {@code LargeSnapshotTest} checks the work, never the time.
 *
 * <pre>
 * bench/run-gui-open.sh [NODES PODS_PER_NODE [ROUNDS [PNG]]]
 * </pre>
 */
public final class OpenLargeSnapshot {

  private OpenLargeSnapshot() {}

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int pods = args.length > 1 ? Integer.parseInt(args[1]) : 49;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path png = args.length > 3 ? Path.of(args[3]) : null;
    Path root = Files.createTempDirectory("podpath-large-snapshot");
    try {
      Path dir = root.resolve("cluster");
      ClusterSnapshot.write(dir, nodes, pods);
      run(dir, nodes, pods, rounds, png);
    } finally {
      try (Stream<Path> all = Files.walk(root)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** Off the UI thread on a thread of its own, results on the UI thread: the GUI's way, timed. */
  private static final class TimedWork implements BackgroundWork {
    final AtomicLong uiNanos = new AtomicLong();

    @Override
    public <T> Job run(
        String what, Callable<T> work, Consumer<T> onDone, Consumer<Exception> onFailure) {
      Thread t =
          new Thread(
              () -> {
                try {
                  T r = work.call();
                  Platform.runLater(
                      () -> {
                        long t0 = System.nanoTime();
                        onDone.accept(r);
                        uiNanos.addAndGet(System.nanoTime() - t0);
                      });
                } catch (Exception e) {
                  Platform.runLater(() -> onFailure.accept(e));
                }
              },
              "podpath-gui-worker");
      t.setDaemon(true);
      t.start();
      return t::interrupt;
    }
  }

  private static void run(Path dir, int nodes, int pods, int rounds, Path png) throws Exception {
    System.setProperty("glass.platform", "Monocle");
    System.setProperty("monocle.platform", "Headless");
    System.setProperty("prism.order", "sw");
    System.setProperty("headless.geometry", "1920x1200-32");
    CompletableFuture<Void> started = new CompletableFuture<>();
    Platform.startup(() -> started.complete(null));
    started.get(60, TimeUnit.SECONDS);
    Platform.setImplicitExit(false);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Runtime rt = Runtime.getRuntime();
    System.err.printf(
        Locale.ROOT,
        "OpenLargeSnapshot: %d nodes x %d pods = %d namespaces; JVM %s, %d CPUs, max heap %d MiB;"
            + " load average %.2f%n",
        nodes,
        pods,
        nodes * (pods + 1),
        System.getProperty("java.vm.version"),
        rt.availableProcessors(),
        rt.maxMemory() >> 20,
        os.getSystemLoadAverage());
    long best = Long.MAX_VALUE;
    for (int r = 1; r <= rounds; r++) {
      // the stages of the read, apart (the window's open records none)
      LoadWork work = LoadWork.recording();
      long s0 = System.nanoTime();
      LoadedNetwork alone = GuiNetwork.open(dir, work);
      long readAlone = System.nanoTime() - s0;
      StringBuilder stages = new StringBuilder();
      for (LoadWork.Stage st : work.stages()) {
        stages.append(String.format(Locale.ROOT, " %s %s,", st.name(), ms(st.nanos())));
      }
      long g0 = System.nanoTime();
      dev.podpath.trace.graph.TopologyGraph.of(alone.topology());
      long graph = System.nanoTime() - g0;

      // the open as a user sees it: File > Open to the first frame of the whole window
      TimedWork timed = new TimedWork();
      long gc0 = gcMillis();
      long cpu0 = os.getProcessCpuTime();
      long w0 = System.nanoTime();
      CompletableFuture<long[]> shown = new CompletableFuture<>();
      Platform.runLater(
          () -> {
            MainViewModel vm =
                new MainViewModel(timed, new RecentFiles(dir.resolveSibling("recent")));
            MainView view = new MainView(vm);
            Stage stage = new Stage();
            Scene scene = new Scene(view, 1366, 768);
            stage.setScene(scene);
            stage.show();
            vm.networkProperty()
                .addListener(
                    (o, a, n) ->
                        Platform.runLater(
                            () -> {
                              long f0 = System.nanoTime();
                              scene.snapshot(null); // a frame rendered
                              long frame = System.nanoTime() - f0;
                              try {
                                if (png != null) {
                                  ViewImages.write(scene, png);
                                }
                              } catch (java.io.IOException e) {
                                shown.completeExceptionally(e);
                              }
                              stage.close();
                              shown.complete(new long[] {System.nanoTime(), frame});
                            }));
            vm.open(dir);
          });
      long[] end = shown.get(300, TimeUnit.SECONDS);
      long wall = end[0] - w0;
      long cpu = os.getProcessCpuTime() - cpu0;
      long gc = gcMillis() - gc0;
      best = Math.min(best, wall);
      System.err.printf(
          Locale.ROOT,
          "round %d: open to first frame %s (process CPU %s on %d CPUs, GC %d ms); UI thread: the"
              + " panels take the network %s, the frame %s.%n  apart: read %s (%s), graph %s%n",
          r,
          ms(wall),
          ms(cpu),
          rt.availableProcessors(),
          gc,
          ms(timed.uiNanos.get()),
          ms(end[1]),
          ms(readAlone),
          stages.length() == 0 ? "" : stages.substring(1, stages.length() - 1),
          ms(graph));
    }
    System.out.printf(
        Locale.ROOT,
        "ROW\topen a %d-namespace snapshot in the GUI, best of %d (s)\t%.2f\t5.00\t%.2f%n",
        nodes * (pods + 1),
        rounds,
        best / 1e9,
        best / 1e9 / 5.0);
    Platform.exit();
  }

  private static long gcMillis() {
    long t = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      t += Math.max(0, b.getCollectionTime());
    }
    return t;
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%d ms", nanos / 1_000_000);
  }
}
