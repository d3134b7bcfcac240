package dev.podpath.model.dump;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.netfilter.parse.RulesetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The formats people paste that only {@code podpath import} brings into a snapshot: {@code brctl
 * show}, {@code ethtool -i}, {@code iptables -S} and {@code kubectl describe nodes}, on the real
 * tools' output (captured in the kernel sandbox) and on real published outputs.
 */
final class PastedFormatsTest {

  // ---- conntrack -L ----

  @Test
  void conntrackL_sandbox_tuplesNatStateAndFlags_extendedLayoutToo() {
    for (String f : List.of("conntrack-L.txt", "conntrack-L-o-extended.txt")) {
      ParseResult<List<dev.podpath.model.netfilter.ConntrackFlow>> r =
          ConntrackParser.parse(f, Fixtures.read("iproute2-6.1.0-ss-conntrack-1.4.7/" + f));
      assertThat(r.warnings()).isEmpty();
      assertThat(r.value()).hasSize(3);
      var udp = r.value().get(0);
      assertThat(udp.protocol()).isEqualTo(17);
      assertThat(udp.unreplied()).isTrue();
      assertThat(udp.original().dport()).isEqualTo(5353);
      var icmp = r.value().get(1);
      assertThat(icmp.original().dport()).as("echo request: type 8 << 8").isEqualTo(8 << 8);
      assertThat(icmp.reply().dport()).isZero();
      var tcp = r.value().get(2);
      assertThat(tcp.tcpState()).contains("ESTABLISHED");
      assertThat(tcp.assured()).isTrue();
      assertThat(tcp.original().dst()).isEqualTo(Ipv4Address.parse("10.96.0.10"));
      assertThat(tcp.reply().src()).as("the DNAT").isEqualTo(Ipv4Address.parse("10.0.0.2"));
      assertThat(tcp.reply().sport()).isEqualTo(8080);
      assertThat(tcp.origin().line()).isEqualTo(3);
    }
    ParseResult<List<dev.podpath.model.netfilter.ConntrackFlow>> bad =
        ConntrackParser.parse(
            "c.txt",
            "tcp 6 10 src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2 src=10.0.0.2 dst=10.0.0.1 sport=2"
                + " dport=1\nipv6 10 udp 17 20 src=::1 dst=::1 sport=1 dport=2 src=::1 dst=::1"
                + " sport=2 dport=1\nconntrack v1.4.7 (conntrack-tools): 2 flow entries have been"
                + " shown.\n");
    assertThat(bad.value()).isEmpty();
    assertThat(bad.warnings())
        .extracting(DumpWarning::line)
        .as("a TCP entry without its state, an IPv6 entry")
        .containsExactly(1, 2);
  }

  // ---- docker network inspect ----

  @Test
  void dockerNetworkInspect_docs_subnetGatewayBridgeAndContainers() {
    String bridge = Fixtures.read("docker-cli-docs/network-inspect-bridge.json");
    assertThat(DumpFormat.sniff(bridge)).contains(DumpFormat.DOCKER_NETWORK_INSPECT);
    ParseResult<List<DockerNetwork>> r =
        DockerNetworkInspectParser.parse(
            "docker-network-inspect.json",
            bridge + Fixtures.read("docker-cli-docs/network-inspect-simple-network.json"));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value())
        .extracting(DockerNetwork::name)
        .containsExactly("bridge", "simple-network");
    DockerNetwork b = r.value().get(0);
    assertThat(b.bridgeDevice()).isEqualTo("docker0");
    assertThat(b.subnets())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.subnet().toString()).isEqualTo("172.17.0.0/16");
              assertThat(s.gateway()).contains(Ipv4Address.parse("172.17.42.1"));
              assertThat(s.origin().line()).isEqualTo(12);
            });
    assertThat(b.containers())
        .extracting(c -> c.name() + " " + c.address() + "/" + c.prefixLength())
        .containsExactly("container2 172.17.0.2/16", "container1 172.17.0.1/16");
    assertThat(b.containers().get(0).mac()).contains(MacAddress.parse("02:42:ac:11:00:02"));
    assertThat(b.containers().get(0).origin().line()).isEqualTo(23);
    assertThat(r.value().get(1).bridgeDevice()).isEqualTo("br-69568e6336d8");
    assertThat(r.value().get(1).containers()).isEmpty();
  }

  // ---- brctl show ----

  @Test
  void brctlShow_sandbox_bridgesTheirAddressesStpAndPorts() {
    ParseResult<List<BrctlBridge>> r =
        BrctlShowParser.parse("brctl-show.txt", Fixtures.read("bridge-utils-1.7.1/brctl-show.txt"));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value())
        .extracting(BrctlBridge::name)
        .containsExactly("br-3f2a1b0c9d8e", "cni0", "docker0");
    BrctlBridge cni0 = r.value().get(1);
    assertThat(cni0.ports()).containsExactly("veth1a2b3c4d", "vethdeadbeef");
    assertThat(cni0.address()).contains(MacAddress.parse("9a:7b:47:34:3d:11"));
    assertThat(cni0.stp()).isFalse();
    assertThat(cni0.origin().line()).isEqualTo(3);
    assertThat(r.value().get(0).stp()).isTrue();
    assertThat(r.value().get(2).ports()).isEmpty();
    assertThat(r.value().get(2).address())
        .as("a bridge without ports shows an all-zero id")
        .isEmpty();
    assertThat(DumpFormat.sniff(Fixtures.read("bridge-utils-1.7.1/brctl-show.txt")))
        .contains(DumpFormat.BRCTL_SHOW);
  }

  @Test
  void brctlShow_oneBridge() {
    ParseResult<List<BrctlBridge>> r =
        BrctlShowParser.parse("b", Fixtures.read("bridge-utils-1.7.1/brctl-show-cni0.txt"));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value()).singleElement().satisfies(b -> assertThat(b.ports()).hasSize(2));
  }

  /** flannel-io/flannel#1029 (2018-08-15), as posted: tabs, twelve ports. */
  @Test
  void brctlShow_postedInFlannel1029() {
    String posted =
        "bridge name\tbridge id\t\tSTP enabled\tinterfaces\n"
            + "cni0\t\t8000.72f6fa41f499\tno\t\tveth03565e0b\n"
            + "\t\t\t\t\t\t\tveth1dddc034\n\t\t\t\t\t\t\tveth21716a4e\n\t\t\t\t\t\t\tveth2ef3f5b8\n"
            + "\t\t\t\t\t\t\tveth57aacf64\n\t\t\t\t\t\t\tveth7203974c\n\t\t\t\t\t\t\tveth72acb2f5\n"
            + "\t\t\t\t\t\t\tveth72cdfa52\n\t\t\t\t\t\t\tveth796a6e6f\n\t\t\t\t\t\t\tveth8339e55a\n"
            + "\t\t\t\t\t\t\tvethcce21ac3\n\t\t\t\t\t\t\tvethf11c0b84\n"
            + "docker0\t\t8000.024263375d2b\tno\n";
    ParseResult<List<BrctlBridge>> r = BrctlShowParser.parse("b", posted);
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value().get(0).ports())
        .hasSize(12)
        .startsWith("veth03565e0b")
        .endsWith("vethf11c0b84");
    assertThat(r.value().get(1).address()).contains(MacAddress.parse("02:42:63:37:5d:2b"));
  }

  @Test
  void brctlShow_aPortBeforeAnyBridge_andOtherLines_areWarnings() {
    ParseResult<List<BrctlBridge>> r =
        BrctlShowParser.parse(
            "b",
            "\tveth1\ncni0\t8000.000000000001\tno\tveth2\n"
                + "can't get info Operation not supported\n");
    assertThat(r.value())
        .singleElement()
        .satisfies(b -> assertThat(b.ports()).containsExactly("veth2"));
    assertThat(r.warnings()).extracting(DumpWarning::line).containsExactly(1, 3);
    assertThat(r.warnings().get(0).message()).contains("before any bridge");
  }

  // ---- ethtool -i ----

  @Test
  void ethtool_sandbox_driversByDevice_loWithoutOne() {
    ParseResult<List<DeviceDriver>> r =
        EthtoolDriverParser.parse("ethtool-i.txt", Fixtures.read("ethtool-6.1/ethtool-i.txt"));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value())
        .extracting(d -> d.device() + "=" + d.driver() + d.busInfo().map(b -> "/" + b).orElse(""))
        .containsExactly(
            "veth1a2b3c4d=veth",
            "cni0=bridge/N/A",
            "flannel.1=vxlan",
            "tun0=tun/tun",
            "tap0=tun/tap",
            "eth0=veth");
    assertThat(r.value().get(0).origin().line()).isEqualTo(2);
  }

  @Test
  void ethtool_outputWithoutItsDevice_isAWarning() {
    ParseResult<List<DeviceDriver>> r =
        EthtoolDriverParser.parse("e", Fixtures.read("ethtool-6.1/ethtool-i-veth.txt"));
    assertThat(r.value()).isEmpty();
    assertThat(r.warnings())
        .isNotEmpty()
        .allSatisfy(w -> assertThat(w.message()).contains("whose driver this is"));
    assertThat(DumpFormat.sniff(Fixtures.read("ethtool-6.1/ethtool-i-veth.txt")))
        .contains(DumpFormat.ETHTOOL_I);
  }

  // ---- iptables -S ----

  /** The lines of one table in iptables-save, without comments. */
  private static List<String> table(String save, String name) {
    List<String> out = new ArrayList<>();
    boolean in = false;
    for (String l : save.split("\n")) {
      if (l.equals("*" + name)) {
        in = true;
      } else if (in && l.equals("COMMIT")) {
        break;
      } else if (in && !l.startsWith("#")) {
        out.add(l);
      }
    }
    return out;
  }

  @Test
  void iptablesS_isTheSaveOfItsTable_lineForLine() {
    String save = Fixtures.read("iptables-1.8.9/iptables-save.txt");
    ParseResult<List<String>> filter =
        IptablesRulesParser.parse("f", Fixtures.read("iptables-1.8.9/iptables-S.txt"));
    ParseResult<List<String>> nat =
        IptablesRulesParser.parse("n", Fixtures.read("iptables-1.8.9/iptables-t-nat-S.txt"));
    assertThat(filter.warnings()).isEmpty();
    assertThat(filter.value()).isEqualTo(table(save, "filter"));
    assertThat(nat.value()).isEqualTo(table(save, "nat"));
    List<String> both = new ArrayList<>(List.of("*filter"));
    both.addAll(filter.value());
    both.addAll(List.of("COMMIT", "*nat"));
    both.addAll(nat.value());
    both.add("COMMIT");
    RulesetBuilder b = RulesetBuilder.lenient();
    assertThat(b.load("iptables-save.txt", String.join("\n", both) + "\n", true)).isEmpty();
  }

  @Test
  void iptablesS_withCounters_putsThemInFront() {
    ParseResult<List<String>> r =
        IptablesRulesParser.parse("v", Fixtures.read("iptables-1.8.9/iptables-S-v.txt"));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value())
        .contains(
            ":FORWARD DROP [0:0]",
            "[0:0] -A FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD",
            "[0:0] -A KUBE-FORWARD -m mark --mark 0x4000/0x4000 -j ACCEPT");
  }

  @Test
  void iptablesS_otherLines_areWarnings_andLeftOut() {
    ParseResult<List<String>> r =
        IptablesRulesParser.parse(
            "x", "-P INPUT ACCEPT\nChain INPUT (policy ACCEPT)\n" + "-A INPUT -j DROP\n");
    assertThat(r.value()).containsExactly(":INPUT ACCEPT [0:0]", "-A INPUT -j DROP");
    assertThat(r.warnings()).singleElement().satisfies(w -> assertThat(w.line()).isEqualTo(2));
  }

  // ---- kubectl describe nodes ----

  @Test
  void describeNodes_k3s_addressesPodCidrsAndFlannelsAnnotations() {
    ParseResult<List<KubeNode>> r =
        KubectlDescribeNodesParser.parse("d", Fixtures.read("kubectl/describe-nodes-k3s-1.27.txt"));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value())
        .extracting(KubeNode::name)
        .containsExactly("k3s-master-01", "1960955-cr63564.twc1.net", "dimweb-b560-hd3");
    assertThat(r.value())
        .extracting(KubeNode::internalIp)
        .containsExactly(
            Optional.of(Ipv4Address.parse("90.156.226.73")),
            Optional.of(Ipv4Address.parse("92.255.77.52")),
            Optional.of(Ipv4Address.parse("192.168.120.25")));
    assertThat(r.value())
        .extracting(KubeNode::podCidrs)
        .containsExactly(
            List.of(Prefix.parse("10.42.0.0/24")),
            List.of(Prefix.parse("10.42.2.0/24")),
            List.of(Prefix.parse("10.42.1.0/24")));
    KubeNode master = r.value().get(0);
    assertThat(master.annotations())
        .containsEntry(KubeNode.FLANNEL_BACKEND_TYPE, "vxlan")
        .containsEntry(KubeNode.FLANNEL_PUBLIC_IP, "90.156.226.73")
        .containsEntry(
            "flannel.alpha.coreos.com/backend-data",
            "{\"VNI\":1,\"VtepMAC\":\"16:05:4a:ed:ac:85\"}");
    assertThat(master.origin().line()).isEqualTo(1);
    assertThat(DumpFormat.sniff(Fixtures.read("kubectl/describe-nodes-k3s-1.27.txt")))
        .contains(DumpFormat.KUBECTL_DESCRIBE_NODES);
  }

  @Test
  void describeNode_kubernetes111_keyEqualsValueAnnotations() {
    ParseResult<List<KubeNode>> r =
        KubectlDescribeNodesParser.parse("d", Fixtures.read("kubectl/describe-node-1.11.txt"));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.name()).isEqualTo("cnv-executor-aditya-node1.example.com");
              assertThat(n.internalIp()).contains(Ipv4Address.parse("172.16.0.13"));
              assertThat(n.podCidrs()).isEmpty();
              assertThat(n.annotations())
                  .containsEntry("kubevirt.io/heartbeat", "2018-11-14T12:57:27Z");
            });
  }

  /**
   * flannel-io/flannel#946 (2018-02-07), the lines kubectl 1.9 printed, with the poster's mark
   * after the public-ip; and kubectl 1.6's Addresses without their types.
   */
  @Test
  void describeNode_oldLayouts() {
    String posted =
        "Name:               10.169.72.93\nRoles:              <none>\n"
            + "Labels:             beta.kubernetes.io/arch=amd64\n"
            + "Annotations:        flannel.alpha.coreos.com/backend-data={\"VtepMAC\":\"f6:45:ee:df:8e:61\"}\n"
            + "                    flannel.alpha.coreos.com/backend-type=vxlan\n"
            + "                    flannel.alpha.coreos.com/public-ip=10.169.72.93 <=====\n"
            + "Taints:             <none>\n"
            + "Addresses:\t\t10.169.72.93,10.169.72.93,node9\n"
            + "PodCIDR:\t\t\t10.244.1.0/24\n";
    ParseResult<List<KubeNode>> r = KubectlDescribeNodesParser.parse("d", posted);
    KubeNode n = r.value().get(0);
    assertThat(n.annotations())
        .containsEntry(KubeNode.FLANNEL_PUBLIC_IP, "10.169.72.93 <=====")
        .containsEntry(
            "flannel.alpha.coreos.com/backend-data", "{\"VtepMAC\":\"f6:45:ee:df:8e:61\"}");
    assertThat(n.internalIp()).isEmpty();
    assertThat(n.podCidrs()).containsExactly(Prefix.parse("10.244.1.0/24"));
    assertThat(r.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.line()).isEqualTo(8);
              assertThat(w.message()).contains("does not say which address is the InternalIP");
            });
  }

  @Test
  void describeNodes_linesBeforeTheFirstNode_andBadAddresses_areWarnings() {
    ParseResult<List<KubeNode>> r =
        KubectlDescribeNodesParser.parse(
            "d",
            "Roles: x\nName: n1\nAddresses:\n"
                + "  InternalIP:  10.0.0.300\n  something odd\nPodCIDR: 10.1.0.0\n");
    assertThat(r.value()).singleElement().satisfies(n -> assertThat(n.internalIp()).isEmpty());
    assertThat(r.warnings()).extracting(DumpWarning::line).containsExactly(1, 4, 5, 6);
  }
}
