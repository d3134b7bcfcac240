package dev.podpath.model.finding;

import static dev.podpath.model.finding.Networks.findings;
import static dev.podpath.model.finding.Networks.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The way there and back through a router: gateways nothing answers for, hosts with no route back,
 * forwarding off, rp_filter, devices without carrier. Given a network, then findings.
 */
final class PathFindingsTest {

  /**
   * ns1 -- router -- ns2, as missing-route.sh and rp-filter.sh build it; {@code more} lines after.
   */
  private static String[] routed(String... more) {
    List<String> l =
        new ArrayList<>(
            List.of(
                "ip netns add router",
                "ip netns add ns1",
                "ip netns add ns2",
                "ip -n router link add v1_r type veth peer name v1 netns ns1",
                "ip -n router addr add 10.1.1.1/24 dev v1_r",
                "ip -n router link set v1_r up",
                "ip -n ns1 addr add 10.1.1.2/24 dev v1",
                "ip -n ns1 link set v1 up",
                "ip -n router link add v2_r type veth peer name v2 netns ns2",
                "ip -n router addr add 10.1.2.1/24 dev v2_r",
                "ip -n router link set v2_r up",
                "ip -n ns2 addr add 10.1.2.2/24 dev v2",
                "ip -n ns2 link set v2 up",
                "ip -n ns1 route add default via 10.1.1.1"));
    l.addAll(List.of(more));
    return l.toArray(String[]::new);
  }

  @Test
  void hostBehindTheRouter_withoutARouteBack_isFound_aWarningForADefaultRoute() {
    NetworkFacts f =
        Networks.scenario(routed("ip netns exec router sysctl -w net.ipv4.ip_forward=1"));
    Finding x = only(f, Code.NO_ROUTE_BACK);
    assertThat(x.severity()).isEqualTo(Severity.WARNING);
    assertThat(x.subject()).isEqualTo("ns2");
    assertThat(x.explanation())
        .startsWith("ns1's packets from 10.1.1.2 reach ns2 (10.1.2.2) through router")
        .contains("ns2 has no route back to 10.1.1.2");
    assertThat(x.fixes().get(0).change()).isEqualTo("ip -n ns2 route add 10.1.1.0/24 via 10.1.2.1");
  }

  @Test
  void withARouteBack_orAMasqueradingRouter_noFinding() {
    assertThat(
            findings(
                Networks.scenario(
                    routed(
                        "ip netns exec router sysctl -w net.ipv4.ip_forward=1",
                        "ip -n ns2 route add default via 10.1.2.1"))))
        .isEmpty();
    assertThat(
            findings(
                Networks.scenario(
                    routed(
                        "ip netns exec router sysctl -w net.ipv4.ip_forward=1",
                        "ip netns exec router iptables -t nat -A POSTROUTING -o v2_r -j MASQUERADE")),
                Code.NO_ROUTE_BACK))
        .isEmpty();
  }

  @Test
  void aSpecificRouteWithoutWayBack_isAnError() {
    NetworkFacts f =
        Networks.scenario(
            routed(
                "ip netns exec router sysctl -w net.ipv4.ip_forward=1",
                "ip -n ns1 route add 10.1.2.0/24 via 10.1.1.1"));
    assertThat(only(f, Code.NO_ROUTE_BACK).severity()).isEqualTo(Severity.ERROR);
  }

  @Test
  void routerWithForwardingOff_isFound_withTheRouteThatUsesIt() {
    NetworkFacts f = Networks.scenario(routed("ip -n ns2 route add default via 10.1.2.1"));
    List<Finding> x = findings(f, Code.FORWARDING_OFF);
    assertThat(x).hasSize(2);
    assertThat(x.get(0).explanation())
        .contains("ns1 sends default via 10.1.1.1, which is router")
        .contains("forwarding is off on v1_r");
    assertThat(Networks.evidence(x.get(0)))
        .contains("-: router: net.ipv4.conf.v1_r.forwarding = 0");
    assertThat(x.get(0).fixes().get(0).change())
        .isEqualTo("ip netns exec router sysctl -w net.ipv4.ip_forward=1");
  }

  @Test
  void forwardingNotDumped_isNotConcluded() {
    NetworkFacts f =
        Networks.dumpedWithoutSysctls(
            Cluster.NONE, routed("ip -n ns2 route add default via 10.1.2.1"));
    assertThat(findings(f, Code.FORWARDING_OFF)).isEmpty();
  }

  @Test
  void strictRpFilter_dropsTheRepliesAMultiHomedHostSendsByItsDefaultRoute() {
    NetworkFacts f =
        Networks.scenario(
            routed(
                "ip netns exec router sysctl -w net.ipv4.ip_forward=1",
                "ip netns exec router sysctl -w net.ipv4.conf.all.rp_filter=1",
                "ip -n router link add v3_r type veth peer name v3 netns ns2",
                "ip -n router addr add 10.1.3.1/24 dev v3_r",
                "ip -n router link set v3_r up",
                "ip -n ns2 addr add 10.1.3.2/24 dev v3",
                "ip -n ns2 link set v3 up",
                "ip -n ns2 route add default via 10.1.3.1"));
    Finding x = only(f, Code.RP_FILTER_DROPS);
    assertThat(x.subject()).isEqualTo("router");
    assertThat(x.explanation())
        .startsWith("ns2 sends packets from 10.1.2.2 via router")
        .contains("arrive on router/v3_r")
        .contains("strict (rp_filter=1)")
        .contains("its route back to 10.1.2.2 leaves by v2_r, not v3_r");
    assertThat(x.fixes().get(0).change())
        .isEqualTo(
            "ip netns exec router sysctl -w net.ipv4.conf.all.rp_filter=2 net.ipv4.conf.v3_r.rp_filter=2");
  }

  @Test
  void looseRpFilter_passesTheAsymmetricReply() {
    NetworkFacts f =
        Networks.scenario(
            routed(
                "ip netns exec router sysctl -w net.ipv4.ip_forward=1",
                "ip netns exec router sysctl -w net.ipv4.conf.all.rp_filter=2",
                "ip -n router link add v3_r type veth peer name v3 netns ns2",
                "ip -n router addr add 10.1.3.1/24 dev v3_r",
                "ip -n router link set v3_r up",
                "ip -n ns2 addr add 10.1.3.2/24 dev v3",
                "ip -n ns2 link set v3 up",
                "ip -n ns2 route add default via 10.1.3.1"));
    assertThat(findings(f, Code.RP_FILTER_DROPS)).isEmpty();
  }

  @Test
  void looseRpFilter_dropsASourceWithNoRouteBackAtAll() {
    NetworkFacts f =
        Networks.scenario(
            routed(
                "ip netns exec router sysctl -w net.ipv4.ip_forward=1",
                "ip netns exec router sysctl -w net.ipv4.conf.all.rp_filter=2",
                "ip -n ns1 addr add 10.77.0.1/32 dev v1",
                "ip -n ns2 route add default via 10.1.2.1"));
    Finding x = only(f, Code.RP_FILTER_DROPS);
    assertThat(x.explanation())
        .contains("from 10.77.0.1")
        .contains("loose (rp_filter=2) and it has no route back");
    assertThat(x.fixes().get(0).change())
        .isEqualTo("ip -n router route add 10.77.0.1/32 via 10.1.1.2");
  }

  @Test
  void hostGwRouteToANodeOnAnotherSegment_nothingAnswersTheGateway() {
    NetworkFacts f =
        Networks.scenario(
            routed(
                "ip netns exec router sysctl -w net.ipv4.ip_forward=1",
                "ip -n ns2 route add default via 10.1.2.1",
                "ip -n ns1 route add 10.10.2.0/24 via 10.1.2.2 dev v1 onlink"));
    Finding x = only(f, Code.GATEWAY_NOT_ON_LINK);
    assertThat(x.subject()).isEqualTo("ns1");
    assertThat(x.explanation())
        .contains("ns1 sends 10.10.2.0/24 via 10.1.2.2 on v1")
        .contains("no device on v1's L2 segment (router/v1_r) has 10.1.2.2")
        .contains("10.1.2.2 is ns2/v2, which is not on that segment");
    assertThat(Networks.evidence(x))
        .contains("t.sh:17: ns1: 10.10.2.0/24 via 10.1.2.2 dev v1 onlink")
        .contains("t.sh:12: ns2: 10.1.2.2/24 on v2")
        .doesNotContain("proxy_arp");
    assertThat(x.fixes())
        .extracting(Fix::change)
        .containsExactly(
            "ip -n ns1 route replace 10.10.2.0/24 via 10.1.1.1 dev v1 && ip -n router route add 10.10.2.0/24 via 10.1.2.2",
            "ip -n ns1 route replace 10.10.2.0/24 via GATEWAY dev v1");
  }

  @Test
  void calicoStyleGatewayNobodyHas_isAnsweredByProxyArp_orFoundWithItsSysctl() {
    String[] node = {
      "ip netns add node",
      "ip netns add pod",
      "ip netns exec node sysctl -w net.ipv4.ip_forward=1",
      "ip -n node link add cali1 type veth peer name eth0 netns pod",
      "ip -n node link set cali1 up",
      "ip -n pod addr add 10.244.0.5/32 dev eth0",
      "ip -n pod link set eth0 up",
      "ip -n pod route add 169.254.1.1 dev eth0 scope link",
      "ip -n pod route add default via 169.254.1.1 dev eth0",
      "ip -n node route add 10.244.0.5 dev cali1 scope link",
      "ip netns add lan",
      "ip -n lan link add br0 type bridge",
      "ip -n lan link set br0 up",
      "ip -n node link add eth0 type veth peer name p-node netns lan",
      "ip -n lan link set p-node master br0",
      "ip -n lan link set p-node up",
      "ip -n node addr add 192.168.0.10/24 dev eth0",
      "ip -n node link set eth0 up",
      "ip -n node route add default via 192.168.0.1"
    };
    NetworkFacts off = Networks.scenario(node);
    Finding x = only(off, Code.GATEWAY_NOT_ON_LINK);
    assertThat(x.explanation())
        .contains("node/cali1 could answer for it by proxy ARP")
        .contains("proxy_arp is off");
    assertThat(x.fixes().get(0).change())
        .isEqualTo("ip netns exec node sysctl -w net.ipv4.conf.cali1.proxy_arp=1");
    List<String> on = new ArrayList<>(List.of(node));
    on.add("ip netns exec node sysctl -w net.ipv4.conf.cali1.proxy_arp=1");
    assertThat(findings(Networks.scenario(on.toArray(String[]::new)), Code.GATEWAY_NOT_ON_LINK))
        .isEmpty();
  }

  @Test
  void defaultRouteToARouterTheScenarioDoesNotModel_isNotAFinding() {
    assertThat(
            findings(
                Networks.scenario(
                    routed(
                        "ip netns exec router sysctl -w net.ipv4.ip_forward=1",
                        "ip -n ns2 route add default via 10.1.2.1",
                        "ip -n router route add default via 10.1.2.99"))))
        .extracting(Finding::code)
        .doesNotContain(Code.GATEWAY_NOT_ON_LINK);
  }

  @Test
  void vethUpWhosePeerIsDown_hasNoCarrier() {
    NetworkFacts f =
        Networks.scenario(
            routed(
                "ip netns exec router sysctl -w net.ipv4.ip_forward=1",
                "ip -n ns2 route add default via 10.1.2.1",
                "ip -n router link set v2_r down"));
    Finding x = only(f, Code.NO_CARRIER);
    assertThat(x.subject()).isEqualTo("ns2");
    assertThat(x.explanation()).startsWith("ns2/v2 is up but its peer router/v2_r is down");
    assertThat(x.fixes().get(0).change()).isEqualTo("ip -n router link set v2_r up");
  }
}
