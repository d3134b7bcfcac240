package dev.podpath.gui.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.topo.NetnsName;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each edit's command line, built from typed values; shell quoting and splitting. */
final class EditTest {

  private static final NetnsName W1 = NetnsName.of("worker1");

  static Stream<Arguments> commands() {
    return Stream.of(
        Arguments.of(
            new Edit.LinkState(W1, "flannel.1", false), "ip -n worker1 link set flannel.1 down"),
        Arguments.of(new Edit.LinkState(W1, "cni0", true), "ip -n worker1 link set cni0 up"),
        Arguments.of(
            new Edit.LinkMtu(W1, "enp0s5", 1400), "ip -n worker1 link set enp0s5 mtu 1400"),
        Arguments.of(
            Edit.RouteAdd.parse(W1, "10.10.2.0/24 via 192.168.2.15 dev enp0s5"),
            "ip -n worker1 route add 10.10.2.0/24 via 192.168.2.15 dev enp0s5"),
        Arguments.of(
            Edit.RouteAdd.parse(W1, "default via 192.168.2.1"),
            "ip -n worker1 route add default via 192.168.2.1"),
        Arguments.of(
            new Edit.SysctlSet(W1, "net.ipv4.conf.all.rp_filter", "2"),
            "ip netns exec worker1 sysctl -w net.ipv4.conf.all.rp_filter=2"),
        Arguments.of(
            new Edit.RuleDelete(W1, NetfilterTable.FILTER, "FORWARD", 2, "-j DROP"),
            "ip netns exec worker1 iptables -t filter -D FORWARD 2"),
        Arguments.of(
            new Edit.RuleInsert(
                W1,
                NetfilterTable.FILTER,
                "FORWARD",
                1,
                CommandLines.split("-s 10.10.1.6 -m comment --comment 'what if' -j DROP")),
            "ip netns exec worker1 iptables -t filter -I FORWARD 1 -s 10.10.1.6 -m comment"
                + " --comment 'what if' -j DROP"));
  }

  @ParameterizedTest
  @MethodSource("commands")
  void edit_commandLine_isTheRealCommand(Edit e, String line) {
    assertThat(e.commandLine()).isEqualTo(line);
  }

  @Test
  void split_thenJoin_givesTheSameWords() {
    List<String> words = CommandLines.split("-m comment --comment \"it's here\" -j DROP");
    assertThat(words).containsExactly("-m", "comment", "--comment", "it's here", "-j", "DROP");
    assertThat(CommandLines.split(CommandLines.join(words))).isEqualTo(words);
  }

  @Test
  void badValues_areRefusedWithAMessage() {
    assertThatThrownBy(() -> new Edit.LinkMtu(W1, "eth0", 20)).hasMessageContaining("68 to 65535");
    assertThatThrownBy(() -> Edit.RouteAdd.parse(W1, "10.0.0.0/8"))
        .hasMessageContaining("gateway (via) or a device (dev)");
    assertThatThrownBy(() -> Edit.RouteAdd.parse(W1, "10.0.0.0/8 proto static"))
        .hasMessageContaining("\"proto\"");
    assertThatThrownBy(() -> CommandLines.split("-j 'DROP")).hasMessageContaining("not closed");
    assertThatThrownBy(() -> new Edit.SysctlSet(W1, "net.ipv4.ip_forward", "yes"))
        .hasMessageContaining("takes a number");
  }
}
