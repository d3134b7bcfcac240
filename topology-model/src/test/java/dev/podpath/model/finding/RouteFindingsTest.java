package dev.podpath.model.finding;

import static dev.podpath.model.finding.Networks.findings;
import static dev.podpath.model.finding.Networks.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Routes that hide others, and routes via the namespace's own address: given a network, then
 * findings.
 */
final class RouteFindingsTest {

  /**
   * A host a on a LAN 10.0.0.0/24 with a router r at 10.0.0.254, on bridge br0 of namespace lan.
   */
  private static final String[] LAN = {
    "ip netns add lan", "ip -n lan link add br0 type bridge", "ip -n lan link set br0 up",
    "ip netns add a", "ip -n lan link add p-a type veth peer name eth0 netns a",
        "ip -n lan link set p-a master br0",
    "ip -n lan link set p-a up", "ip -n a link set eth0 up",
        "ip -n a addr add 10.0.0.1/24 dev eth0",
    "ip netns add r", "ip -n lan link add p-r type veth peer name eth0 netns r",
        "ip -n lan link set p-r master br0",
    "ip -n lan link set p-r up", "ip -n r link set eth0 up",
        "ip -n r addr add 10.0.0.254/24 dev eth0",
  };

  private static String[] lan(String... more) {
    String[] all = java.util.Arrays.copyOf(LAN, LAN.length + more.length);
    System.arraycopy(more, 0, all, LAN.length, more.length);
    return all;
  }

  @Test
  void connectedRoute_behindARouteOfTheSamePrefixViaAGateway_isShadowed() {
    NetworkFacts f =
        Networks.scenario(
            lan(
                "ip -n a route del 10.0.0.0/24 dev eth0",
                "ip -n a route add 10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1 metric 100",
                "ip -n a route add 10.0.0.0/24 via 10.0.0.254 metric 50"));
    Finding x = only(f, Code.ROUTE_SHADOWED);
    assertThat(x.severity()).isEqualTo(Severity.ERROR);
    assertThat(x.subject()).isEqualTo("a");
    assertThat(x.explanation())
        .contains("sends every packet for 10.0.0.0/24 via 10.0.0.254 dev eth0")
        .contains("its metric 50 is lower than 100")
        .contains("never used");
    assertThat(Networks.evidence(x))
        .contains("t.sh:18: a: 10.0.0.0/24 via 10.0.0.254 dev eth0 metric 50")
        .contains(
            "t.sh:17: a: 10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1 metric 100");
    assertThat(x.fixes().get(0).change())
        .isEqualTo("ip -n a route del 10.0.0.0/24 via 10.0.0.254 dev eth0 metric 50");
  }

  @Test
  void connectedRouteDeleted_whileARouteViaItsGatewayRemains_isMissing_withTheRouteToPutBack() {
    NetworkFacts f =
        Networks.scenario(
            lan(
                "ip -n a route add 10.240.3.0/24 via 10.0.0.254 dev eth0",
                "ip -n a route del 10.0.0.0/24 dev eth0"));
    Finding x = only(f, Code.CONNECTED_ROUTE_MISSING);
    assertThat(x.severity()).isEqualTo(Severity.ERROR);
    assertThat(x.subject()).isEqualTo("a");
    assertThat(x.explanation())
        .contains("has 10.0.0.1/24 on eth0 but no route to 10.0.0.0/24 on it")
        .contains("unreachable")
        .contains("Nexthop has invalid gateway");
    assertThat(Networks.evidence(x))
        .contains(
            "t.sh:9: a: eth0: 10.0.0.1/24 without its connected route 10.0.0.0/24 dev eth0 proto"
                + " kernel scope link src 10.0.0.1")
        .contains("t.sh:16: a: 10.240.3.0/24 via 10.0.0.254 dev eth0");
    assertThat(x.fixes().get(0).change())
        .isEqualTo("ip -n a route add 10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1");
  }

  @Test
  void connectedRouteDeleted_withNoRouteViaItsSubnet_orInPlace_isNoFinding() {
    assertThat(
            findings(
                Networks.scenario(lan("ip -n a route del 10.0.0.0/24 dev eth0")),
                Code.CONNECTED_ROUTE_MISSING))
        .as("nothing shows the route was there: a dump may have left it out")
        .isEmpty();
    assertThat(
            findings(
                Networks.scenario(lan("ip -n a route add 10.240.3.0/24 via 10.0.0.254 dev eth0")),
                Code.CONNECTED_ROUTE_MISSING))
        .isEmpty();
  }

  /**
   * drand/drand#22: a Docker network's bridge took the LAN gateway's address; the default route via
   * that address leaves by eth0.
   */
  @Test
  void gatewayAddressTakenByADockerNetworksBridge_theFixIsTheNetwork_notTheRoute() {
    NetworkFacts f =
        Networks.scenario(
            lan(
                "ip -n a route add default via 10.0.0.254 dev eth0",
                "ip -n a link add br-63b20fcb86f8 type bridge",
                "ip -n a link set br-63b20fcb86f8 up",
                "ip -n a addr add 10.0.0.254/24 dev br-63b20fcb86f8"));
    Finding x = only(f, Code.ROUTE_VIA_OWN_ADDRESS);
    assertThat(Networks.evidence(x))
        .contains("t.sh:16: a: default via 10.0.0.254 dev eth0")
        .contains("t.sh:19: a: 10.0.0.254/24 on br-63b20fcb86f8");
    assertThat(x.fixes())
        .extracting(Fix::change)
        .containsExactly(
            "ip netns exec a docker network rm 63b20fcb86f8",
            "ip -n a addr del 10.0.0.254/24 dev br-63b20fcb86f8");
    assertThat(x.fixes().get(0).why())
        .contains("took 10.0.0.254, the address of the gateway on eth0's LAN");
  }

  @Test
  void twoDefaultRoutesOfDifferentMetrics_areFailover_notAFinding() {
    NetworkFacts f =
        Networks.scenario(
            lan(
                "ip -n a route add default via 10.0.0.254 metric 100",
                "ip -n a route add default via 10.0.0.253 metric 600"));
    assertThat(findings(f, Code.ROUTE_SHADOWED)).isEmpty();
  }

  @Test
  void blackholeInsideARouteViaAGateway_dropsPartOfItsRange_anError() {
    NetworkFacts f =
        Networks.scenario(
            lan(
                "ip -n a route add 10.244.0.0/16 via 10.0.0.254",
                "ip -n a route add blackhole 10.244.3.0/26"));
    Finding x = only(f, Code.ROUTE_SHADOWED);
    assertThat(x.severity()).isEqualTo(Severity.ERROR);
    assertThat(x.explanation())
        .contains(
            "the blackhole route 10.244.3.0/26 is more specific than 10.244.0.0/16 via"
                + " 10.0.0.254 dev eth0")
        .contains("drops packets for 10.244.3.0/26");
    assertThat(x.fixes().get(0).change()).isEqualTo("ip -n a route del blackhole 10.244.3.0/26");
  }

  @Test
  void unreachableInsideAConnectedRoute_isAWarning_andTheDefaultRouteCountsForNothing() {
    NetworkFacts f =
        Networks.scenario(
            lan(
                "ip -n a route add default via 10.0.0.254",
                "ip -n a route add unreachable 10.0.0.99",
                "ip -n a route add prohibit 192.0.2.0/24"));
    Finding x = only(f, Code.ROUTE_SHADOWED);
    assertThat(x.severity()).isEqualTo(Severity.WARNING);
    assertThat(x.explanation())
        .startsWith("the unreachable route 10.0.0.99 is more specific than 10.0.0.0/24 dev eth0");
  }

  @Test
  void
      routeViaTheNamespacesOwnAddress_asADumpCanShowIt_isAnError_andNamesTheConnectedRouteItStandsBefore() {
    NetworkFacts f =
        Networks.withRoute(
            Networks.scenario(lan()),
            "a",
            new Route(
                TableIds.MAIN,
                RouteType.UNICAST,
                Prefix.parse("10.0.0.0/24"),
                List.of(NextHop.via(Ipv4Address.parse("10.0.0.1"), "eth0")),
                Optional.empty(),
                0,
                RouteScope.GLOBAL,
                dev.podpath.model.route.RouteProtocol.STATIC,
                new Origin("worker1/ip-route.txt", 3, "10.0.0.0/24 via 10.0.0.1 dev eth0")));
    Finding x = only(f, Code.ROUTE_VIA_OWN_ADDRESS);
    assertThat(x.severity()).isEqualTo(Severity.ERROR);
    assertThat(x.explanation())
        .contains("routes 10.0.0.0/24 via 10.0.0.1, which is its own address (on eth0)")
        .contains("stands in the way of the connected route 10.0.0.0/24 dev eth0 proto kernel");
    assertThat(Networks.evidence(x))
        .contains("worker1/ip-route.txt:3: a: 10.0.0.0/24 via 10.0.0.1 dev eth0")
        .contains("t.sh:9: a: 10.0.0.1/24 on eth0");
  }

  @Test
  void healthyLan_hasNoFinding() {
    assertThat(findings(Networks.scenario(lan("ip -n a route add default via 10.0.0.254"))))
        .isEmpty();
  }
}
