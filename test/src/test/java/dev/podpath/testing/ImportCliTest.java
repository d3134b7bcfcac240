package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code podpath import} as a user meets it: exit status, refused folders, never a half-written
 * snapshot.
 */
final class ImportCliTest {

  @TempDir Path tmp;

  private Path paste(String text) throws Exception {
    Path p = tmp.resolve("paste.md");
    Files.writeString(p, text);
    return p;
  }

  private static final String ROUTES = "[root@node1 ~]# ip route\ndefault via 10.0.0.1 dev eth0\n";

  @Test
  void allPlaced_exitsZero_printsEachBlock_andNamesLintAsTheNextStep() throws Exception {
    Path out = tmp.resolve("snap");
    CliTest.Run r = CliTest.run("import", paste(ROUTES).toString(), "-o", out.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("paste.md:1-2  `ip route`  node1  -> node1/ip-route.txt")
        .contains("next: podpath lint " + out);
    assertThat(Files.readString(out.resolve("node1/ip-route.txt")))
        .isEqualTo("default via 10.0.0.1 dev eth0\n");
    assertThat(Files.readString(out.resolve("README.md"))).contains("| node1/ip-route.txt | ");
    assertThat(CliTest.run("lint", out.toString()).status()).isZero();
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("paste.md", "snap");
    }
  }

  @Test
  void aBlockNotPlaced_exitsOne_withTheReason() throws Exception {
    CliTest.Run r =
        CliTest.run(
            "import",
            paste(ROUTES + "[root@node1 ~]# brctl showmacs cni0\nport no\tmac addr\n").toString(),
            "-o",
            tmp.resolve("snap").toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).contains("not placed (1 block):").contains("brctl showmacs");
    assertThat(tmp.resolve("snap/node1/ip-route.txt")).exists();
  }

  @Test
  void aFolderHoldingASnapshot_isRefused_unlessForce_andAForeignOneAlways() throws Exception {
    Path out = tmp.resolve("snap");
    assertThat(CliTest.run("import", paste(ROUTES).toString(), "-o", out.toString()).status())
        .isZero();
    CliTest.Run again =
        CliTest.run(
            "import", paste(ROUTES.replace("node1", "node9")).toString(), "-o", out.toString());
    assertThat(again.status()).isEqualTo(2);
    assertThat(again.err()).contains("already holds a snapshot").contains("--force");
    assertThat(out.resolve("node9")).doesNotExist();
    CliTest.Run forced =
        CliTest.run("import", tmp.resolve("paste.md").toString(), "-o", out.toString(), "--force");
    assertThat(forced.status()).isZero();
    assertThat(out.resolve("node9/ip-route.txt")).exists();
    assertThat(out.resolve("node1")).doesNotExist();
    Path foreign = tmp.resolve("home");
    Files.createDirectories(foreign);
    Files.writeString(foreign.resolve("notes.txt"), "mine");
    CliTest.Run refused =
        CliTest.run(
            "import", tmp.resolve("paste.md").toString(), "-o", foreign.toString(), "--force");
    assertThat(refused.status()).isEqualTo(2);
    assertThat(refused.err()).contains("does not hold a snapshot").contains("nothing was deleted");
    assertThat(foreign.resolve("notes.txt")).exists();
  }

  @Test
  void badInput_exitsTwo_inOneLine() throws Exception {
    CliTest.Run missing =
        CliTest.run("import", tmp.resolve("nope.md").toString(), "-o", tmp.resolve("s").toString());
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err())
        .contains("cannot read")
        .contains("no such file")
        .doesNotContain("Exception");
    Path binary = tmp.resolve("bin.md");
    Files.write(binary, new byte[] {'a', 0, 'b'});
    assertThat(CliTest.run("import", binary.toString(), "-o", tmp.resolve("s").toString()).err())
        .contains("not a text file");
    CliTest.Run prose =
        CliTest.run(
            "import",
            paste("Nothing but words here.\n").toString(),
            "-o",
            tmp.resolve("s").toString());
    assertThat(prose.status()).isEqualTo(2);
    assertThat(prose.err()).contains("no command output podpath reads was found");
    CliTest.Run node =
        CliTest.run(
            "import",
            paste(ROUTES).toString(),
            "-o",
            tmp.resolve("s").toString(),
            "--node",
            "../x");
    assertThat(node.status()).isEqualTo(2);
    assertThat(node.err()).contains("not a node name");
    assertThat(CliTest.run("import", paste(ROUTES).toString()).status()).isEqualTo(2);
    assertThat(tmp.resolve("s")).doesNotExist();
  }

  @Test
  void help_hasAnExample() {
    CliTest.Run r = CliTest.run("import", "--help");
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains("podpath import issue.md -o /tmp/snap && podpath lint /tmp/snap")
        .contains("--node")
        .contains("--force");
    assertThat(CliTest.run("--help").out()).contains("import");
  }
}
