package dev.podpath.gui.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.gui.BackgroundWork;
import dev.podpath.gui.MainViewModel;
import dev.podpath.gui.RecentFiles;
import dev.podpath.gui.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lesson mode without the toolkit: the script cut into commands, played, the graph growing. */
final class LessonTest {

  @TempDir Path tmp;

  @Test
  void parse_flannelVxlan_commandsWithTheirNarration_andTheHeaderAsIntro() throws Exception {
    String text = Files.readString(Samples.sample("flannel-vxlan.sh"));
    LessonScript l = LessonScript.parse(text);

    assertThat(l.intro()).startsWith("flannel-vxlan.sh: the 3-node Kubernetes cluster");
    LessonScript.Step first = l.steps().get(0);
    assertThat(first.command()).isEqualTo("ip netns add lan");
    assertThat(first.narration()).contains("the L2 segment the nodes share");
    assertThat(text).startsWith(first.prefix());
    assertThat(first.prefix()).endsWith("ip netns add lan\n");
    assertThat(l.steps()).noneMatch(s -> s.command().startsWith("set -e"));
    assertThat(l.steps().get(l.steps().size() - 1).prefix()).isEqualTo(text);
    long commands =
        text.lines()
            .map(String::strip)
            .filter(s -> !s.isEmpty() && !s.startsWith("#") && !s.startsWith("set -"))
            .count();
    assertThat(l.steps()).hasSize((int) commands);
  }

  @Test
  void parse_aContinuedLine_isOneCommand() {
    LessonScript l =
        LessonScript.parse("# make it\nip netns add \\\n  a\n\n# then\nip -n a link set lo up\n");
    assertThat(l.steps())
        .extracting(LessonScript.Step::command)
        .containsExactly("ip netns add  a", "ip -n a link set lo up");
    assertThat(l.steps().get(0).line()).isEqualTo(2);
    assertThat(l.steps().get(1).narration()).isEqualTo("then");
    assertThat(l.intro()).isEqualTo("make it");
  }

  @Test
  void play_vethPair_theGraphGrows_andEveryProbeIsTraced() {
    MainViewModel vm =
        new MainViewModel(BackgroundWork.inPlace(), new RecentFiles(tmp.resolve("recent")));
    vm.open(Samples.sample("veth-pair.sh"));
    int full = vm.networkProperty().get().topology().namespaces().size();

    vm.lesson().start();
    assertThat(vm.lesson().positionProperty().get()).startsWith("start: ");
    List<Integer> sizes = new ArrayList<>();
    List<String> traced = new ArrayList<>();
    int steps = vm.lesson().lessonProperty().get().steps().size();
    for (int k = 0; k < steps; k++) {
      vm.lesson().next();
      sizes.add(vm.networkProperty().get().topology().namespaces().size());
      if (vm.lesson().playRequestedProperty().get()) {
        traced.add(
            vm.trace().fromProperty().get()
                + " > "
                + vm.trace().toProperty().get()
                + ": "
                + vm.trace().verdictProperty().get());
        vm.lesson().playRequestedProperty().set(false);
      }
    }

    assertThat(vm.lesson().errorProperty().get()).isEmpty();
    assertThat(sizes).isSorted();
    assertThat(sizes.get(0)).isLessThan(full);
    assertThat(sizes.get(sizes.size() - 1)).isEqualTo(full);
    assertThat(traced).first().asString().startsWith("ns1 > 10.1.1.2: REACHABLE");
    assertThat(traced).anyMatch(s -> s.startsWith("ns1 > 10.1.2.1: NOT REACHABLE"));
    vm.lesson().back();
    assertThat(vm.lesson().indexProperty().get()).isEqualTo(steps - 2);

    vm.lesson().stop();
    assertThat(vm.lesson().activeProperty().get()).isFalse();
    assertThat(vm.networkProperty().get().network().probes()).isNotEmpty();
  }

  @Test
  void snapshot_hasNoLesson_andSaysWhy() {
    MainViewModel vm =
        new MainViewModel(BackgroundWork.inPlace(), new RecentFiles(tmp.resolve("recent")));
    vm.open(Samples.sample("snapshots/seed-flannel-host-gw"));
    vm.lesson().start();
    assertThat(vm.lesson().activeProperty().get()).isFalse();
    assertThat(vm.lesson().errorProperty().get()).contains("snapshot has no commands");
  }
}
