package dev.podpath.model.iproute2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.dump.IpRouteTextParser;
import dev.podpath.model.dump.ParseResult;
import dev.podpath.model.dump.RouteDump;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.Route;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.NetnsName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Given a route added by a command, when {@code ip route show} prints it and a snapshot reads that
 * back, then both readers of {@link RouteGrammar} make the same route.
 */
final class RouteGrammarTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      10.10.2.0/24 via 192.168.2.15 dev eth0                         | 10.10.2.0/24 via 192.168.2.15 dev eth0 proto boot
      10.10.3.0/24 via 192.168.2.15 dev eth0 metric 100 onlink proto static | 10.10.3.0/24 via 192.168.2.15 dev eth0 proto static metric 100 onlink
      blackhole 10.20.1.128/25                                       | blackhole 10.20.1.128/25 proto boot
      10.10.4.0/24 dev eth0 scope link src 192.168.2.16 table 100    | 10.10.4.0/24 dev eth0 table 100 proto boot scope link src 192.168.2.16
      10.10.5.0/24 via 192.168.2.15 dev eth0 mtu 1400 advmss 1360    | 10.10.5.0/24 via 192.168.2.15 dev eth0 proto boot mtu 1400 advmss 1360
      """)
  void aCommand_andTheDumpOfItsRoute_makeTheSameRoute(String args, String shown) throws Exception {
    Scenario s =
        ScenarioInterpreter.interpret(
            "route.sh",
            "ip link add eth0 type dummy\nip link set eth0 up\n"
                + "ip addr add 192.168.2.16/24 dev eth0\nip route add "
                + args
                + "\n",
            Sysctls.kernelDefaults());
    ParseResult<RouteDump> read = IpRouteTextParser.parse("ip-route.txt", shown + "\n");
    assertThat(read.warnings()).isEmpty();
    Route dumped = read.value().routes().get(0);
    Route typed =
        s.topology()
            .require(NetnsName.ROOT)
            .routing()
            .table(dumped.table())
            .exact(dumped.destination())
            .get(0);
    assertThat(withoutOrigin(dumped)).isEqualTo(withoutOrigin(typed));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "met, METRIC",
    "pri, METRIC",
    "t, TABLE",
    "proto, PROTOCOL",
    "d, TOS",
    "dev, DEV",
    "pref, NOT_MODELLED_METRIC",
    "initcwnd, TCP_METRIC"
  })
  void typed_asIprouteMatchesIt(String word, RouteGrammar.Word expected) {
    assertThat(RouteGrammar.typed(word)).contains(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"met", "t", "d"})
  void shown_readsWholeWordsOnly(String word) {
    assertThat(RouteGrammar.shown(word)).isEmpty();
  }

  private static Route withoutOrigin(Route r) {
    return new Route(
        r.table(),
        r.type(),
        r.destination(),
        r.nextHops(),
        r.src(),
        r.metric(),
        r.scope(),
        r.protocol(),
        Origin.KERNEL);
  }
}
