package dev.podpath.model.finding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.snapshot.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a snapshot of one node whose dumps stop at a chain or a sysctl (the question's source is in
 * no dump), when asked about packets the node would forward or receive, then the findings name the
 * chain's policy or rule and the sysctl with their lines and fixes, and nothing is concluded where
 * the posted rules leave it open (a chain that was not posted, a device a rule names).
 */
final class QuestionFindingsTest {

  @TempDir Path dir;

  private NetworkFacts node(String file, String content) throws Exception {
    Path p = dir.resolve("node").resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return NetworkFacts.snapshot(Snapshot.load(dir, Snapshot.Options.DEFAULTS));
  }

  private static QuestionFindings.Question icmp(String src, String dst) {
    return new QuestionFindings.Question(
        Optional.of(Ipv4Address.parse(src)),
        Optional.of(Ipv4Address.parse(dst)),
        OptionalInt.of(1),
        OptionalInt.empty(),
        false);
  }

  /** lahsivjar/kube-arm#62: Docker's FORWARD DROP, rules for docker0 only, a pod on cni0. */
  private static final String DOCKER_FORWARD_DROP =
      """
      *filter
      :INPUT ACCEPT [0:0]
      :FORWARD DROP [0:0]
      :OUTPUT ACCEPT [0:0]
      :DOCKER - [0:0]
      :DOCKER-ISOLATION - [0:0]
      :KUBE-SERVICES - [0:0]
      -A INPUT -j KUBE-SERVICES
      -A FORWARD -j DOCKER-ISOLATION
      -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
      -A FORWARD -o docker0 -j DOCKER
      -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
      -A FORWARD -i docker0 -o docker0 -j ACCEPT
      -A DOCKER-ISOLATION -j RETURN
      COMMIT
      """;

  @Test
  void givenForwardPolicyDrop_withRulesForDocker0Only_thenThePolicyLine_andFixes()
      throws Exception {
    NetworkFacts facts = node("iptables-save.txt", DOCKER_FORWARD_DROP);
    List<Finding> f = QuestionFindings.of(facts, icmp("10.244.1.2", "8.8.8.8"));
    assertThat(f).hasSize(1);
    Finding x = f.get(0);
    assertThat(x.code()).isEqualTo(Code.CHAIN_DROPS_THESE_PACKETS);
    assertThat(x.severity()).isEqualTo(Severity.ERROR);
    assertThat(x.explanation())
        .contains("filter FORWARD drops them when they come in on and leave by devices")
        .contains("docker0");
    assertThat(x.evidence().get(0).toString())
        .endsWith("node/iptables-save.txt:3: node: filter :FORWARD DROP");
    assertThat(x.fixes())
        .extracting(Fix::change)
        .contains(
            "on node: iptables -I FORWARD -s 10.244.1.2 -d 8.8.8.8 -p icmp -j ACCEPT",
            "on node: iptables -I FORWARD -i cni0 -j ACCEPT && iptables -I FORWARD -o cni0 -j ACCEPT",
            "on node: iptables -P FORWARD ACCEPT");
  }

  @Test
  void givenTheSameRules_whenThePacketsAreDocker0s_thenNothing() throws Exception {
    NetworkFacts facts = node("iptables-save.txt", DOCKER_FORWARD_DROP.replace("docker0", "+"));
    assertThat(QuestionFindings.of(facts, icmp("10.244.1.2", "8.8.8.8"))).isEmpty();
  }

  @Test
  void givenAJumpToAChainThatWasNotPosted_thenAWarningThatSaysSo() throws Exception {
    NetworkFacts facts =
        node(
            "iptables-save.txt",
            """
            *filter
            :FORWARD DROP [0:0]
            -A FORWARD -j KUBE-FORWARD
            COMMIT
            """);
    List<Finding> f = QuestionFindings.of(facts, icmp("10.244.1.2", "10.244.2.3"));
    assertThat(f).hasSize(1);
    assertThat(f.get(0).severity()).isEqualTo(Severity.WARNING);
    assertThat(f.get(0).explanation())
        .contains("unless the chains its rules jump to that were not posted (KUBE-FORWARD)");
  }

  @Test
  void givenARejectBeforeTheAccept_thenTheRule_andItsDeletion() throws Exception {
    NetworkFacts facts =
        node(
            "iptables-save.txt",
            """
            *filter
            :FORWARD ACCEPT [0:0]
            -A FORWARD -m state --state RELATED,ESTABLISHED -j ACCEPT
            -A FORWARD -j REJECT --reject-with icmp-host-prohibited
            -A FORWARD -s 10.244.0.0/16 -j ACCEPT
            COMMIT
            """);
    QuestionFindings.Question q =
        new QuestionFindings.Question(
            Optional.of(Ipv4Address.parse("10.244.1.5")),
            Optional.empty(),
            OptionalInt.of(6),
            OptionalInt.empty(),
            true);
    Finding x = QuestionFindings.of(facts, q).get(0);
    assertThat(x.evidence().get(0).toString())
        .endsWith(
            "node/iptables-save.txt:4: node: filter -A FORWARD -j REJECT --reject-with icmp-host-prohibited");
    assertThat(x.fixes())
        .extracting(Fix::change)
        .contains(
            "on node: iptables -D FORWARD -j REJECT --reject-with icmp-host-prohibited",
            "on node: iptables -I FORWARD -s 10.244.1.5 -p tcp -j ACCEPT");
  }

  @Test
  void givenIpForwardZeroAsPosted_thenForwardingOff_withItsLine() throws Exception {
    NetworkFacts facts = node("sysctl.txt", "net.ipv4.ip_forward = 0\n");
    List<Finding> f = QuestionFindings.of(facts, icmp("172.17.0.2", "10.0.0.10"));
    assertThat(f).extracting(Finding::code).containsExactly(Code.FORWARDING_OFF);
    assertThat(f.get(0).evidence().get(0).toString())
        .endsWith("node/sysctl.txt:1: node: net.ipv4.ip_forward = 0");
    assertThat(f.get(0).fixes().get(0).change())
        .isEqualTo("on node: sysctl -w net.ipv4.ip_forward=1");
  }

  @Test
  void givenPacketsToTheNodeItself_thenNotForwarding() throws IOException, Exception {
    NetworkFacts facts = node("sysctl.txt", "net.ipv4.ip_forward = 0\n");
    // no address of the node is known: 127.0.0.1 on lo is its own
    assertThat(QuestionFindings.of(facts, icmp("172.17.0.2", "127.0.0.1"))).isEmpty();
  }

  private static QuestionFindings.Question tcp(String src, String dst, int port) {
    return new QuestionFindings.Question(
        Optional.of(Ipv4Address.parse(src)),
        Optional.of(Ipv4Address.parse(dst)),
        OptionalInt.of(6),
        OptionalInt.of(port),
        false);
  }

  /** kubernetes/kubernetes#97360: kube-proxy's REJECT of a NodePort whose Service has no pod. */
  private static final String NODEPORT_NO_ENDPOINTS =
      """
      *filter
      :KUBE-EXTERNAL-SERVICES - [0:0]
      -A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/traefik-1566557461:http has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 32445 -j REJECT --reject-with icmp-port-unreachable
      COMMIT
      """;

  @Test
  void givenKubeProxysNoEndpointsReject_forTheQuestionsPort_thenItIsTheCause_onTheCondition()
      throws Exception {
    NetworkFacts facts = node("iptables-save.txt", NODEPORT_NO_ENDPOINTS);
    List<Finding> f = QuestionFindings.of(facts, tcp("192.168.1.20", "192.168.1.10", 32445));
    assertThat(f).extracting(Finding::code).containsExactly(Code.SERVICE_WITHOUT_ENDPOINTS);
    Finding x = f.get(0);
    assertThat(x.explanation())
        .contains("if 192.168.1.10 is an address of node: none of its addresses was posted")
        .contains("default/traefik-1566557461:http has no endpoints");
    assertThat(x.evidence().get(0).toString())
        .contains("node/iptables-save.txt:3: node: filter -A KUBE-EXTERNAL-SERVICES");
    assertThat(x.fixes())
        .extracting(Fix::change)
        .containsExactly(
            "kubectl -n default describe endpoints traefik-1566557461",
            "kubectl -n default delete service traefik-1566557461");
  }

  @Test
  void givenKubeProxysNoEndpointsReject_forAnotherPort_thenNothing() throws Exception {
    NetworkFacts facts = node("iptables-save.txt", NODEPORT_NO_ENDPOINTS);
    assertThat(QuestionFindings.of(facts, tcp("192.168.1.20", "192.168.1.10", 32446))).isEmpty();
    assertThat(QuestionFindings.of(facts, icmp("192.168.1.20", "192.168.1.10"))).isEmpty();
  }

  /** cilium/cilium#10645 (systemd 245 on the lxc device) and #19761 (all set to 2). */
  @Test
  void givenRpFilterOnCiliumsDevices_thenTheLineThatSetsIt_andTheOverride() throws Exception {
    NetworkFacts device =
        node(
            "sysctl.txt",
            """
            net.ipv4.conf.lxc4d36398ebb25.rp_filter = 2
            net.ipv4.conf.all.rp_filter = 0
            net.ipv4.conf.eth0.rp_filter = 1
            net.ipv4.conf.cilium_host.rp_filter = 2
            """);
    Finding x = Networks.only(device, Code.CNI_DEVICE_RP_FILTER);
    assertThat(x.explanation()).contains("cilium_host (2), lxc4d36398ebb25 (2)");
    assertThat(x.evidence())
        .extracting(Evidence::toString)
        .containsExactly(
            "node/sysctl.txt:4: node: net.ipv4.conf.cilium_host.rp_filter = 2",
            "node/sysctl.txt:1: node: net.ipv4.conf.lxc4d36398ebb25.rp_filter = 2");
    assertThat(x.fixes().get(0).change())
        .isEqualTo(
            "on node: sysctl -w net.ipv4.conf.default.rp_filter=0"
                + " net.ipv4.conf.cilium_host.rp_filter=0 net.ipv4.conf.lxc4d36398ebb25.rp_filter=0");
    assertThat(x.fixes().get(1).change()).contains("'net.ipv4.conf.lxc*.rp_filter = 0'");

    NetworkFacts all =
        node(
            "sysctl.txt",
            """
            net.ipv4.conf.all.rp_filter = 2
            net.ipv4.conf.lxc94a9b8960b75.rp_filter = 0
            net.ipv4.conf.default.rp_filter = 0
            """);
    Finding y = Networks.only(all, Code.CNI_DEVICE_RP_FILTER);
    assertThat(y.evidence())
        .extracting(Evidence::toString)
        .containsExactly("node/sysctl.txt:1: node: net.ipv4.conf.all.rp_filter = 2");
    assertThat(y.fixes().get(0).change())
        .isEqualTo("on node: sysctl -w net.ipv4.conf.all.rp_filter=0");

    NetworkFacts off =
        node(
            "sysctl.txt",
            """
            net.ipv4.conf.all.rp_filter = 0
            net.ipv4.conf.lxc94a9b8960b75.rp_filter = 0
            net.ipv4.conf.eth0.rp_filter = 2
            """);
    assertThat(Networks.findings(off, Code.CNI_DEVICE_RP_FILTER)).isEmpty();
  }

  /** k3s-io/k3s#1114: `iptables -L FORWARD` as posted, its policy DROP and a `...` for the rest. */
  @Test
  void givenForwardPolicyDrop_withRulesLeftOut_thenAWarningOnThatCondition() throws Exception {
    NetworkFacts facts =
        node(
            "iptables-save.txt",
            """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A FORWARD -m listing --left-out "rules left out by the poster"
            COMMIT
            """);
    List<Finding> f = QuestionFindings.of(facts, icmp("10.42.0.5", "10.42.1.2"));
    assertThat(f).extracting(Finding::code).containsExactly(Code.CHAIN_DROPS_THESE_PACKETS);
    Finding x = f.get(0);
    assertThat(x.severity()).isEqualTo(Severity.WARNING);
    assertThat(x.explanation()).contains("unless the rows its listing did not show in full");
    assertThat(x.evidence().get(0).toString())
        .endsWith("node/iptables-save.txt:3: node: filter :FORWARD DROP");
  }

  /**
   * concourse/concourse#897: FORWARD's REJECT row cut short in the listing, before the policy DROP:
   * whatever the row matches, every packet ends at it or at the policy.
   */
  @Test
  void givenARejectRowCutShort_beforeThePolicyDrop_thenBothAreTheCause() throws Exception {
    NetworkFacts facts =
        node(
            "iptables-save.txt",
            """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            -A FORWARD -m limit --limit 5/min -j LOG --log-prefix "FORWARD denied: " --log-level 7
            -A FORWARD -m listing --not-shown "a row cut short: `0 0 REJECT all -- * *`" -j REJECT
            COMMIT
            """);
    List<Finding> f = QuestionFindings.of(facts, icmp("10.254.0.2", "8.8.8.8"));
    assertThat(f).extracting(Finding::code).containsExactly(Code.CHAIN_DROPS_THESE_PACKETS);
    Finding x = f.get(0);
    assertThat(x.severity()).isEqualTo(Severity.ERROR);
    assertThat(x.explanation())
        .contains("-j REJECT` ends those of them it matches")
        .contains("the listing cut the row short")
        .contains("the policy DROP of filter FORWARD is reached by the rest");
    assertThat(x.evidence())
        .extracting(Evidence::toString)
        .satisfiesExactly(
            e ->
                assertThat(e)
                    .contains("iptables-save.txt:5: node: filter -A FORWARD")
                    .endsWith("-j REJECT"),
            e -> assertThat(e).endsWith("node/iptables-save.txt:3: node: filter :FORWARD DROP"));
    assertThat(x.fixes())
        .extracting(Fix::change)
        .contains("on node: iptables -I FORWARD -s 10.254.0.2 -d 8.8.8.8 -p icmp -j ACCEPT");
  }

  /** kubernetes/kubernetes#33798: bridge-nf-call-iptables = 0 on a kubeadm node. */
  @Test
  void givenBridgeNfCallIptablesOff_onANodeThatDnats_thenTheSysctlLine_andTheFix()
      throws Exception {
    node(
        "iptables-save.txt",
        """
        *nat
        :PREROUTING ACCEPT [0:0]
        :INPUT ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :POSTROUTING ACCEPT [0:0]
        :KUBE-SERVICES - [0:0]
        -A PREROUTING -j KUBE-SERVICES
        -A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m udp --dport 53 -j DNAT --to-destination 10.244.0.3:53
        COMMIT
        """);
    NetworkFacts facts = node("sysctl.txt", "net.bridge.bridge-nf-call-iptables = 0\n");
    Finding x = Networks.only(facts, Code.BRIDGE_NF_CALL_IPTABLES_OFF);
    assertThat(x.evidence())
        .extracting(Evidence::toString)
        .containsExactly(
            "node/sysctl.txt:1: node: net.bridge.bridge-nf-call-iptables = 0",
            "node/iptables-save.txt:8: node: nat -A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m udp"
                + " --dport 53 -j DNAT --to-destination 10.244.0.3:53");
    assertThat(x.fixes().get(0).change())
        .isEqualTo(
            "on node: modprobe br_netfilter && sysctl -w net.bridge.bridge-nf-call-iptables=1");

    NetworkFacts on = node("sysctl.txt", "net.bridge.bridge-nf-call-iptables = 1\n");
    assertThat(Networks.findings(on, Code.BRIDGE_NF_CALL_IPTABLES_OFF)).isEmpty();
  }

  /**
   * zhangguanzhang's container-not-forward post: ip_forward 1, docker0 (with a port) created while
   * conf.default.forwarding was 0, so conf.docker0.forwarding = 0: the bridge's packets are not
   * forwarded; with the bridge's flag 1 there is nothing to say.
   */
  @Test
  void givenABridgeWithPortsAndItsForwardingZero_thenForwardingOff_withTheBridgesLine()
      throws Exception {
    Path brctl = dir.resolve("node").resolve("brctl-show.txt");
    Files.createDirectories(brctl.getParent());
    Files.writeString(
        brctl,
        "bridge name\tbridge id\t\tSTP enabled\tinterfaces\n"
            + "docker0\t\t8000.0242b6e42b7f\tno\t\tveth10d8150\n");
    NetworkFacts facts =
        node(
            "sysctl.txt",
            "net.ipv4.ip_forward = 1\nnet.ipv4.conf.default.forwarding = 1\n"
                + "net.ipv4.conf.docker0.forwarding = 0\n");
    List<Finding> f =
        Findings.of(facts).stream().filter(x -> x.code() == Code.FORWARDING_OFF).toList();
    assertThat(f)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.evidence().get(0).toString())
                  .endsWith("node/sysctl.txt:3: node: net.ipv4.conf.docker0.forwarding = 0");
              assertThat(x.fixes())
                  .extracting(Fix::change)
                  .contains("on node: sysctl -w net.ipv4.conf.docker0.forwarding=1");
            });
    NetworkFacts on =
        node("sysctl.txt", "net.ipv4.ip_forward = 1\nnet.ipv4.conf.docker0.forwarding = 1\n");
    assertThat(Findings.of(on)).extracting(Finding::code).doesNotContain(Code.FORWARDING_OFF);
  }
}
