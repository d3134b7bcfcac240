package dev.podpath.model.dump;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.collect.CollectLog;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code collect.log}: the header, one entry per failed command with its error output, bad lines
 * with file:line.
 */
final class CollectLogParserTest {

  private static final String HEADER =
      "# podpath collect.log format 1: podpath-collect.sh on node worker1 at"
          + " 2026-11-22T07:31:20Z\n";

  private static CollectLog read(String text) {
    ParseResult<Optional<CollectLog>> r = CollectLogParser.parse("worker1/collect.log", text);
    assertThat(r.warnings()).isEmpty();
    return r.value().orElseThrow();
  }

  @Test
  void entries_haveTheirPathStatusCommandAndErrorOutput() {
    CollectLog log =
        read(
            HEADER
                + "iptables-save.txt: not found: iptables-save -c\n"
                + "netns/pod5/iptables-save.txt: exit 1: ip netns exec pod5 iptables-save -c\n"
                + "    iptables-save v1.8.7 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n"
                + "    second line\n"
                + "netns/pid-412/ss-ltun.txt: timed out: nsenter --net=/proc/412/ns/net ss -ltun\n");
    assertThat(log.header().line()).isEqualTo(1);
    assertThat(log.failures()).hasSize(3);
    CollectLog.Failure node = log.failures().get(0);
    assertThat(node.folder()).isEmpty();
    assertThat(node.fileName()).isEqualTo("iptables-save.txt");
    assertThat(node.status()).isEqualTo(new CollectLog.Status.NotFound());
    assertThat(node.stderr()).isEmpty();
    assertThat(node.explain()).isEqualTo("`iptables-save -c` was not found on the node");
    CollectLog.Failure pod = log.failures().get(1);
    assertThat(pod.folder()).isEqualTo("netns/pod5");
    assertThat(pod.status()).isEqualTo(new CollectLog.Status.Exited(1));
    assertThat(pod.command()).isEqualTo("ip netns exec pod5 iptables-save -c");
    assertThat(pod.stderr())
        .containsExactly(
            "iptables-save v1.8.7 (nf_tables): Could not fetch rule set generation id:"
                + " Permission denied (you must be root)",
            "second line");
    assertThat(pod.origin().location()).isEqualTo("worker1/collect.log:3");
    assertThat(pod.explain())
        .isEqualTo(
            "`ip netns exec pod5 iptables-save -c` failed with exit status 1 (iptables-save"
                + " v1.8.7 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root))");
    assertThat(log.failures().get(2).status()).isEqualTo(new CollectLog.Status.TimedOut());
    assertThat(log.failuresIn("netns/pod5")).containsExactly(pod);
    assertThat(log.failuresIn("")).containsExactly(node);
  }

  @Test
  void headerOnly_isACollectorRunWithoutFailures() {
    CollectLog log = read(HEADER);
    assertThat(log.failures()).isEmpty();
  }

  @Test
  void whatACollectorWrites_readsBack() {
    String text =
        CollectLog.header("podpath collect", "worker1", Instant.parse("2026-11-22T07:31:20.123Z"))
            + "\n"
            + String.join(
                "\n",
                CollectLog.Failure.lines(
                    "netns/a/iptables-save.txt",
                    new CollectLog.Status.Exited(4),
                    "ip netns exec a iptables-save -c",
                    "l1\n\nl2\nl3\nl4\nl5\nl6\nl7\n"))
            + "\n";
    assertThat(text)
        .startsWith(
            "# podpath collect.log format 1: podpath collect on node worker1 at 2026-11-22T07:31:20Z\n");
    CollectLog.Failure f = read(text).failures().get(0);
    assertThat(f.path()).isEqualTo("netns/a/iptables-save.txt");
    assertThat(f.status()).isEqualTo(new CollectLog.Status.Exited(4));
    assertThat(f.stderr()).containsExactly("l1", "l2", "l3", "l4", "l5", "... (2 more lines)");
  }

  static Stream<Arguments> badLines() {
    return Stream.of(
        Arguments.of("iptables-save failed\n", 2, "not a collect.log entry"),
        Arguments.of(
            "iptables-save.txt: exited badly: iptables-save -c\n", 2, "not a collect.log entry"),
        Arguments.of("    stray error output\n", 2, "error output without an entry above it"),
        Arguments.of(
            "netns/a/b/iptables-save.txt: exit 1: x\n", 2, "is not a file of the node's folder"),
        Arguments.of(
            "netns/../iptables-save.txt: exit 1: x\n", 2, "is not a file of the node's folder"));
  }

  @ParameterizedTest
  @MethodSource("badLines")
  void aBadLine_isAWarningAtItsLine_andTheRestIsRead(String line, int lineNumber, String message) {
    ParseResult<Optional<CollectLog>> r =
        CollectLogParser.parse(
            "worker1/collect.log", HEADER + line + "ipset-save.txt: not found: ipset save\n");
    assertThat(r.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.location()).isEqualTo("worker1/collect.log:" + lineNumber + ":1");
              assertThat(w.message()).contains(message);
              assertThat(w.text()).isEqualTo(line.stripTrailing());
            });
    assertThat(r.value().orElseThrow().failures())
        .extracting(CollectLog.Failure::path)
        .contains("ipset-save.txt");
  }

  @Test
  void noHeader_isAWholeFileWarning_andNothingIsRead() {
    ParseResult<Optional<CollectLog>> r =
        CollectLogParser.parse(
            "worker1/collect.log", "/tmp/snap/worker1: ip -j -d link show: exit status 255\n");
    assertThat(r.value()).isEmpty();
    assertThat(r.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.location()).isEqualTo("worker1/collect.log");
              assertThat(w.message()).contains("no `# podpath collect.log format 1: ...` header");
            });
    assertThat(CollectLogParser.parse("worker1/collect.log", "").value()).isEmpty();
  }

  @Test
  void anotherFormat_isAWarningAtTheHeader_andNothingIsRead() {
    ParseResult<Optional<CollectLog>> r =
        CollectLogParser.parse(
            "worker1/collect.log",
            "# podpath collect.log format 2: podpath collect on node a at 2030-01-01T00:00:00Z\nx: y\n");
    assertThat(r.value()).isEmpty();
    assertThat(r.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.location()).isEqualTo("worker1/collect.log:1:1");
              assertThat(w.message()).contains("format 2 is not format 1");
            });
  }

  @Test
  void commentsAndBlankLines_areSkipped() {
    assertThat(read(HEADER + "\n# a note\n\nss-ltun.txt: exit 1: ss -ltun\n").failures())
        .extracting(CollectLog.Failure::fileName)
        .isEqualTo(List.of("ss-ltun.txt"));
  }
}
