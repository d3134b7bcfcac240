package dev.podpath.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.DropReason;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Routing and forwarding decisions without the engine, each from a kernel-verified fact of
 * kernel-semantics.md sections 5 and 6 (router r: eth0 10.1.0.254 to h, eth1 10.2.0.254 to s, eth2
 * 10.3.0.254 to t), checked through {@code ip route get} as the kernel answered it.
 */
final class RoutingDecisionsTest {

  private static final String ROUTER =
      String.join(
          "\n",
          "ip netns add r",
          "ip netns add h",
          "ip netns add s",
          "ip netns add t",
          "ip -n r link add eth0 type veth peer name eth0 netns h",
          "ip -n r link add eth1 type veth peer name eth0 netns s",
          "ip -n r link add eth2 type veth peer name eth0 netns t",
          "ip -n r addr add 10.1.0.254/24 dev eth0",
          "ip -n r addr add 10.2.0.254/24 dev eth1",
          "ip -n r addr add 10.3.0.254/24 dev eth2",
          "ip -n r link set eth0 up",
          "ip -n r link set eth1 up",
          "ip -n r link set eth2 up",
          "ip -n r link set lo up",
          "ip netns exec r sysctl -w net.ipv4.ip_forward=1",
          "");

  private static Netns router(String... extra) throws Exception {
    String script = ROUTER + String.join("\n", extra) + "\n";
    return ScenarioInterpreter.interpret("router-test.sh", script, Sysctls.kernelDefaults())
        .topology()
        .require(NetnsName.of("r"));
  }

  private static String get(Netns r, String dst) {
    return RouteGet.answer(r, Ipv4Address.parse(dst), Optional.empty(), Optional.empty(), 0).text();
  }

  private static String getFrom(Netns r, String dst, String src, String iif) {
    return RouteGet.answer(
            r, Ipv4Address.parse(dst), Optional.of(Ipv4Address.parse(src)), Optional.of(iif), 0)
        .text();
  }

  @Test
  void longestPrefixWins_andBlackholeIsInvalidArgument() throws Exception {
    Netns r =
        router(
            "ip -n r route add 10.20.0.0/16 via 10.2.0.1",
            "ip -n r route add 10.20.1.0/24 via 10.3.0.1",
            "ip -n r route add blackhole 10.20.1.128/25");
    assertThat(get(r, "10.20.2.1"))
        .isEqualTo("10.20.2.1 via 10.2.0.1 dev eth1 src 10.2.0.254 uid 0");
    assertThat(get(r, "10.20.1.1"))
        .isEqualTo("10.20.1.1 via 10.3.0.1 dev eth2 src 10.3.0.254 uid 0");
    assertThat(get(r, "10.20.1.200")).isEqualTo("RTNETLINK answers: Invalid argument");
  }

  @Test
  void lowestMetricWins_amongEqualPrefixes() throws Exception {
    Netns r =
        router(
            "ip -n r route add 10.30.0.0/24 via 10.2.0.1 metric 100",
            "ip -n r route add 10.30.0.0/24 via 10.3.0.1 metric 50");
    assertThat(get(r, "10.30.0.1"))
        .isEqualTo("10.30.0.1 via 10.3.0.1 dev eth2 src 10.3.0.254 uid 0");
  }

  @Test
  void routeTypes_locallyGenerated_giveTheirErrno() throws Exception {
    Netns r =
        router(
            "ip -n r route add unreachable 10.40.2.0/24",
            "ip -n r route add prohibit 10.40.3.0/24",
            "ip -n r route add throw 10.40.4.0/24");
    assertThat(get(r, "10.40.2.1")).isEqualTo("RTNETLINK answers: No route to host");
    assertThat(get(r, "10.40.3.1")).isEqualTo("RTNETLINK answers: Permission denied");
    assertThat(get(r, "10.40.4.1")).isEqualTo("RTNETLINK answers: Network is unreachable");
    assertThat(get(r, "10.99.99.99")).isEqualTo("RTNETLINK answers: Network is unreachable");
  }

  @Test
  void policyRouting_sourceRuleTakesEvenConnectedDestinations_butLocalTableComesFirst()
      throws Exception {
    Netns r =
        router(
            "ip -n r route add default via 10.3.0.1 table 100",
            "ip -n r rule add from 10.1.0.0/24 lookup 100 pref 100",
            "ip -n r route add default via 10.2.0.1");
    assertThat(getFrom(r, "10.77.0.1", "10.1.0.1", "eth0"))
        .isEqualTo("10.77.0.1 from 10.1.0.1 via 10.3.0.1 dev eth2 table 100");
    assertThat(get(r, "10.77.0.1"))
        .isEqualTo("10.77.0.1 via 10.2.0.1 dev eth1 src 10.2.0.254 uid 0");
    assertThat(getFrom(r, "10.1.0.1", "10.1.0.1", "eth0"))
        .isEqualTo("10.1.0.1 from 10.1.0.1 via 10.3.0.1 dev eth2 table 100");
    assertThat(getFrom(r, "10.1.0.254", "10.1.0.1", "eth0"))
        .isEqualTo("local 10.1.0.254 from 10.1.0.1 dev lo table local");
  }

  @Test
  void throwContinuesWithTheNextRule_unreachableStops() throws Exception {
    Netns r =
        router(
            "ip -n r route add default via 10.3.0.1 table 100",
            "ip -n r rule add from 10.1.0.0/24 lookup 100 pref 100",
            "ip -n r route add default via 10.2.0.1",
            "ip -n r route add throw 10.2.0.0/24 table 100",
            "ip -n r route add unreachable 10.60.0.0/24 table 100");
    assertThat(getFrom(r, "10.2.0.1", "10.1.0.1", "eth0"))
        .isEqualTo("10.2.0.1 from 10.1.0.1 dev eth1");
    assertThat(getFrom(r, "10.60.0.1", "10.1.0.1", "eth0"))
        .isEqualTo("RTNETLINK answers: No route to host");
    assertThat(get(r, "10.60.0.1"))
        .isEqualTo("10.60.0.1 via 10.2.0.1 dev eth1 src 10.2.0.254 uid 0");
  }

  @Test
  void forwardingIsDecidedByTheIngressDevice_only() throws Exception {
    Netns r = router("ip netns exec r sysctl -w net.ipv4.conf.eth0.forwarding=0");
    assertThat(getFrom(r, "10.2.0.1", "10.1.0.1", "eth0"))
        .isEqualTo("RTNETLINK answers: No route to host");
    assertThat(getFrom(r, "10.1.0.1", "10.2.0.1", "eth1"))
        .isEqualTo("10.1.0.1 from 10.2.0.1 dev eth0");
    // weak host: the router's other address is still local with forwarding off; without an ip rule
    // the kernel reports the local route without its table (test resources random/
    // route-get-table-local.sh, kernel-checked)
    assertThat(getFrom(r, "10.2.0.254", "10.1.0.1", "eth0"))
        .isEqualTo("local 10.2.0.254 from 10.1.0.1 dev lo");
  }

  @Test
  void rpFilter_effectiveValueIsTheMaximumOfAllAndTheDevice() throws Exception {
    Netns allStrict =
        router(
            "ip netns exec r sysctl -w net.ipv4.conf.all.rp_filter=1",
            "ip netns exec r sysctl -w net.ipv4.conf.eth0.rp_filter=0");
    assertThat(getFrom(allStrict, "10.2.0.1", "10.2.0.99", "eth0"))
        .isEqualTo("RTNETLINK answers: Invalid argument");
    assertThat(getFrom(allStrict, "10.2.0.1", "10.1.0.1", "eth0"))
        .isEqualTo("10.2.0.1 from 10.1.0.1 dev eth1");
    Netns devStrict = router("ip netns exec r sysctl -w net.ipv4.conf.eth0.rp_filter=1");
    assertThat(getFrom(devStrict, "10.2.0.1", "10.2.0.99", "eth0"))
        .isEqualTo("RTNETLINK answers: Invalid argument");
  }

  @Test
  void rpFilterLoose_needsOnlySomeRouteBack() throws Exception {
    Netns loose = router("ip netns exec r sysctl -w net.ipv4.conf.eth0.rp_filter=2");
    assertThat(getFrom(loose, "10.2.0.1", "10.2.0.99", "eth0"))
        .isEqualTo("10.2.0.1 from 10.2.0.99 dev eth1");
    assertThat(getFrom(loose, "10.2.0.1", "10.77.0.1", "eth0"))
        .isEqualTo("RTNETLINK answers: Invalid argument");
    Netns withDefault =
        router(
            "ip netns exec r sysctl -w net.ipv4.conf.eth0.rp_filter=2",
            "ip -n r route add default via 10.2.0.1");
    assertThat(getFrom(withDefault, "10.2.0.1", "10.77.0.1", "eth0"))
        .isEqualTo("10.2.0.1 from 10.77.0.1 dev eth1");
  }

  @Test
  void rpFilterDrop_namesTheReverseRoute() throws Exception {
    Netns r = router("ip netns exec r sysctl -w net.ipv4.conf.all.rp_filter=1");
    var d =
        RouteInput.decide(
            r, Ipv4Address.parse("10.2.0.1"), Ipv4Address.parse("10.2.0.99"), "eth0", 0);
    assertThat(d).isInstanceOf(InputDecision.Drop.class);
    DropReason reason = ((InputDecision.Drop) d).reason();
    assertThat(reason).isInstanceOf(DropReason.RpFilter.class);
    assertThat(((DropReason.RpFilter) reason).reverseRoute())
        .hasValueSatisfying(rt -> assertThat(rt.dev()).contains("eth1"));
  }

  @Test
  void onlinkGateway_routesThroughTheNamedDevice() throws Exception {
    Netns r = router("ip -n r route add 10.9.0.0/24 via 10.5.5.5 dev eth1 onlink");
    assertThat(get(r, "10.9.0.7")).isEqualTo("10.9.0.7 via 10.5.5.5 dev eth1 src 10.2.0.254 uid 0");
  }

  @Test
  void prefsrc_isReportedAsTheSource() throws Exception {
    Netns r = router("ip -n r route add 10.6.0.0/24 via 10.2.0.1 src 10.3.0.254");
    assertThat(get(r, "10.6.0.1")).isEqualTo("10.6.0.1 via 10.2.0.1 dev eth1 src 10.3.0.254 uid 0");
  }
}
