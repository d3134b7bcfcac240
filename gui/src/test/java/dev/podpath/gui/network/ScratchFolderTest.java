package dev.podpath.gui.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.gui.BackgroundWork;
import dev.podpath.gui.MainViewModel;
import dev.podpath.gui.RecentFiles;
import dev.podpath.gui.Samples;
import dev.podpath.gui.state.StateTable;
import dev.podpath.gui.whatif.Edit;
import dev.podpath.gui.whatif.Offer;
import dev.podpath.model.topo.NetnsName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files a snapshot's what-if edits write live in the GUI's own folder, are written whole, and
 * go when the network is replaced or the window closes; the folders of GUIs that are gone go at the
 * next start; nothing else is touched.
 */
final class ScratchFolderTest {

  @TempDir Path tmp;

  private MainViewModel editedSnapshot() {
    MainViewModel vm =
        new MainViewModel(BackgroundWork.inPlace(), new RecentFiles(tmp.resolve("recent")));
    vm.open(Samples.sample("snapshots/flannel-vxlan"));
    vm.topology().selectedProperty().set(NetnsName.of("worker1"));
    StateTable routes =
        vm.state().tables().stream()
            .filter(t -> t.title().equals("Routes"))
            .findFirst()
            .orElseThrow();
    Edit del =
        routes.rows().stream()
            .filter(r -> r.cells().stream().anyMatch(c -> c.contains("10.10.2.0/24")))
            .flatMap(r -> r.offers().stream())
            .filter(Offer.Now.class::isInstance)
            .map(o -> ((Offer.Now) o).edit())
            .findFirst()
            .orElseThrow();
    vm.state().edit(del);
    assertThat(vm.whatIf().errorProperty().get()).isEmpty();
    return vm;
  }

  private static Path changesFile(MainViewModel vm) {
    return vm.networkProperty().get().changes().orElseThrow().file();
  }

  @Test
  void snapshotEdit_writesItsChangesFileWhole_inTheGuisFolder_noTemporaryLeft() throws Exception {
    MainViewModel vm = editedSnapshot();
    Path file = changesFile(vm);

    assertThat(file).startsWith(ScratchFolder.standard().dir()).exists();
    assertThat(Files.readString(file)).isEqualTo(vm.whatIf().scriptText().orElseThrow());
    try (Stream<Path> s = Files.list(file.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("flannel-vxlan-whatif.sh");
    }
    vm.close();
  }

  @Test
  void anotherNetworkOpened_deletesTheChangesFileAndItsFolder() {
    MainViewModel vm = editedSnapshot();
    Path file = changesFile(vm);

    vm.open(Samples.sample("flannel-vxlan.sh"));

    assertThat(file).doesNotExist();
    assertThat(file.getParent()).doesNotExist();
  }

  @Test
  void windowClosed_deletesTheChangesFile_undoToNoEdit_too() {
    MainViewModel vm = editedSnapshot();
    Path file = changesFile(vm);

    vm.whatIf().undo();
    assertThat(file).doesNotExist(); // no edit left: no file to apply
    vm.close();

    MainViewModel again = editedSnapshot();
    Path second = changesFile(again);
    assertThat(second).isNotEqualTo(file).exists(); // each open its own file
    again.close();
    assertThat(second).doesNotExist();
  }

  @Test
  void deleteStale_deletesTheFoldersOfGuisThatAreGone_only() throws Exception {
    long me = ProcessHandle.current().pid();
    // above any pid_max (2^22): no process has it
    Path gone = Files.createDirectories(tmp.resolve("podpath-gui-999999999/3"));
    Files.writeString(gone.resolve("x-whatif.sh"), "ip link set lo down\n");
    Path mine = Files.createDirectories(tmp.resolve("podpath-gui-" + me));
    Path notOurs = Files.createDirectories(tmp.resolve("podpath-gui-notes"));
    Path other = Files.createDirectories(tmp.resolve("something-else-999999999"));
    ScratchFolder scratch = new ScratchFolder(tmp, me);

    assertThat(scratch.deleteStale()).containsExactly(tmp.resolve("podpath-gui-999999999"));

    assertThat(tmp.resolve("podpath-gui-999999999")).doesNotExist();
    assertThat(mine).exists();
    assertThat(notOurs).exists();
    assertThat(other).exists();
  }

  @Test
  void discard_touchesNothingOutsideTheFolder() throws Exception {
    Path outside = Files.writeString(tmp.resolve("keep.sh"), "ip link\n");
    ScratchFolder scratch = new ScratchFolder(tmp.resolve("t"), 1);

    scratch.discard(outside);

    assertThat(outside).exists();
    Path f = scratch.newFile("a-whatif.sh");
    scratch.write(f, "ip link set lo up\n");
    assertThat(f).hasContent("ip link set lo up");
    scratch.deleteAll();
    assertThat(scratch.dir()).doesNotExist();
  }
}
