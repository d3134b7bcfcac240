package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podpath.model.io.TextFiles;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Given a hostile input (test/src/test/resources/hostile, and what is made here: a device, a FIFO,
 * a sparse file above the bound), when a command reads it, then a one-line message naming the file
 * (or every bad line, for lint), the documented exit status, no stack trace, and no raw control
 * character on the terminal.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class HostileInputsTest {

  private static final Path DIR = Path.of("src/test/resources/hostile");

  /** A control character as a terminal would obey it (tab and newline are text). */
  private static final Pattern RAW_CONTROL =
      Pattern.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]");

  @TempDir Path tmp;

  private static String hostile(String name) {
    return DIR.resolve(name).toString();
  }

  /** What every run must keep, whatever it is given. */
  private static CliTest.Run run(String... args) {
    CliTest.Run r = CliTest.run(args);
    assertThat(r.err())
        .as("stderr of %s", List.of(args))
        .doesNotContain("at dev.podpath")
        .doesNotContain("\tat ")
        .doesNotContain("Exception")
        .doesNotContain("internal error");
    assertThat(RAW_CONTROL.matcher(r.out()).find())
        .as("raw control character in stdout: %s", r.out())
        .isFalse();
    assertThat(RAW_CONTROL.matcher(r.err()).find())
        .as("raw control character in stderr: %s", r.err())
        .isFalse();
    return r;
  }

  /** Every command that reads a scenario refuses {@code file} in exit status 2 and one line. */
  private static void refusedEverywhere(String file, String reason) {
    String line = "podpath: cannot read " + file + ": " + reason + "\n";
    for (String[] args :
        List.of(
            new String[] {"probes", file},
            new String[] {"trace", file, "--from", "a", "--to", "10.0.0.1"},
            new String[] {"traceroute", file, "--from", "a", "--to", "10.0.0.1"},
            new String[] {"lint", file},
            new String[] {"verify", file})) {
      CliTest.Run r = run(args);
      assertThat(r.status()).as("%s: %s", List.of(args), r.err()).isEqualTo(2);
      assertThat(r.err()).as("%s", List.of(args)).isEqualTo(line);
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void binaryScenario_isNotATextFile_notInputLength() {
    refusedEverywhere(
        hostile("binary.sh"),
        "not a text file (binary data at byte 57, line 3: 0x8b is not UTF-8)");
  }

  @Test
  void devZero_asAScenario_isRefusedAtOnce() {
    assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
    refusedEverywhere("/dev/zero", "not a regular file (a character device)");
  }

  @Test
  void fifo_asAScenario_isRefusedWithoutWaitingForAWriter() throws Exception {
    Path fifo = tmp.resolve("fifo.sh");
    assumeTrue(mkfifo(fifo), "mkfifo is not available");
    refusedEverywhere(fifo.toString(), "not a regular file (a FIFO)");
  }

  @Test
  void sparseFileAboveTheBound_isRefusedBeforeReading() throws Exception {
    Path big = tmp.resolve("huge.sh");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(TextFiles.MAX_BYTES + 4096);
    }
    CliTest.Run r = run("probes", big.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            "podpath: cannot read " + big + ": too large (512 MiB; podpath reads files up to ")
        .hasLineCount(1);
  }

  @Test
  void devZeroAndFifo_asSnapshotDumps_areProblemsLintLists_andTheRestLoads() throws Exception {
    assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
    Path snap = tmp.resolve("snap");
    Path node = Files.createDirectories(snap.resolve("node1"));
    Files.copy(DIR.resolve("snapshot-esc/node1/ip-link.txt"), node.resolve("ip-link.txt"));
    Files.writeString(
        node.resolve("ip-route.txt"),
        "default via 10.0.0.1 dev eth0\n"
            + "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5\n");
    Files.createSymbolicLink(node.resolve("ip-addr.json"), Path.of("/dev/zero"));
    boolean fifo = mkfifo(node.resolve("sysctl.txt"));
    CliTest.Run lint = run("lint", snap.toString());
    assertThat(lint.status()).as(lint.out()).isEqualTo(1);
    assertThat(lint.out())
        .contains(
            snap + "/node1/ip-addr.json: not a regular file (a character device); not read\n");
    if (fifo) {
      assertThat(lint.out())
          .contains(snap + "/node1/sysctl.txt: not a regular file (a FIFO); not read\n");
    }
    CliTest.Run trace = run("trace", snap.toString(), "--from", "node1", "--to", "10.0.0.1");
    assertThat(trace.status()).as(trace.err()).isIn(0, 1);
    assertThat(trace.err()).contains("`podpath lint " + snap + "` lists them");
  }

  @Test
  void escapeSequencesInAScript_areShownEscaped() {
    CliTest.Run lint = run("lint", hostile("escapes.sh"));
    assertThat(lint.status()).isEqualTo(1);
    // `;` inside the title sequence ends the command: what follows is a command podpath does not
    // know
    assertThat(lint.out())
        .contains(hostile("escapes.sh") + ":3: unknown command \"pwned\\u0007veth9\"\n")
        .contains("    ip -n a link set \\u001b[31mred\\u001b[0m\\u000dup\n");
    CliTest.Run probes = run("probes", hostile("escapes.sh"));
    assertThat(probes.status()).isEqualTo(2);
    assertThat(probes.err()).startsWith("podpath: " + hostile("escapes.sh") + ":3: ");
  }

  @Test
  void escapeSequencesInARule_areShownEscaped_inTextAndValidJson() throws Exception {
    String file = hostile("escapes-in-a-rule.sh");
    CliTest.Run text = run("trace", file, "--from", "a", "--to", "10.0.0.2");
    assertThat(text.status()).as(text.err()).isZero();
    CliTest.Run json = run("trace", file, "--from", "a", "--to", "10.0.0.2", "-o", "json");
    assertThat(json.status()).isZero();
    assertThat(json.out()).contains("\\u001B[2J").contains("\\u009b31m");
    assertThat(new ObjectMapper().readTree(json.out()).toString())
        .contains("pwned\\u0007 \u009b31m");
  }

  @Test
  void escapeSequencesInADump_areShownEscaped() {
    String snap = hostile("snapshot-esc");
    CliTest.Run lint = run("lint", snap);
    assertThat(lint.status()).isEqualTo(1);
    assertThat(lint.out())
        .contains(
            snap
                + "/node1/ip-route.txt:3:17: via \"\\u001b[2J\\u001b]0;pwned\\u0007\" is not an"
                + " IPv4 address; the route is skipped\n    10.1.0.0/16 via \\u001b[2J\\u001b]0;pwned\\u0007 dev eth0\n");
  }

  @Test
  void fiveBadLines_lintListsEveryOne_probesStopsAtTheFirstAndCountsTheRest() {
    String file = hostile("five-bad-lines.sh");
    CliTest.Run lint = run("lint", file);
    assertThat(lint.status()).isEqualTo(1);
    assertThat(lint.out().lines().filter(l -> l.startsWith(file + ":")))
        .containsExactly(
            file + ":3: Cannot find device \"veth1\"",
            file + ":5: unknown command \"frobnicate\"",
            file + ":6: Error: Nexthop has invalid gateway.",
            file + ":7: Cannot create namespace file \"/run/netns/a\": File exists",
            file + ":8: Cannot find device \"v9\"");
    assertThat(lint.out())
        .endsWith("5 problems, 0 notes, 1 probe, 0 findings; 3 namespaces: root, a, c\n");
    CliTest.Run probes = run("probes", file);
    assertThat(probes.status()).isEqualTo(2);
    assertThat(probes.err())
        .isEqualTo(
            "podpath: "
                + file
                + ":3: Cannot find device \"veth1\"\n    ip link set veth1 up\n"
                + "(4 more lines fail after this one: `podpath lint "
                + file
                + "` lists them all)\n");
  }

  @Test
  void goodScript_lintsClean_exitZero() {
    CliTest.Run r = run("lint", CliTest.sample("router.sh"));
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(r.out()).startsWith("0 problems, ");
  }

  static Stream<Arguments> constructs() {
    String writeOut = " is not run by podpath: write the commands out";
    return Stream.of(
        Arguments.of("for.sh", 2, "shell control structure `for`" + writeOut),
        Arguments.of("while.sh", 2, "shell control structure `while`" + writeOut),
        Arguments.of("until.sh", 2, "shell control structure `until`" + writeOut),
        Arguments.of("if.sh", 2, "shell control structure `if`" + writeOut),
        Arguments.of("case.sh", 2, "shell control structure `case`" + writeOut),
        Arguments.of("function.sh", 2, "function definition `setup()`" + writeOut),
        Arguments.of(
            "function-keyword.sh",
            2,
            "function definitions are not run by podpath: write the commands out"),
        Arguments.of("command-substitution.sh", 2, "command substitution $(...) is not supported"),
        Arguments.of("backticks.sh", 2, "command substitution (`...`) is not supported"),
        Arguments.of("process-substitution.sh", 2, "process substitution <(...) is not supported"),
        Arguments.of(
            "here-doc.sh",
            2,
            "here-documents (<<EOF) are not supported: put the text in a file and use < FILE"),
        Arguments.of("arithmetic.sh", 2, "arithmetic expansion $((...)) is not supported"),
        Arguments.of(
            "subshell.sh", 2, "subshells ( ... ) are not run by podpath: write the commands out"));
  }

  @ParameterizedTest
  @MethodSource("constructs")
  void shellConstruct_isNamedAtItsLine_byProbesAndLint(String name, int line, String reason) {
    String file = hostile("constructs/" + name);
    CliTest.Run probes = run("probes", file);
    assertThat(probes.status()).isEqualTo(2);
    assertThat(probes.err()).startsWith("podpath: " + file + ":" + line + ": " + reason + "\n");
    CliTest.Run lint = run("lint", file);
    assertThat(lint.status()).isEqualTo(1);
    assertThat(lint.out()).startsWith(file + ":" + line + ": " + reason + "\n");
  }

  @Test
  void hereDocument_itsBodyIsNotListedAsCommands() {
    CliTest.Run lint = run("lint", hostile("constructs/here-doc.sh"));
    assertThat(lint.out())
        .doesNotContain("*filter")
        .doesNotContain("COMMIT")
        .contains("1 problem,");
  }

  @Test
  void verify_withoutProbes_emptyScript_orNoSuchProbe_isExitTwo_beforeAnyKernelRun()
      throws Exception {
    Path empty = Files.writeString(tmp.resolve("empty.sh"), "#!/bin/sh\n# nothing yet\n\n");
    Path noProbe = Files.writeString(tmp.resolve("noprobe.sh"), "ip netns add a\n");
    String transcript = Samples.transcript(Samples.sample("router.sh")).toString();
    CliTest.Run e = run("verify", empty.toString(), "--transcript", transcript);
    assertThat(e.status()).isEqualTo(2);
    assertThat(e.err())
        .startsWith("podpath: " + empty + " is empty (no command, only blank or comment lines)");
    CliTest.Run n = run("verify", noProbe.toString());
    assertThat(n.status()).isEqualTo(2);
    assertThat(n.err()).startsWith("podpath: " + noProbe + " asks no questions: ");
    CliTest.Run p =
        run("verify", CliTest.sample("router.sh"), "--probe", "99", "--transcript", transcript);
    assertThat(p.status()).isEqualTo(2);
    assertThat(p.err())
        .isEqualTo(
            "podpath: --probe 99: "
                + CliTest.sample("router.sh")
                + " has 6 probes (--probe 1 to 6)\n");
    CliTest.Run ok =
        run("verify", CliTest.sample("router.sh"), "--probe", "2", "--transcript", transcript);
    assertThat(ok.status()).as(ok.out()).isZero();
    assertThat(ok.out()).contains("1 agree, 0 differ");
  }

  @Test
  void verify_unreadableTranscript_isOneLine() {
    assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
    CliTest.Run r = run("verify", CliTest.sample("router.sh"), "--transcript", "/dev/zero");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo("podpath: cannot read /dev/zero: not a regular file (a character device)\n");
  }

  static boolean mkfifo(Path p) {
    try {
      Process proc = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
      return proc.waitFor(5, TimeUnit.SECONDS) && proc.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
