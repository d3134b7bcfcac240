package dev.podpath.model.snapshot;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.dump.ParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The snapshot's own small readers and the whole assembly, fuzzed with Jazzer: no input makes them
 * throw; what cannot be read is a warning with a sane position. Regression inputs live in {@code
 * src/test/resources/dev/podpath/model/snapshot/SnapshotFuzzTestInputs/METHOD/}.
 */
final class SnapshotFuzzTest {

  private static <T> void sane(ParseResult<T> r) {
    assertNotNull(r.value());
    for (DumpWarning w : r.warnings()) {
      assertTrue(w.line() >= 0 && w.column() >= 0, w::toString);
    }
  }

  @FuzzTest(maxDuration = "90s")
  void netnsListId(byte[] in) {
    sane(
        NetnsIds.parse(
            "ip-netns-list-id.txt", new String(in, java.nio.charset.StandardCharsets.UTF_8)));
  }

  @FuzzTest(maxDuration = "90s")
  void ssListeners(byte[] in) {
    sane(SsListeners.parse("ss-ltun.txt", new String(in, java.nio.charset.StandardCharsets.UTF_8)));
  }

  @FuzzTest(maxDuration = "90s")
  void underlay(byte[] in) {
    sane(Underlay.parse("underlay.txt", new String(in, java.nio.charset.StandardCharsets.UTF_8)));
  }

  @FuzzTest(maxDuration = "90s")
  void ipsetSave(byte[] in) {
    List<DumpWarning> w = new ArrayList<>();
    assertNotNull(
        NetfilterDump.read(
            "iptables-save.txt",
            Optional.empty(),
            "ipset-save.txt",
            Optional.of(new String(in, java.nio.charset.StandardCharsets.UTF_8)),
            w));
  }

  /**
   * ps.txt, then the programs behind TUN devices read from it (flanneld-udp.py's own argument
   * reading).
   */
  @FuzzTest(maxDuration = "90s")
  void tunPrograms(byte[] in) {
    ParseResult<List<dev.podpath.model.dump.ProcessEntry>> ps =
        dev.podpath.model.dump.PsParser.parse(
            "ps.txt", new String(in, java.nio.charset.StandardCharsets.UTF_8));
    sane(ps);
    List<DumpWarning> w = new ArrayList<>();
    assertNotNull(TunPrograms.read(ps.value(), w));
    w.forEach(x -> assertTrue(x.line() >= 1 && x.column() >= 1, x::toString));
  }

  private static final String[] NODE_FILES = {
    "ip-link.json",
    "ip-addr.json",
    "ip-route.json",
    "ip-route.txt",
    "ip-rule.txt",
    "ip-neigh.txt",
    "bridge-fdb.json",
    "ifconfig.txt",
    "sysctl.txt",
    "subnet.env",
    "ip-netns-list-id.txt",
    "ipset-save.txt",
    "ps.txt"
  };

  /**
   * A two-node snapshot (one pod namespace) whose files the fuzzer writes: assembly never throws.
   */
  @FuzzTest(maxDuration = "90s")
  void assembly(FuzzedDataProvider data) throws IOException {
    Path dir = Files.createTempDirectory("podpath-fuzz-snapshot");
    try {
      Path[] folders = {dir.resolve("n1"), dir.resolve("n2"), dir.resolve("n1/netns/p1")};
      for (Path f : folders) {
        Files.createDirectories(f);
      }
      int files = data.consumeInt(1, 8);
      for (int i = 0; i < files; i++) {
        Path folder = folders[data.consumeInt(0, folders.length - 1)];
        String name = data.pickValue(NODE_FILES);
        Files.writeString(folder.resolve(name), data.consumeString(600));
      }
      if (data.consumeBoolean()) {
        Files.writeString(dir.resolve("kubectl-get-pods.txt"), data.consumeString(300));
      }
      if (data.consumeBoolean()) {
        Files.writeString(dir.resolve("underlay.txt"), data.consumeString(100));
      }
      // Services' endpoints against kube-proxy's rules (KubeProxyCheck)
      if (data.consumeBoolean()) {
        Files.writeString(
            dir.resolve(
                data.pickValue(
                    new String[] {
                      "kubectl-get-endpoints.txt",
                      "kubectl-get-endpoints.json",
                      "kubectl-get-endpointslices.json"
                    })),
            data.consumeString(600));
      }
      if (data.consumeBoolean()) {
        Files.writeString(dir.resolve("n1/iptables-save.txt"), data.consumeString(600));
      }
      // what the collector could not dump (collect.log: CollectGaps); last, so that the saved
      // inputs read as before
      if (data.consumeBoolean()) {
        Files.writeString(
            dir.resolve("n1/collect.log"),
            "# podpath collect.log format 1: fuzz\n" + data.consumeString(400));
      }
      Snapshot s;
      try {
        s = Snapshot.load(dir, new Snapshot.Options(data.consumeBoolean()));
      } catch (SnapshotException e) {
        assertNotNull(e.getMessage());
        return;
      }
      assertNotNull(s.topology());
      s.warnings().forEach(w -> assertTrue(w.line() >= 0 && w.column() >= 0, w::toString));
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder())
            .forEach(
                p -> {
                  try {
                    Files.delete(p);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
      }
    }
  }
}
