package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.snapshot.Snapshot;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code podpath import} on real pastes from public debugging threads, as posted (test resources
 * {@code pastes/}, README there), on seed 001 and on a real dump: the blocks it finds, the files it
 * writes, and that {@code podpath lint} reads what it wrote.
 */
final class ImportPastesTest {

  @TempDir Path tmp;

  private static String paste(String name) {
    return Samples.root().resolve("test/src/test/resources/pastes").resolve(name).toString();
  }

  private CliTest.Run importing(String... args) {
    List<String> a = new ArrayList<>(List.of("import"));
    a.addAll(List.of(args));
    a.addAll(List.of("-o", tmp.resolve("snap").toString()));
    return CliTest.run(a.toArray(String[]::new));
  }

  private Map<String, String> written() throws IOException {
    Path snap = tmp.resolve("snap");
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(snap)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String rel = snap.relativize(p).toString().replace('\\', '/');
        if (!rel.equals("README.md")) {
          out.put(rel, Files.readString(p));
        }
      }
    }
    return out;
  }

  /** lint reads the snapshot: exit 0 or 1 (problems in the pasted lines), never 2 (no snapshot). */
  private CliTest.Run lint() {
    CliTest.Run r = CliTest.run("lint", tmp.resolve("snap").toString());
    assertThat(r.status()).as(r.err()).isLessThan(2);
    return r;
  }

  @Test
  void seed001_asAPaste_givesTheSeedSnapshot_sameFilesSameRoutes() throws Exception {
    CliTest.Run r = importing(paste("seed-001-walkthrough.txt"));
    assertThat(r.status()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("`kubectl exec -it busybox-8647b8666c-jpnb6 /bin/sh` (a shell in")
        .contains("next: podpath lint ");
    Path sample = Samples.dir().resolve("snapshots/seed-flannel-host-gw");
    Map<String, String> expected = new TreeMap<>();
    try (Stream<Path> s = Files.walk(sample)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String rel = sample.relativize(p).toString().replace('\\', '/');
        if (!rel.equals("README.md")) {
          expected.put(rel, Files.readString(p));
        }
      }
    }
    assertThat(written()).isEqualTo(expected);
    Map<NetnsName, Netns> got =
        Snapshot.load(tmp.resolve("snap"), Snapshot.Options.DEFAULTS).topology().namespaces();
    Map<NetnsName, Netns> want =
        Snapshot.load(sample, Snapshot.Options.DEFAULTS).topology().namespaces();
    assertThat(got.keySet()).isEqualTo(want.keySet());
    assertThat(got.get(new NetnsName("worker1")).routing().allRoutes()).hasSizeGreaterThan(7);
    for (NetnsName n : want.keySet()) {
      assertThat(got.get(n).routing().allRoutes())
          .as(n.toString())
          .isEqualTo(want.get(n).routing().allRoutes());
      assertThat(got.get(n).routing().rules()).isEqualTo(want.get(n).routing().rules());
    }
    lint();
  }

  @Test
  void seed001_asTheSharedSeedFile_whenItIsThere() throws Exception {
    Path seed = Samples.root().resolve("../shared/seeds/001_c0dbcd65df3d64ce.txt").normalize();
    Assumptions.assumeTrue(
        Files.isRegularFile(seed), "the shared seeds are not next to this clone");
    CliTest.Run r = importing(seed.toString());
    assertThat(r.status()).as(r.out() + r.err()).isZero();
    assertThat(written().keySet())
        .containsExactly(
            "kubectl-get-nodes.txt",
            "kubectl-get-pods.txt",
            "worker1/ifconfig.txt",
            "worker1/ip-route.txt",
            "worker1/netns/busybox-8647b8666c-jpnb6/ip-route.txt",
            "worker2/ip-route.txt");
  }

  @Test
  void realDump_kubeProxyBefore_givesTheFilesOfItsSample() throws Exception {
    CliTest.Run r =
        importing(
            paste("real-dumps/master-01.before.iptables-save.txt"),
            paste("real-dumps/master-01.before.kubectl-get-pod-svc-endpoints.txt"));
    assertThat(r.status()).as(r.out() + r.err()).isZero();
    Path sample = Samples.dir().resolve("snapshots/kube-proxy-before");
    Map<String, String> w = written();
    assertThat(w)
        .containsOnlyKeys(
            "master-01/iptables-save.txt",
            "kubectl-get-pods.txt",
            "kubectl-get-services.txt",
            "kubectl-get-endpoints.txt");
    for (String f : w.keySet()) {
      assertThat(w.get(f)).as(f).isEqualTo(Files.readString(sample.resolve(f)));
    }
    lint();
  }

  @Test
  void k3s1719_twoNodesByTheirPrompts_fdbLinesGetTheirDevice() throws Exception {
    CliTest.Run r = importing(paste("k3s-1719-flannel-fdb.md"));
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(written())
        .containsOnlyKeys(
            "k3s-master/ip-addr.txt",
            "k3s-master/bridge-fdb.txt",
            "k3s-worker/ip-addr.txt",
            "k3s-worker/bridge-fdb.txt")
        .containsEntry(
            "k3s-master/bridge-fdb.txt",
            "d6:ad:6b:77:37:eb dev flannel.1 dst 192.168.1.73 self permanent\n");
    assertThat(lint().out()).contains("0 problems");
  }

  @Test
  void kubeArm62_iptablesSaveOnTheFenceLine_withoutItsTable_isReadAsFilter() throws Exception {
    CliTest.Run bare = importing(paste("kube-arm-62-forward-drop.md"));
    assertThat(bare.status()).isEqualTo(1);
    assertThat(bare.out())
        .contains("`sudo iptables-save`: whose output this is the paste does not say")
        .contains("nothing written");
    CliTest.Run r = importing(paste("kube-arm-62-forward-drop.md"), "--node", "worker1");
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(r.out())
        .contains(
            "kube-arm-62-forward-drop.md:2-21  `sudo iptables-save`  worker1  -> "
                + "worker1/iptables-save.txt")
        .contains("left out by the poster at lines 3, 21")
        .contains("read as the filter table");
    assertThat(written().get("worker1/iptables-save.txt"))
        .startsWith("*filter\n:FORWARD DROP [0:0]\n")
        .endsWith("-j DROP\nCOMMIT\n");
    assertThat(lint().out()).contains("0 problems");
  }

  @Test
  void kubernetes97357_routeWithoutN_isPlaced_andLintSaysTheNamedLines() throws Exception {
    CliTest.Run r = importing(paste("kubernetes-97357-route-n.md"));
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(written()).containsOnlyKeys("node/route-n.txt");
    assertThat(r.out()).contains("`ping 10.244.1.5` (ping)");
    // route without -n prints 0.0.0.0 as "default", which is read; a gateway's host name is not
    assertThat(lint().out())
        .contains("route-n.txt:3:17: Gateway \"gateway\" is not an IPv4 address")
        .doesNotContain("Destination \"default\"");
  }

  @Test
  void flannel1387_ipAddrAfterALabel_goesToTheNodeItNames() throws Exception {
    CliTest.Run r = importing(paste("flannel-1387-ip-addr.md"));
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(r.out()).contains("the node is master, as line 3 says (\"1.master\")");
    assertThat(written()).containsOnlyKeys("master/ip-addr.txt");
    assertThat(lint().out()).contains("ip-addr.txt:19:12: \"scope\" is not an IPv4 address");
  }

  @Test
  void contrib685_rawPostWithHashPrompts_findsTheRoutesOfTheNodeNamedBefore() throws Exception {
    CliTest.Run r = importing(paste("contrib-685-ip-route.txt"));
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(r.out())
        .contains("`uname -a` (uname)")
        .contains("`etcdctl ls /coreos.com/network/subnets`");
    assertThat(written()).containsOnlyKeys("vm-1/ip-route.txt");
    assertThat(written().get("vm-1/ip-route.txt"))
        .startsWith("default via 10.85.81.129 dev eth0\n")
        .endsWith("20.1.36.0/24 dev docker0\n");
    lint();
  }

  @Test
  void calico1761_boldLabels_needANode_andReadIpipDevices() throws Exception {
    CliTest.Run r = importing(paste("calico-1761-bold-labels.md"), "--node", "node-a");
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(written()).containsOnlyKeys("node-a/ifconfig.txt", "node-a/ip-link.txt");
    assertThat(written().get("node-a/ip-link.txt"))
        .contains("4: tunl0@NONE:")
        .doesNotContain("docker logs");
    lint();
  }

  @Test
  void bigip558_preBlocks_nodeByTheLabel_describeNodeGivesFlannelsVxlan() throws Exception {
    CliTest.Run r = importing(paste("bigip-558-pre-describe.md"));
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(r.out())
        .contains("-> 10.169.72.93/ip-addr.txt")
        .contains(
            "`cluster/kubectl.sh describe node 10.169.72.93`  cluster  -> kubectl-describe-nodes.txt");
    assertThat(written())
        .containsOnlyKeys("10.169.72.93/ip-addr.txt", "kubectl-describe-nodes.txt");
    CliTest.Run lint = lint();
    assertThat(lint.out())
        .contains("0 problems")
        .contains(
            "flannel.1 is flannel's VXLAN device: VNI 1 (flannel names it flannel.VNI), UDP port 8472 (flannel's),"
                + " no learning, TTL auto, local 10.169.72.93")
        .contains("flannel.alpha.coreos.com/backend-type: vxlan (kubectl-describe-nodes.txt:")
        .contains("local 10.169.72.93 is its flannel.alpha.coreos.com/public-ip annotation")
        .contains("its FDB was not dumped")
        .contains("cni0 is a bridge: the dumps show no kind");
  }

  /**
   * flannel#1029 asks which NIC flannel uses: imported, the routes, brctl show and ifconfig give a
   * node whose flannel.1 is taken as flannel's VXLAN device (said, with the onlink routes as
   * evidence) over eno2, the interface of the default route, which is the answer (flanneld takes it
   * without --iface), and whose cni0 has the twelve veth ports brctl lists; a trace to another
   * node's pod stops where the paste stops (the FDB was not posted: UNKNOWN, not a guess), one to
   * the internet leaves through eno2, naming its gateway.
   */
  @Test
  void flannel1029_ipRouteBrctlIfconfig_importLintTrace() throws Exception {
    CliTest.Run r = importing(paste("flannel-1029-brctl-show.md"), "--node", "node3");
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(written())
        .containsOnlyKeys("node3/ip-route.txt", "node3/brctl-show.txt", "node3/ifconfig.txt");
    assertThat(r.out()).contains("`brctl show`  node3  -> node3/brctl-show.txt");
    CliTest.Run lint = lint();
    assertThat(lint.out())
        .contains("node3: assumed: cni0 is a bridge (`brctl show`, node3/brctl-show.txt:2)")
        .contains("veth03565e0b, veth1dddc034, veth21716a4e")
        .contains(
            "node3: assumed: docker0 is a bridge (`brctl show`, node3/brctl-show.txt:14); docker0's MAC is"
                + " 02:42:63:37:5d:2b")
        .contains("flannel.1 is flannel's VXLAN device: VNI 1")
        .contains("onlink routes to other nodes' pod subnets through it (node3/ip-route.txt:3)")
        .contains("local 192.168.56.74 over eno2")
        .contains(
            "local 192.168.56.74 is the address of eno2, the interface of the default route node3/ip-route.txt:1:"
                + " flanneld takes it when no --iface is given");
    String snap = tmp.resolve("snap").toString();
    CliTest.Run pod = CliTest.run("trace", snap, "--from", "node3", "--to", "172.20.5.3");
    assertThat(pod.out())
        .as(pod.out() + pod.err())
        .contains("the FDB of flannel.1 was not dumped")
        .contains("result: UNKNOWN");
    CliTest.Run out = CliTest.run("trace", snap, "--from", "node3", "--to", "8.8.8.8");
    assertThat(out.out())
        .as(out.out() + out.err())
        .contains("EXITED_MODEL")
        .contains("the gateway 192.168.56.1 (node3/ip-route.txt:1)")
        .contains("result: UNKNOWN");
    assertThat(pod.err()).contains("assumption");
  }

  /**
   * A README with the description of three k3s nodes and no node's dump: the description is read,
   * nothing written.
   */
  @Test
  void k3sReadme_describeNodesInDetails_isRecognised_butNoNodeWasDumped() throws Exception {
    CliTest.Run r = importing(paste("k3s-network-issue-describe-nodes.md"));
    assertThat(r.status()).as(r.out()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            ":23-371  `kubectl describe nodes (by its lines)`  cluster  -> kubectl-describe-nodes.txt")
        .contains("indentation of 2 taken off")
        .contains("(the description of something other than a node (no Roles: or PodCIDR: line))")
        .contains("nothing written: a snapshot needs the dump of at least one node");
    assertThat(Files.exists(tmp.resolve("snap"))).isFalse();
  }

  @Test
  void rancher13644_aPromptOnTheFenceLine_namesTheNode() throws Exception {
    String thread =
        Samples.root()
            .resolve("test/src/test/resources/threads/rancher-13644-missing-vxlan-route/paste.md")
            .toString();
    CliTest.Run r = importing(thread);
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(written()).containsOnlyKeys("ip-172-31-5-12/ip-route.txt");
    assertThat(written().get("ip-172-31-5-12/ip-route.txt"))
        .startsWith("default via 172.31.0.1 dev eth0\n");
  }

  @Test
  void kubernetes72370_cutIptablesSave_isWritten_andLintSaysWhereItStops() throws Exception {
    CliTest.Run r = importing(paste("kubernetes-72370-iptables-save.md"));
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(written()).containsOnlyKeys("hp-01/iptables-save.txt");
    assertThat(lint().out()).contains("COMMIT expected");
  }

  @Test
  void geekNetworking_grepFilteredKubectlTable_getsItsHeader_andTheRepeatedRoutesAreNotPlaced()
      throws Exception {
    CliTest.Run r = importing(paste("geek-networking-calico-ip-r.txt"));
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out())
        .contains("filtered by `grep ems203-w2`")
        .contains("`NAMESPACE NAME READY STATUS");
    assertThat(written()).containsOnlyKeys("kubectl-get-pods.txt", "ems203-w2/ip-route.txt");
    assertThat(lint().out()).contains("0 problems");
  }
}
