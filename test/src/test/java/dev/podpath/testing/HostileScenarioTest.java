package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podpath.trace.cli.Main;
import dev.podpath.trace.verify.KernelRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code sudo podpath verify} on a scenario from a stranger must be as safe as opening it in an
 * editor: each scenario of {@code hostile/} is refused before any kernel run, naming its line, or
 * contained (the kernel side runs only what podpath understood, in the sandbox), and the machine is
 * unchanged afterwards.
 */
final class HostileScenarioTest {

  @TempDir Path work;
  private Path canary;

  @BeforeEach
  void canary() throws IOException {
    canary = Files.createDirectories(work.resolve("canary"));
    Files.writeString(canary.resolve("keep"), "must survive\n");
  }

  /** The scenario, with {@code @CANARY@} naming this test's canary folder. */
  private Path scenario(String name) throws IOException {
    String text =
        Files.readString(Samples.root().resolve("test/src/test/resources/hostile").resolve(name));
    Path file = work.resolve(name);
    Files.writeString(file, text.replace("@CANARY@", canary.toString()));
    return file;
  }

  private record Run(int status, String out, String err) {}

  private static Run podpath(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(status, out.toString(), err.toString());
  }

  private void assertCanaryIntact() throws IOException {
    assertThat(canary.resolve("keep")).hasContent("must survive");
    try (Stream<Path> files = Files.list(canary)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("keep");
    }
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("or-rm.sh", 2, "unknown command \"rm\""),
        Arguments.of("untaken-rm.sh", 2, "unknown command \"rm\""),
        Arguments.of("redirect-file.sh", 3, "podpath writes no files"),
        Arguments.of("append-stderr.sh", 1, "podpath writes no files"),
        Arguments.of("tee-file.sh", 1, "podpath writes no files"),
        Arguments.of("sh-c-rm.sh", 2, "unknown command \"rm\""),
        Arguments.of("substitution.sh", 1, "command substitution"),
        Arguments.of("backticks.sh", 1, "command substitution"),
        Arguments.of("function-forkbomb.sh", 1, "function definition `:()` is not run by podpath"),
        Arguments.of("loop.sh", 1, "shell control structure `for` is not run by podpath"),
        Arguments.of("kernel-sysctl.sh", 1, "setting of the whole machine"),
        Arguments.of("kernel-proc-sys.sh", 1, "setting of the whole machine"),
        Arguments.of("sysrq.sh", 1, "podpath writes no files"),
        Arguments.of("python-code.sh", 1, "models only flanneld-udp.py"),
        Arguments.of("restore-secret.sh", 2, "only from the scenario's folder"),
        Arguments.of("restore-escape.sh", 1, "only from the scenario's folder"),
        Arguments.of("nsenter-host.sh", 1, "only as /run/netns/NAME"),
        Arguments.of("nsenter-target.sh", 1, "--target is not supported"),
        Arguments.of("netns-to-host.sh", 2, "Invalid \"netns\" value"),
        Arguments.of("batch.sh", 1, "-batch is not supported"),
        Arguments.of("sleep-forever.sh", 1, "sleep without end"),
        Arguments.of("here-doc.sh", 1, "here-documents (<<EOF) are not supported"));
  }

  /** Refused before anything runs: exit 2, the file and line, the reason; nothing touched. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refused_beforeAnyKernelRun_namingItsLine(String name, int line, String reason)
      throws IOException {
    Path file = scenario(name);
    Run verify = podpath("verify", file.toString());
    assertThat(verify.status()).as(verify.err()).isEqualTo(2);
    assertThat(verify.err())
        .contains(file + ":" + line + ":")
        .contains(reason)
        .doesNotContain("\tat ");
    assertThat(verify.out()).isEmpty();
    assertThat(podpath("probes", file.toString()).status()).isEqualTo(2);
    assertCanaryIntact();
  }

  /** Secrets stay unread: the restore is refused before podpath reads the file. */
  @Test
  void aSecretFile_isNeverEchoed() throws IOException {
    Run r = podpath("verify", scenario("restore-secret.sh").toString());
    assertThat(r.err()).doesNotContain("root:").doesNotContain("$6$").doesNotContain("$y$");
  }

  /** A link to a file outside the scenario's folder is refused as the file itself would be. */
  @Test
  void aLinkOutOfTheFolder_isRefusedToo() throws IOException {
    Files.createSymbolicLink(work.resolve("rules"), Path.of("/etc/passwd"));
    Path file = work.resolve("link.sh");
    Files.writeString(file, "iptables-restore < rules\n");
    Run r = podpath("verify", file.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("only from the scenario's folder").doesNotContain("root:");
  }

  // ---- contained: accepted, run in the kernel sandbox only as podpath understood them ----

  private static void assumeKernel() {
    try {
      KernelRun.preflight(
          Stream.concat(KernelRun.SANDBOX_TOOLS.stream(), Stream.of("ping", "python3")).toList());
    } catch (KernelRun.Unavailable e) {
      assumeTrue(false, "kernel side unavailable: " + e.getMessage());
    }
  }

  /** What the machine looks like from outside the sandbox: what no scenario may change. */
  static String host() throws IOException, InterruptedException {
    StringBuilder sb = new StringBuilder();
    sb.append("hostname ")
        .append(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip())
        .append('\n');
    sb.append("domainname ")
        .append(Files.readString(Path.of("/proc/sys/kernel/domainname")).strip())
        .append('\n');
    for (String sysctl :
        List.of(
            "kernel/sysrq",
            "net/ipv4/ip_forward",
            "net/ipv4/conf/all/rp_filter",
            "vm/swappiness")) {
      Path p = Path.of("/proc/sys", sysctl);
      if (Files.isReadable(p)) {
        sb.append(sysctl).append(' ').append(Files.readString(p).strip()).append('\n');
      }
    }
    sb.append("/run/netns ")
        .append(Files.isDirectory(Path.of("/run/netns")) ? list(Path.of("/run/netns")) : "absent")
        .append('\n');
    for (List<String> cmd :
        List.of(
            List.of("ip", "netns", "list"),
            List.of("ip", "-o", "link", "show"),
            List.of("ip", "route", "show", "table", "all"),
            List.of("ip", "rule", "show"),
            List.of("iptables-save"))) {
      sb.append("$ ").append(String.join(" ", cmd)).append('\n').append(output(cmd));
    }
    return sb.toString();
  }

  private static String list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList().toString();
    }
  }

  private static String output(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    List<String> kept = new ArrayList<>();
    for (String l : out.split("\n")) {
      // iptables-save's date and the links' counters change by themselves
      if (!l.startsWith("# Generated by") && !l.startsWith("# Completed on")) {
        kept.add(l.replaceAll("\\[\\d+:\\d+\\]", "[counters]"));
      }
    }
    return String.join("\n", kept) + "\n";
  }

  static Stream<String> contained() {
    return Stream.of(
        "hostname.sh",
        "modprobe.sh",
        "display.sh",
        "ping-forever.sh",
        "program-path.sh",
        "own-relay.sh",
        "storm.sh",
        "escape-chars.sh");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contained")
  @org.junit.jupiter.api.Tag("kernel")
  void contained_inTheSandbox_andTheMachineIsUnchanged(String name) throws Exception {
    assumeKernel();
    Path file = scenario(name);
    if (name.equals("own-relay.sh")) {
      // a relay of the scenario's own that would leave a mark if it ran
      Files.writeString(
          work.resolve("flanneld-udp.py"),
          "import pathlib\npathlib.Path('"
              + canary
              + "/ran').write_text('the scenario's relay ran')\n");
    }
    String before = host();
    long start = System.nanoTime();
    Run r = podpath("verify", file.toString(), "--no-locate", "--timeout", "120");
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    assertThat(r.status()).as("%s%n%s", r.out(), r.err()).isIn(0, 1);
    assertThat(r.err()).doesNotContain("\tat ");
    assertThat(r.out()).doesNotContain("\u001b").doesNotContain("\u0007");
    assertThat(seconds).as("a hostile scenario ends quickly").isLessThan(100);
    assertThat(host()).isEqualTo(before);
    assertCanaryIntact();
    if (name.equals("hostname.sh")) {
      assertThat(r.out())
          .contains(
              "not run in the kernel (podpath does not simulate it): "
                  + file
                  + ":2 `hostname pwned`");
    }
  }

  /** What a scenario asks is answered as the kernel answers it, bounds and all. */
  @Test
  @org.junit.jupiter.api.Tag("kernel")
  void pingWithoutACount_agreesWithTheKernel_asOneRequest() throws Exception {
    assumeKernel();
    Run r = podpath("verify", scenario("ping-forever.sh").toString(), "--no-locate");
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(r.out())
        .contains("64 bytes from 127.0.0.1: icmp_seq=1 ttl=64")
        .contains("1 agree, 0 differ");
  }

  /**
   * A tool the kernel run needs and this machine lacks is named, with the package that brings it.
   */
  @Test
  void aMissingTool_isNamed_withItsPackage() {
    KernelRun.Unavailable e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            KernelRun.Unavailable.class,
            () -> KernelRun.preflight(List.of("bash", "podpath-no-such-tool")));
    assumeTrue(
        e == null || !e.getMessage().contains("needs root"),
        "not root: the root check comes first");
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("missing on this machine: podpath-no-such-tool");
  }
}
