package dev.podpath.model.script;

import static dev.podpath.model.script.Scripts.dev;
import static dev.podpath.model.script.Scripts.fails;
import static dev.podpath.model.script.Scripts.neigh;
import static dev.podpath.model.script.Scripts.root;
import static dev.podpath.model.script.Scripts.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.topo.BridgePort;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ip neigh} and {@code bridge fdb|link}; messages and results as kernel 6.18 gave them. */
final class NeighFdbTest {

  private static final String[] SETUP = {
    "ip link add br1 type bridge",
    "ip link add vg type veth peer name vh",
    "ip link set vg master br1",
    "ip link set vh up",
    "ip addr add 10.0.0.1/24 dev vh"
  };

  private static String[] with(String... lines) {
    String[] out = Arrays.copyOf(SETUP, SETUP.length + lines.length);
    System.arraycopy(lines, 0, out, SETUP.length, lines.length);
    return out;
  }

  @Test
  void neigh_addReplaceNudStatesProxy() {
    Scenario s =
        run(
            with(
                "ip neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev vh",
                "ip neigh replace 10.0.0.2 lladdr 02:00:00:00:00:03 dev vh",
                "ip neigh add 10.0.0.5 lladdr 02:00:00:00:00:03 dev vh nud reachable",
                "ip neigh add 10.0.0.6 lladdr 02:00:00:00:00:03 dev vh nud noarp",
                "ip n add 10.0.0.7 lladdr 02:00:00:00:00:03 dev vh nud stale",
                "ip neighbor add 10.9.0.7 lladdr 02:00:00:00:00:03 dev vh",
                "ip neighbour add proxy 10.0.0.99 dev vh",
                "ip neigh change 10.0.0.5 lladdr 02:00:00:00:00:05 dev vh nud reachable"));
    assertThat(neigh(root(s)))
        .containsExactly(
            "10.0.0.2 dev vh lladdr 02:00:00:00:00:03 PERMANENT",
            "10.0.0.5 dev vh lladdr 02:00:00:00:00:05 REACHABLE",
            "10.0.0.6 dev vh lladdr 02:00:00:00:00:03 NOARP",
            "10.0.0.7 dev vh lladdr 02:00:00:00:00:03 STALE",
            "10.9.0.7 dev vh lladdr 02:00:00:00:00:03 PERMANENT",
            "proxy 10.0.0.99 dev vh NOARP");
  }

  @Test
  void neigh_deleteAndFlush_flushKeepsPermanentAndNoarp() {
    Scenario s =
        run(
            with(
                "ip neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev vh",
                "ip neigh add 10.0.0.5 lladdr 02:00:00:00:00:03 dev vh nud reachable",
                "ip neigh add 10.0.0.7 lladdr 02:00:00:00:00:03 dev vh nud stale",
                "ip neigh add 10.9.0.7 lladdr 02:00:00:00:00:03 dev vh",
                "ip neigh add proxy 10.0.0.99 dev vh",
                "ip neigh del 10.0.0.2 dev vh",
                "ip neigh del proxy 10.0.0.99 dev vh",
                "ip neigh flush dev vh"));
    assertThat(neigh(root(s)))
        .containsExactly("10.9.0.7 dev vh lladdr 02:00:00:00:00:03 PERMANENT");
  }

  @Test
  void neigh_deviceDown_dropsEveryEntryOnIt() {
    Scenario s =
        run(
            with(
                "ip neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev vh",
                "ip neigh add proxy 10.0.0.99 dev vh",
                "ip link set vh down"));
    assertThat(neigh(root(s))).isEmpty();
  }

  @Test
  void neigh_onADownDevice_isAccepted() {
    Scenario s =
        run(
            "ip link add va type veth peer name vb",
            "ip neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev vb");
    assertThat(neigh(root(s)))
        .containsExactly("10.0.0.2 dev vb lladdr 02:00:00:00:00:02 PERMANENT");
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            "ip neigh add 10.0.0.2 lladdr 02:00:00:00:00:03 dev vh",
            "RTNETLINK answers: File exists"),
        Arguments.of(
            "ip neigh change 10.0.0.3 lladdr 02:00:00:00:00:03 dev vh",
            "RTNETLINK answers: No such file or directory"),
        Arguments.of(
            "ip neigh del 10.0.0.3 dev vh", "RTNETLINK answers: No such file or directory"),
        Arguments.of("ip neigh add 10.0.0.4 dev vh", "Error: No link layer address given."),
        Arguments.of(
            "ip neigh add 10.0.0.8 lladdr 02:00:00:00:00:03 dev nosuch",
            "Cannot find device \"nosuch\""),
        Arguments.of(
            "ip neigh add 10.0.0.9 lladdr 02:00:00:00:00:03",
            "Device and destination are required arguments."),
        Arguments.of("ip neigh flush", "Flush requires arguments."),
        Arguments.of(
            "bridge fdb add 02:00:00:00:00:aa dev vg master static",
            "RTNETLINK answers: File exists"),
        Arguments.of(
            "bridge fdb add 02:00:00:00:00:ab dev vg master dynamic",
            "RTNETLINK answers: Operation not permitted"),
        Arguments.of(
            "bridge fdb add 02:00:00:00:00:dd dev vh master",
            "RTNETLINK answers: Operation not supported"),
        Arguments.of(
            "bridge fdb del 02:00:00:00:00:ee dev vg master",
            "RTNETLINK answers: No such file or directory"),
        Arguments.of(
            "bridge fdb add 02:00:00:00:00:b0 dev vg master static vlan 1",
            "RTNETLINK answers: Invalid argument"),
        Arguments.of(
            "bridge link set dev vh hairpin on", "RTNETLINK answers: Operation not supported"),
        Arguments.of(
            "ip link set vh type bridge_slave hairpin on",
            "RTNETLINK answers: Operation not supported"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refused_withTheKernelsMessage(String line, String message) {
    ScriptException e =
        fails(
            with(
                "ip neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev vh",
                "bridge fdb add 02:00:00:00:00:aa dev vg master static",
                line));
    assertThat(e.reason()).isEqualTo(message);
  }

  @Test
  void fdb_statesMasterSelfAndReplace() {
    Scenario s =
        run(
            with(
                "bridge fdb add 02:00:00:00:00:ab dev vg master static",
                "bridge fdb replace 02:00:00:00:00:ab dev vg master",
                "bridge fdb replace 02:00:00:00:00:ad dev vg master static",
                "bridge fdb append 02:00:00:00:00:bb dev vg master",
                "bridge fdb add 02:00:00:00:00:ae dev vg master local",
                "bridge fdb add 02:00:00:00:00:af dev br1 self",
                "bridge fdb add 02:00:00:00:00:cc dev vg"));
    assertThat(root(s).fdb())
        .extracting(FdbEntry::toString)
        .containsExactly(
            "02:00:00:00:00:ab dev vg master br1 permanent",
            "02:00:00:00:00:ad dev vg master br1 static",
            "02:00:00:00:00:bb dev vg master br1 permanent",
            "02:00:00:00:00:ae dev vg master br1 permanent",
            "02:00:00:00:00:af dev br1 master br1 permanent",
            "02:00:00:00:00:cc dev vg self permanent");
  }

  @Test
  void fdb_leavingTheBridge_dropsThePortsMasterEntries_keepsSelf() {
    Scenario s =
        run(
            with(
                "bridge fdb add 02:00:00:00:00:aa dev vg master static",
                "bridge fdb add 02:00:00:00:00:cc dev vg",
                "ip link set vg nomaster"));
    assertThat(root(s).fdb())
        .extracting(FdbEntry::toString)
        .containsExactly("02:00:00:00:00:cc dev vg self permanent");
  }

  @Test
  void fdb_vxlanDefaultEntries_appendByDestination() {
    Scenario s =
        run(
            "ip link add vxlan0 type vxlan id 1 dstport 4789",
            "bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.1.2",
            "bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.1.3");
    assertThat(root(s).fdb())
        .extracting(FdbEntry::toString)
        .containsExactly(
            "00:00:00:00:00:00 dev vxlan0 dst 192.168.1.2 self permanent",
            "00:00:00:00:00:00 dev vxlan0 dst 192.168.1.3 self permanent");
  }

  @Test
  void bridgeLinkSet_andBridgeSlaveType_setPortFlags() {
    Scenario s = run(with("bridge link set dev vg hairpin on learning off flood off"));
    assertThat(dev(s, "root", "vg").port()).isEqualTo(new BridgePort(true, false, false));
    Scenario t = run(with("ip link set vg type bridge_slave hairpin on learning off"));
    assertThat(dev(t, "root", "vg").port()).isEqualTo(new BridgePort(true, false, true));
  }

  @Test
  void bridgeShowsAndNamespaceOption() {
    Scenario s =
        run(
            "ip netns add n",
            "ip -n n link add br0 type bridge",
            "ip -n n link add pa type veth peer name pb",
            "ip -n n link set pa master br0",
            "bridge -n n fdb add 02:00:00:00:00:01 dev pa master static",
            "bridge fdb show br br0",
            "bridge link show",
            "bridge -d link",
            "bridge vlan show");
    assertThat(Scripts.ns(s, "n").fdb()).hasSize(1);
  }

  @Test
  void deviceNamedLikeAKeywordPrefix_isParsedAsTheKeyword_asIproute2Does() {
    assertThat(fails("ip link add a type veth peer name b").reason())
        .isEqualTo("\"type\" is invalid lladdr.");
  }
}
