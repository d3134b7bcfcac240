package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.trace.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line reads like a native tool's: every help fits 80 columns without escape codes and
 * with its examples whole; {@code podpath} alone prints a short usage; a mistyped option, command
 * or namespace gets the closest names; {@code --version} names the build; the bash completion
 * script is valid bash and completes commands and options.
 */
class CliHelpTest {

  record Run(int status, String out, String err) {}

  static Run podpath(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(status, out.toString(), err.toString());
  }

  /** podpath itself and every command it has (read from the CLI, so a new one is covered too). */
  static Stream<String> commands() {
    return Stream.concat(
        Stream.of(""),
        new picocli.CommandLine(new dev.podpath.trace.cli.Main())
            .getSubcommands().keySet().stream().filter(c -> !c.equals("help")));
  }

  @ParameterizedTest(name = "podpath {0} --help")
  @MethodSource("commands")
  void help_fits80Columns_withoutEscapes_andWithWholeExamples(String command) {
    Run r = command.isEmpty() ? podpath("--help") : podpath(command, "--help");
    assertThat(r.status()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      assertThat(line.length()).as("at most 80 columns: " + line).isLessThanOrEqualTo(80);
      assertThat(line).as("no escape code").doesNotContain("\u001b").doesNotContain("\\u001b[");
    }
    // an example is a line of its own: never cut, never run into the next
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("  podpath ") && line.endsWith("\\")) {
        assertThat(lines.get(i + 1)).as("an example's continuation").startsWith("      ");
      }
      if (line.startsWith("  podpath ") && !line.endsWith("\\") && i + 1 < lines.size()) {
        String next = lines.get(i + 1);
        assertThat(next.isEmpty() || next.startsWith("  "))
            .as("an example not broken: " + line + " / " + next)
            .isTrue();
        assertThat(next).as("an example not broken mid-argument").doesNotStartWith("--");
      }
    }
  }

  /**
   * Help wrapped at 80 columns never cuts a word: every word of the command's description, of its
   * options' and parameters' descriptions and of its footer is whole in the help text (picocli
   * splits a word longer than the column, and a layout too narrow would split many).
   */
  @ParameterizedTest(name = "podpath {0} --help")
  @MethodSource("commands")
  void help_cutsNoWord(String command) {
    Run r = command.isEmpty() ? podpath("--help") : podpath(command, "--help");
    java.util.Set<String> shown = new java.util.HashSet<>(List.of(r.out().split("\\s+")));
    picocli.CommandLine root = new picocli.CommandLine(new Main());
    picocli.CommandLine.Model.CommandSpec spec =
        command.isEmpty()
            ? root.getCommandSpec()
            : root.getSubcommands().get(command).getCommandSpec();
    List<String> texts = new java.util.ArrayList<>();
    texts.addAll(List.of(spec.usageMessage().description()));
    texts.addAll(List.of(spec.usageMessage().footer()));
    for (picocli.CommandLine.Model.ArgSpec a : spec.args()) {
      if (!a.hidden()) {
        texts.addAll(List.of(a.renderedDescription()));
      }
    }
    for (String t : texts) {
      for (String word : t.strip().split("\\s+")) {
        if (!word.isEmpty() && !word.contains("${") && !word.contains("%n")) {
          assertThat(shown).as("the word '%s' of \"%s\" whole in the help", word, t).contains(word);
        }
      }
    }
  }

  @Test
  void podpathAlone_printsAShortUsage() {
    Run r = podpath();
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("Usage: podpath COMMAND")
        .contains("  trace       trace one packet")
        .doesNotContain("podpath podpath");
    assertThat(r.err().lines()).allMatch(l -> l.length() <= 80);
    // every command listed with its summary (diff and plan had none)
    assertThat(r.err().lines().filter(l -> l.matches("  [a-z]+ *")))
        .as("commands listed without a summary")
        .isEmpty();
  }

  @Test
  void aMistypedOption_getsTheClosest_evenWhenARequiredOneIsMissing() {
    Run r =
        podpath(
            "trace", Samples.sample("router.sh").toString(), "--form", "ns1", "--to", "10.1.2.2");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("podpath: unknown option --form; did you mean --from?")
        .contains("Try 'podpath trace --help'.");
  }

  @Test
  void aMistypedCommand_getsTheClosest() {
    Run r = podpath("trase");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("podpath: unknown command 'trase'; did you mean trace?")
        .contains("Try 'podpath --help'.");
  }

  @Test
  void anUnknownNamespace_getsTheClosest() {
    Run r =
        podpath(
            "trace", Samples.sample("router.sh").toString(), "--from", "nss1", "--to", "10.1.2.2");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "podpath: --from nss1: no such namespace; namespaces are: root, ns1, ns2;"
                + " did you mean ns1?\n");
  }

  @Test
  void version_namesTheBuild() {
    Run r = podpath("--version");
    assertThat(r.status()).isZero();
    assertThat(r.out()).matches("podpath 0\\.1\\.0 \\(commit [^)]+\\)\\n");
  }

  @Test
  void bashCompletion_isValidBash_andCompletesCommandsAndOptions(@TempDir Path dir)
      throws Exception {
    Run r = podpath("completion", "bash");
    assertThat(r.status()).isZero();
    Path script = dir.resolve("podpath.bash");
    Files.writeString(script, r.out());
    assertThat(bash("bash -n " + script)).isEmpty();
    assertThat(
            bash(
                "source "
                    + script
                    + "; COMP_WORDS=(podpath tr); COMP_CWORD=1; _picocli_podpath;"
                    + " echo \"${COMPREPLY[@]}\""))
        .isEqualTo("trace traceroute\n");
    assertThat(
            bash(
                "source "
                    + script
                    + "; COMP_WORDS=(podpath trace --f); COMP_CWORD=2; _picocli_podpath_trace"
                    + " 2>/dev/null; echo \"${COMPREPLY[@]}\""))
        .isEqualTo("--from\n");
  }

  @Test
  void completionForAnotherShell_isRefusedInOneLine() {
    Run r = podpath("completion", "tcsh");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("podpath: completion tcsh: expected bash, zsh, fish or names\n");
  }

  /**
   * A {@code podpath} on PATH that runs this test's CLI classes (what {@code ./podpath} runs), for
   * the completion scripts to call.
   */
  private static Path podpathOnPath(Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path cmd = bin.resolve("podpath");
    String javaCmd = ProcessHandle.current().info().command().orElse("java");
    Files.writeString(
        cmd,
        "#!/bin/sh\nexec '"
            + javaCmd
            + "' -XX:TieredStopAtLevel=1 -cp '"
            + System.getProperty("java.class.path")
            + "' dev.podpath.trace.cli.Main \"$@\"\n");
    Files.setPosixFilePermissions(
        cmd, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  private static String completeInBash(Path script, Path bin, String... words) throws Exception {
    String array =
        Stream.of(words).map(w -> "'" + w + "'").collect(java.util.stream.Collectors.joining(" "));
    return bash(
        "export PATH='"
            + bin
            + "':$PATH; cd '"
            + Samples.root()
            + "'; source "
            + script
            + "; COMP_WORDS=("
            + array
            + "); COMP_CWORD="
            + (words.length - 1)
            + "; _podpath_names_or_picocli 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"");
  }

  @Test
  void bashCompletion_completesTheScenariosNamespaces_andTheSnapshotsPodsAndServices(
      @TempDir Path dir) throws Exception {
    Run r = podpath("completion", "bash");
    Path script = dir.resolve("podpath.bash");
    Files.writeString(script, r.out());
    Path bin = podpathOnPath(dir);
    assertThat(
            completeInBash(
                script, bin, "podpath", "trace", "samples/flannel-vxlan.sh", "--from", "busybox-j"))
        .isEqualTo("busybox-jpnb6\n");
    assertThat(
            completeInBash(
                script,
                bin,
                "podpath",
                "trace",
                "samples/snapshots/kube-proxy-after",
                "--from",
                "master-01",
                "--to",
                "ingress-nginx/"))
        .contains("ingress-nginx/ingress-nginx-controller-75dbc5d7f7-qhlml\n")
        .contains("ingress-nginx/ingress-nginx-controller\n");
    // the value of --pcap is not the scenario; options still come from picocli's part
    assertThat(
            completeInBash(
                script,
                bin,
                "podpath",
                "trace",
                "--pcap",
                "samples/router.sh",
                "samples/veth-pair.sh",
                "--from",
                "n"))
        .isEqualTo("ns1\nns2\n");
    assertThat(completeInBash(script, bin, "podpath", "trace", "--f")).isEqualTo("--from\n");
  }

  @Test
  void fishCompletion_completesCommandsOptionsAndNames(@TempDir Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        !bash("command -v fish").isBlank(), "fish is not installed");
    Run r = podpath("completion", "fish");
    assertThat(r.status()).isZero();
    Path script = dir.resolve("podpath.fish");
    Files.writeString(script, r.out());
    assertThat(bash("fish --no-execute " + script)).isEmpty();
    Path bin = podpathOnPath(dir);
    String fish =
        "cd '"
            + Samples.root()
            + "'; set -x PATH '"
            + bin
            + "' $PATH; source "
            + script
            + "; complete -C ";
    assertThat(bash("fish -c \"" + fish + "'podpath tr'\""))
        .contains("trace\t")
        .contains("traceroute\t");
    assertThat(bash("fish -c \"" + fish + "'podpath trace --fr'\"")).startsWith("--from\t");
    assertThat(
            bash(
                "fish -c \""
                    + fish
                    + "'podpath trace samples/flannel-vxlan.sh --from busybox-j'\""))
        .startsWith("busybox-jpnb6\t")
        .hasLineCount(1);
  }

  @Test
  void zshLoadsTheScript_throughBashcompinit(@TempDir Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        !bash("command -v zsh").isBlank(), "zsh is not installed");
    Run r = podpath("completion", "zsh");
    Path script = dir.resolve("podpath.zsh");
    Files.writeString(script, r.out());
    assertThat(
            bash(
                "zsh -f -c 'autoload -U +X compinit && compinit -u && autoload -U +X bashcompinit"
                    + " && bashcompinit && source "
                    + script
                    + " && echo ${_comps[podpath]}'"))
        .isEqualTo("_bash_complete -F _podpath_names_or_picocli -o default\n");
  }

  private static String bash(String command) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
