package dev.podpath.model.finding;

import static dev.podpath.model.finding.Networks.findings;
import static dev.podpath.model.finding.Networks.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * iptables in the way: FORWARD's DROP policy (Docker &gt;= 1.13) against a CNI bridge, the host
 * firewall's REJECT in INPUT against a Service endpoint on the host, a catch-all before other
 * chains. Given a network, then findings.
 */
final class FirewallFindingsTest {

  /** A node with pod p1 on cni0 and an uplink eth0 to ext. */
  private static final List<String> NODE =
      List.of(
          "ip netns add node",
          "ip netns add ext",
          "ip netns add p1",
          "ip netns exec node sysctl -w net.ipv4.ip_forward=1",
          "ip -n node link add eth0 type veth peer name eth0 netns ext",
          "ip -n node addr add 192.168.1.5/24 dev eth0",
          "ip -n node link set eth0 up",
          "ip -n ext addr add 192.168.1.100/24 dev eth0",
          "ip -n ext link set eth0 up",
          "ip -n node link add cni0 type bridge",
          "ip -n node addr add 10.244.0.1/24 dev cni0",
          "ip -n node link set cni0 up",
          "ip -n node link add veth-p1 type veth peer name eth0 netns p1",
          "ip -n node link set veth-p1 master cni0",
          "ip -n node link set veth-p1 up",
          "ip -n p1 addr add 10.244.0.2/24 dev eth0",
          "ip -n p1 link set eth0 up",
          "ip -n p1 route add default via 10.244.0.1",
          "ip -n ext route add 10.244.0.0/16 via 192.168.1.5");

  private static NetworkFacts node(String... more) {
    List<String> l = new ArrayList<>(NODE);
    l.addAll(List.of(more));
    return Networks.scenario(l.toArray(String[]::new));
  }

  @Test
  void forwardPolicyDrop_withoutAnAcceptForTheBridge_isTheDockerCase() {
    Finding x =
        only(node("ip netns exec node iptables -P FORWARD DROP"), Code.FORWARD_DROPS_POD_TRAFFIC);
    assertThat(x.subject()).isEqualTo("node");
    assertThat(x.explanation())
        .contains("drops new connections of cni0's pods (10.244.0.0/24) from cni0 out on eth0")
        .contains("the policy DROP of filter FORWARD");
    assertThat(Networks.evidence(x)).contains("t.sh:20: node: filter :FORWARD DROP");
    assertThat(x.fixes())
        .extracting(Fix::change)
        .contains("ip netns exec node iptables -I FORWARD -i cni0 -j ACCEPT");
  }

  @Test
  void forwardPolicyDrop_withAcceptsForTheBridge_orDockersOwnRulesForItsBridge_isNoFinding() {
    assertThat(
            findings(
                node(
                    "ip netns exec node iptables -P FORWARD DROP",
                    "ip netns exec node iptables -A FORWARD -i cni0 -j ACCEPT",
                    "ip netns exec node iptables -A FORWARD -o cni0 -j ACCEPT")))
        .isEmpty();
    assertThat(
            findings(
                node(
                    "ip netns exec node iptables -P FORWARD DROP",
                    "ip netns exec node iptables -A FORWARD -s 10.244.0.0/16 -j ACCEPT",
                    "ip netns exec node iptables -A FORWARD -d 10.244.0.0/16 -j ACCEPT")))
        .isEmpty();
  }

  @Test
  void aRuleThatMayOrMayNotMatch_beforeThePolicy_concludesNothing() {
    assertThat(
            findings(
                node(
                    "ip netns exec node iptables -P FORWARD DROP",
                    "ip netns exec node iptables -t mangle -A PREROUTING -i cni0 -m statistic --mode random --probability 0.5"
                        + " -j MARK --set-xmark 0x4000/0x4000",
                    "ip netns exec node iptables -A FORWARD -m mark --mark 0x4000/0x4000 -j ACCEPT"),
                Code.FORWARD_DROPS_POD_TRAFFIC))
        .isEmpty();
  }

  @Test
  void
      kubeProxysForwardRules_acceptOnlyMarkedAndEstablishedTraffic_soDockersPolicyStillDropsThePods() {
    Finding x =
        only(
            node(
                "ip netns exec node iptables -P FORWARD DROP",
                "ip netns exec node iptables -t nat -N KUBE-MARK-MASQ",
                "ip netns exec node iptables -t nat -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000",
                "ip netns exec node iptables -t nat -N KUBE-SERVICES",
                "ip netns exec node iptables -t nat -A KUBE-SERVICES -d 10.96.0.10/32 -p tcp --dport 80 -j KUBE-MARK-MASQ",
                "ip netns exec node iptables -t nat -A PREROUTING -j KUBE-SERVICES",
                "ip netns exec node iptables -N KUBE-FORWARD",
                "ip netns exec node iptables -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP",
                "ip netns exec node iptables -A KUBE-FORWARD -m mark --mark 0x4000/0x4000 -j ACCEPT",
                "ip netns exec node iptables -A KUBE-FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                "ip netns exec node iptables -A FORWARD -j KUBE-FORWARD"),
            Code.FORWARD_DROPS_POD_TRAFFIC);
    assertThat(x.explanation())
        .contains("from cni0 out on eth0")
        .contains("the policy DROP of filter FORWARD");
  }

  @Test
  void dnatToTheHostsOwnAddress_rejectedByTheHostFirewallInInput() {
    NetworkFacts f =
        node(
            "ip netns exec node iptables -t nat -A PREROUTING -d 10.96.0.1/32 -p tcp --dport 443 -j DNAT"
                + " --to-destination 192.168.1.5:6443",
            "ip netns exec node iptables -A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT",
            "ip netns exec node iptables -A INPUT -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT",
            "ip netns exec node iptables -A INPUT -i lo -j ACCEPT",
            "ip netns exec node iptables -A INPUT -j REJECT --reject-with icmp-host-prohibited");
    Finding x = only(f, Code.INPUT_REJECTS_LOCAL_ENDPOINT);
    assertThat(x.explanation())
        .contains("a DNAT sends to 192.168.1.5:6443, an address of node itself")
        .contains(
            "`-A INPUT -j REJECT --reject-with icmp-host-prohibited` drops tcp from 10.244.0.0/24 to 192.168.1.5"
                + " port 6443 in on cni0")
        .contains("icmp-host-prohibited");
    assertThat(Networks.evidence(x))
        .contains("t.sh:20: node: nat -A PREROUTING -d 10.96.0.1/32 -p tcp")
        .contains("t.sh:24: node: filter -A INPUT -j REJECT --reject-with icmp-host-prohibited");
    assertThat(x.fixes().get(0).change())
        .isEqualTo("ip netns exec node iptables -I INPUT -p tcp --dport 6443 -j ACCEPT");
  }

  @Test
  void theEndpointsPortAccepted_beforeTheReject_isNoFinding() {
    assertThat(
            findings(
                node(
                    "ip netns exec node iptables -t nat -A PREROUTING -d 10.96.0.1/32 -p tcp --dport 443 -j DNAT"
                        + " --to-destination 192.168.1.5:6443",
                    "ip netns exec node iptables -A INPUT -p tcp --dport 6443 -j ACCEPT",
                    "ip netns exec node iptables -A INPUT -j REJECT --reject-with icmp-host-prohibited")))
        .isEmpty();
  }

  @Test
  void catchAllRejectBeforeAJump_hidesTheChainsAfterIt() {
    Finding x =
        only(
            node(
                "ip netns exec node iptables -N KUBE-FORWARD",
                "ip netns exec node iptables -A FORWARD -j REJECT --reject-with icmp-host-prohibited",
                "ip netns exec node iptables -A FORWARD -j KUBE-FORWARD"),
            Code.RULES_AFTER_CATCH_ALL);
    assertThat(x.severity()).isEqualTo(Severity.ERROR);
    assertThat(x.explanation())
        .startsWith(
            "rule 1 of filter FORWARD (`-A FORWARD -j REJECT --reject-with"
                + " icmp-host-prohibited`) rejects every packet")
        .contains("`-A FORWARD -j KUBE-FORWARD`");
    assertThat(x.fixes().get(0).change())
        .isEqualTo(
            "ip netns exec node iptables -D FORWARD -j REJECT --reject-with"
                + " icmp-host-prohibited && ip netns exec node iptables -A FORWARD -j REJECT --reject-with icmp-host-prohibited");
  }

  @Test
  void catchAllAtTheEnd_isNoFinding() {
    assertThat(
            findings(
                node(
                    "ip netns exec node iptables -A INPUT -p tcp --dport 22 -j ACCEPT",
                    "ip netns exec node iptables -A INPUT -j DROP"),
                Code.RULES_AFTER_CATCH_ALL))
        .isEmpty();
  }

  @Test
  void kubeProxysNoEndpointsReject_isAServiceWithoutEndpoints() {
    Finding x =
        only(
            node(
                "ip netns exec node iptables -N KUBE-SERVICES",
                "ip netns exec node iptables -A KUBE-SERVICES -d 10.96.0.30/32 -p tcp -m comment --comment"
                    + " \"default/empty:http has no endpoints\" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable"),
            Code.SERVICE_WITHOUT_ENDPOINTS);
    assertThat(x.subject()).isEqualTo("default/empty");
    assertThat(x.fixes().get(0).change()).isEqualTo("kubectl -n default describe endpoints empty");
  }
}
