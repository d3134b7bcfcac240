package dev.podpath.model.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot load is cancelled by interrupting the thread that asked for it (the GUI's Cancel): the
 * files read after the interrupt are counted ({@link LoadWork#filesRead}), never timed. The node
 * folders are read in parallel, so each reading thread may finish the file it had begun, and no
 * more.
 */
final class SnapshotCancelTest {

  private static final int NODES = 1_500;
  private static final int FILES_PER_NODE = 2;

  @TempDir Path tmp;

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void interruptedMidRead_stopsWithinAFilePerReadingThread_andAssemblesNothing() throws Exception {
    Path dir = write(tmp.resolve("big"), NODES);
    LoadWork work = LoadWork.recording();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread loader =
        new Thread(
            () -> {
              try {
                Snapshot.load(dir, Snapshot.Options.DEFAULTS, work);
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "snapshot-loader");
    loader.start();
    long deadline = System.nanoTime() + 120_000_000_000L; // a guard against a hang, not a measure
    while (work.filesRead() < 100 && loader.isAlive() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    loader.interrupt();
    long atCancel = work.filesRead();
    loader.join(120_000);

    assertThat(loader.isAlive()).isFalse();
    assertThat(failure.get())
        .isInstanceOf(CancellationException.class)
        .hasMessageContaining("snapshot load cancelled while reading");
    int readers = ForkJoinPool.getCommonPoolParallelism() + 1; // the pool and the asker
    assertThat(atCancel).isGreaterThanOrEqualTo(100);
    assertThat(work.filesRead())
        .isLessThanOrEqualTo(atCancel + readers)
        .isLessThan((long) NODES * FILES_PER_NODE / 2);
    assertThat(work.stages()).isEmpty(); // not even the end of the reading was reached
  }

  @Test
  void interruptedBeforeTheLoad_readsNoFile() throws Exception {
    Path dir = write(tmp.resolve("small"), 3);
    LoadWork work = LoadWork.recording();
    Thread.currentThread().interrupt();

    assertThatThrownBy(() -> Snapshot.load(dir, Snapshot.Options.DEFAULTS, work))
        .isInstanceOf(CancellationException.class);
    assertThat(work.filesRead()).isZero();
  }

  @Test
  void interruptedAfterTheRead_assemblesNoStage() throws Exception {
    Path dir = write(tmp.resolve("small"), 3);
    LoadWork work = LoadWork.recording();
    SnapshotReader.Read read = SnapshotReader.read(dir, work);
    Thread.currentThread().interrupt();

    assertThatThrownBy(() -> Assembly.assemble(read, Snapshot.Options.DEFAULTS, work))
        .isInstanceOf(CancellationException.class)
        .hasMessageContaining("assembling the snapshot");
    assertThat(work.filesRead()).isEqualTo(3 * FILES_PER_NODE);
    assertThat(work.stages()).isEmpty();
  }

  @Test
  void notInterrupted_readsEveryFile() throws Exception {
    Path dir = write(tmp.resolve("small"), 3);
    LoadWork work = LoadWork.recording();

    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS, work);

    assertThat(work.filesRead()).isEqualTo(3 * FILES_PER_NODE);
    assertThat(s.topology().namespaces()).hasSizeGreaterThanOrEqualTo(3);
  }

  /** {@code nodes} node folders of {@value #FILES_PER_NODE} dumps each. */
  private static Path write(Path dir, int nodes) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < nodes; i++) {
      String ip = "172.16." + (i >> 8) + "." + (i & 0xff | 1);
      Path node = Files.createDirectories(dir.resolve("node-" + i));
      Files.writeString(
          node.resolve("ifconfig.txt"),
          "enp0s5: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
              + "        inet "
              + ip
              + "  netmask 255.240.0.0  broadcast 172.31.255.255\n\n");
      Files.writeString(
          node.resolve("ip-route.txt"),
          "default via 172.31.255.254 dev enp0s5\n"
              + "172.16.0.0/12 dev enp0s5 proto kernel scope link src "
              + ip
              + "\n");
    }
    return dir;
  }
}
