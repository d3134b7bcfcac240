package dev.podpath.gui.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.gui.BackgroundWork;
import dev.podpath.gui.MainViewModel;
import dev.podpath.gui.RecentFiles;
import dev.podpath.gui.Samples;
import dev.podpath.gui.state.StateTable;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.Hop;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.api.TraceRequest;
import dev.podpath.trace.api.TraceResult;
import dev.podpath.trace.render.Verdicts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What-if edits without the toolkit: an edit chosen from a state row is its command, the script is
 * read again, the probe traced again; the saved script, read by the API as the CLI reads it, gives
 * the verdict the GUI showed.
 */
final class WhatIfViewModelTest {

  @TempDir Path tmp;

  private MainViewModel tracedFlannelVxlan() {
    MainViewModel vm =
        new MainViewModel(BackgroundWork.inPlace(), new RecentFiles(tmp.resolve("recent")));
    vm.open(Samples.sample("flannel-vxlan.sh"));
    vm.trace().fromProperty().set("busybox-jpnb6");
    vm.trace().toProperty().set("10.10.2.4");
    vm.trace().trace();
    assertThat(vm.trace().verdictProperty().get()).startsWith("REACHABLE");
    return vm;
  }

  /** The edit a row of the selected namespace's table offers at once. */
  private static Edit offered(MainViewModel vm, String ns, String table, String cellText) {
    vm.topology().selectedProperty().set(NetnsName.of(ns));
    StateTable t =
        vm.state().tables().stream().filter(x -> x.title().equals(table)).findFirst().orElseThrow();
    StateTable.Row row =
        t.rows().stream()
            .filter(r -> r.cells().stream().anyMatch(c -> c.contains(cellText)))
            .findFirst()
            .orElseThrow();
    return row.offers().stream()
        .filter(Offer.Now.class::isInstance)
        .map(o -> ((Offer.Now) o).edit())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void routeDeleted_fromItsRow_theProbeDiesOnWorker1_withReasonAndFix() {
    MainViewModel vm = tracedFlannelVxlan();
    Edit del = offered(vm, "worker1", "Routes", "10.10.2.0/24");

    assertThat(del.commandLine())
        .isEqualTo("ip -n worker1 route del 10.10.2.0/24 via 10.10.2.0 dev flannel.1");
    vm.state().edit(del);

    assertThat(vm.whatIf().errorProperty().get()).isEmpty();
    assertThat(vm.whatIf().edits()).containsExactly(del);
    assertThat(vm.trace().verdictProperty().get()).startsWith("NOT REACHABLE");
    assertThat(vm.trace().lastTrace().orElseThrow().request().endedIn())
        .contains(NetnsName.of("worker1"));
    assertThat(vm.trace().why()).isNotEmpty();
    assertThat(vm.whatIf().change()).first().asString().startsWith("before: REACHABLE");
    assertThat(vm.whatIf().change().get(1)).startsWith("after:  NOT REACHABLE");
    assertThat(vm.whatIf().change().get(2)).contains("the same up to worker1");
    // the namespace stays selected, its routes without the deleted one
    assertThat(vm.state().titleProperty().get()).startsWith("worker1");
    assertThat(vm.state().tables().get(2).rows())
        .noneMatch(r -> r.cells().get(1).startsWith("10.10.2.0/24"));
  }

  @Test
  void undo_readsTheScriptWithoutTheEdit_andItIsReachableAgain() {
    MainViewModel vm = tracedFlannelVxlan();
    vm.state().edit(offered(vm, "worker1", "Links", "flannel.1"));
    assertThat(vm.trace().verdictProperty().get()).startsWith("NOT REACHABLE");

    vm.whatIf().undo();

    assertThat(vm.whatIf().edits()).isEmpty();
    assertThat(vm.trace().verdictProperty().get()).startsWith("REACHABLE");
    assertThat(vm.whatIf().change().get(1)).startsWith("after:  REACHABLE");
  }

  @Test
  void save_theScriptReadByTheApi_asTheCliReadsIt_givesTheGuisVerdict() throws Exception {
    MainViewModel vm = tracedFlannelVxlan();
    vm.state().edit(offered(vm, "worker1", "Links", "flannel.1"));
    String shown = vm.trace().verdictProperty().get();
    Path saved = tmp.resolve("flannel-vxlan-whatif.sh");
    StringBuilder said = new StringBuilder();

    vm.whatIf().save(saved, said::append);

    assertThat(said.toString()).startsWith("Saved ").contains("1 edit");
    String text = Files.readString(saved);
    assertThat(text)
        .startsWith(Files.readString(Samples.sample("flannel-vxlan.sh")))
        .contains(EditedScript.BLOCK_TITLE)
        .contains("\nip -n worker1 link set flannel.1 down\n")
        .endsWith("\nip netns exec busybox-jpnb6 ping -c1 -W1 10.10.2.4 || true\n");
    Network net = Podpath.load(saved);
    TraceResult r = net.trace(TraceRequest.builder("busybox-jpnb6", "10.10.2.4").build());
    assertThat(Verdicts.result(r.trace()) + ": " + Verdicts.of(r.trace().request()))
        .isEqualTo(shown.replaceFirst("; reply .*", ""));
    assertThat(r.trace().request().hops().stream().map(Hop::netns).toList())
        .isEqualTo(
            vm.trace().lastTrace().orElseThrow().request().hops().stream()
                .map(Hop::netns)
                .toList());
    // the script's own last probe is the GUI's, asked after the edit
    assertThat(net.probes()).last().matches(a -> !a.toString().isEmpty());
  }

  @Test
  void anEditThatFails_isNotKept_andTheMessageNamesTheLine() {
    MainViewModel vm = tracedFlannelVxlan();
    Edit del = offered(vm, "worker1", "Routes", "10.10.2.0/24");
    vm.state().edit(del);
    int lines = vm.whatIf().scriptText().orElseThrow().split("\n").length;

    vm.whatIf().apply(del); // the route is gone: the kernel says No such process

    assertThat(vm.whatIf().edits()).hasSize(1);
    assertThat(vm.whatIf().errorProperty().get())
        .startsWith("cannot make this edit: ")
        .contains("flannel-vxlan.sh:")
        .contains("No such process");
    assertThat(lines).isPositive();
  }

  @Test
  void snapshot_routeDeleted_isAChangesFileOnTopOfTheDumps_theCliAppliesItToTheSameVerdict()
      throws Exception {
    Path snapshot = Samples.sample("snapshots/flannel-vxlan");
    MainViewModel vm =
        new MainViewModel(BackgroundWork.inPlace(), new RecentFiles(tmp.resolve("recent")));
    vm.open(snapshot);
    vm.trace().fromProperty().set("busybox-jpnb6");
    vm.trace().toProperty().set("10.10.2.4");
    vm.trace().trace();
    assertThat(vm.trace().verdictProperty().get()).startsWith("REACHABLE");
    assertThat(vm.whatIf().availableProperty().get()).isTrue();
    assertThat(vm.whatIf().noticeProperty().get()).contains("changes file");
    Edit del = offered(vm, "worker1", "Routes", "10.10.2.0/24");

    vm.state().edit(del);

    assertThat(vm.whatIf().errorProperty().get()).isEmpty();
    assertThat(vm.whatIf().edits()).containsExactly(del);
    String after = vm.trace().verdictProperty().get();
    assertThat(after).startsWith("NOT REACHABLE");
    assertThat(vm.trace().lastTrace().orElseThrow().request().endedIn())
        .contains(NetnsName.of("worker1"));
    assertThat(vm.whatIf().change()).first().asString().startsWith("before: REACHABLE");
    // the snapshot's folder is not written to; the changes file holds the command
    assertThat(vm.whatIf().scriptText().orElseThrow())
        .startsWith("# what-if edits made in podpath gui on the snapshot ")
        .endsWith(del.commandLine() + "\n");

    // the Source tab shows the edit's line in the changes file
    vm.showEdit(0);
    assertThat(vm.source().lines()).contains(del.commandLine());
    assertThat(vm.source().lines().get(vm.source().lineProperty().get()))
        .isEqualTo(del.commandLine());

    Path saved = tmp.resolve("flannel-vxlan-changes.sh");
    List<String> said = new java.util.ArrayList<>();
    vm.whatIf().save(saved, said::add);
    assertThat(said).singleElement().asString().contains("--apply " + saved);

    // podpath trace SNAPSHOT --apply CHANGES --from ... --to ...: the same verdict
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int status =
        dev.podpath.trace.cli.Main.run(
            new String[] {
              "trace",
              snapshot.toString(),
              "--apply",
              saved.toString(),
              "--from",
              "busybox-jpnb6",
              "--to",
              "10.10.2.4",
              "--brief"
            },
            new java.io.PrintWriter(out),
            new java.io.PrintWriter(err));
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString()).startsWith("NOT REACHABLE");
    assertThat(status).isNotZero();
    TraceResult cli =
        Podpath.load(snapshot)
            .apply(saved)
            .trace(TraceRequest.builder("busybox-jpnb6", "10.10.2.4").build());
    assertThat(
            Verdicts.result(cli.trace())
                + ": "
                + Verdicts.of(cli.trace().request())
                + cli.trace().response().map(r -> "; reply " + Verdicts.of(r)).orElse(""))
        .isEqualTo(after);

    // undo: the snapshot as dumped again
    vm.whatIf().undo();
    assertThat(vm.whatIf().edits()).isEmpty();
    assertThat(vm.trace().verdictProperty().get()).startsWith("REACHABLE");
  }

  @Test
  void scriptEdit_theSourceTabShowsTheLineItAdded_notTheFileOnDisk() {
    MainViewModel vm = tracedFlannelVxlan();
    Edit del = offered(vm, "worker1", "Routes", "10.10.2.0/24");
    vm.state().edit(del);

    vm.showEdit(0);

    assertThat(vm.source().titleProperty().get()).contains("flannel-vxlan.sh:");
    assertThat(vm.source().lines()).contains(EditedScript.BLOCK_TITLE);
    assertThat(vm.source().lines().get(vm.source().lineProperty().get()))
        .isEqualTo(del.commandLine());
  }

  @Test
  void changes_areTheCommandsAlone_forAChangesFile() {
    EditedScript s =
        new EditedScript(
            "ip netns add a\n",
            List.of(
                new Edit.LinkState(NetnsName.of("a"), "lo", true),
                new Edit.SysctlSet(NetnsName.of("a"), "net.ipv4.ip_forward", "1")),
            java.util.Optional.empty());
    assertThat(s.changes())
        .isEqualTo("ip -n a link set lo up\nip netns exec a sysctl -w net.ipv4.ip_forward=1\n");
    assertThat(s.text()).startsWith("ip netns add a\n\n# ----------").endsWith("=1\n");
  }
}
