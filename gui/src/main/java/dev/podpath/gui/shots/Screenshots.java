package dev.podpath.gui.shots;

import dev.podpath.gui.BackgroundWork;
import dev.podpath.gui.MainView;
import dev.podpath.gui.MainViewModel;
import dev.podpath.gui.RecentFiles;
import dev.podpath.gui.Theme;
import dev.podpath.gui.ViewImages;
import dev.podpath.gui.trace.StepRow;
import dev.podpath.gui.trace.WhyRow;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.Step;
import dev.podpath.trace.Probe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Renders the main views into PNG files without a display (Monocle's headless platform, the
 * software renderer), from the samples, so the README's pictures stay current: {@code podpath gui
 * --screenshots docs/gui} from the repository's root.
 */
public final class Screenshots {

  /** Where a shot's network comes from: a sample, or a cluster written into a scratch folder. */
  @FunctionalInterface
  interface Input {
    Path at(Path scratch) throws java.io.IOException;
  }

  /**
   * One picture: a network, what to trace in it, which namespace to select; then, optionally, all
   * branches traced, playback stopped at the first step of a verb (its detail shown), the first
   * culprit's source line opened, a what-if edit made from a row of the selected namespace's tables
   * ({@code TABLE:TEXT}: the row of that table holding that text, its first ready edit), every
   * node's pods unfolded; or a lesson played up to the first command holding {@code lessonAt}; in a
   * window of {@code width} x {@code height}, rendered at {@code scale} (2: a 4K screen's pixels
   * for a 1920x1080 window). Made once, in {@link #SHOTS}: {@code of} and what to do, a line per
   * view.
   */
  static final class Shot {
    private final String file;
    private final Input input;
    private String from = "";
    private String to = "";
    private Probe.Protocol protocol = Probe.Protocol.ICMP;
    private String select = "";
    private boolean allBranches;
    private String stopAt = "";
    private boolean openCulprit;
    private String editRow = "";
    private Theme theme = Theme.LIGHT;
    private String lessonAt = "";
    private boolean unfolded;
    private int width = 1366;
    private int height = 768;
    private double scale = 1;

    private Shot(String file, Input input) {
      this.file = file;
      this.input = input;
    }

    /** A picture of {@code sample} (a path from the repository's root) in a 1366x768 window. */
    static Shot of(String file, String sample) {
      return new Shot(file, scratch -> Path.of(sample));
    }

    /** A picture of what {@code input} writes into a scratch folder. */
    static Shot of(String file, Input input) {
      return new Shot(file, input);
    }

    Shot trace(String f, String t, Probe.Protocol p) {
      from = f;
      to = t;
      protocol = p;
      return this;
    }

    Shot select(String n) {
      select = n;
      return this;
    }

    Shot allBranches() {
      allBranches = true;
      return this;
    }

    Shot stopAt(String verb) {
      stopAt = verb;
      return this;
    }

    Shot openCulprit() {
      openCulprit = true;
      return this;
    }

    Shot edit(String row) {
      editRow = row;
      return this;
    }

    Shot theme(Theme t) {
      theme = t;
      return this;
    }

    Shot lessonAt(String command) {
      lessonAt = command;
      return this;
    }

    Shot unfolded() {
      unfolded = true;
      return this;
    }

    /** In a window of {@code w} x {@code h} rendered at {@code s}. */
    Shot sized(int w, int h, double s) {
      width = w;
      height = h;
      scale = s;
      return this;
    }

    String file() {
      return file;
    }
  }

  private static final String VXLAN = "samples/flannel-vxlan.sh";
  private static final Probe.Protocol ICMP = Probe.Protocol.ICMP;

  /** The views, one a line: the README's pictures and the large clusters' layouts. */
  static final java.util.List<Shot> SHOTS =
      java.util.List.of(
          Shot.of("flannel-vxlan-trace.png", VXLAN)
              .trace("busybox-jpnb6", "10.10.2.4", ICMP)
              .select("worker1")
              .stopAt("encap"),
          Shot.of("whatif-flannel-vxlan-route-deleted.png", VXLAN)
              .trace("busybox-jpnb6", "10.10.2.4", ICMP)
              .select("worker1")
              .edit("Routes:10.10.2.0/24"),
          Shot.of("dark-bridge-arp.png", "samples/bridge.sh")
              .trace("ns2", "10.1.1.2", ICMP)
              .select("ns1")
              .stopAt("arp")
              .theme(Theme.DARK),
          Shot.of("kube-proxy-service.png", "samples/kube-proxy.sh")
              .trace("p1", "10.96.0.10", Probe.Protocol.TCP)
              .select("n1")
              .allBranches()
              .stopAt("iptables"),
          Shot.of("gateway-other-segment-why.png", "samples/gateway-other-segment.sh")
              .trace("busybox-jpnb6", "10.10.3.2", ICMP)
              .select("worker1")
              .openCulprit(),
          Shot.of("missing-route-drop.png", "samples/missing-route.sh")
              .trace("ns1", "10.1.3.5", ICMP)
              .select("router"),
          Shot.of("snapshot-seed-flannel-host-gw.png", "samples/snapshots/seed-flannel-host-gw")
              .trace("busybox-8647b8666c-jpnb6", "192.168.2.15", ICMP)
              .select("worker1"),
          Shot.of("lesson-flannel-vxlan.png", VXLAN).lessonAt("type vxlan id 1 local"),
          // veths between namespaces of a lower row with a box between: round under the row
          Shot.of("ipip-demo-veth-detoured.png", "samples/ipip-demo.sh")
              .trace("ns1", "10.10.20.2", ICMP)
              .select("ns1"),
          Shot.of("policy-routing-veths-detoured.png", "samples/policy-routing.sh")
              .trace("h3", "10.1.1.2", ICMP)
              .select("r"),
          // a 4K screen: a 1920x1080 window at a scale of 2 (3840x2160 pixels)
          Shot.of("flannel-vxlan-trace-4k.png", VXLAN)
              .trace("busybox-jpnb6", "10.10.2.4", ICMP)
              .select("worker1")
              .stopAt("encap")
              .sized(1920, 1080, 2),
          // 4 nodes of 49 pods (201 namespaces: it opens folded), unfolded: pods in rows of 7
          Shot.of("cluster-4x49-pods-wrapped.png", dir -> cluster(dir, 4, 49))
              .trace(ClusterSnapshot.podName(0, 0), ClusterSnapshot.podAddress(3, 48), ICMP)
              .select(ClusterSnapshot.nodeName(0))
              .unfolded()
              .sized(1920, 1080, 1),
          // flannel VXLAN, 4 nodes of 10 pods: the nodes in rows, the tunnels routed round them
          Shot.of("vxlan-4x10-tunnels-routed.png", dir -> vxlan(dir, 4, 10))
              .trace(VxlanClusterScript.podName(0, 0), VxlanClusterScript.podAddress(3, 9), ICMP)
              .select(VxlanClusterScript.nodeName(0))
              .stopAt("encap")
              .sized(1920, 1080, 1));

  private static Path cluster(Path scratch, int nodes, int pods) throws java.io.IOException {
    Path dir = scratch.resolve("cluster-" + nodes + "x" + pods);
    ClusterSnapshot.write(dir, nodes, pods);
    return dir;
  }

  private static Path vxlan(Path scratch, int nodes, int pods) throws java.io.IOException {
    Path file = scratch.resolve("vxlan-" + nodes + "x" + pods + ".sh");
    VxlanClusterScript.write(file, nodes, pods);
    return file;
  }

  private Screenshots() {}

  /** How long one picture may take to render: minutes on a loaded 2-CPU machine, not seconds. */
  static final long SHOT_SECONDS = 600;

  /** Renders every shot into {@code dir}; returns the exit status. */
  public static int render(Path dir) throws Exception {
    System.setProperty("glass.platform", "Monocle");
    System.setProperty("monocle.platform", "Headless");
    System.setProperty("prism.order", "sw");
    System.setProperty("headless.geometry", "1920x1200-32");
    System.setProperty("java.awt.headless", "true");
    CompletableFuture<Void> started = new CompletableFuture<>();
    Platform.startup(() -> started.complete(null));
    started.get(30, TimeUnit.SECONDS);
    // each shot closes its window; the platform stays up for the next
    Platform.setImplicitExit(false);
    // the recent files and the theme of the shots' windows, apart from the user's
    Path settings = Files.createTempDirectory("podpath-shots");
    Path recent = settings.resolve("recent-files");
    int status = 0;
    // the clusters' files where the pictures name them by a short relative path, deleted after
    Path scratch = Path.of("podpath-shots-inputs");
    for (Shot s : SHOTS) {
      CompletableFuture<String> done = new CompletableFuture<>();
      Platform.runLater(
          () -> {
            try {
              done.complete(shoot(s, dir, recent, scratch));
            } catch (Exception e) {
              done.completeExceptionally(e);
            }
          });
      try {
        System.out.println(done.get(SHOT_SECONDS, TimeUnit.SECONDS));
      } catch (java.util.concurrent.ExecutionException e) {
        System.err.println("podpath gui: " + s.file() + ": " + e.getCause());
        status = 1;
      } catch (java.util.concurrent.TimeoutException e) {
        System.err.println(
            "podpath gui: "
                + s.file()
                + ": not rendered within "
                + SHOT_SECONDS
                + " s (a machine this loaded renders slowly); the other pictures go on");
        status = 1;
      }
    }
    deleteTree(scratch);
    Files.deleteIfExists(recent);
    Files.deleteIfExists(settings.resolve("theme"));
    Files.deleteIfExists(settings);
    Platform.exit();
    return status;
  }

  /** Builds the window for one shot on the FX thread, traces, selects, and writes the PNG. */
  static String shoot(Shot s, Path dir, Path recent, Path scratch) throws Exception {
    MainViewModel vm = new MainViewModel(BackgroundWork.inPlace(), new RecentFiles(recent));
    vm.themeProperty().set(s.theme);
    MainView view = new MainView(vm);
    Stage stage = new Stage();
    Scene scene = new Scene(view, s.width, s.height);
    stage.setScene(scene);
    stage.show();
    Files.createDirectories(scratch);
    vm.open(s.input.at(scratch));
    if (vm.networkProperty().get() == null) {
      throw new IllegalStateException(vm.statusProperty().get());
    }
    if (s.unfolded) {
      for (NetnsName node : java.util.List.copyOf(vm.topology().folded())) {
        vm.topology().toggleFold(node);
      }
    }
    if (!s.lessonAt.isEmpty()) {
      vm.lesson().start();
      while (!vm.lesson().commandProperty().get().contains(s.lessonAt)) {
        int before = vm.lesson().indexProperty().get();
        vm.lesson().next();
        if (vm.lesson().indexProperty().get() == before) {
          throw new IllegalStateException("no command of the lesson holds " + s.lessonAt);
        }
      }
      return write(s, dir, vm, view, scene, stage, vm.lesson().positionProperty().get());
    }
    vm.topology().selectedProperty().set(NetnsName.of(s.select));
    vm.trace().fromProperty().set(s.from);
    vm.trace().toProperty().set(s.to);
    vm.trace().protocolProperty().set(s.protocol);
    vm.trace().allBranchesProperty().set(s.allBranches);
    vm.trace().trace();
    if (!s.editRow.isEmpty()) {
      String[] f = s.editRow.split(":", 2);
      vm.state().tables().stream()
          .filter(t -> t.title().equals(f[0]))
          .flatMap(t -> t.rows().stream())
          .filter(r -> r.cells().stream().anyMatch(c -> c.contains(f[1])))
          .flatMap(r -> r.offers().stream())
          .filter(dev.podpath.gui.whatif.Offer.Now.class::isInstance)
          .map(o -> ((dev.podpath.gui.whatif.Offer.Now) o).edit())
          .findFirst()
          .ifPresentOrElse(
              vm.state()::edit,
              () -> {
                throw new IllegalStateException("no edit offered by " + s.editRow);
              });
      if (!vm.whatIf().errorProperty().get().isEmpty()) {
        throw new IllegalStateException(vm.whatIf().errorProperty().get());
      }
    }
    if (!s.stopAt.isEmpty()) {
      while (vm.trace().forward()) {
        int k = vm.trace().currentProperty().get();
        StepRow r = vm.trace().steps().get(k);
        if (r.verb().equals(s.stopAt)
            && !(r.step() instanceof Step.Netfilter n && n.before().equals(n.after()))) {
          break;
        }
      }
    }
    if (s.openCulprit) {
      vm.trace().why().stream()
          .filter(r -> r.kind() == WhyRow.Kind.CULPRIT && r.origin().isPresent())
          .findFirst()
          .ifPresent(vm.trace()::open);
    }
    return write(s, dir, vm, view, scene, stage, vm.trace().verdictProperty().get());
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Lays the window out, fits the graph, writes the PNG at the shot's scale, closes it. */
  private static String write(
      Shot s, Path dir, MainViewModel vm, MainView view, Scene scene, Stage stage, String said)
      throws java.io.IOException {
    view.applyCss();
    view.layout();
    int line = vm.source().lineProperty().get();
    if (line >= 0) {
      // the list knows its cells' heights after a layout: scroll the marked line into view then
      view.sourceView().lineList().scrollTo(Math.max(0, line - 2));
      view.layout();
    }
    view.topologyView().fit();
    view.topologyView().settlePacket();
    Path out = dir.resolve(s.file());
    ViewImages.write(scene, out, s.scale);
    stage.close();
    return out + ": " + said;
  }
}
