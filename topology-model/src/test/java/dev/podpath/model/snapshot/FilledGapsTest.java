package dev.podpath.model.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given the dumps a paste leaves half done (ip -o addr, a sysctl or two, brctl show, ethtool -i,
 * devices named by routes only, kubectl describe), when assembled, then each gap is filled as the
 * thread's reader would fill it, and said once with its evidence.
 */
final class FilledGapsTest {

  @TempDir Path dir;

  private void fixture(String resource, String to) throws IOException {
    Path p = dir.resolve(to);
    Files.createDirectories(p.getParent());
    try (InputStream in = getClass().getResourceAsStream("/dev/podpath/model/dump/" + resource)) {
      Files.write(p, in.readAllBytes());
    }
  }

  private void write(String rel, String content) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private Snapshot load() throws SnapshotException {
    return Snapshot.load(dir, Snapshot.Options.DEFAULTS);
  }

  private static NetDevice dev(Topology t, String ns, String name) {
    return t.device(DeviceRef.of(ns, name))
        .orElseThrow(() -> new AssertionError("no " + ns + "/" + name));
  }

  private static List<String> said(Snapshot s) {
    return s.assumptions().stream().map(Assumption::toString).toList();
  }

  /** calicoctl#716 as posted: GCE's /32 address shows only as the src of DHCP's host route. */
  @Test
  void aHostRoutesSrc_isTheDevicesAddress_asA32_said() throws Exception {
    write(
        "host1/ip-route.txt",
        """
        default via 10.240.0.1 dev ens4v1  proto dhcp  src 10.240.0.5  metric 1024
        10.240.0.1 dev ens4v1  proto dhcp  scope link  src 10.240.0.5  metric 1024
        172.17.0.0/16 dev docker0  proto kernel  scope link  src 172.17.0.1
        """);
    Snapshot s = load();
    assertThat(dev(s.topology(), "host1", "ens4v1").addresses())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.address()).isEqualTo(Ipv4Address.parse("10.240.0.5"));
              assertThat(a.prefixLength()).isEqualTo(32);
            });
    assertThat(said(s))
        .anyMatch(
            a -> a.contains("ens4v1 has 10.240.0.5/32") && a.contains("host1/ip-route.txt:2"));
  }

  // ---- (a) fixed on the way ----

  @Test
  void ipOAddr_showsNoState_theDevicesAreUp_saidOnce() throws Exception {
    fixture("iproute2-6.1.0/ip-o-addr.txt", "n1/ip-addr.txt");
    Snapshot s = load();
    Topology t = s.topology();
    assertThat(dev(t, "n1", "enp0s5").up()).isTrue();
    assertThat(dev(t, "n1", "cni0").up()).isTrue();
    assertThat(dev(t, "n1", "enp0s5").addresses())
        .extracting(IfAddress::address)
        .containsExactly(Ipv4Address.parse("192.168.2.16"));
    assertThat(said(s))
        .filteredOn(a -> a.contains("`ip -o addr`"))
        .singleElement()
        .asString()
        .contains(
            "the state of lo, enp0s5, cni0, veth-pod5, veth-pod6, docker0, flannel.1, tap0, vdown")
        .contains("taken as up");
    assertThat(s.warnings()).isEmpty();
  }

  @Test
  void ipOAddr_nextToALinkDump_takesTheLinksState() throws Exception {
    fixture("iproute2-6.1.0/ip-o-addr.txt", "n1/ip-addr.txt");
    fixture("iproute2-6.1.0/ip-d-link.txt", "n1/ip-link.txt");
    Snapshot s = load();
    assertThat(dev(s.topology(), "n1", "mv0").up()).isFalse();
    assertThat(dev(s.topology(), "n1", "vdown-peer").up()).isFalse();
    assertThat(said(s)).noneMatch(a -> a.contains("`ip -o addr`"));
  }

  @Test
  void partialSysctl_onANode_ipForwardSetsTheForwardingKeys_theRestKernelDefaults_saidOnce()
      throws Exception {
    write("n1/ip-route.txt", "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5\n");
    write("n1/sysctl.txt", "net.ipv4.ip_forward = 1\n");
    Snapshot s = load();
    var sys = s.topology().namespaces().get(new NetnsName("n1")).sysctls();
    assertThat(sys.forwarding("eth0")).isTrue();
    assertThat(sys.rpFilter("eth0")).isZero();
    assertThat(said(s))
        .filteredOn(a -> a.contains("sysctl"))
        .singleElement()
        .asString()
        .contains("n1/sysctl.txt gives 1 key podpath reads, not all of `sysctl -a`")
        .contains(
            "net.ipv4.conf.all.forwarding, net.ipv4.conf.default.forwarding = 1 (as net.ipv4.ip_forward = 1 sets"
                + " them)")
        .contains("net.ipv4.conf.{all,default}.rp_filter = 0")
        .contains("net.ipv4.ip_default_ttl = 64");
  }

  @Test
  void partialSysctl_withoutForwarding_aNodeStillForwards_aPodDoesNot() throws Exception {
    write("n1/ip-route.txt", "10.0.0.0/24 dev cni0 proto kernel scope link src 10.0.0.1\n");
    write(
        "n1/sysctl.txt",
        "net.bridge.bridge-nf-call-iptables = 1\nnet.ipv4.conf.all.rp_filter = 1\n");
    write("n1/netns/pod/sysctl.txt", "net.ipv4.conf.all.rp_filter = 2\n");
    write(
        "n1/netns/pod/ip-route.txt", "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.7\n");
    Snapshot s = load();
    var node = s.topology().namespaces().get(new NetnsName("n1")).sysctls();
    var pod = s.topology().namespaces().get(new NetnsName("pod")).sysctls();
    assertThat(node.forwarding("cni0"))
        .as("not reset to the kernel's 0 by a file that does not say")
        .isTrue();
    assertThat(node.rpFilter("cni0")).isEqualTo(1);
    assertThat(pod.forwarding("eth0")).isFalse();
    assertThat(pod.rpFilter("eth0")).isEqualTo(2);
    assertThat(said(s))
        .filteredOn(a -> a.startsWith("n1: ") && a.contains("sysctl"))
        .singleElement()
        .asString()
        .contains("= 1 (not given; a Kubernetes node must forward)")
        .contains("net.ipv4.conf.default.rp_filter = 0")
        .doesNotContain("{all,default}.rp_filter");
  }

  @Test
  void wholeSysctl_isTakenAsDumped_withoutAWord() throws Exception {
    write("n1/ip-route.txt", "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5\n");
    fixture("net-tools-2.10/sysctl-a.txt", "n1/sysctl.txt");
    Snapshot s = load();
    assertThat(said(s)).noneMatch(a -> a.contains("sysctl"));
  }

  @Test
  void notesFiles_anywhere_areNeitherReadNorProblems() throws Exception {
    write("n1/ip-route.txt", "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5\n");
    write("ASSUMPTIONS.md", "# what the poster said\n");
    write("NOTES.txt", "taken on tuesday\n");
    write("n1/notes.md", "x\n");
    write("n1/README", "x\n");
    write("n1/netns/pod/Assumptions.txt", "x\n");
    write(
        "n1/netns/pod/ip-route.txt", "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.7\n");
    Snapshot s = load();
    assertThat(s.warnings()).isEmpty();
    assertThat(SnapshotFolders.foreignEntry(dir))
        .as("notes may be someone's own: --force never clears them")
        .isPresent();
  }

  // ---- (c) brctl show, ethtool -i ----

  @Test
  void brctlAndEthtool_giveKindsPortsAndTheBridgesMac_eachSaidWithItsLine() throws Exception {
    write("n1/ip-route.txt", "10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1\n");
    fixture("bridge-utils-1.7.1/brctl-show.txt", "n1/brctl-show.txt");
    fixture("ethtool-6.1/ethtool-i.txt", "n1/ethtool-i.txt");
    Snapshot s = load();
    Topology t = s.topology();
    assertThat(dev(t, "n1", "cni0").kind()).isInstanceOf(LinkKind.Bridge.class);
    assertThat(dev(t, "n1", "cni0").mac()).isEqualTo(MacAddress.parse("9a:7b:47:34:3d:11"));
    assertThat(dev(t, "n1", "veth1a2b3c4d").master()).contains("cni0");
    assertThat(dev(t, "n1", "vethdeadbeef").master()).contains("cni0");
    assertThat(dev(t, "n1", "veth1a2b3c4d").kind())
        .isInstanceOfSatisfying(
            LinkKind.Ethernet.class,
            e ->
                assertThat(e.beyond())
                    .contains("the other end of this veth")
                    .contains("was not dumped"));
    assertThat(dev(t, "n1", "br-3f2a1b0c9d8e").kind())
        .isEqualTo(new LinkKind.Bridge(30000, true, false, false));
    assertThat(dev(t, "n1", "docker0").isBridge()).isTrue();
    assertThat(dev(t, "n1", "tun0").kind())
        .isInstanceOfSatisfying(LinkKind.Tun.class, k -> assertThat(k.holderUnknown()).isPresent());
    assertThat(dev(t, "n1", "tap0").kind()).isEqualTo(new LinkKind.NotModelled("tap"));
    assertThat(dev(t, "n1", "flannel.1").kind())
        .isInstanceOfSatisfying(
            LinkKind.Vxlan.class,
            v -> {
              assertThat(v.vni()).isEqualTo(1);
              assertThat(v.dstPort()).isEqualTo(8472);
              assertThat(v.learning()).isFalse();
              assertThat(v.fdbUnknown()).isPresent();
            });
    assertThat(said(s))
        .anySatisfy(
            a ->
                assertThat(a)
                    .contains(
                        "cni0's MAC is 9a:7b:47:34:3d:11, its bridge id's"
                            + " address (n1/brctl-show.txt:3)"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .contains(
                        "veth1a2b3c4d is a veth device: its driver is veth (n1/ethtool-i.txt:2)"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .contains("flannel.1 is flannel's VXLAN device: VNI 1")
                    .contains("its driver is vxlan (n1/ethtool-i.txt:24)"));
    assertThat(s.warnings()).isEmpty();
  }

  @Test
  void ethtoolAgainstTheLinkDump_isAProblem_andTheLinkDumpWins() throws Exception {
    fixture("iproute2-6.1.0/ip-d-link.txt", "n1/ip-link.txt");
    write("n1/ethtool-i.txt", "# ethtool -i cni0\ndriver: veth\n");
    Snapshot s = load();
    assertThat(dev(s.topology(), "n1", "cni0").isBridge()).isTrue();
    assertThat(s.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.location()).isEqualTo("n1/ethtool-i.txt:2:1");
              assertThat(w.message())
                  .contains("n1/cni0 is a bridge in the link dump but its driver is veth");
            });
  }

  // ---- (d) kinds from names and context ----

  @Test
  void namesAndContext_bridgesVethsTunl0AndFlannelsVxlan() throws Exception {
    fixture("iproute2-6.1.0/ip-route.txt", "worker1/ip-route.txt");
    write(
        "worker1/ip-route.txt",
        Files.readString(dir.resolve("worker1/ip-route.txt"))
            + "10.244.7.0/26 via 192.168.2.40 dev tunl0 proto bird onlink\n10.244.1.5 dev cali0123456789a scope link\n");
    fixture("kubectl/get-nodes.json", "kubectl-get-nodes.json");
    Snapshot s = load();
    Topology t = s.topology();
    assertThat(dev(t, "worker1", "cni0").isBridge()).isTrue();
    assertThat(dev(t, "worker1", "docker0").isBridge()).isTrue();
    assertThat(dev(t, "worker1", "tunl0").kind())
        .isEqualTo(new LinkKind.Ipip(Optional.empty(), Optional.empty(), 0, true, false));
    assertThat(dev(t, "worker1", "cali0123456789a").kind())
        .isInstanceOfSatisfying(
            LinkKind.Ethernet.class,
            e -> assertThat(e.beyond()).contains("the other end of this veth"));
    assertThat(dev(t, "worker1", "flannel.1").kind())
        .isInstanceOfSatisfying(
            LinkKind.Vxlan.class,
            v -> {
              assertThat(v.local()).contains(Ipv4Address.parse("192.168.2.16"));
              assertThat(v.lower()).contains("enp0s5");
              assertThat(v.fdbUnknown()).isPresent();
            });
    assertThat(said(s))
        .anySatisfy(
            a ->
                assertThat(a)
                    .contains(
                        "cni0 is a bridge: the dumps show no kind, and cni0 is the name of the"
                            + " bridge the CNI bridge plugin makes")
                    .contains("worker1/ip-route.txt:3"))
        .anySatisfy(
            a -> assertThat(a).contains("docker0 is a bridge").contains("Docker's default bridge"))
        .anySatisfy(a -> assertThat(a).contains("tunl0 is the kernel's IPIP fallback device"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .contains("cali0123456789a (worker1/ip-route.txt:18) is a veth")
                    .contains("Calico"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .contains("flannel.1 is flannel's VXLAN device: VNI 1")
                    .contains(
                        "onlink routes to other nodes' pod subnets through it (worker1/ip-route.txt:5)")
                    .contains("local 192.168.2.16 over enp0s5")
                    .contains(
                        "local 192.168.2.16 is its flannel.alpha.coreos.com/public-ip annotation"));
  }

  @Test
  void aKubeRouterTunnelSeenInRoutesOnly_isAnIpipDeviceWhoseEndsAreUnknown_said() throws Exception {
    // kube-router#728 as posted: `ip route | grep tun`, no device dump
    write(
        "n1/ip-route.txt",
        "172.26.0.0/24 dev tun-192168928 proto 17 src 192.168.20.204\n"
            + "192.168.9.0/24 dev tun-1921689254 proto 17 src 192.168.20.204\n");
    Snapshot s = load();
    assertThat(dev(s.topology(), "n1", "tun-1921689254").kind())
        .isEqualTo(new LinkKind.NotModelled("ipip"));
    assertThat(said(s))
        .anySatisfy(
            a ->
                assertThat(a)
                    .contains("tun-1921689254 is seen in routes only (n1/ip-route.txt:2)")
                    .contains("kube-router")
                    .contains("collect `ip -d link show tun-1921689254`"));
  }

  @Test
  void flannelN_withoutEvidence_isLeftUnknown() throws Exception {
    write(
        "n1/ip-route.txt",
        "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5\n"
            + "10.9.0.0/16 dev flannel.1 scope link\n");
    Snapshot s = load();
    assertThat(dev(s.topology(), "n1", "flannel.1").kind()).isNotInstanceOf(LinkKind.Vxlan.class);
    assertThat(said(s)).noneMatch(a -> a.contains("VXLAN"));
  }

  @Test
  void kubectlDescribe_givesVtepMacAndPodCidrs_mergedWithGetNodes() throws Exception {
    write(
        "k3s-master-01/ip-route.txt",
        "10.42.0.0/24 dev cni0 proto kernel scope link src 10.42.0.1\n"
            + "10.42.1.0/24 via 10.42.1.0 dev flannel.1 onlink\n");
    fixture("kubectl/describe-nodes-k3s-1.27.txt", "kubectl-describe-nodes.txt");
    write(
        "kubectl-get-nodes.txt",
        "NAME            STATUS   ROLES                  AGE    VERSION        INTERNAL-IP\n"
            + "k3s-master-01   Ready    control-plane,master   114m   v1.25.6+k3s1   90.156.226.73\n");
    Snapshot s = load();
    KubeNode master =
        s.nodes().stream().filter(n -> n.name().equals("k3s-master-01")).findFirst().orElseThrow();
    assertThat(master.podCidrs()).containsExactly(Prefix.parse("10.42.0.0/24"));
    assertThat(master.origin().file()).isEqualTo("kubectl-get-nodes.txt");
    assertThat(s.nodes()).hasSize(3);
    assertThat(dev(s.topology(), "k3s-master-01", "flannel.1").mac())
        .isEqualTo(MacAddress.parse("16:05:4a:ed:ac:85"));
    assertThat(dev(s.topology(), "k3s-master-01", "flannel.1").kind())
        .isInstanceOfSatisfying(
            LinkKind.Vxlan.class,
            v -> assertThat(v.local()).contains(Ipv4Address.parse("90.156.226.73")));
    assertThat(said(s))
        .anySatisfy(a -> assertThat(a).contains("its MAC is 16:05:4a:ed:ac:85, the VtepMAC"));
    assertThat(s.warnings()).isEmpty();
  }

  @Test
  void internalIp_onTheDeviceWhoseConnectedRouteHoldsIt() throws Exception {
    write("n1/ip-route.txt", "default via 10.0.0.1 dev eth0\n10.0.0.0/24 dev eth0 scope link\n");
    write(
        "kubectl-get-nodes.txt",
        "NAME   STATUS   ROLES    AGE   VERSION   INTERNAL-IP   EXTERNAL-IP\n"
            + "n1     Ready    <none>   1d    v1.28.2   10.0.0.5      <none>\n");
    Snapshot s = load();
    assertThat(dev(s.topology(), "n1", "eth0").addresses())
        .extracting(a -> a.address() + "/" + a.prefixLength())
        .containsExactly("10.0.0.5/24");
    assertThat(said(s))
        .anySatisfy(
            a ->
                assertThat(a)
                    .contains(
                        "eth0 has 10.0.0.5/24: kubectl's InternalIP of n1"
                            + " (kubectl-get-nodes.txt:2) is in the connected route n1/ip-route.txt:2 (`10.0.0.0/24 dev eth0 scope link`)"));
  }

  @Test
  void noRoutesDumped_theConnectedRoutesMadeAreNamed() throws Exception {
    write(
        "n1/ip-addr.txt",
        "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP\n"
            + "    link/ether 02:00:00:00:00:05 brd ff:ff:ff:ff:ff:ff\n    inet 10.0.0.5/24 scope global eth0\n");
    Snapshot s = load();
    assertThat(said(s))
        .anySatisfy(
            a ->
                assertThat(a)
                    .contains("no routes were dumped")
                    .contains(
                        "the connected routes 10.0.0.0/24 dev eth0 (10.0.0.5/24, n1/ip-addr.txt:3)")
                    .contains("no route to anywhere else (no default route) is known"));
  }
}
