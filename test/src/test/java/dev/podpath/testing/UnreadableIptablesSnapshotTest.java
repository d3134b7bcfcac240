package dev.podpath.testing;

import static dev.podpath.testing.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given the real kube-proxy dumps (samples/snapshots/kube-proxy-before) with one line of
 * master-01's iptables-save made unreadable, when a packet is traced, then only a packet that
 * reaches that rule's place is affected: it ends NOT_MODELLED naming the file and line, and lint
 * lists the line. Every other rule still holds (no more "one bad line, no rules at all").
 */
final class UnreadableIptablesSnapshotTest {

  private static final String COREDNS = "kube-system/coredns-5b8bf7b657-5gjrq";

  @TempDir Path dir;

  private Path snapshotWith(String from, String to) throws IOException {
    return snapshotWith(
        text -> {
          assertThat(text).contains(from);
          return text.replace(from, to);
        });
  }

  /** A copy of kube-proxy-before whose master-01/iptables-save.txt is {@code edit}ed. */
  private Path snapshotWith(java.util.function.UnaryOperator<String> edit) throws IOException {
    Path src = Path.of(SnapshotCliTest.snapshot("kube-proxy-before"));
    Path dst = dir.resolve("kube-proxy-before");
    try (Stream<Path> files = Files.walk(src)) {
      for (Path p : files.toList()) {
        Path q = dst.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q);
        }
      }
    }
    Path rules = dst.resolve("master-01/iptables-save.txt");
    Files.writeString(rules, edit.apply(Files.readString(rules)));
    return dst;
  }

  private static CliTest.Run trace(Path snapshot, String to, String proto, String port) {
    return run(
        "trace",
        snapshot.toString(),
        "--assume-cni-pods",
        "--from",
        COREDNS,
        "--to",
        to,
        "--proto",
        proto,
        "--dport",
        port);
  }

  @Test
  void theRejectReadsNot_thePacketReachingIt_endsNotModelledAtThatLine() throws IOException {
    Path s =
        snapshotWith(
            "-A INPUT -j REJECT --reject-with icmp-host-prohibited\n",
            "-A INPUT -j REJECT --reject-with icmp-host-forbidden\n");
    CliTest.Run r = trace(s, "default/kubernetes", "tcp", "443");
    // the DNAT before it still happens: the nat table read
    assertThat(r.out())
        .as(r.out())
        .contains("192.168.1.5:6443")
        .contains("=> NOT_MODELLED")
        .contains("a rule of the dump could not be read")
        .contains("iptables-save.txt:91");
    // the trace itself (the diagnosis after it may cite lint findings on other chains' REJECTs)
    assertThat(r.out().substring(0, r.out().indexOf("\nwhy: ")))
        .doesNotContain("icmp-host-prohibited");
    assertThat(r.out()).contains("why: NOT_MODELLED");
    assertThat(r.err()).contains("podpath: 1 problem and ");

    CliTest.Run lint = run("lint", s.toString(), "--assume-cni-pods");
    assertThat(lint.status()).isEqualTo(1);
    assertThat(lint.out())
        .contains("master-01/iptables-save.txt:91:")
        .contains("icmp-host-forbidden")
        .contains("the rule keeps its place: a packet that reaches it ends not modelled");
  }

  @Test
  void aRuleElsewhereReadsNot_thisPacketIsJudgedAsBefore() throws IOException {
    Path s =
        snapshotWith(
            "-A FORWARD -j REJECT --reject-with icmp-host-prohibited\n",
            "-A FORWARD -j REJECT --reject-with icmp-host-forbidden\n");
    CliTest.Run r = trace(s, "default/kubernetes", "tcp", "443");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out())
        .as(r.out())
        .contains("192.168.1.5:6443")
        .contains("icmp-host-prohibited")
        .contains("=> DROPPED")
        .doesNotContain("NOT_MODELLED");
  }

  @Test
  void theDumpIsCutInTheFilterTable_aPacketReachingTheCut_endsNotModelled() throws IOException {
    Path s = snapshotWith(text -> text.substring(0, text.indexOf("-A INPUT -j REJECT")));
    CliTest.Run r = trace(s, "default/kubernetes", "tcp", "443");
    assertThat(r.out()).as(r.out()).contains("=> NOT_MODELLED").contains("without COMMIT");
  }
}
