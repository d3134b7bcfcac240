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

  /**
   * One picture: a sample, what to trace in it, which namespace to select; then, optionally, all
   * branches traced, playback stopped at the first step of a verb (its detail shown), the first
   * culprit's source line opened, a what-if edit made from a row of the selected namespace's tables
   * ({@code TABLE:TEXT}: the row of that table holding that text, its first ready edit); or a
   * lesson played up to the first command holding {@code lessonAt}; in a window of {@code width} x
   * {@code height}, rendered at {@code scale} (2: a 4K screen's pixels for a 1920x1080 window).
   */
  record Shot(
      String file,
      String sample,
      String from,
      String to,
      Probe.Protocol protocol,
      String select,
      boolean allBranches,
      String stopAt,
      boolean openCulprit,
      String editRow,
      Theme theme,
      String lessonAt,
      int width,
      int height,
      double scale) {
    Shot(
        String file,
        String sample,
        String from,
        String to,
        Probe.Protocol protocol,
        String select,
        boolean allBranches,
        String stopAt,
        boolean openCulprit,
        String editRow,
        Theme theme) {
      this(
          file,
          sample,
          from,
          to,
          protocol,
          select,
          allBranches,
          stopAt,
          openCulprit,
          editRow,
          theme,
          "",
          1366,
          768,
          1);
    }

    /** A lesson played up to the first command holding {@code lessonAt}. */
    static Shot lesson(String file, String sample, String lessonAt) {
      return new Shot(
          file,
          sample,
          "",
          "",
          Probe.Protocol.ICMP,
          "",
          false,
          "",
          false,
          "",
          Theme.LIGHT,
          lessonAt,
          1366,
          768,
          1);
    }

    /** The same, in a window of {@code w} x {@code h} rendered at {@code s}. */
    Shot sized(String name, int w, int h, double s) {
      return new Shot(
          name,
          sample,
          from,
          to,
          protocol,
          select,
          allBranches,
          stopAt,
          openCulprit,
          editRow,
          theme,
          lessonAt,
          w,
          h,
          s);
    }

    Shot(
        String file,
        String sample,
        String from,
        String to,
        Probe.Protocol protocol,
        String select,
        boolean allBranches,
        String stopAt,
        boolean openCulprit,
        String editRow) {
      this(
          file,
          sample,
          from,
          to,
          protocol,
          select,
          allBranches,
          stopAt,
          openCulprit,
          editRow,
          Theme.LIGHT);
    }

    Shot(
        String file,
        String sample,
        String from,
        String to,
        Probe.Protocol protocol,
        String select,
        boolean allBranches,
        String stopAt,
        boolean openCulprit) {
      this(file, sample, from, to, protocol, select, allBranches, stopAt, openCulprit, "");
    }

    Shot(
        String file,
        String sample,
        String from,
        String to,
        Probe.Protocol protocol,
        String select) {
      this(file, sample, from, to, protocol, select, false, "", false, "");
    }
  }

  static final java.util.List<Shot> SHOTS =
      java.util.List.of(
          new Shot(
              "flannel-vxlan-trace.png",
              "samples/flannel-vxlan.sh",
              "busybox-jpnb6",
              "10.10.2.4",
              Probe.Protocol.ICMP,
              "worker1",
              false,
              "encap",
              false),
          new Shot(
              "whatif-flannel-vxlan-route-deleted.png",
              "samples/flannel-vxlan.sh",
              "busybox-jpnb6",
              "10.10.2.4",
              Probe.Protocol.ICMP,
              "worker1",
              false,
              "",
              false,
              "Routes:10.10.2.0/24"),
          new Shot(
              "dark-bridge-arp.png",
              "samples/bridge.sh",
              "ns2",
              "10.1.1.2",
              Probe.Protocol.ICMP,
              "ns1",
              false,
              "arp",
              false,
              "",
              Theme.DARK),
          new Shot(
              "kube-proxy-service.png",
              "samples/kube-proxy.sh",
              "p1",
              "10.96.0.10",
              Probe.Protocol.TCP,
              "n1",
              true,
              "iptables",
              false),
          new Shot(
              "gateway-other-segment-why.png",
              "samples/gateway-other-segment.sh",
              "busybox-jpnb6",
              "10.10.3.2",
              Probe.Protocol.ICMP,
              "worker1",
              false,
              "",
              true),
          new Shot(
              "missing-route-drop.png",
              "samples/missing-route.sh",
              "ns1",
              "10.1.3.5",
              Probe.Protocol.ICMP,
              "router"),
          new Shot(
              "snapshot-seed-flannel-host-gw.png",
              "samples/snapshots/seed-flannel-host-gw",
              "busybox-8647b8666c-jpnb6",
              "192.168.2.15",
              Probe.Protocol.ICMP,
              "worker1"),
          Shot.lesson(
              "lesson-flannel-vxlan.png", "samples/flannel-vxlan.sh", "type vxlan id 1 local"),
          // a 4K screen: a 1920x1080 window at a scale of 2 (3840x2160 pixels)
          new Shot(
                  "",
                  "samples/flannel-vxlan.sh",
                  "busybox-jpnb6",
                  "10.10.2.4",
                  Probe.Protocol.ICMP,
                  "worker1",
                  false,
                  "encap",
                  false)
              .sized("flannel-vxlan-trace-4k.png", 1920, 1080, 2));

  private Screenshots() {}

  /** Renders every shot into {@code dir}; returns the exit status. */
  /** How long one picture may take to render: minutes on a loaded 2-CPU machine, not seconds. */
  static final long SHOT_SECONDS = 600;

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
    for (Shot s : SHOTS) {
      CompletableFuture<String> done = new CompletableFuture<>();
      Platform.runLater(
          () -> {
            try {
              done.complete(shoot(s, dir, recent));
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
    Files.deleteIfExists(recent);
    Files.deleteIfExists(settings.resolve("theme"));
    Files.deleteIfExists(settings);
    Platform.exit();
    return status;
  }

  /** Builds the window for one shot on the FX thread, traces, selects, and writes the PNG. */
  static String shoot(Shot s, Path dir, Path recent) throws Exception {
    MainViewModel vm = new MainViewModel(BackgroundWork.inPlace(), new RecentFiles(recent));
    vm.themeProperty().set(s.theme());
    MainView view = new MainView(vm);
    Stage stage = new Stage();
    Scene scene = new Scene(view, s.width(), s.height());
    stage.setScene(scene);
    stage.show();
    vm.open(Path.of(s.sample()));
    if (vm.networkProperty().get() == null) {
      throw new IllegalStateException(vm.statusProperty().get());
    }
    if (!s.lessonAt().isEmpty()) {
      vm.lesson().start();
      while (!vm.lesson().commandProperty().get().contains(s.lessonAt())) {
        int before = vm.lesson().indexProperty().get();
        vm.lesson().next();
        if (vm.lesson().indexProperty().get() == before) {
          throw new IllegalStateException("no command of the lesson holds " + s.lessonAt());
        }
      }
      return write(s, dir, vm, view, scene, stage, vm.lesson().positionProperty().get());
    }
    vm.topology().selectedProperty().set(NetnsName.of(s.select()));
    vm.trace().fromProperty().set(s.from());
    vm.trace().toProperty().set(s.to());
    vm.trace().protocolProperty().set(s.protocol());
    vm.trace().allBranchesProperty().set(s.allBranches());
    vm.trace().trace();
    if (!s.editRow().isEmpty()) {
      String[] f = s.editRow().split(":", 2);
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
                throw new IllegalStateException("no edit offered by " + s.editRow());
              });
      if (!vm.whatIf().errorProperty().get().isEmpty()) {
        throw new IllegalStateException(vm.whatIf().errorProperty().get());
      }
    }
    if (!s.stopAt().isEmpty()) {
      while (vm.trace().forward()) {
        int k = vm.trace().currentProperty().get();
        StepRow r = vm.trace().steps().get(k);
        if (r.verb().equals(s.stopAt())
            && !(r.step() instanceof Step.Netfilter n && n.before().equals(n.after()))) {
          break;
        }
      }
    }
    if (s.openCulprit()) {
      vm.trace().why().stream()
          .filter(r -> r.kind() == WhyRow.Kind.CULPRIT && r.origin().isPresent())
          .findFirst()
          .ifPresent(vm.trace()::open);
    }
    return write(s, dir, vm, view, scene, stage, vm.trace().verdictProperty().get());
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
    ViewImages.write(scene, out, s.scale());
    stage.close();
    return out + ": " + said;
  }
}
