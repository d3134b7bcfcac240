package dev.podpath.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.gui.state.StateTable;
import dev.podpath.gui.trace.StepRow;
import dev.podpath.gui.trace.WhyRow;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.Step;
import dev.podpath.trace.Hop;
import dev.podpath.trace.Probe;
import dev.podpath.trace.render.StepDetail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  void theme_chosen_isKeptForTheNextStart_andAnUnreadableStoreMeansLight() throws Exception {
    RecentFiles store = new RecentFiles(tmp.resolve("settings/recent-files"));
    MainViewModel first = new MainViewModel(BackgroundWork.inPlace(), store);
    assertThat(first.themeProperty().get()).isEqualTo(Theme.LIGHT);

    first.themeProperty().set(Theme.DARK);

    assertThat(new MainViewModel(BackgroundWork.inPlace(), store).themeProperty().get())
        .isEqualTo(Theme.DARK);
    assertThat(Theme.DARK.stylesheets()).hasSize(2).last().asString().endsWith("dark.css");
    Files.writeString(store.setting("theme"), "sepia\n");
    assertThat(new MainViewModel(BackgroundWork.inPlace(), store).themeProperty().get())
        .isEqualTo(Theme.LIGHT);
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
  void savedTrace_isWhatTheCliPrints_textAndJson_withTheDiagnosis() {
    MainViewModel vm = open("missing-route.sh");
    assertThat(vm.trace().json()).isEmpty();
    vm.trace().fromProperty().set("ns1");
    vm.trace().toProperty().set("10.1.3.5");
    vm.trace().trace();
    assertThat(vm.trace().verdictProperty().get()).startsWith("NOT REACHABLE");

    String sample = Samples.sample("missing-route.sh").toString();
    String json = cli("trace", sample, "--from", "ns1", "--to", "10.1.3.5", "-o", "json");
    String text = cli("trace", sample, "--from", "ns1", "--to", "10.1.3.5");

    assertThat(vm.trace().json()).contains(json);
    assertThat(json).contains("\"diagnosis\"");
    // the text tab: the trace as the CLI prints it, then the diagnosis
    assertThat(text).contains(vm.trace().textProperty().get().lines().findFirst().orElseThrow());
    assertThat(vm.trace().textProperty().get()).contains("result: NOT REACHABLE");
  }

  @Test
  void traceroute_listsTheHopsAsTheCliPrintsThem() {
    MainViewModel vm = open("flannel-host-gw.sh");
    vm.trace().fromProperty().set("busybox-jpnb6");
    vm.trace().toProperty().set("10.10.2.4");

    vm.trace().traceroute(); // ICMP: traceroute -I

    String sample = Samples.sample("flannel-host-gw.sh").toString();
    String cli = cli("traceroute", sample, "--from", "busybox-jpnb6", "--to", "10.10.2.4", "-I");
    assertThat(vm.trace().errorProperty().get()).isEmpty();
    assertThat(vm.trace().tracerouteLines()).hasSizeGreaterThan(2);
    assertThat(String.join("\n", vm.trace().tracerouteLines()) + "\n").isEqualTo(cli);
  }

  @Test
  void savedAsPcap_theBytesOfTheCliTracesPcap_writtenWhole(
      @org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    MainViewModel vm = open("flannel-vxlan.sh");
    assertThat(vm.trace().pcap()).isEmpty(); // nothing traced yet
    vm.trace().fromProperty().set("busybox-jpnb6");
    vm.trace().toProperty().set("10.10.2.4");
    vm.trace().trace();
    assertThat(vm.trace().verdictProperty().get()).startsWith("REACHABLE");

    Path cliFile = tmp.resolve("cli.pcapng");
    String sample = Samples.sample("flannel-vxlan.sh").toString();
    cli(
        "trace",
        sample,
        "--from",
        "busybox-jpnb6",
        "--to",
        "10.10.2.4",
        "--pcap",
        cliFile.toString());
    Path guiFile = tmp.resolve("gui.pcapng");
    // what File > Save trace as pcap-ng does with the bytes
    dev.podpath.model.io.TextFiles.writeWhole(guiFile, vm.trace().pcap().orElseThrow());

    byte[] cliBytes = java.nio.file.Files.readAllBytes(cliFile);
    assertThat(cliBytes).hasSizeGreaterThan(1000);
    assertThat(java.nio.file.Files.readAllBytes(guiFile)).isEqualTo(cliBytes);
    // the section header block's magic: a pcap-ng file
    assertThat(java.util.Arrays.copyOf(cliBytes, 4)).containsExactly(0x0a, 0x0d, 0x0d, 0x0a);
    try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(tmp)) {
      assertThat(left.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("cli.pcapng", "gui.pcapng"); // no temporary file left
    }
  }

  private static String cli(String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    dev.podpath.trace.cli.Main.run(
        args, new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()));
    return out.toString();
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

  @Test
  void trace_aDrop_showsWhyAndTheFix_andBlamesTheRouter() {
    MainViewModel vm = open("missing-route.sh");
    vm.trace().fromProperty().set("ns1");
    vm.trace().toProperty().set("10.1.3.5");

    vm.trace().trace();

    assertThat(vm.trace().why())
        .first()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo(WhyRow.Kind.WHY);
              assertThat(r.text()).startsWith("NO_ROUTE");
            });
    assertThat(vm.trace().why())
        .anyMatch(r -> r.kind() == WhyRow.Kind.FIX && r.text().startsWith("ip -n router route"));
    assertThat(vm.topology().culprits()).containsExactly(NetnsName.of("router"));
    assertThat(vm.trace().textProperty().get()).contains("why: NO_ROUTE");
  }

  @Test
  void trace_thatSucceeds_hasNoWhy_andNoCulprit() {
    MainViewModel vm = open("missing-route.sh");
    vm.trace().fromProperty().set("ns1");
    vm.trace().toProperty().set("10.1.1.1");

    vm.trace().trace();

    assertThat(vm.trace().verdictProperty().get()).startsWith("REACHABLE");
    assertThat(vm.trace().why()).isEmpty();
    assertThat(vm.topology().culprits()).isEmpty();
  }

  @Test
  void trace_allBranches_eachBranchIsShown_andSwitchingChangesThePath() {
    MainViewModel vm = open("kube-proxy.sh");
    vm.trace().fromProperty().set("p1");
    vm.trace().toProperty().set("10.96.0.10");
    vm.trace().protocolProperty().set(Probe.Protocol.TCP);
    vm.trace().allBranchesProperty().set(true);

    vm.trace().trace();

    assertThat(vm.trace().branches()).hasSizeGreaterThan(1);
    assertThat(vm.trace().branches().get(0).label()).startsWith("p=0.");
    List<NetnsName> first = vm.topology().pathProperty().get().legs().get(0).hops();
    vm.trace().branchProperty().set(1);
    List<NetnsName> second = vm.topology().pathProperty().get().legs().get(0).hops();
    assertThat(second).isNotEqualTo(first);
    assertThat(second)
        .isEqualTo(
            vm.trace().branches().get(1).trace().request().hops().stream()
                .map(Hop::netns)
                .toList());
  }

  @Test
  void pickers_offerTheApisCandidates() {
    MainViewModel vm = open("missing-route.sh");

    assertThat(vm.trace().endpoints()).contains("router", "ns1", "ns2");
    assertThat(vm.trace().destinations())
        .contains("10.1.1.1", "10.1.2.2")
        .doesNotContain("127.0.0.1");
  }

  @Test
  void trace_toANamespaceName_isTheApisError() {
    MainViewModel vm = open("missing-route.sh");
    vm.trace().fromProperty().set("ns1");
    vm.trace().toProperty().set("ns2");

    vm.trace().trace();

    assertThat(vm.trace().errorProperty().get()).startsWith("--to ns2");
    assertThat(vm.trace().lastTrace()).isEmpty();
  }

  @Test
  void selectingARouteStep_showsItsTableRuleAndRoute_withTheRoutesLine() {
    MainViewModel vm = open("flannel-host-gw.sh");
    vm.trace().fromProperty().set("busybox-jpnb6");
    vm.trace().toProperty().set("10.10.2.4");
    vm.trace().trace();
    StepRow route =
        vm.trace().steps().stream()
            .filter(r -> r.verb().equals("route") && r.netns().equals("worker1"))
            .findFirst()
            .orElseThrow();

    vm.trace().select(route);

    assertThat(vm.trace().detail())
        .extracting(StepDetail.Entry::label)
        .contains("rule", "table", "route");
    StepDetail.Entry entry =
        vm.trace().detail().stream()
            .filter(e -> e.label().equals("route"))
            .findFirst()
            .orElseThrow();
    assertThat(entry.text()).startsWith("10.10.2.0/24");
    assertThat(entry.origin())
        .hasValueSatisfying(o -> assertThat(o.file()).endsWith("flannel-host-gw.sh"));
  }

  @Test
  void selectingANatStep_showsTheRuleWalked_andTheRewriteBeforeAndAfter() {
    MainViewModel vm = open("kube-proxy.sh");
    vm.trace().fromProperty().set("p1");
    vm.trace().toProperty().set("10.96.0.10");
    vm.trace().protocolProperty().set(Probe.Protocol.TCP);
    vm.trace().trace();
    StepRow nat =
        vm.trace().steps().stream()
            .filter(r -> r.step() instanceof Step.Netfilter n && !n.before().equals(n.after()))
            .findFirst()
            .orElseThrow();

    vm.trace().select(nat);

    assertThat(vm.trace().detail())
        .extracting(StepDetail.Entry::label)
        .contains("before", "after", "verdict");
    assertThat(vm.trace().detail())
        .anyMatch(e -> e.label().contains(" matched") && e.origin().isPresent());
  }

  @Test
  void aCulpritsLine_clicked_opensTheScriptAtThatLine() {
    MainViewModel vm = open("gateway-other-segment.sh");
    vm.trace().fromProperty().set("busybox-jpnb6");
    vm.trace().toProperty().set("10.10.3.2");
    vm.trace().trace();
    WhyRow culprit =
        vm.trace().why().stream()
            .filter(r -> r.kind() == WhyRow.Kind.CULPRIT && r.origin().isPresent())
            .findFirst()
            .orElseThrow();

    vm.trace().open(culprit);

    int line = culprit.origin().orElseThrow().line();
    assertThat(vm.source().titleProperty().get()).endsWith("gateway-other-segment.sh:" + line);
    assertThat(vm.source().lineProperty().get()).isEqualTo(line - 1);
    assertThat(vm.source().lines().get(line - 1)).isEqualTo(culprit.origin().orElseThrow().text());
  }

  @Test
  void aTableRowWithAnOrigin_clicked_opensItsLine() {
    MainViewModel vm = open("missing-route.sh");
    vm.topology().selectedProperty().set(NetnsName.of("ns1"));
    StateTable routes =
        vm.state().tables().stream()
            .filter(t -> t.title().equals("Routes"))
            .findFirst()
            .orElseThrow();
    StateTable.Row def =
        routes.rows().stream()
            .filter(r -> r.line().isPresent() && r.cells().get(1).startsWith("default"))
            .findFirst()
            .orElseThrow();

    vm.state().open(def);

    assertThat(vm.source().lines().get(vm.source().lineProperty().get()))
        .isEqualTo(def.line().orElseThrow().text());
    assertThat(vm.source().lines().get(vm.source().lineProperty().get()))
        .contains("route add default");
  }

  @Test
  void playback_forwardAndBack_walkTheSteps_focusingEachDevice() {
    MainViewModel vm = open("flannel-vxlan.sh");
    vm.trace().fromProperty().set("busybox-jpnb6");
    vm.trace().toProperty().set("10.10.2.4");
    vm.trace().trace();
    int encap =
        vm.trace()
            .steps()
            .indexOf(
                vm.trace().steps().stream()
                    .filter(r -> r.verb().equals("encap"))
                    .findFirst()
                    .get());

    for (int i = 0; i <= encap; i++) {
      assertThat(vm.trace().forward()).isTrue();
    }
    assertThat(vm.topology().focusedDeviceProperty().get())
        .isEqualTo(DeviceRef.of("worker1", "flannel.1"));
    vm.trace().back();

    assertThat(vm.trace().currentProperty().get()).isEqualTo(encap - 1);
    assertThat(vm.trace().detail())
        .first()
        .satisfies(e -> assertThat(e.text()).doesNotStartWith("encap"));
    while (vm.trace().forward()) {
      // to the end
    }
    assertThat(vm.trace().currentProperty().get()).isEqualTo(vm.trace().steps().size() - 1);
  }
}
