package dev.podpath.model.script;

import static dev.podpath.model.script.Scripts.fails;
import static dev.podpath.model.script.Scripts.main;
import static dev.podpath.model.script.Scripts.root;
import static dev.podpath.model.script.Scripts.run;
import static dev.podpath.model.script.Scripts.table;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ip route} validation and table semantics. Each message and result was printed by kernel
 * 6.18.44 with iproute2 6.1.0 for the same setup: va (10.0.0.1/24, up) and its peer vb (up), vc/vd
 * down, lo down.
 */
final class RouteValidationTest {

  private static final String[] SETUP = {
    "ip link add va type veth peer name vb",
    "ip link add vc type veth peer name vd",
    "ip addr add 10.0.0.1/24 dev va",
    "ip addr add 10.0.1.1/24 dev vc",
    "ip link set va up",
    "ip link set vb up"
  };

  private static String[] with(String... lines) {
    String[] out = Arrays.copyOf(SETUP, SETUP.length + lines.length);
    System.arraycopy(lines, 0, out, SETUP.length, lines.length);
    return out;
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            "ip route add 10.9.0.0/24 via 10.5.5.5", "Error: Nexthop has invalid gateway."),
        Arguments.of(
            "ip route add 10.9.0.0/24 via 10.5.5.5 dev va", "Error: Nexthop has invalid gateway."),
        Arguments.of(
            "ip route add 10.9.0.0/24 via 10.0.0.9 dev vb", "Error: Nexthop has invalid gateway."),
        Arguments.of(
            "ip route add 10.9.0.0/24 via 10.0.0.9 dev lo", "Error: Nexthop has invalid gateway."),
        Arguments.of(
            "ip route add 10.9.0.0/24 via 10.0.0.255", "Error: Nexthop has invalid gateway."),
        Arguments.of(
            "ip route add 10.9.0.0/24 via 10.0.0.7 scope link",
            "Error: Nexthop has invalid gateway."),
        Arguments.of(
            "ip route add 10.9.0.0/24 via 10.0.1.9", "Error: Nexthop has invalid gateway."),
        Arguments.of("ip route add 10.9.0.0/24 via 10.0.1.1", "RTNETLINK answers: Network is down"),
        Arguments.of("ip route add 10.9.0.0/24 dev vc", "Error: Device for nexthop is not up."),
        Arguments.of(
            "ip route add 10.9.0.0/24 via 10.0.1.9 dev vc onlink",
            "Error: Nexthop device is not up."),
        Arguments.of(
            "ip route add 10.9.0.0/24 via 10.77.0.7 onlink",
            "Error: Nexthop device required for onlink."),
        Arguments.of("ip route add 10.9.0.0/24 dev nosuch", "Cannot find device \"nosuch\""),
        Arguments.of(
            "ip route add 10.9.0.0/24 via 10.0.0.9 dev nosuch", "Cannot find device \"nosuch\""),
        Arguments.of(
            "ip route add 10.9.0.0/24 via 10.0.0.9 src 10.0.0.77",
            "Error: Invalid prefsrc address."),
        Arguments.of(
            "ip route add 10.9.0.0/24 via 10.0.0.9 src 127.0.0.1",
            "Error: Invalid prefsrc address."),
        Arguments.of(
            "ip route add unreachable 10.7.0.0/24 dev va",
            "Error: Gateway, device and multipath can not be specified for this route type."),
        Arguments.of(
            "ip route add blackhole 10.8.0.0/24 via 10.0.0.7",
            "Error: Gateway, device and multipath can not be specified for this route type."),
        Arguments.of(
            "ip route add 10.15.0.0/33 via 10.0.0.7",
            "Error: any valid prefix is expected rather than \"10.15.0.0/33\"."),
        Arguments.of(
            "ip route add 10.15.0.1/24 via 10.0.0.7",
            "Error: Invalid prefix for given prefix length."),
        Arguments.of(
            "ip route add foo via 10.0.0.1",
            "Error: any valid prefix is expected rather than \"foo\"."),
        Arguments.of(
            "ip route add 10.0.0.0/24 via 10.0.0.300",
            "Error: inet address is expected rather than \"10.0.0.300\"."),
        Arguments.of("ip route add 10.0.0.0/24 dev va", "RTNETLINK answers: File exists"),
        Arguments.of("ip route del 10.8.0.0/24", "RTNETLINK answers: No such process"),
        Arguments.of("ip route del 10.0.0.0/24 dev vb", "RTNETLINK answers: No such process"),
        Arguments.of(
            "ip route change 10.99.0.0/24 via 10.0.0.251",
            "RTNETLINK answers: No such file or directory"),
        Arguments.of("ip route foo", "Command \"foo\" is unknown, try \"ip route help\"."));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refused_asTheKernelAndIproute2SayIt(String line, String message) {
    ScriptException e = fails(with(line));
    assertThat(e.reason()).isEqualTo(message);
    assertThat(e.line()).isEqualTo(SETUP.length + 1);
    assertThat(e.lineText()).isEqualTo(line);
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("ip route add 10.9.0.0/24 via 10.0.0.9", "10.9.0.0/24 via 10.0.0.9 dev va"),
        Arguments.of("ip route add 10.9.1.0/24 dev va", "10.9.1.0/24 dev va scope link"),
        Arguments.of("ip route add 10.9.3.0/24 via 10.0.0.1", "10.9.3.0/24 via 10.0.0.1 dev va"),
        Arguments.of(
            "ip route add 10.18.0.0/24 via 10.77.0.7 dev va onlink",
            "10.18.0.0/24 via 10.77.0.7 dev va onlink"),
        Arguments.of("ip route add 10.11.0.0/24 dev va scope global", "10.11.0.0/24 dev va"),
        Arguments.of(
            "ip route add 10.13.0.0/24 via 10.0.0.7 proto static",
            "10.13.0.0/24 via 10.0.0.7 dev va proto static"),
        Arguments.of(
            "ip route add 10.14.0.0/24 via 10.0.0.7 proto 99",
            "10.14.0.0/24 via 10.0.0.7 dev va proto openr"),
        Arguments.of(
            "ip route add 10.6.0.0/24 via 10.0.0.2 src 10.0.1.1",
            "10.6.0.0/24 via 10.0.0.2 dev va src 10.0.1.1"),
        Arguments.of(
            "ip route add prohibit 10.10.0.0/24 metric 5", "prohibit 10.10.0.0/24 metric 5"),
        Arguments.of("ip r a default via 10.0.0.254", "default via 10.0.0.254 dev va"),
        Arguments.of(
            "ip route add 10.9.9.0/24 via 10.0.0.9 metric 10",
            "10.9.9.0/24 via 10.0.0.9 dev va metric 10"),
        Arguments.of(
            "ip route add 10.50.0.0/24 nexthop via 10.0.0.9 dev va weight 1 nexthop via 10.0.0.8 weight 2",
            "10.50.0.0/24 nexthop via 10.0.0.9 dev va weight 1 nexthop via 10.0.0.8 dev va weight 2"));
  }

  @ParameterizedTest
  @MethodSource("accepted")
  void accepted_andStoredAsTheKernelShowsThem(String line, String shown) {
    assertThat(main(root(run(with(line))))).contains(shown);
  }

  @Test
  void gatewayViaAStaticLinkRoute_isValid() {
    Scenario s =
        run(with("ip route add 10.9.1.0/24 dev va", "ip route add 10.9.5.0/24 via 10.9.1.5"));
    assertThat(main(root(s))).contains("10.9.5.0/24 via 10.9.1.5 dev va");
  }

  @Test
  void otherTable_gatewayFoundThroughMain_whenTheTableHasNoRoute() {
    Scenario s =
        run(
            with(
                "ip route add 10.9.4.0/24 via 10.0.0.9 table 100",
                "ip route add 10.1.0.0/24 dev va table 9",
                "ip route add 10.4.0.0/24 via 10.1.0.7 table 9",
                "ip route add local 10.9.7.0/24 dev va",
                "ip route add throw 10.9.0.0/24 table 9"));
    assertThat(table(root(s), 100)).containsExactly("10.9.4.0/24 via 10.0.0.9 dev va table 100");
    assertThat(table(root(s), 9))
        .containsExactly(
            "10.1.0.0/24 dev va table 9 scope link",
            "10.4.0.0/24 via 10.1.0.7 dev va table 9",
            "throw 10.9.0.0/24 table 9");
    assertThat(Scripts.local(root(s))).contains("local 10.9.7.0/24 dev va table local scope host");
  }

  @Test
  void gatewayCheck_goesThroughTheRules() {
    assertThat(
            fails(
                    with(
                        "ip rule add fwmark 1 lookup 7",
                        "ip rule flush",
                        "ip route add 10.9.0.0/24 via 10.0.0.9"))
                .reason())
        .isEqualTo("Error: Nexthop has invalid gateway.");
    assertThat(
            main(
                root(
                    run(
                        with(
                            "ip rule add pref 100 lookup 50",
                            "ip route add 10.9.0.0/24 via 10.0.0.9")))))
        .contains("10.9.0.0/24 via 10.0.0.9 dev va");
  }

  @Test
  void appendPrependReplaceChangeDelete_followTheKernel() {
    Scenario s =
        run(
            with(
                "ip route add default via 10.0.0.254",
                "ip route append default via 10.0.0.253",
                "ip route prepend default via 10.0.0.252",
                "ip route change default via 10.0.0.251",
                "ip route replace 10.99.0.0/24 via 10.0.0.251",
                "ip route del default"));
    assertThat(main(root(s)).stream().filter(r -> r.startsWith("default")))
        .containsExactly("default via 10.0.0.254 dev va", "default via 10.0.0.253 dev va");
    assertThat(main(root(s))).contains("10.99.0.0/24 via 10.0.0.251 dev va");
    assertThat(
            fails(
                    with(
                        "ip route add default via 10.0.0.254",
                        "ip route add default via 10.0.0.253"))
                .reason())
        .isEqualTo("RTNETLINK answers: File exists");
    assertThat(
            fails(
                    with(
                        "ip route add default via 10.0.0.254",
                        "ip route append default via 10.0.0.254"))
                .reason())
        .isEqualTo("RTNETLINK answers: File exists");
  }

  @Test
  void sameKeyDifferentMetric_coexist_deleteWithoutMetricTakesTheLowest() {
    Scenario s =
        run(
            with(
                "ip route add 10.30.0.0/24 via 10.0.0.2 metric 100",
                "ip route add 10.30.0.0/24 via 10.0.0.3 metric 50",
                "ip route del 10.30.0.0/24"));
    assertThat(main(root(s)))
        .contains("10.30.0.0/24 via 10.0.0.2 dev va metric 100")
        .doesNotContain("10.30.0.0/24 via 10.0.0.3 dev va metric 50");
    assertThat(
            fails(
                    with(
                        "ip route add 10.9.9.0/24 via 10.0.0.9 metric 10",
                        "ip route del 10.9.9.0/24 metric 11"))
                .reason())
        .isEqualTo("RTNETLINK answers: No such process");
    assertThat(
            fails(
                    with(
                        "ip route add 10.9.9.0/24 via 10.0.0.9",
                        "ip route del 10.9.9.0/24 via 10.0.0.8"))
                .reason())
        .isEqualTo("RTNETLINK answers: No such process");
  }

  @Test
  void replaceSameRouteTwice_isANoOp() {
    Scenario s =
        run(
            with(
                "ip route replace 10.31.0.0/24 via 10.0.0.2",
                "ip route replace 10.31.0.0/24 via 10.0.0.2",
                "ip route replace 10.31.0.0/24 via 10.0.0.3"));
    assertThat(main(root(s)))
        .filteredOn(r -> r.startsWith("10.31."))
        .containsExactly("10.31.0.0/24 via 10.0.0.3 dev va");
  }

  @Test
  void flush_removesMatchingRoutes() {
    Scenario s =
        run(
            with(
                "ip route add 10.1.0.0/24 dev va table 9",
                "ip route add 10.2.0.0/24 dev va table 9",
                "ip route add 10.9.0.0/24 via 10.0.0.9",
                "ip route flush table 9",
                "ip route flush dev va"));
    assertThat(table(root(s), 9)).isEmpty();
    assertThat(main(root(s))).isEmpty();
    assertThat(Scripts.local(root(s))).isNotEmpty();
    assertThat(fails("ip route flush").reason())
        .isEqualTo("\"ip route flush\" requires arguments.");
  }

  @Test
  void typeKeywordAndShortForms() {
    assertThat(
            main(
                root(
                    run(
                        with(
                            "ip ro add unreachable 10.40.2.0/24",
                            "ip r add to throw 10.40.4.0/24")))))
        .contains("unreachable 10.40.2.0/24", "throw 10.40.4.0/24");
    assertThat(fails(with("ip route add 10.1.0.0/24 10.2.0.0/24")).reason())
        .isEqualTo("Error: either \"to\" is duplicate, or \"10.2.0.0/24\" is a garbage.");
  }

  @Test
  void ipv6Routes_areNotModelled_noted() {
    Scenario s = run(with("ip -6 route add 2001:db8::/64 dev va", "ip route add fd00::/8 dev va"));
    assertThat(s.notes())
        .hasSize(2)
        .allSatisfy(n -> assertThat(n.severity()).isEqualTo(Scenario.Severity.NOT_MODELLED));
  }
}
