package dev.podpath.model.paste;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.dump.KubectlServicesParser;
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
    return s.blocks().stream()
        .filter(b -> b instanceof BlockOutcome.Unplaced)
        .map(b -> (BlockOutcome.Unplaced) b)
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
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
    assertThat(s.blocks())
        .singleElement()
        .isInstanceOfSatisfying(
            BlockOutcome.Placed.class,
            p ->
                assertThat(p.lines())
                    .isEqualTo(new LineRange("p.md", 3, 2 + text.split("\\\\n").length)));
  }

  @Test
  void kubectlTables_goToTheTop_andACombinedOutputIsCutAtItsHeaders() {
    PasteSplit s =
        split(
            """
        $ kubectl get pod,svc,endpoints -A -o wide
        NAMESPACE     NAME                      READY   STATUS    RESTARTS   AGE   IP          NODE      NOMINATED NODE   READINESS GATES
        kube-system   pod/coredns-5b8bf7b657    1/1     Running   0          4d    10.1.0.55   master    <none>           <none>

        NAMESPACE   NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE   SELECTOR
        default     service/kubernetes   ClusterIP   10.2.0.1     <none>        443/TCP   7d    <none>

        NAMESPACE   NAME                   ENDPOINTS          AGE
        default     endpoints/kubernetes   192.168.1.5:6443   7d
        Then I looked at the routes.
        """);
    assertThat(s.files())
        .containsOnlyKeys(
            "kubectl-get-pods.txt", "kubectl-get-services.txt", "kubectl-get-endpoints.txt");
    assertThat(s.files().get("kubectl-get-endpoints.txt")).doesNotContain("Then I");
    assertThat(s.blocks())
        .extracting(BlockOutcome::lines)
        .extracting(LineRange::first)
        .containsExactly(1, 5, 8);
  }

  @Test
  void anOlderKubectlsServicesTable_withoutTheTypeColumn_isReadWithItsOwnHeader() {
    PasteSplit s =
        split(
            """
        Services:
        ```
        NAMESPACE     NAME       CLUSTER-IP   EXTERNAL-IP   PORT(S)         AGE
        kube-system   kube-dns   10.96.0.10   <none>        53/UDP,53/TCP   2d
        ```
        """);
    assertThat(s.files()).containsOnlyKeys("kubectl-get-services.txt");
    assertThat(s.files().get("kubectl-get-services.txt"))
        .startsWith("NAMESPACE     NAME       CLUSTER-IP")
        .doesNotContain("TYPE");
    assertThat(
            KubectlServicesParser.parse(
                    "kubectl-get-services.txt", s.files().get("kubectl-get-services.txt"))
                .value())
        .singleElement()
        .satisfies(v -> assertThat(v.clusterIp()).hasValue(Ipv4Address.parse("10.96.0.10")));
  }

  @Test
  void nodes_comeFromPrompts_podsEnteredWithKubectlExec_andTheNodeKubectlListsThemOn() {
    PasteSplit s =
        split(
            """
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
    assertThat(s.files())
        .containsOnlyKeys(
            "kubectl-get-pods.txt", "worker1/netns/web-1/ip-route.txt", "worker2/ip-route.txt");
  }

  @Test
  void aNodeNamedBeforeTheBlock_orWhoseAddressKubectlLists_isItsNode() {
    PasteSplit s =
        split(
            """
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
    assertThat(s.files())
        .containsOnlyKeys("kubectl-get-nodes.txt", "n1/ip-route.txt", "n2/ip-route.txt");
  }

  @Test
  void aLabelOfCodeSpansNamingTheNode_winsOverAnAddressSentenceAbove() {
    // cloudnativelabs/kube-router#14: the sentence about the other node, then the label
    PasteSplit s =
        split(
            """
        10.10.3.2 is the IP of `node2-dev`.

        To hopefully help with troubleshooting, here's some ip/gobgp output pertaining to both nodes.

        `node1-dev` `ip route` and `ip addr`
        ```
        default via 10.10.10.1 dev enp0s25  proto static
        10.10.0.0/16 dev enp0s25  proto kernel  scope link  src 10.10.3.1
        ```
        """);
    assertThat(s.files()).containsOnlyKeys("node1-dev/ip-route.txt");
  }

  @Test
  void aSentenceStartingWithAnAddress_isNotANumberedLabel() {
    // "10." is not item 10 of a list: the sentence names a node but is no label of the block
    PasteSplit s =
        split(
            """
        10.10.3.2 is the IP of node2-dev.
        ```
        default via 10.10.10.1 dev enp0s25  proto static
        ```
        """);
    assertThat(s.files()).isEmpty();
  }

  @Test
  void outputRightAfterAFencesBackticks_isItsFirstLine_said() {
    // kubernetes/kubernetes#33798 (a Slack transcript): ```net.bridge.bridge-nf-call-iptables = 1
    PasteSplit s =
        split(
            """
        We flipped to
        ```net.bridge.bridge-nf-call-iptables = 1
        net.bridge.bridge-nf-call-ip6tables = 1```
        """,
            "n1");
    assertThat(s.files()).containsOnlyKeys("n1/sysctl.txt");
    assertThat(s.files().get("n1/sysctl.txt"))
        .contains("net.bridge.bridge-nf-call-iptables = 1")
        .contains("net.bridge.bridge-nf-call-ip6tables = 1");
    assertThat(s.warnings())
        .anySatisfy(w -> assertThat(w.message()).contains("right after the fence's backticks"));
  }

  @Test
  void aVersionInTheProseBefore_isNotANodeName() {
    // cilium/cilium#10645 (a comment): `systemctl --version` prints "systemd 245 (245.6-8-arch)"
    // a few lines before the sysctl values, and 245.6-8-arch is no node
    PasteSplit s =
        split(
            """
        ```
        $ systemctl --version
        systemd 245 (245.6-8-arch)
        ```
        ```
        $ sysctl net.ipv4.conf.all.rp_filter
        net.ipv4.conf.all.rp_filter = 0
        ```
        """);
    assertThat(s.files()).isEmpty();
    assertThat(unplaced(s))
        .singleElement()
        .satisfies(u -> assertThat(u.reason()).contains("--node"));
  }

  @Test
  void aBlockWhoseNodeIsNotSaid_isNotPlaced_unlessNodeIsGiven() {
    String text = "```\ndefault via 10.0.0.1 dev eth0\n```\n";
    assertThat(unplaced(split(text)))
        .singleElement()
        .satisfies(u -> assertThat(u.reason()).contains("--node"));
    assertThat(split(text, "w3").files()).containsOnlyKeys("w3/ip-route.txt");
  }

  @Test
  void commandsWhoseOutputIsNotRead_areNotPlaced_sayingWhatToPasteInstead() {
    PasteSplit s =
        split(
            """
        [root@n1 ~]# brctl show
        bridge name     bridge id               STP enabled     interfaces
        cni0            8000.0a580af40001       no              veth1
        [root@n1 ~]# ip route get 10.244.1.5
        10.244.1.5 via 10.244.1.0 dev flannel.1 src 10.244.0.0 uid 0
            cache
        [root@n1 ~]# ping -c1 10.244.1.5
        PING 10.244.1.5 (10.244.1.5) 56(84) bytes of data.
        """);
    assertThat(s.files()).containsOnlyKeys("n1/brctl-show.txt");
    assertThat(unplaced(s))
        .extracting(BlockOutcome.Unplaced::reason)
        .satisfiesExactly(
            r ->
                assertThat(r)
                    .contains("ip route get")
                    .contains("the route's prefix, table and other routes are not in" + " it"));
    assertThat(s.blocks())
        .filteredOn(b -> b instanceof BlockOutcome.Skipped)
        .singleElement()
        .satisfies(b -> assertThat(b.command()).isEqualTo("ping -c1 10.244.1.5"));
  }

  @Test
  void anIptablesListingWithoutAPrompt_isReadByItsShape_asTheTableItsChainsTell() {
    PasteSplit s =
        split(
            """
        Chain FORWARD (policy DROP 22 packets, 1848 bytes)
         pkts bytes target     prot opt in     out     source               destination
         9704  815K KUBE-FORWARD  all  --  any    any     anywhere             anywhere
        """,
            "n1");
    assertThat(unplaced(s)).isEmpty();
    assertThat(s.files().get("n1/iptables-save.txt"))
        .contains("*filter\n:FORWARD DROP [22:1848]\n-A FORWARD -j KUBE-FORWARD\nCOMMIT");
  }

  @Test
  void iptablesSaveWithoutItsTableLine_isNamedFromItsChains_andTheElisionsAreSaid() {
    PasteSplit s =
        split(
            """
        ```
        $ sudo iptables-save
        ...
        :FORWARD DROP [0:0]
        -A FORWARD -o docker0 -j DOCKER
        -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
        ...
        ```
        """,
            "n1");
    assertThat(s.files().get("n1/iptables-save.txt"))
        .isEqualTo(
            """
        *filter
        :FORWARD DROP [0:0]
        -A FORWARD -o docker0 -j DOCKER
        -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
        COMMIT
        """);
    assertThat(s.blocks())
        .singleElement()
        .isInstanceOfSatisfying(
            BlockOutcome.Placed.class,
            p ->
                assertThat(p.notes())
                    .anySatisfy(n -> assertThat(n).contains("left out by the poster at lines 3, 7"))
                    .anySatisfy(n -> assertThat(n).contains("read as the filter table")));
    PasteSplit nat =
        split(
            "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
                + "-A KUBE-SEP-X -p tcp -j DNAT --to-destination 10.1.0.5:53\n",
            "n1");
    assertThat(nat.files().get("n1/iptables-save.txt")).startsWith("*nat\n").endsWith("COMMIT\n");
  }

  @Test
  void aRuleOfAnUndeclaredUserChain_getsItsChainLine_saidSo() {
    // kubernetes/kubernetes#97360: one rule of KUBE-EXTERNAL-SERVICES, posted alone. Without its
    // ':KUBE-EXTERNAL-SERVICES' line iptables-restore (and podpath's reader) refuse the rule.
    PasteSplit s =
        split(
            "-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment"
                + " \"default/traefik-1566557461:http has no endpoints\" -m addrtype --dst-type LOCAL"
                + " -m tcp --dport 32445 -j REJECT --reject-with icmp-port-unreachable\n"
                + "-A FORWARD -j ACCEPT\n",
            "n1");
    assertThat(s.files().get("n1/iptables-save.txt"))
        .startsWith("*filter\n:KUBE-EXTERNAL-SERVICES - [0:0]\n-A KUBE-EXTERNAL-SERVICES ")
        .doesNotContain(":FORWARD")
        .endsWith("COMMIT\n");
    assertThat(s.blocks())
        .singleElement()
        .isInstanceOfSatisfying(
            BlockOutcome.Placed.class,
            p ->
                assertThat(p.notes())
                    .anySatisfy(
                        n ->
                            assertThat(n)
                                .contains(
                                    "KUBE-EXTERNAL-SERVICES had rules but no `:CHAIN` line")));
  }

  @Test
  void forumIndentationAndQuotes_areTakenOff() {
    PasteSplit s =
        split(
            """
        > On node2:
        >
        >     default via 10.0.0.1 dev eth0
        >     10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5
        """);
    assertThat(s.files())
        .containsEntry(
            "node2/ip-route.txt",
            "default via 10.0.0.1 dev eth0\n10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5\n");
    assertThat(s.warnings())
        .extracting(PasteWarning::message)
        .anySatisfy(m -> assertThat(m).startsWith("`> ` quote"));
  }

  @Test
  void theDeviceAShowCommandLeftOut_isPutBack() {
    PasteSplit s =
        split(
            """
        [root@n1 ~]# ip neigh show dev flannel.1
        10.244.1.0 lladdr 66:b2:20:b7:52:5b PERMANENT
        [root@n1 ~]# bridge fdb show dev flannel.1
        66:b2:20:b7:52:5b dst 192.168.1.73 self permanent
        [root@n1 ~]# ip route show dev cni0
        10.244.0.0/24 proto kernel scope link src 10.244.0.1
        [root@n1 ~]# cat /proc/sys/net/ipv4/ip_forward
        0
        """);
    assertThat(s.files())
        .containsEntry(
            "n1/ip-neigh.txt", "10.244.1.0 dev flannel.1 lladdr 66:b2:20:b7:52:5b PERMANENT\n")
        .containsEntry(
            "n1/bridge-fdb.txt",
            "66:b2:20:b7:52:5b dev flannel.1 dst 192.168.1.73 self permanent\n")
        .containsEntry(
            "n1/ip-route.txt", "10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1\n")
        .containsEntry("n1/sysctl.txt", "net.ipv4.ip_forward = 0\n");
  }

  private static final String TWO_STATES =
      """
      [root@n1 ~]# ip route
      default via 10.0.0.1 dev eth0
      [root@n1 ~]# ip addr show eth0
      2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP
          inet 10.0.0.5/24 scope global eth0
      [root@n1 ~]# ip addr show cni0
      3: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP
          inet 10.244.0.1/24 scope global cni0
      [root@n1 ~]# systemctl restart network
      [root@n1 ~]# ip route
      default via 10.0.0.254 dev eth0
      [root@n1 ~]# ip route
      default via 10.0.0.254 dev eth0
      """;

  @Test
  void twoStatesOfOneNodesTable_theFirstIsPlaced_theOtherSaid_andDeviceBlocksAddUp() {
    PasteSplit s = split(TWO_STATES);
    assertThat(s.files().get("n1/ip-addr.txt")).contains("2: eth0:").contains("3: cni0:");
    assertThat(s.files().get("n1/ip-route.txt")).isEqualTo("default via 10.0.0.1 dev eth0\n");
    assertThat(unplaced(s))
        .extracting(BlockOutcome.Unplaced::lines, BlockOutcome.Unplaced::reason)
        .containsExactly(
            tuple(
                new LineRange("p.md", 10, 11),
                "state 2 of 2 of `ip route` of n1, different from the state placed (p.md:1-2,"
                    + " written to n1/ip-route.txt): a snapshot holds one state; --state 2 places"
                    + " this one instead"),
            tuple(
                new LineRange("p.md", 12, 13),
                "the same as state 2 of `ip route` of n1 (p.md:10-11), which is not placed;"
                    + " --state 2 places it"));
    assertThat(s.blocks())
        .filteredOn(b -> b instanceof BlockOutcome.Placed p && p.file().equals("n1/ip-route.txt"))
        .extracting(b -> ((BlockOutcome.Placed) b).notes())
        .containsExactly(
            List.of(
                "state 1 of 2: the paste holds 2 different outputs of `ip route` of n1 (before"
                    + " and after a change); the first is placed; --state N (1 to 2) places"
                    + " another"));
  }

  @Test
  void stateN_placesTheNthStateOfEachTable_andTheBlockRepeatingIt() {
    PasteSplit s =
        PasteSplitter.split(
            List.of(new PastedText("p.md", TWO_STATES)), Optional.empty(), Optional.of(2));
    assertThat(s.files().get("n1/ip-route.txt")).isEqualTo("default via 10.0.0.254 dev eth0\n");
    assertThat(unplaced(s))
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.lines()).isEqualTo(new LineRange("p.md", 1, 2));
              assertThat(u.reason())
                  .isEqualTo(
                      "state 1 of 2 of `ip route` of n1, different from the state placed"
                          + " (p.md:10-11, written to n1/ip-route.txt): a snapshot holds one"
                          + " state; --state 1 places this one instead");
            });
    assertThat(s.blocks())
        .filteredOn(b -> b instanceof BlockOutcome.Placed p && p.file().equals("n1/ip-route.txt"))
        .extracting(b -> ((BlockOutcome.Placed) b).notes())
        .containsExactly(
            List.of(
                "state 2 of 2: the paste holds 2 different outputs of `ip route` of n1 (before"
                    + " and after a change); --state 2 placed this one; --state N (1 to 2) places"
                    + " another"),
            List.of("the same as p.md:10-11, written once"));
    PasteSplit past =
        PasteSplitter.split(
            List.of(new PastedText("p.md", TWO_STATES)), Optional.empty(), Optional.of(5));
    assertThat(past.files().get("n1/ip-route.txt")).isEqualTo("default via 10.0.0.254 dev eth0\n");
  }

  private static final String SYSCTLS_FLIPPED =
      """
      [root@n1 ~]# sysctl net.ipv4.ip_forward
      net.ipv4.ip_forward = 1
      [root@n1 ~]# sysctl -a | grep bridge-nf-call
      net.bridge.bridge-nf-call-iptables = 0
      net.bridge.bridge-nf-call-ip6tables = 0
      [root@n1 ~]# sysctl net.bridge.bridge-nf-call-iptables
      net.bridge.bridge-nf-call-iptables = 1
      [root@n1 ~]# sysctl net.ipv4.conf.all.rp_filter
      net.ipv4.conf.all.rp_filter = 1
      """;

  @Test
  void sysctlsGivenAnotherValue_areASecondState_theFirstPlaced_andUnchangedKeysInEvery() {
    PasteSplit s = split(SYSCTLS_FLIPPED);
    assertThat(s.files().get("n1/sysctl.txt"))
        .isEqualTo(
            """
            net.ipv4.ip_forward = 1
            net.bridge.bridge-nf-call-iptables = 0
            net.bridge.bridge-nf-call-ip6tables = 0
            net.ipv4.conf.all.rp_filter = 1
            """);
    assertThat(unplaced(s))
        .extracting(BlockOutcome.Unplaced::lines, BlockOutcome.Unplaced::reason)
        .containsExactly(
            tuple(
                new LineRange("p.md", 6, 7),
                "state 2 of 2 of `sysctl` of n1, different from the state placed (p.md:1-2,"
                    + " written to n1/sysctl.txt): a snapshot holds one state;"
                    + " --state 2 places this one instead"));

    PasteSplit after =
        PasteSplitter.split(
            List.of(new PastedText("p.md", SYSCTLS_FLIPPED)), Optional.empty(), Optional.of(2));
    assertThat(after.files().get("n1/sysctl.txt"))
        .isEqualTo(
            """
            net.ipv4.ip_forward = 1
            net.bridge.bridge-nf-call-iptables = 1
            net.bridge.bridge-nf-call-ip6tables = 0
            net.ipv4.conf.all.rp_filter = 1
            """);
  }

  @Test
  void aDumpFileNamedAfterItsNode_needsNoPrompt() {
    PasteSplit s =
        PasteSplitter.split(
            List.of(
                new PastedText("dumps/worker7-ip-route.txt", "default via 10.0.0.1 dev eth0\n")),
            Optional.empty());
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

  // ---- wrapped lines ----

  @Test
  void wrappedRouteLines_areRejoined_whereTheShapeIsCertain_andSaid() {
    PasteSplit s =
        split(
            """
        [root@n1 ~]# ip route
        default via 10.0.0.1 dev eth0
        10.244.2.0/24 via
        10.244.2.0 dev flannel.1 onlink
        10.244.3.0/24 via 10.244.3.0
        dev flannel.1 onlink
        10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5
        """);
    assertThat(s.files().get("n1/ip-route.txt"))
        .isEqualTo(
            """
        default via 10.0.0.1 dev eth0
        10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink
        10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink
        10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5
        """);
    assertThat(s.warnings())
        .filteredOn(w -> w.message().contains("a wrapped line"))
        .extracting(PasteWarning::message)
        .containsExactly(
            "a wrapped line: line 4 is the rest of line 3 (the line before ends with `via`, which takes a"
                + " value); read as one line",
            "a wrapped line: line 6 is the rest of line 5 (no line of this output starts"
                + " with `dev`); read as one line");
    assertThat(s.blocks())
        .singleElement()
        .satisfies(b -> assertThat(b.lines()).isEqualTo(new LineRange("p.md", 1, 7)));
  }

  @Test
  void wrappedIptablesRules_openQuoteOrAnOptionFirst_areRejoined_aNewRuleIsNot() {
    PasteSplit s =
        split(
            """
        # iptables-save
        *nat
        :PREROUTING ACCEPT [0:0]
        :KUBE-SERVICES - [0:0]
        -A PREROUTING -m comment --comment "kubernetes service
        portals" -j KUBE-SERVICES
        -A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m tcp --dport 443
        -j KUBE-SVC-NPX46M4PTMTKRN6Y
        -A KUBE-SERVICES -d 10.96.0.10/32 -j
        KUBE-SVC-TCOU7JCQXEZGVUNU
        COMMIT
        """,
            "n1");
    assertThat(s.files().get("n1/iptables-save.txt"))
        .contains(
            "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
                + "-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y\n"
                + "-A KUBE-SERVICES -d 10.96.0.10/32 -j KUBE-SVC-TCOU7JCQXEZGVUNU\nCOMMIT\n");
    assertThat(s.warnings()).filteredOn(w -> w.message().contains("a wrapped line")).hasSize(3);
  }

  @Test
  void aLineThatMayStartOutput_isNotJoined() {
    PasteSplit s =
        split(
            """
        [root@n1 ~]# ip route
        10.244.2.0/24 via 10.244.2.0 dev flannel.1
        10.244.3.0/24 dev cni0
        """);
    assertThat(s.files().get("n1/ip-route.txt")).hasLineCount(2);
    assertThat(s.warnings()).noneMatch(w -> w.message().contains("wrapped"));
  }

  // ---- brctl show, ethtool -i, iptables -S, kubectl describe nodes ----

  @Test
  void brctlShow_byItsCommandOrItsHeader_isBrctlShowTxt() {
    String out =
        "bridge name\tbridge id\t\tSTP enabled\tinterfaces\ncni0\t\t8000.72f6fa41f499\tno\t\tveth03565e0b\n"
            + "\t\t\t\t\t\t\tveth1dddc034\ndocker0\t\t8000.024263375d2b\tno\n";
    PasteSplit typed = split("[root@node3 dev]# brctl show\n" + out);
    assertThat(typed.files()).containsExactly(java.util.Map.entry("node3/brctl-show.txt", out));
    PasteSplit bare = split("```\n" + out + "```\n", "node3");
    assertThat(bare.files()).containsExactly(java.util.Map.entry("node3/brctl-show.txt", out));
  }

  @Test
  void ethtool_getsItsDeviceLine_severalAddUp_withoutTheCommandItIsNotPlaced() {
    PasteSplit s =
        split(
            """
        [root@n1 ~]# ethtool -i eth0
        driver: virtio_net
        version: 1.0.0
        bus-info: 0000:00:03.0
        [root@n1 ~]# ethtool -i flannel.1
        driver: vxlan
        version: 0.1
        """);
    assertThat(s.files())
        .containsExactly(
            java.util.Map.entry(
                "n1/ethtool-i.txt",
                """
        # ethtool -i eth0
        driver: virtio_net
        version: 1.0.0
        bus-info: 0000:00:03.0
        # ethtool -i flannel.1
        driver: vxlan
        version: 0.1
        """));
    PasteSplit bare = split("```\ndriver: veth\nversion: 1.0\n```\n", "n1");
    assertThat(unplaced(bare))
        .singleElement()
        .satisfies(u -> assertThat(u.reason()).contains("whose driver"));
  }

  @Test
  void ss_getsItsCommandLine_tcpAndUdpAddUp_andTheRowsAloneArePlacedByTheirShape() {
    // iproute2 6.1's own output (test resources dump/iproute2-6.1.0-ss-conntrack-1.4.7)
    PasteSplit s =
        split(
            """
        root@n1:~# ss -ltnp
        State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
        LISTEN 0      1          127.0.0.1:6443      0.0.0.0:*    users:(("nc",pid=13399,fd=3))
        root@n1:~# sudo ss -lunp
        State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
        UNCONN 0      0            0.0.0.0:53        0.0.0.0:*    users:(("nc",pid=13400,fd=3))
        """);
    assertThat(s.files())
        .containsExactly(
            java.util.Map.entry(
                "n1/ss-ltun.txt",
                """
        # ss -ltnp
        State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
        LISTEN 0      1          127.0.0.1:6443      0.0.0.0:*    users:(("nc",pid=13399,fd=3))
        # ss -lunp
        State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
        UNCONN 0      0            0.0.0.0:53        0.0.0.0:*    users:(("nc",pid=13400,fd=3))
        """));
    String bare =
        """
        Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
        udp   UNCONN 0      0            0.0.0.0:53        0.0.0.0:*    users:(("nc",pid=13400,fd=3))
        tcp   LISTEN 0      1          127.0.0.1:6443      0.0.0.0:*    users:(("nc",pid=13399,fd=3))
        """;
    assertThat(split("```\n" + bare + "```\n", "n1").files())
        .containsExactly(java.util.Map.entry("n1/ss-ltun.txt", bare));
    assertThat(unplaced(split("root@n1:~# ss -tn\nState Recv-Q Send-Q Local Address:Port\n")))
        .singleElement()
        .satisfies(u -> assertThat(u.reason()).contains("ss -ltnp"));
  }

  @Test
  void aShellAssignmentOfAFlannelVariable_isNoSubnetEnv() {
    // flannel-io/flannel#1473: the workaround typed in a <pre>, not flannel's subnet.env
    PasteSplit s =
        split(
            "<pre>\nVTEP_MAC=$(ssh othernode ip -j a s flannel.1 | jq -r .[0].address)\n"
                + "FLANNEL_NET=$(ssh othernode ip -j a s flannel.1 | jq -r '.[0].addr_info')\n"
                + "</pre>\n",
            "n1");
    assertThat(s.files()).isEmpty();
    PasteSplit env = split("```\nFLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_IPMASQ=true\n```\n", "n1");
    assertThat(env.files()).containsOnlyKeys("n1/subnet.env");
  }

  @Test
  void conntrackL_byItsCommandOrItsLines_isConntrackLTxt() {
    // conntrack-tools 1.4.7's own output (test resources dump/iproute2-6.1.0-ss-conntrack-1.4.7)
    String out =
        """
        udp      17 28 src=10.0.0.1 dst=10.0.0.2 sport=50108 dport=5353 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=5353 dport=50108 mark=0 use=1
        tcp      6 431998 ESTABLISHED src=10.0.0.1 dst=10.96.0.10 sport=57848 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=8080 dport=57848 [ASSURED] mark=0 use=1
        conntrack v1.4.7 (conntrack-tools): 2 flow entries have been shown.
        """;
    assertThat(split("[root@n1 ~]# conntrack -L\n" + out).files())
        .containsExactly(java.util.Map.entry("n1/conntrack-L.txt", out));
    assertThat(split("```\n" + out + "```\n", "n1").files())
        .containsExactly(java.util.Map.entry("n1/conntrack-L.txt", out));
  }

  @Test
  void dockerNetworkInspect_byItsCommandOrItsJson_isDockerNetworkInspectJson() {
    String out =
        """
        [
          {
            "Name": "simple-network",
            "Id": "69568e6336d8c96bbf57869030919f7c69524f71183b44d80948bd3927c87f6a",
            "Created": "2016-10-19T04:33:30.360899459Z",
            "Scope": "local",
            "Driver": "bridge",
            "IPAM": {
              "Driver": "default",
              "Config": [
                {
                  "Subnet": "172.22.0.0/16",
                  "Gateway": "172.22.0.1"
                }
              ]
            },
            "Containers": {},
            "Options": {},
            "Labels": {}
          }
        ]
        """;
    assertThat(split("$ docker network inspect simple-network\n" + out, "h1").files())
        .containsExactly(java.util.Map.entry("h1/docker-network-inspect.json", out));
    assertThat(split("```json\n" + out + "```\n", "h1").files())
        .containsExactly(java.util.Map.entry("h1/docker-network-inspect.json", out));
  }

  @Test
  void iptablesS_isWrittenAsIptablesSave_inTheTableTheCommandNames() {
    PasteSplit s =
        split(
            """
        [root@n1 ~]# iptables -S
        -P INPUT ACCEPT
        -P FORWARD DROP
        -P OUTPUT ACCEPT
        -N KUBE-FORWARD
        -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
        -A KUBE-FORWARD -m mark --mark 0x4000/0x4000 -j ACCEPT
        [root@n1 ~]# iptables -t nat -S POSTROUTING
        -P POSTROUTING ACCEPT
        -A POSTROUTING -s 10.244.0.0/16 ! -d 10.244.0.0/16 -j MASQUERADE
        """);
    assertThat(s.files().get("n1/iptables-save.txt"))
        .isEqualTo(
            """
        *filter
        :INPUT ACCEPT [0:0]
        :FORWARD DROP [0:0]
        :OUTPUT ACCEPT [0:0]
        :KUBE-FORWARD - [0:0]
        -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
        -A KUBE-FORWARD -m mark --mark 0x4000/0x4000 -j ACCEPT
        COMMIT
        *nat
        :POSTROUTING ACCEPT [0:0]
        -A POSTROUTING -s 10.244.0.0/16 ! -d 10.244.0.0/16 -j MASQUERADE
        COMMIT
        """);
    assertThat(s.blocks())
        .filteredOn(b -> b instanceof BlockOutcome.Placed)
        .extracting(b -> ((BlockOutcome.Placed) b).notes())
        .satisfiesExactly(
            n -> assertThat(n).anySatisfy(x -> assertThat(x).contains("in table filter")),
            n -> assertThat(n).anySatisfy(x -> assertThat(x).contains("only chain POSTROUTING")));
  }

  @Test
  void iptablesS_withoutItsCommand_isRecognisedByItsPolicyLines() {
    PasteSplit s =
        split("```\n-P INPUT ACCEPT\n-P FORWARD DROP\n-A FORWARD -i cni0 -j ACCEPT\n```\n", "n1");
    assertThat(s.files().get("n1/iptables-save.txt"))
        .isEqualTo(
            """
        *filter
        :INPUT ACCEPT [0:0]
        :FORWARD DROP [0:0]
        -A FORWARD -i cni0 -j ACCEPT
        COMMIT
        """);
  }

  @Test
  void kubectlDescribeNodes_goesToTheTop_itsInternalIpsNameTheNodes() {
    PasteSplit s =
        split(
            """
        $ kubectl describe node worker-7
        Name:               worker-7
        Roles:              <none>
        Annotations:        flannel.alpha.coreos.com/backend-type: vxlan
                            flannel.alpha.coreos.com/public-ip: 10.0.0.7
        Addresses:
          InternalIP:  10.0.0.7
          Hostname:    worker-7
        PodCIDR:                      10.244.7.0/24

        Then the routes:
        ```
        default via 10.0.0.1 dev eth0 proto dhcp src 10.0.0.7 metric 100
        ```
        """);
    assertThat(s.files()).containsOnlyKeys("kubectl-describe-nodes.txt", "worker-7/ip-route.txt");
    assertThat(s.files().get("kubectl-describe-nodes.txt"))
        .startsWith("Name:               worker-7\n")
        .endsWith("PodCIDR:                      10.244.7.0/24\n");
  }

  @Test
  void describeOfAPod_byItsLines_isSkipped_notANode() {
    PasteSplit s =
        split(
            """
        Name:             web-1
        Namespace:        default
        Node:             worker-7/10.0.0.7
        IP:               10.244.7.5
        """);
    assertThat(s.files()).isEmpty();
    assertThat(s.blocks())
        .singleElement()
        .isInstanceOfSatisfying(
            BlockOutcome.Skipped.class,
            b -> assertThat(b.what()).contains("something other than a node"));
  }

  @Test
  void k8sInChineseProse_isNotANodeName_theDumpAsksForOne() {
    // zhangguanzhang's "container-not-forward" post: "客户侧重启部分 k8s 节点机器后" (after some
    // Kubernetes node machines were restarted) is prose, not a host called k8s
    PasteSplit s =
        split(
            """
        06、02 凌晨被喊醒帮忙看问题，客户侧重启部分 k8s 节点机器后，业务的部分接口出现问题
        net.ipv4.ip_forward = 1
        """);
    assertThat(s.files()).isEmpty();
    assertThat(unplaced(s))
        .singleElement()
        .satisfies(u -> assertThat(u.reason()).contains("--node"));
    assertThat(split("内部找个 k8s 环境测试下复现了：\nnet.ipv4.ip_forward = 1\n", "host").files())
        .containsOnlyKeys("host/sysctl.txt");
  }

  @Test
  void aVethNamedInTheProseBeforeADump_isNotANodeName() {
    // zhangguanzhang's "cni-plugins-bridge-err" post: "查看了下 cni0 压根对不上 veth44ce32f4:" (cni0 does
    // not have veth44ce32f4) before `ip a s cni0`
    PasteSplit s =
        split(
            """
        查看了下 cni0 压根对不上 veth44ce32f4:
        $ ip a s cni0
        11: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP qlen 1000
            link/ether 2a:f9:74:b7:11:b8 brd ff:ff:ff:ff:ff:ff
            inet 172.27.1.1/24 scope global cni0
        """,
            "node");
    assertThat(s.files()).containsOnlyKeys("node/ip-addr.txt");
  }
}
