package dev.podpath.model.paste;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Given pasted text, when it is split, then these files, nodes and reasons. */
final class PasteSplitterTest {

  private static PasteSplit split(String text) {
    return PasteSplitter.split(List.of(new PastedText("p.md", text)), Optional.empty());
  }

  private static PasteSplit split(String text, String node) {
    return PasteSplitter.split(List.of(new PastedText("p.md", text)), Optional.of(node));
  }

  private static List<BlockOutcome.Unplaced> unplaced(PasteSplit s) {
    return s.blocks().stream().filter(b -> b instanceof BlockOutcome.Unplaced).map(b -> (BlockOutcome.Unplaced) b)
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "ip route      | default via 10.0.0.1 dev eth0\\n10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5 | ip-route.txt",
    "ip addr       | 2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP\\n    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff\\n    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0 | ip-addr.txt",
    "ip -o addr    | 2: eth0    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0\\       valid_lft forever preferred_lft forever | ip-addr.txt",
    "ip link       | 2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT\\n    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff | ip-link.txt",
    "ip neigh      | 10.0.0.1 dev eth0 lladdr 02:00:00:00:00:09 REACHABLE\\n10.0.0.7 dev eth0  FAILED | ip-neigh.txt",
    "arp -n        | Address                  HWtype  HWaddress           Flags Mask            Iface\\n10.0.0.1                 ether   02:00:00:00:00:09   C                     eth0 | arp-n.txt",
    "route -n      | Kernel IP routing table\\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\\n0.0.0.0         10.0.0.1        0.0.0.0         UG    100    0        0 eth0 | route-n.txt",
    "ifconfig      | eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\\n        inet 10.0.0.5  netmask 255.255.255.0  broadcast 10.0.0.255 | ifconfig.txt",
    "iptables-save | *filter\\n:INPUT ACCEPT [0:0]\\n:FORWARD DROP [0:0]\\n:OUTPUT ACCEPT [0:0]\\n-A FORWARD -i cni0 -j ACCEPT\\nCOMMIT | iptables-save.txt",
    "bridge fdb    | 0e:f1:00:00:00:15 dev flannel.1 dst 192.168.2.15 self permanent | bridge-fdb.txt",
    "ip rule       | 0:      from all lookup local\\n32766:  from all lookup main | ip-rule.txt",
    "sysctl        | net.ipv4.ip_forward = 1\\nnet.ipv4.conf.all.rp_filter = 1 | sysctl.txt",
    "subnet.env    | FLANNEL_NETWORK=10.244.0.0/16\\nFLANNEL_SUBNET=10.244.1.1/24 | subnet.env",
    "ip -j route   | [{\"dst\":\"default\",\"gateway\":\"10.0.0.1\",\"dev\":\"eth0\",\"flags\":[]}] | ip-route.json",
  })
  void outputWithoutAPrompt_isRecognisedByItsLines(String what, String text, String file) {
    PasteSplit s = split("On worker-1:\n```\n" + text.replace("\\n", "\n") + "\n```\n");
    assertThat(s.files()).containsOnlyKeys("worker-1/" + file);
    assertThat(s.blocks()).singleElement().isInstanceOfSatisfying(BlockOutcome.Placed.class,
        p -> assertThat(p.lines()).isEqualTo(new LineRange("p.md", 3, 2 + text.split("\\\\n").length)));
  }

  @Test
  void kubectlTables_goToTheTop_andACombinedOutputIsCutAtItsHeaders() {
    PasteSplit s = split("""
        $ kubectl get pod,svc,endpoints -A -o wide
        NAMESPACE     NAME                      READY   STATUS    RESTARTS   AGE   IP          NODE      NOMINATED NODE   READINESS GATES
        kube-system   pod/coredns-5b8bf7b657    1/1     Running   0          4d    10.1.0.55   master    <none>           <none>

        NAMESPACE   NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE   SELECTOR
        default     service/kubernetes   ClusterIP   10.2.0.1     <none>        443/TCP   7d    <none>

        NAMESPACE   NAME                   ENDPOINTS          AGE
        default     endpoints/kubernetes   192.168.1.5:6443   7d
        Then I looked at the routes.
        """);
    assertThat(s.files()).containsOnlyKeys("kubectl-get-pods.txt", "kubectl-get-services.txt",
        "kubectl-get-endpoints.txt");
    assertThat(s.files().get("kubectl-get-endpoints.txt")).doesNotContain("Then I");
    assertThat(s.blocks()).extracting(BlockOutcome::lines).extracting(LineRange::first).containsExactly(1, 5, 8);
  }

  @Test
  void nodes_comeFromPrompts_podsEnteredWithKubectlExec_andTheNodeKubectlListsThemOn() {
    PasteSplit s = split("""
        [root@master ~]# kubectl get pods -o wide
        NAME     READY   STATUS    RESTARTS   AGE   IP          NODE      NOMINATED NODE   READINESS GATES
        web-1    1/1     Running   0          1d    10.1.1.5    worker1   <none>           <none>
        [root@master ~]# kubectl exec -it web-1 -- sh
        / # ip route
        default via 10.1.1.1 dev eth0
        / # exit
        [root@worker2 ~]# ip r
        default via 192.168.0.1 dev eth0
        """);
    assertThat(s.files()).containsOnlyKeys("kubectl-get-pods.txt", "worker1/netns/web-1/ip-route.txt",
        "worker2/ip-route.txt");
  }

  @Test
  void aNodeNamedBeforeTheBlock_orWhoseAddressKubectlLists_isItsNode() {
    PasteSplit s = split("""
        kubectl get nodes -o wide
        NAME    STATUS   ROLES    AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE   KERNEL-VERSION   CONTAINER-RUNTIME
        n1      Ready    master   3d    v1.20.0   10.0.0.11     <none>        Ubuntu     5.4.0            docker://19.3
        n2      Ready    <none>   3d    v1.20.0   10.0.0.12     <none>        Ubuntu     5.4.0            docker://19.3

        This is from node n1:
        ```
        default via 10.0.0.1 dev eth0
        ```
        And the other one:
        ```
        10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.12
        ```
        """);
    assertThat(s.files()).containsOnlyKeys("kubectl-get-nodes.txt", "n1/ip-route.txt", "n2/ip-route.txt");
  }

  @Test
  void aBlockWhoseNodeIsNotSaid_isNotPlaced_unlessNodeIsGiven() {
    String text = "```\ndefault via 10.0.0.1 dev eth0\n```\n";
    assertThat(unplaced(split(text))).singleElement().satisfies(u -> assertThat(u.reason()).contains("--node"));
    assertThat(split(text, "w3").files()).containsOnlyKeys("w3/ip-route.txt");
  }

  @Test
  void commandsWhoseOutputIsNotRead_areNotPlaced_sayingWhatToPasteInstead() {
    PasteSplit s = split("""
        [root@n1 ~]# iptables -L -n
        Chain INPUT (policy ACCEPT)
        target     prot opt source               destination
        [root@n1 ~]# brctl show
        bridge name     bridge id               STP enabled     interfaces
        cni0            8000.0a580af40001       no              veth1
        [root@n1 ~]# ip route get 10.244.1.5
        10.244.1.5 via 10.244.1.0 dev flannel.1 src 10.244.0.0 uid 0
            cache
        [root@n1 ~]# ping -c1 10.244.1.5
        PING 10.244.1.5 (10.244.1.5) 56(84) bytes of data.
        """);
    assertThat(s.files()).isEmpty();
    assertThat(unplaced(s)).extracting(BlockOutcome.Unplaced::reason).satisfiesExactly(
        r -> assertThat(r).contains("paste `iptables-save` instead"),
        r -> assertThat(r).contains("paste `ip -d link show` instead"),
        r -> assertThat(r).contains("ip route get"));
    assertThat(s.blocks()).filteredOn(b -> b instanceof BlockOutcome.Skipped).singleElement()
        .satisfies(b -> assertThat(b.command()).isEqualTo("ping -c1 10.244.1.5"));
  }

  @Test
  void shapesWithoutAPrompt_thatAreNotRead_areNotPlacedEither() {
    PasteSplit s = split("""
        Chain FORWARD (policy DROP 22 packets, 1848 bytes)
         pkts bytes target     prot opt in     out     source               destination
         9704  815K KUBE-FORWARD  all  --  any    any     anywhere             anywhere
        """, "n1");
    assertThat(unplaced(s)).singleElement().satisfies(u -> assertThat(u.reason()).contains("iptables -L"));
  }

  @Test
  void iptablesSaveWithoutItsTableLine_isNamedFromItsChains_andTheElisionsAreSaid() {
    PasteSplit s = split("""
        ```
        $ sudo iptables-save
        ...
        :FORWARD DROP [0:0]
        -A FORWARD -o docker0 -j DOCKER
        -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
        ...
        ```
        """, "n1");
    assertThat(s.files().get("n1/iptables-save.txt")).isEqualTo("""
        *filter
        :FORWARD DROP [0:0]
        -A FORWARD -o docker0 -j DOCKER
        -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
        COMMIT
        """);
    assertThat(s.blocks()).singleElement().isInstanceOfSatisfying(BlockOutcome.Placed.class, p -> assertThat(p.notes())
        .anySatisfy(n -> assertThat(n).contains("left out by the poster at lines 3, 7"))
        .anySatisfy(n -> assertThat(n).contains("read as the filter table")));
    PasteSplit nat = split("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
        + "-A KUBE-SEP-X -p tcp -j DNAT --to-destination 10.1.0.5:53\n", "n1");
    assertThat(nat.files().get("n1/iptables-save.txt")).startsWith("*nat\n").endsWith("COMMIT\n");
  }

  @Test
  void forumIndentationAndQuotes_areTakenOff() {
    PasteSplit s = split("""
        > On node2:
        >
        >     default via 10.0.0.1 dev eth0
        >     10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5
        """);
    assertThat(s.files()).containsEntry("node2/ip-route.txt",
        "default via 10.0.0.1 dev eth0\n10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5\n");
    assertThat(s.warnings()).extracting(PasteWarning::message).anySatisfy(m -> assertThat(m).startsWith("`> ` quote"));
  }

  @Test
  void theDeviceAShowCommandLeftOut_isPutBack() {
    PasteSplit s = split("""
        [root@n1 ~]# ip neigh show dev flannel.1
        10.244.1.0 lladdr 66:b2:20:b7:52:5b PERMANENT
        [root@n1 ~]# bridge fdb show dev flannel.1
        66:b2:20:b7:52:5b dst 192.168.1.73 self permanent
        [root@n1 ~]# ip route show dev cni0
        10.244.0.0/24 proto kernel scope link src 10.244.0.1
        [root@n1 ~]# cat /proc/sys/net/ipv4/ip_forward
        0
        """);
    assertThat(s.files()).containsEntry("n1/ip-neigh.txt", "10.244.1.0 dev flannel.1 lladdr 66:b2:20:b7:52:5b PERMANENT\n")
        .containsEntry("n1/bridge-fdb.txt", "66:b2:20:b7:52:5b dev flannel.1 dst 192.168.1.73 self permanent\n")
        .containsEntry("n1/ip-route.txt", "10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1\n")
        .containsEntry("n1/sysctl.txt", "net.ipv4.ip_forward = 0\n");
  }

  @Test
  void aSecondDifferentTableOfOneNode_isNotPlaced_butDeviceBlocksAddUp() {
    PasteSplit s = split("""
        [root@n1 ~]# ip route
        default via 10.0.0.1 dev eth0
        [root@n1 ~]# ip addr show eth0
        2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP
            inet 10.0.0.5/24 scope global eth0
        [root@n1 ~]# ip addr show cni0
        3: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP
            inet 10.244.0.1/24 scope global cni0
        [root@n1 ~]# ip route
        default via 10.0.0.254 dev eth0
        """);
    assertThat(s.files().get("n1/ip-addr.txt")).contains("2: eth0:").contains("3: cni0:");
    assertThat(unplaced(s)).singleElement().satisfies(u -> {
      assertThat(u.lines()).isEqualTo(new LineRange("p.md", 9, 10));
      assertThat(u.reason()).contains("different from p.md:1-2");
    });
  }

  @Test
  void aDumpFileNamedAfterItsNode_needsNoPrompt() {
    PasteSplit s = PasteSplitter.split(List.of(new PastedText("dumps/worker7-ip-route.txt",
        "default via 10.0.0.1 dev eth0\n")), Optional.empty());
    assertThat(s.files()).containsOnlyKeys("worker7/ip-route.txt");
    assertThat(PasteSplitter.fileNode("master-01.before.iptables-save.txt")).contains("master-01");
    assertThat(PasteSplitter.fileNode("ip-route.txt")).isEmpty();
    assertThat(PasteSplitter.fileNode("notes.md")).isEmpty();
  }

  @Test
  void aPromptedCommandWhoseLinesAreAnotherCommands_isWrittenAsWhatTheLinesAre() {
    PasteSplit s = split("[root@n1 ~]# ip a\ndefault via 10.0.0.1 dev eth0\n");
    assertThat(s.files()).containsOnlyKeys("n1/ip-route.txt");
  }
}
