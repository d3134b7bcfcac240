package dev.podpath.model.script;

import static dev.podpath.model.script.Scripts.describe;
import static dev.podpath.model.script.Scripts.fails;
import static dev.podpath.model.script.Scripts.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** iproute2 accepts any unambiguous prefix, first match in its own table order. */
final class ShortFormsTest {

  private static final String SETUP =
      "ip link add va type veth peer name vb; ip link set va up; ip link set vb up";

  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of("ip l a x1 type veth peer y1", "ip link add x1 type veth peer name y1"),
        Arguments.of(
            "ip li add x1 type veth peer name y1", "ip link add x1 type veth peer name y1"),
        Arguments.of("ip l s va down", "ip link set va down"),
        Arguments.of("ip link change va mtu 1400", "ip link set va mtu 1400"),
        Arguments.of("ip l d va", "ip link delete va"),
        Arguments.of("ip link del dev va", "ip link delete va"),
        Arguments.of("ip a a 10.0.0.1/24 dev va", "ip address add 10.0.0.1/24 dev va"),
        Arguments.of("ip add a 10.0.0.1/24 dev va", "ip address add 10.0.0.1/24 dev va"),
        Arguments.of(
            "ip addr add 10.0.0.1/24 broadcast + dev va",
            "ip address add 10.0.0.1/24 brd + dev va"),
        Arguments.of(
            "ip a a local 10.0.0.1/24 dev va scope global", "ip address add 10.0.0.1/24 dev va"),
        Arguments.of("ip a a 10.0.0.1/24 dev va; ip a d 10.0.0.1/24 dev va", "true"),
        Arguments.of("ip a a 10.0.0.1/24 dev va; ip a f dev va", "true"),
        Arguments.of(
            "ip a a 10.0.0.1/24 dev va; ip r a 10.9.0.0/16 via 10.0.0.9",
            "ip address add 10.0.0.1/24 dev va; ip route add 10.9.0.0/16 via 10.0.0.9 dev va"),
        Arguments.of(
            "ip a a 10.0.0.1/24 dev va; ip ro ap 10.9.0.0/16 via 10.0.0.9",
            "ip address add 10.0.0.1/24 dev va; ip route append 10.9.0.0/16 via 10.0.0.9"),
        Arguments.of(
            "ip a a 10.0.0.1/24 dev va; ip route add 10.9.0.0/16 via 10.0.0.9 preference 7",
            "ip address add 10.0.0.1/24 dev va; ip route add 10.9.0.0/16 via 10.0.0.9 metric 7"),
        Arguments.of(
            "ip a a 10.0.0.1/24 dev va; ip route add 10.9.0.0/16 via 10.0.0.9 tab 100",
            "ip address add 10.0.0.1/24 dev va; ip route add 10.9.0.0/16 via 10.0.0.9 table 100"),
        Arguments.of(
            "ip a a 10.0.0.1/24 dev va; ip r a 10.9.0.0/16 via 10.0.0.9; ip r d 10.9.0.0/16",
            "ip address add 10.0.0.1/24 dev va"),
        Arguments.of("ip ru a fwmark 0x1 lookup 10", "ip rule add fwmark 1 table 10"),
        Arguments.of("ip rule add pri 100 lookup 10", "ip rule add preference 100 lookup 10"),
        Arguments.of("ip rule add order 100 lookup 10", "ip rule add priority 100 lookup 10"),
        Arguments.of(
            "ip n a 10.0.0.2 lladdr 02:00:00:00:00:02 dev va",
            "ip neighbour add 10.0.0.2 lladdr 02:00:00:00:00:02 dev va nud permanent"),
        Arguments.of(
            "ip ne repl 10.0.0.2 lladdr 02:00:00:00:00:02 dev va",
            "ip neighbor add 10.0.0.2 lladdr 02:00:00:00:00:02 dev va"),
        Arguments.of("ip netns a n1", "ip netns add n1"),
        Arguments.of("ip net add n1; ip net d n1", "true"),
        Arguments.of("ip -netns x1 link", "true"),
        Arguments.of("ip -4 -br -c a", "ip address show"),
        Arguments.of("ip -s -d -j -p l", "ip link show"),
        Arguments.of("ip a", "ip address show"),
        Arguments.of("ip r", "ip route list"),
        Arguments.of("ip ru", "ip rule show"));
  }

  @ParameterizedTest
  @MethodSource("pairs")
  void shortForm_buildsTheSameNetworkAsTheLongForm(String shortForm, String longForm) {
    String pre = SETUP + "; ip netns add x1";
    assertThat(describe(run(pre, shortForm))).isEqualTo(describe(run(pre, longForm)));
  }

  static Stream<Arguments> unknown() {
    return Stream.of(
        Arguments.of("ip foo", "Object \"foo\" is unknown, try \"ip help\"."),
        Arguments.of("ip link foo", "Command \"foo\" is unknown, try \"ip link help\"."),
        Arguments.of("ip addr foo", "Command \"foo\" is unknown, try \"ip address help\"."),
        Arguments.of("ip route foo", "Command \"foo\" is unknown, try \"ip route help\"."),
        Arguments.of("ip -z link", "Option \"-z\" is unknown, try \"ip -help\"."),
        Arguments.of(
            "ip -n nsx link", "Cannot open network namespace \"nsx\": No such file or directory"),
        Arguments.of(
            "ip netns exec nsx ip link",
            "Cannot open network namespace \"nsx\": No such file or directory"),
        Arguments.of(
            "ip netns add ns1; ip netns add ns1",
            "Cannot create namespace file \"/run/netns/ns1\": File exists"),
        Arguments.of(
            "ip netns del nsx",
            "Cannot remove namespace file \"/run/netns/nsx\": No such file or directory"),
        Arguments.of(
            "ip addr add 10.0.0.1/24", "Not enough information: \"dev\" argument is required."),
        Arguments.of("ip addr add 10.0.0.1/24 dev nosuch", "Cannot find device \"nosuch\""),
        Arguments.of(
            "ip addr add 10.0.0.300/24 dev lo",
            "Error: any valid prefix is expected rather than \"10.0.0.300/24\"."),
        Arguments.of(
            "ip addr add 10.0.0.1/24 dev lo; ip addr add 10.0.0.1/24 dev lo",
            "Error: ipv4: Address already assigned."),
        Arguments.of("ip addr del dev lo", "RTNETLINK answers: Operation not supported"),
        Arguments.of("ip addr flush", "Flush requires arguments."));
  }

  @ParameterizedTest
  @MethodSource("unknown")
  void refused_withIproute2sMessage(String line, String message) {
    assertThat(fails(line).reason()).isEqualTo(message);
  }

  @Test
  void unknownCommand_namesLineAndText() {
    ScriptException e = fails("ip netns add a", "frobnicate --all", "ip link");
    assertThat(e.getMessage())
        .isEqualTo("t.sh:2: unknown command \"frobnicate\"\n    frobnicate --all");
    assertThat(e.origin().location()).isEqualTo("t.sh:2");
  }

  @Test
  void nftOnIptablesNftsOwnTables_isRefusedAsNotModelled() {
    assertThat(fails("nft add table ip filter").reason())
        .isEqualTo(
            "nft on table ip filter is not modelled: podpath keeps iptables-nft's tables (filter,"
                + " nat, mangle, raw, security) in its iptables model; give the nft table another"
                + " name");
  }

  @Test
  void netfilterToolsOtherThanIptablesAndIpset_failTheLine() {
    for (String tool : new String[] {"ebtables -L", "arptables -L", "conntrack -F"}) {
      String name = tool.split(" ")[0];
      assertThat(fails(tool).reason())
          .isEqualTo(
              "netfilter ("
                  + name
                  + ") is not modelled yet"
                  + (name.equals("conntrack")
                      ? " (conntrack -L, -S and -C, which only display, are accepted)"
                      : ""));
    }
    assertThat(run("conntrack -L", "conntrack -S", "conntrack -C").notes())
        .as("they only display")
        .isEmpty();
    assertThat(run("ip6tables -F").notes())
        .extracting(Scenario.Note::message)
        .containsExactly("IPv6 is not modelled: podpath ignores ip6tables");
  }

  @Test
  void acceptedWithoutEffect_andModprobeNoted() {
    Scenario s =
        run(
            "ethtool -S lo",
            "ethtool -K lo tx off",
            "ss -tan",
            "nstat -az",
            "arp -n",
            "hostname",
            "cat /proc/sys/net/ipv4/ip_forward",
            "sleep 0.1",
            "true",
            ":",
            "modprobe br_netfilter",
            "ip netns list",
            "printf 'hello\\n'",
            "echo done");
    assertThat(s.notes())
        .extracting(n -> n.origin().line() + " " + n.severity())
        .containsExactly("2 INFO", "11 INFO");
  }
}
