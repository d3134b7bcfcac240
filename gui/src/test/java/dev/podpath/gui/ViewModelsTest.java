package dev.podpath.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.Hop;
import dev.podpath.trace.Probe;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The view models without the JavaFX toolkit: given a sample, when the user acts, then state. */
final class ViewModelsTest {

  @TempDir Path tmp;

  private MainViewModel open(String sample) {
    MainViewModel vm =
        new MainViewModel(BackgroundWork.inPlace(), new RecentFiles(tmp.resolve("recent")));
    vm.open(Samples.sample(sample));
    return vm;
  }

  @Test
  void open_aScenario_everyPanelSeesIt_andItIsRecent() {
    MainViewModel vm = open("flannel-vxlan.sh");

    assertThat(vm.networkProperty().get()).isNotNull();
    assertThat(vm.topology().layoutProperty().get()).isNotNull();
    assertThat(vm.trace().endpoints()).contains("busybox-jpnb6", "worker2");
    assertThat(vm.recentFiles()).first().isEqualTo(Samples.sample("flannel-vxlan.sh"));
    assertThat(vm.statusProperty().get()).contains("9 namespaces");
  }

  @Test
  void open_aBrokenScript_saysWhichLine_andKeepsNothing() throws Exception {
    Path bad = tmp.resolve("bad.sh");
    Files.writeString(bad, "ip netns add a\nip -n a link set nosuch up\n");
    MainViewModel vm =
        new MainViewModel(BackgroundWork.inPlace(), new RecentFiles(tmp.resolve("recent")));

    vm.open(bad);

    assertThat(vm.networkProperty().get()).isNull();
    assertThat(vm.statusProperty().get()).startsWith("Cannot open: ").contains("bad.sh:2");
  }

  @Test
  void trace_theReadmeFlow_stepsVerdictAndPathComeFromTheTracer() {
    MainViewModel vm = open("flannel-host-gw.sh");
    vm.trace().fromProperty().set("busybox-jpnb6");
    vm.trace().toProperty().set("10.10.2.4");

    vm.trace().trace();

    assertThat(vm.trace().verdictProperty().get())
        .startsWith("REACHABLE: DELIVERED to busybox-pg7ps");
    assertThat(vm.topology().pathProperty().get().legs().get(0).hops())
        .isEqualTo(
            vm.trace().lastTrace().orElseThrow().request().hops().stream()
                .map(Hop::netns)
                .toList());
    assertThat(vm.trace().steps()).anyMatch(r -> r.verb().equals("route"));
    assertThat(vm.trace().textProperty().get()).contains("result: REACHABLE");
  }

  @Test
  void selectingAStep_focusesItsDevice() {
    MainViewModel vm = open("flannel-vxlan.sh");
    vm.trace().fromProperty().set("busybox-jpnb6");
    vm.trace().toProperty().set("10.10.2.4");
    vm.trace().trace();

    vm.trace()
        .select(
            vm.trace().steps().stream().filter(r -> r.verb().equals("encap")).findFirst().get());

    assertThat(vm.topology().focusedDeviceProperty().get())
        .isEqualTo(DeviceRef.of("worker1", "flannel.1"));
  }

  @Test
  void trace_aNameNoNamespaceHas_isAnError_notATrace() {
    MainViewModel vm = open("router.sh");
    vm.trace().fromProperty().set("nosuch");
    vm.trace().toProperty().set("10.0.0.1");

    vm.trace().trace();

    assertThat(vm.trace().errorProperty().get()).contains("from nosuch");
    assertThat(vm.trace().lastTrace()).isEmpty();
    assertThat(vm.trace().runningProperty().get()).isFalse();
  }

  @Test
  void trace_tcp_toAClusterIp() {
    MainViewModel vm = open("kube-proxy.sh");
    vm.trace().fromProperty().set("p1");
    vm.trace().toProperty().set("10.96.0.10");
    vm.trace().protocolProperty().set(Probe.Protocol.TCP);

    vm.trace().trace();

    assertThat(vm.trace().verdictProperty().get()).startsWith("REACHABLE");
  }

  @Test
  void search_byAddressPrefix_selectsTheFirst_andTheTablesFollow() {
    MainViewModel vm = open("flannel-vxlan.sh");

    assertThat(vm.topology().search("10.10.2"))
        .containsExactly(
            NetnsName.of("worker2"), NetnsName.of("busybox-zlxmm"), NetnsName.of("busybox-pg7ps"));

    assertThat(vm.state().titleProperty().get()).isEqualTo("worker2  (node)");
    assertThat(vm.state().tables())
        .filteredOn(t -> t.title().equals("Routes"))
        .singleElement()
        .satisfies(
            t ->
                assertThat(t.rows())
                    .anyMatch(
                        r ->
                            r.cells()
                                    .get(1)
                                    .equals("10.10.1.0/24 via 10.10.1.0 dev flannel.1 onlink")
                                && r.origin().contains("flannel-vxlan.sh:")));
  }
}
