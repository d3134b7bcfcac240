package dev.podpath.testing;

import static dev.podpath.testing.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.snapshot.Snapshot;
import dev.podpath.model.snapshot.SnapshotFolders;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.Disposition;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Tracer;
import dev.podpath.trace.verify.KernelRun;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The collectors lose nothing and say what they could not do: a folder holding a snapshot is
 * refused (or cleared with --force), a folder holding anything else is never cleared, and a command
 * missing on the node is recorded in collect.log, reported by lint, and makes what it would have
 * dumped unknown. Both collectors, the shell one and {@code podpath collect}, the same. The
 * collecting tests run in the kernel sandbox (collect/sandbox-collect.sh) and need root.
 */
final class CollectorGapsTest {

  private static final String SH = "sh";
  private static final String JAVA = "java";

  private static Path script() {
    return Samples.root().resolve("collect/podpath-collect.sh");
  }

  /** The collector's command line: the shell script or {@code podpath collect} in a fresh JVM. */
  private static String collector(String which) {
    return which.equals(SH)
        ? "sh " + script()
        : Path.of(System.getProperty("java.home"), "bin", "java")
            + " -cp "
            + System.getProperty("java.class.path")
            + " dev.podpath.trace.cli.Main collect";
  }

  private record Ran(int status, String out) {}

  /** Runs the shell collector directly (no sandbox: only for what it refuses before collecting). */
  private static Ran sh(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("sh", script().toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Ran(p.exitValue(), out);
  }

  private static Ran collect(String which, String... args) throws Exception {
    if (which.equals(SH)) {
      return sh(args);
    }
    String[] all = new String[args.length + 1];
    all[0] = "collect";
    System.arraycopy(args, 0, all, 1, args.length);
    CliTest.Run r = run(all);
    return new Ran(r.status(), r.out() + r.err());
  }

  // ---- what is refused before anything is collected (no root needed) ----

  @ParameterizedTest
  @ValueSource(strings = {SH, JAVA})
  void intoAFolderHoldingASnapshot_isRefused_withExitTwo_andNothingChanges(
      String which, @TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("snap");
    Files.createDirectories(out.resolve("worker1/netns/pod5"));
    Files.writeString(out.resolve("worker1/ip-link.json"), "[]");
    Files.writeString(out.resolve("worker1/netns/pod5/iptables-save.txt"), "");
    Files.writeString(out.resolve("kubectl-get-pods.txt"), "NAME\n");
    Ran r = collect(which, "--node", "worker1", out.toString());
    assertThat(r.status()).as(r.out()).isEqualTo(2);
    assertThat(r.out())
        .contains(
            out
                + " already holds a snapshot: its files would mix with this run's; collect into"
                + " a new folder, or add --force to clear it first");
    assertThat(files(out))
        .containsExactly(
            "kubectl-get-pods.txt", "worker1/ip-link.json", "worker1/netns/pod5/iptables-save.txt");
  }

  @ParameterizedTest
  @ValueSource(strings = {SH, JAVA})
  void force_intoAFolderHoldingAnythingElse_isRefused_andDeletesNothing(
      String which, @TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("home");
    Files.createDirectories(out.resolve("worker1"));
    Files.writeString(out.resolve("worker1/ip-link.json"), "[]");
    Files.writeString(out.resolve("worker1/thesis.tex"), "precious");
    Ran r = collect(which, "--force", "--node", "worker1", out.toString());
    assertThat(r.status()).as(r.out()).isEqualTo(2);
    assertThat(r.out())
        .contains(
            out
                + " is not empty and does not hold a snapshot ("
                + out.resolve("worker1/thesis.tex")
                + " is no snapshot's file)")
        .contains("nothing was deleted");
    assertThat(files(out)).containsExactly("worker1/ip-link.json", "worker1/thesis.tex");
  }

  @Test
  void theShellCollector_knowsEveryFileASnapshotHolds(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("snap");
    for (String f : SnapshotFolders.namespaceFileNames()) {
      Files.createDirectories(out.resolve("n1/netns/p1"));
      Files.writeString(out.resolve("n1").resolve(f), "x");
      Files.writeString(out.resolve("n1/netns/p1").resolve(f), "x");
    }
    Files.writeString(out.resolve("n1/collect.log"), "x");
    for (String f :
        List.of(
            "kubectl-get-nodes.json",
            "kubectl-get-nodes.txt",
            "kubectl-get-pods.json",
            "kubectl-get-pods.txt",
            "kubectl-get-services.json",
            "kubectl-get-services.txt",
            "kubectl-get-endpoints.json",
            "kubectl-get-endpoints.txt",
            "kubectl-get-endpointslices.json",
            "underlay.txt",
            "README.md")) {
      Files.writeString(out.resolve(f), "x");
    }
    assertThat(SnapshotFolders.foreignEntry(out)).isEmpty();
    Ran r = sh("--node", "n2", out.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).contains("already holds a snapshot");
  }

  @Test
  void aFolderWithOnlyHiddenEntries_countsAsEmpty() throws Exception {
    Path out = Files.createTempDirectory("podpath-hidden-");
    try {
      Files.writeString(out.resolve(".scenario.log"), "x");
      assertThat(SnapshotFolders.hasVisibleEntries(out)).isFalse();
      assertThat(SnapshotFolders.foreignEntry(out)).isEmpty();
    } finally {
      deleteTree(out);
    }
  }

  // ---- collecting, in the kernel sandbox ----

  private static void assumeSandbox() {
    try {
      KernelRun.preflight(List.of("ip", "unshare", "bridge", "sysctl", "nsenter", "iptables-save"));
    } catch (KernelRun.Unavailable e) {
      assumeTrue(false, "kernel sandbox unavailable: " + e.getMessage());
    }
  }

  /** samples/router.sh up to its first probe: the node (folder root) routes between ns1 and ns2. */
  private static Path routerCut(Path work) throws Exception {
    Path sample = Samples.sample("router.sh");
    List<String> lines = Files.readAllLines(sample, StandardCharsets.UTF_8);
    int firstProbe = ScenarioInterpreter.interpret(sample).probes().get(0).origin().line();
    Path cut = work.resolve("router.sh");
    Files.write(cut, lines.subList(0, firstProbe - 1), StandardCharsets.UTF_8);
    return cut;
  }

  /** collect/sandbox-collect.sh with {@code collector}, and PATH as given (empty: as is). */
  private static Ran sandboxCollect(Path scenario, Path out, String collector, String path)
      throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                "/bin/bash",
                Samples.root().resolve("collect/sandbox-collect.sh").toString(),
                scenario.toString(),
                out.toString())
            .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("COLLECTOR", collector);
    env.put("SCENARIO_DIR", Samples.dir().toString());
    if (!path.isEmpty()) {
      env.put("PATH", path);
    }
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("collector finished").isTrue();
    return new Ran(p.exitValue(), log);
  }

  @ParameterizedTest
  @ValueSource(strings = {SH, JAVA})
  void force_clearsAnEarlierSnapshot_soNoStaleFileMixesIn(String which) throws Exception {
    assumeSandbox();
    Path work = Files.createTempDirectory("podpath-collect-force-");
    try {
      Path cut = routerCut(work);
      Path out = work.resolve("snap");
      assertThat(sandboxCollect(cut, out, collector(which), "").status()).isZero();
      // what an earlier run on another network left: a namespace that no longer exists
      Files.createDirectories(out.resolve("root/netns/gone"));
      Files.writeString(out.resolve("root/netns/gone/ip-link.json"), "[]");
      Ran refused = sandboxCollect(cut, out, collector(which), "");
      assertThat(refused.status()).as(refused.out()).isEqualTo(2);
      assertThat(refused.out()).contains("already holds a snapshot");
      assertThat(out.resolve("root/netns/gone/ip-link.json")).exists();
      Ran forced = sandboxCollect(cut, out, collector(which) + " --force", "");
      assertThat(forced.status()).as(forced.out()).isZero();
      assertThat(out.resolve("root/netns/gone")).doesNotExist();
      assertThat(
              Files.list(out.resolve("root/netns"))
                  .map(p -> p.getFileName().toString())
                  .sorted()
                  .toList())
          .containsExactly("ns1", "ns2");
      Snapshot snap = Snapshot.load(out, Snapshot.Options.DEFAULTS);
      assertThat(snap.warnings()).isEmpty();
      assertThat(snap.assumptions()).isEmpty();
    } finally {
      deleteTree(work);
    }
  }

  /** A folder of symlinks to every program on PATH but iptables-save: a node without it. */
  private static Path pathWithout(Path work, String tool) throws IOException {
    Path bin = Files.createDirectories(work.resolve("bin"));
    for (String d :
        System.getenv()
            .getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .split(File.pathSeparator)) {
      Path dir = Path.of(d.isEmpty() ? "." : d);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.toList()) {
          String name = p.getFileName().toString();
          if (!name.equals(tool)
              && Files.isExecutable(p)
              && !Files.isDirectory(p)
              && !Files.exists(bin.resolve(name))) {
            Files.createSymbolicLink(bin.resolve(name), p.toAbsolutePath());
          }
        }
      }
    }
    return bin;
  }

  @ParameterizedTest
  @ValueSource(strings = {SH, JAVA})
  void withoutIptablesSave_collectLogRecordsIt_lintReportsTheGap_andATraceIsUnknown(String which)
      throws Exception {
    assumeSandbox();
    Path work = Files.createTempDirectory("podpath-collect-noipt-");
    try {
      Path cut = routerCut(work);
      Path out = work.resolve("snap");
      Path bin = pathWithout(work, "iptables-save");
      Ran r = sandboxCollect(cut, out, collector(which), bin.toString());
      assertThat(r.status()).as(r.out()).isZero();
      assertThat(r.out())
          .contains("commands failed or were not found: see ")
          .contains("podpath lint says what is unknown");
      List<String> log = Files.readAllLines(out.resolve("root/collect.log"));
      assertThat(log.get(0))
          .startsWith("# podpath collect.log format 1: ")
          .contains(" on node root at ");
      assertThat(log)
          .contains(
              "iptables-save.txt: not found: iptables-save -c",
              "netns/ns1/iptables-save.txt: not found: ip netns exec ns1 iptables-save -c",
              "netns/ns2/iptables-save.txt: not found: ip netns exec ns2 iptables-save -c");
      assertThat(out.resolve("root/iptables-save.txt")).doesNotExist();

      Snapshot snap = Snapshot.load(out, Snapshot.Options.DEFAULTS);
      assertThat(snap.warnings())
          .extracting(DumpWarning::toString)
          .anySatisfy(
              w ->
                  assertThat(w)
                      .startsWith("root/collect.log:")
                      .contains(
                          ": no iptables dump: netfilter"
                              + " unknown in root (a trace that reaches one of its netfilter hooks ends NOT_MODELLED);"
                              + " `iptables-save -c` was not found on the node"))
          .anySatisfy(
              w -> assertThat(w).contains("no iptables dump: netfilter unknown in root/netns/ns1"));
      assertThat(snap.topology().namespaces().values()).allMatch(ns -> !ns.netfilter().isKnown());
      CliTest.Run lint = run("lint", out.toString());
      assertThat(lint.status()).isEqualTo(1);
      assertThat(lint.out()).contains("no iptables dump: netfilter unknown in root (");

      Trace t =
          Tracer.trace(
              snap.topology(),
              Probe.icmp(
                  NetnsName.of("ns1"), dev.podpath.model.addr.Ipv4Address.parse("10.1.2.2")));
      assertThat(t.request().disposition()).isEqualTo(Disposition.NOT_MODELLED);
      assertThat(t.request().reason().orElseThrow())
          .isInstanceOf(DropReason.NetfilterUnknown.class);
      assertThat(t.request().reason().orElseThrow().explain())
          .isEqualTo(
              "not modelled: netfilter unknown in ns1"
                  + " (OUTPUT): iptables-save was not collected: `ip netns exec ns1 iptables-save -c` was not found on the node"
                  + " (root/collect.log:"
                  + (log.indexOf(
                          "netns/ns1/iptables-save.txt: not found: ip netns exec ns1"
                              + " iptables-save -c")
                      + 1)
                  + ")");
      CliTest.Run trace = run("trace", out.toString(), "--from", "ns1", "--to", "10.1.2.2");
      assertThat(trace.out()).contains("result: UNKNOWN").doesNotContain("result: REACHABLE");
    } finally {
      deleteTree(work);
    }
  }

  private static java.util.Optional<Path> onPath(String tool) {
    for (String d :
        System.getenv()
            .getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .split(File.pathSeparator)) {
      Path p = Path.of(d.isEmpty() ? "." : d, tool);
      if (Files.isExecutable(p)) {
        return java.util.Optional.of(p.toAbsolutePath());
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * {@code ip} and {@code bridge} as an iproute2 without JSON output has them: {@code -j} is an
   * unknown option.
   */
  private static Path withoutJson(Path work) throws IOException {
    Path bin = Files.createDirectories(work.resolve("old-iproute2"));
    for (String tool : List.of("ip", "bridge")) {
      String real =
          onPath(tool).orElseThrow(() -> new AssertionError(tool + " is not on PATH")).toString();
      Path shim = bin.resolve(tool);
      Files.writeString(
          shim,
          "#!/bin/sh\nfor a in \"$@\"; do\n  if [ \"$a\" = -j ]; then echo 'Option \"-j\" is unknown,"
              + " try \""
              + tool
              + " -help\".' >&2; exit 255; fi\ndone\nexec "
              + real
              + " \"$@\"\n");
      shim.toFile().setExecutable(true);
    }
    return bin;
  }

  @ParameterizedTest
  @ValueSource(strings = {SH, JAVA})
  void whereIpJsonIsUnsupported_theTextFormsAreSaved_andNothingIsUnknown(String which)
      throws Exception {
    assumeSandbox();
    Path work = Files.createTempDirectory("podpath-collect-nojson-");
    try {
      Path out = work.resolve("snap");
      Ran r =
          sandboxCollect(
              routerCut(work),
              out,
              collector(which),
              withoutJson(work)
                  + File.pathSeparator
                  + System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
      assertThat(r.status()).as(r.out()).isZero();
      assertThat(files(out.resolve("root")))
          .contains(
              "ip-link.txt",
              "ip-addr.txt",
              "ip-route.txt",
              "ip-rule.txt",
              "netns/ns1/ip-link.txt",
              "netns/ns1/ip-route.txt")
          .noneMatch(f -> f.endsWith(".json"));
      assertThat(Files.readAllLines(out.resolve("root/collect.log")))
          .contains(
              "ip-link.json: exit 255: ip -j -d link show",
              "    Option \"-j\" is unknown, try \"ip -help\".");
      Snapshot snap = Snapshot.load(out, Snapshot.Options.DEFAULTS);
      assertThat(snap.warnings()).isEmpty();
      assertThat(snap.assumptions()).isEmpty();
      CliTest.Run trace = run("trace", out.toString(), "--from", "ns1", "--to", "10.1.2.2");
      assertThat(trace.out())
          .contains("[root/netns/ns1/ip-route.txt:")
          .contains("result: REACHABLE");
    } finally {
      deleteTree(work);
    }
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
