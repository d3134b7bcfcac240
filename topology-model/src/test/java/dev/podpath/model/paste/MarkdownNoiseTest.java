package dev.podpath.model.paste;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What forums and trackers add around pasted output, taken off line by line. */
final class MarkdownNoiseTest {

  private final MarkdownNoise noise = new MarkdownNoise("p.md");

  private PasteLine one(String raw) {
    List<PasteLine> l = noise.clean(7, raw);
    assertThat(l).hasSize(1);
    return l.get(0);
  }

  @Test
  void fences_areEdges_andTheirInfoIsKept() {
    assertThat(one("```").mark()).isEqualTo(PasteLine.Mark.FENCE);
    assertThat(one("```sudo iptables-save ").fenceInfo()).contains("sudo iptables-save");
    assertThat(one("<pre>").mark()).isEqualTo(PasteLine.Mark.FENCE);
    assertThat(one("</pre>").mark()).isEqualTo(PasteLine.Mark.FENCE);
    List<PasteLine> tail = noise.clean(3, "COMMIT```");
    assertThat(tail)
        .extracting(PasteLine::mark)
        .containsExactly(PasteLine.Mark.TEXT, PasteLine.Mark.FENCE);
    assertThat(tail.get(0).text()).isEqualTo("COMMIT");
  }

  @Test
  void quotesBoldTagsAndEntities_areTakenOff_andSaidOncePerKind() {
    assertThat(one("> > default via 10.0.0.1 dev eth0").text())
        .isEqualTo("default via 10.0.0.1 dev eth0");
    assertThat(one("> default via 10.0.0.2 dev eth0").text())
        .isEqualTo("default via 10.0.0.2 dev eth0");
    assertThat(one("**ifconfig tunl0**").text()).isEqualTo("ifconfig tunl0");
    assertThat(one("** ip link show **").text()).isEqualTo("ip link show");
    assertThat(one("2: eth0: &lt;BROADCAST,UP&gt; mtu 1500").text())
        .isEqualTo("2: eth0: <BROADCAST,UP> mtu 1500");
    assertThat(one("`ip route`:").text()).isEqualTo("ip route");
    assertThat(noise.warnings())
        .extracting(PasteWarning::message)
        .containsExactly(
            "`> ` quote marks taken off on 1 line (line 7)",
            "`**` (Markdown bold) taken off on 1 line (line 7)",
            "HTML entities (&lt; &gt; &amp;...) decoded on 1 line (line 7)",
            "`backticks` around a command or an inline code span taken off on 1 line (line 7)");
  }

  @Test
  void anInlineCodeSpanOverSeveralLines_losesItsBackticks_aPairOnOneLineStays() {
    assertThat(one("`blackhole 10.33.92.0/26  proto bird").text())
        .isEqualTo("blackhole 10.33.92.0/26  proto bird");
    assertThat(one("10.33.92.0/24 via 10.104.115.183 dev tunl0  proto bird onlink`").text())
        .isEqualTo("10.33.92.0/24 via 10.104.115.183 dev tunl0  proto bird onlink");
    assertThat(one("run `ip route` on node2").text()).isEqualTo("run `ip route` on node2");
  }

  @Test
  void deviceLinesNumberedAsAMarkdownList_areReadAsIpLinksLines_andTheEmptyItemsAfterThemLeftOut() {
    // calico#3895 as posted: the list number stands where ip link prints the index
    assertThat(
            one("1.cali34d45bc515f@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue")
                .text())
        .isEqualTo(
            "1: cali34d45bc515f@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue");
    assertThat(one("2.tunl0@NONE: <NOARP> mtu 1440 qdisc noop state DOWN").text())
        .isEqualTo("2: tunl0@NONE: <NOARP> mtu 1440 qdisc noop state DOWN");
    assertThat(one("3.").mark()).isEqualTo(PasteLine.Mark.BLANK);
    assertThat(one("Some prose.").text()).isEqualTo("Some prose.");
    assertThat(one("4.").text()).isEqualTo("4.");
    assertThat(one("1. Install flannel: it fails").text())
        .isEqualTo("1. Install flannel: it fails");
    assertThat(noise.warnings())
        .extracting(PasteWarning::message)
        .singleElement()
        .asString()
        .startsWith("a Markdown list number in front of an `ip link`")
        .contains("its real index is unknown")
        .endsWith("on 1 line (line 7)");
  }

  @Test
  void aBreakTag_splitsTheLine_keepingItsNumber() {
    List<PasteLine> l =
        noise.clean(4, "default via 10.0.0.1 dev eth0<br/>10.0.0.0/24 dev eth0 scope link<br>");
    assertThat(l)
        .extracting(PasteLine::text)
        .containsExactly("default via 10.0.0.1 dev eth0", "10.0.0.0/24 dev eth0 scope link", "");
    assertThat(l).extracting(PasteLine::number).containsOnly(4);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "...",
        "  ...",
        "…",
        "[snip]",
        "[...]",
        "<snip>",
        "(truncated)",
        "# ...",
        "... (more rules)",
        "[output truncated]",
        "-- snip --"
      })
  void elisions_areMarked(String raw) {
    assertThat(one(raw).mark()).isEqualTo(PasteLine.Mark.ELISION);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-A FORWARD -j ACCEPT",
        "inet 10.0.0.1/24 scope global eth0",
        "*filter",
        ":INPUT ACCEPT [0:0]"
      })
  void output_isLeftAsItIs(String raw) {
    assertThat(one(raw).text()).isEqualTo(raw);
    assertThat(one(raw).mark()).isEqualTo(PasteLine.Mark.TEXT);
  }
}
