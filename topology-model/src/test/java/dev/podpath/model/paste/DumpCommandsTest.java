package dev.podpath.model.paste;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which snapshot file a typed command's output becomes, and which commands are not read. */
final class DumpCommandsTest {

  private static Recognition of(String command) {
    return DumpCommands.recognise(EchoedCommand.parse(command));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ip route                              | IP_ROUTE",
        "ip r                                  | IP_ROUTE",
        "ip -4 route show table all            | IP_ROUTE",
        "sudo ip -j route show table all       | IP_ROUTE_JSON",
        "ip a                                  | IP_ADDR",
        "ip -o addr                            | IP_ADDR",
        "ip addr show enp0s3                   | IP_ADDR",
        "ip -d link show                       | IP_LINK",
        "ip -s link                            | IP_LINK",
        "ip -j -d link show                    | IP_LINK_JSON",
        "ip neigh show dev flannel.1           | IP_NEIGH",
        "ip n                                  | IP_NEIGH",
        "ip rule                               | IP_RULE",
        "arp -n                                | ARP_N",
        "route -n                              | ROUTE_N",
        "netstat -rn                           | NETSTAT_RN",
        "ifconfig                              | IFCONFIG",
        "ifconfig cni0                         | IFCONFIG",
        "bridge fdb show dev flannel.1         | BRIDGE_FDB",
        "bridge -j fdb show                    | BRIDGE_FDB_JSON",
        "sudo iptables-save                    | IPTABLES_SAVE",
        "iptables-save -t nat                  | IPTABLES_SAVE",
        "ipset save                            | IPSET_SAVE",
        "sysctl -a                             | SYSCTL",
        "sysctl net.ipv4.ip_forward            | SYSCTL",
        "cat /proc/sys/net/ipv4/ip_forward     | SYSCTL",
        "cat /run/flannel/subnet.env           | SUBNET_ENV",
        "kubectl get nodes -o wide             | KUBECTL_NODES",
        "k3s kubectl get pods -A -o wide       | KUBECTL_PODS",
        "kubectl get pod,svc,endpoints -A -o wide | KUBECTL_PODS",
        "kubectl get svc -A                    | KUBECTL_SERVICES",
        "kubectl get ep                        | KUBECTL_ENDPOINTS",
        "kubectl get nodes -o json             | KUBECTL_NODES_JSON",
        "kubectl get endpointslices -A -o json | KUBECTL_ENDPOINTSLICES_JSON",
        "ip netns exec pod5 ip route           | IP_ROUTE",
        "kubectl exec -it busybox -- ip route  | IP_ROUTE",
        "docker exec c1 ip addr                | IP_ADDR",
        "iptables -t nat -S                    | IPTABLES_SAVE",
        "iptables -S FORWARD                   | IPTABLES_SAVE",
        "brctl show                            | BRCTL_SHOW",
        "brctl show cni0                       | BRCTL_SHOW",
        "ethtool -i eth0                       | ETHTOOL_I",
        "ss -ltnp                              | SS",
        "sudo ss -tulpn                        | SS",
        "ss -lunp                              | SS",
        "ss -tan                               | SS",
        "conntrack -L                          | CONNTRACK",
        "docker network inspect bridge         | DOCKER_NETWORKS",
        "sudo conntrack -L -p udp              | CONNTRACK",
        "cat /proc/net/nf_conntrack            | CONNTRACK",
        "iptables -L -n -v                     | IPTABLES_SAVE",
        "sudo iptables -t nat -nvL             | IPTABLES_SAVE",
        "iptables -v -L INPUT                  | IPTABLES_SAVE",
        "kubectl describe node n1              | KUBECTL_DESCRIBE_NODES",
        "kubectl describe nodes                | KUBECTL_DESCRIBE_NODES",
        "cluster/kubectl.sh describe no/n1     | KUBECTL_DESCRIBE_NODES",
      })
  void dumpCommands_becomeTheirSnapshotFile(String command, SnapshotFile file) {
    assertThat(of(command))
        .isInstanceOfSatisfying(Recognition.Dump.class, d -> assertThat(d.file()).isEqualTo(file));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "brctl showmacs cni0",
        "ip route get 10.0.0.1",
        "conntrack -S",
        "ethtool eth0",
        "ethtool -S eth0",
        "docker inspect web-1",
        "kubectl describe pod web-1",
        "ip -6 route",
        "ip -br a",
        "kubectl get pods",
        "kubectl get nodes -o yaml",
        "ipset list",
        "bridge link",
        "sysctl -n net.ipv4.ip_forward",
        "ss -tn",
        "ss -s",
        "calicoctl node status"
      })
  void stateShownInAFormNotRead_saysWhatToPasteInstead(String command) {
    assertThat(of(command)).isInstanceOf(Recognition.NotRead.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ping 10.244.1.5",
        "curl -v http://x",
        "ip route add 10.0.0.0/8 via 1.2.3.4",
        "iptables -P FORWARD ACCEPT",
        "kubectl logs x",
        "sysctl -w net.ipv4.ip_forward=1",
        "uname -a",
        "ip link set eth0 up",
        "route add default gw 1.2.3.4"
      })
  void otherCommands_areNoDumps(String command) {
    assertThat(of(command)).isInstanceOf(Recognition.NotADump.class);
  }

  @Test
  void wrappers_sayWhereTheCommandRan() {
    assertThat(EchoedCommand.parse("sudo ip netns exec pod5 ip -j route").in())
        .contains(new EchoedCommand.Namespace(EchoedCommand.Namespace.Kind.NETNS, "pod5"));
    assertThat(EchoedCommand.parse("kubectl exec -it busybox-abc -n kube-system -- ip route").in())
        .contains(new EchoedCommand.Namespace(EchoedCommand.Namespace.Kind.POD, "busybox-abc"));
    assertThat(EchoedCommand.parse("nsenter -t 4242 -n ip addr").in())
        .contains(new EchoedCommand.Namespace(EchoedCommand.Namespace.Kind.NETNS, "pid-4242"));
    assertThat(EchoedCommand.parse("kubectl exec -it busybox-abc /bin/sh").entersShell()).isTrue();
    assertThat(EchoedCommand.parse("ip route | grep 10.244 | head").lineFilters())
        .containsExactly("grep 10.244", "head");
    assertThat(EchoedCommand.parse("ip route | cat").lineFilters()).isEmpty();
    assertThat(of("ip route | grep 10.244"))
        .isInstanceOfSatisfying(
            Recognition.Dump.class, d -> assertThat(d.file()).isEqualTo(SnapshotFile.IP_ROUTE));
  }

  @Test
  void devSelectors_areKept_soThatTheLinesGetTheirDeviceBack() {
    assertThat(of("ip neigh show dev flannel.1"))
        .isInstanceOfSatisfying(
            Recognition.Dump.class, d -> assertThat(d.device()).contains("flannel.1"));
    assertThat(of("bridge fdb show dev flannel.1"))
        .isInstanceOfSatisfying(
            Recognition.Dump.class, d -> assertThat(d.device()).contains("flannel.1"));
  }
}
