package dev.podpath.trace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code podpath import -} reads standard input under the rules files are read by. */
final class ImportCommandTest {

  @TempDir Path tmp;

  private int run(byte[] stdin, StringWriter out, StringWriter err, String... args) {
    ImportCommand cmd = new ImportCommand();
    cmd.stdin = new ByteArrayInputStream(stdin);
    // the CLI with a second import command whose standard input the test gives
    CommandLine cl = new CommandLine(new Main()).addSubcommand("import2", new CommandLine(cmd));
    return Main.run(cl, args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void standardInput_isAPaste() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        run(
            "$ ip route\ndefault via 10.0.0.1 dev eth0\n".getBytes(StandardCharsets.UTF_8),
            out,
            err,
            "import2",
            "-",
            "-o",
            tmp.resolve("s").toString(),
            "--node",
            "w1");
    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).contains("-:1-2  `ip route`  w1  -> w1/ip-route.txt");
    assertThat(Files.readString(tmp.resolve("s/w1/ip-route.txt")))
        .isEqualTo("default via 10.0.0.1 dev eth0\n");
  }

  @Test
  void binaryStandardInput_isRefused() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = run(new byte[] {'x', 0}, out, err, "import2", "-o", tmp.resolve("s").toString());
    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains("cannot read -: not text (binary data at byte 2, line 1: a NUL byte)");
  }
}
