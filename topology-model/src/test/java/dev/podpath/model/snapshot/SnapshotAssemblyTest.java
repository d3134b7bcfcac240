package dev.podpath.model.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given the dumps of a node and its pods, when assembled, then the model ties and edges they imply.
 */
final class SnapshotAssemblyTest {

  @TempDir Path dir;

  private void fixture(String resource, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    try (InputStream in = getClass().getResourceAsStream("/dev/podpath/model/dump/" + resource)) {
      Files.write(to, in.readAllBytes());
    }
  }

  private void write(String rel, String content) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private static NetDevice dev(Topology t, String ns, String name) {
    return t.device(DeviceRef.of(ns, name))
        .orElseThrow(() -> new AssertionError("no " + ns + "/" + name));
  }

  @Test
  void vethPairs_areTiedByPeerIndex_acrossANodesNamespaces() throws Exception {
    fixture("iproute2-6.1.0/ip-d-link.json", dir.resolve("node1/ip-link.json"));
    fixture("iproute2-6.1.0/ip-addr.json", dir.resolve("node1/ip-addr.json"));
    fixture("iproute2-6.1.0/ip-route-table-all.json", dir.resolve("node1/ip-route.json"));
    fixture("iproute2-6.1.0/pod5-ip-d-link.json", dir.resolve("node1/netns/pod5/ip-link.json"));
    fixture("iproute2-6.1.0/pod5-ip-addr.json", dir.resolve("node1/netns/pod5/ip-addr.json"));
    fixture("iproute2-6.1.0/pod5-ip-route.txt", dir.resolve("node1/netns/pod5/ip-route.txt"));
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    Topology t = s.topology();
    assertThat(dev(t, "node1", "veth-pod5").kind())
        .isEqualTo(new LinkKind.Veth(DeviceRef.of("pod5", "eth0")));
    assertThat(dev(t, "pod5", "eth0").kind())
        .isEqualTo(new LinkKind.Veth(DeviceRef.of("node1", "veth-pod5")));
    assertThat(dev(t, "node1", "vdown").kind())
        .isEqualTo(new LinkKind.Veth(DeviceRef.of("node1", "vdown-peer")));
    assertThat(dev(t, "node1", "veth-pod6").kind())
        .isInstanceOfSatisfying(
            LinkKind.Ethernet.class,
            e ->
                assertThat(e.beyond())
                    .contains("ifindex 2 in the namespace with id 2")
                    .contains("was not dumped"));
    assertThat(dev(t, "node1", "mv0").kind()).isEqualTo(new LinkKind.NotModelled("macvlan"));
    assertThat(dev(t, "node1", "cni0").isBridge()).isTrue();
    assertThat(dev(t, "node1", "veth-pod5").master()).contains("cni0");
    assertThat(s.assumptions()).noneMatch(a -> a.text().contains("veth"));
    assertThat(s.warnings()).isEmpty();
  }

  @Test
  void netnsListId_choosesBetweenNamespacesWithTheSameIfindexPairs() throws Exception {
    String host =
        "[{\"ifindex\":1,\"ifname\":\"lo\",\"link_type\":\"loopback\",\"flags\":[\"UP\"]},"
            + "{\"ifindex\":7,\"ifname\":\"vA\",\"link_index\":2,\"link_netnsid\":0,\"link_type\":\"ether\","
            + "\"address\":\"02:00:00:00:00:07\",\"flags\":[\"UP\"],\"linkinfo\":{\"info_kind\":\"veth\"}},"
            + "{\"ifindex\":8,\"ifname\":\"vB\",\"link_index\":2,\"link_netnsid\":1,\"link_type\":\"ether\","
            + "\"address\":\"02:00:00:00:00:08\",\"flags\":[\"UP\"],\"linkinfo\":{\"info_kind\":\"veth\"}}]";
    String pod =
        "[{\"ifindex\":1,\"ifname\":\"lo\",\"link_type\":\"loopback\",\"flags\":[\"UP\"]},"
            + "{\"ifindex\":2,\"ifname\":\"eth0\",\"link_index\":%d,\"link_netnsid\":0,\"link_type\":\"ether\","
            + "\"address\":\"02:00:00:00:01:0%d\",\"flags\":[\"UP\"],\"linkinfo\":{\"info_kind\":\"veth\"}}]";
    write("n/ip-link.json", host);
    write(
        "n/ip-netns-list-id.txt",
        "nsid 0 (iproute2 netns name: b)\nnsid 1 (iproute2 netns name: a)\n");
    // Both pods' eth0 are ifindex 2; only the list-id tells vA's (nsid 0) is in b.
    write("n/netns/a/ip-link.json", pod.formatted(8, 1));
    write("n/netns/b/ip-link.json", pod.formatted(7, 2));
    Topology t = Snapshot.load(dir, Snapshot.Options.DEFAULTS).topology();
    assertThat(dev(t, "n", "vA").vethPeer()).contains(DeviceRef.of("b", "eth0"));
    assertThat(dev(t, "n", "vB").vethPeer()).contains(DeviceRef.of("a", "eth0"));
  }

  @Test
  void podWithoutLinkDump_isTiedByTheNodesRouteToIt_andSaysSo() throws Exception {
    write(
        "n/ip-route.txt",
        "default via 192.168.0.1 dev eth0\n192.168.0.0/24 dev eth0 proto kernel scope link src"
            + " 192.168.0.10\n10.244.0.5 dev cali1 scope link\n");
    write(
        "n/netns/p/ip-route.txt",
        "default via 169.254.1.1 dev eth0\n169.254.1.1 dev eth0 scope link\n");
    write(
        "n/netns/p/ip-addr.txt",
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN\n"
            + "    inet 127.0.0.1/8 scope host lo\n"
            + "3: eth0@if9: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n"
            + "    link/ether 02:11:22:33:44:55 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n"
            + "    inet 10.244.0.5/32 scope global eth0\n");
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    assertThat(dev(s.topology(), "p", "eth0").vethPeer()).contains(DeviceRef.of("n", "cali1"));
    assertThat(dev(s.topology(), "n", "cali1").vethPeer()).contains(DeviceRef.of("p", "eth0"));
    assertThat(s.assumptions())
        .anySatisfy(a -> assertThat(a.text()).contains("the node's route n/ip-route.txt:3"));
    assertThat(
            s.topology()
                .require(NetnsName.of("n"))
                .routing()
                .table(TableIds.LOCAL)
                .exact(dev.podpath.model.addr.Prefix.parse("192.168.0.10/32")))
        .hasSize(1);
  }

  @Test
  void routeDumpWithoutTableLocal_getsTheKernelsLocalTable_asTheInterpreterMakesIt()
      throws Exception {
    write(
        "n/ip-route.txt",
        "default via 192.168.0.1 dev eth0\n192.168.0.0/24 dev eth0 proto kernel scope link src"
            + " 192.168.0.10\n");
    write(
        "n/ip-addr.txt",
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN\n"
            + "    inet 127.0.0.1/8 scope host lo\n"
            + "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n"
            + "    link/ether 02:11:22:33:44:55 brd ff:ff:ff:ff:ff:ff\n"
            + "    inet 192.168.0.10/24 scope global eth0\n"
            + "    inet 192.168.0.11/24 scope global secondary eth0\n");
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    var local = s.topology().require(NetnsName.of("n")).routing().table(TableIds.LOCAL);
    // lo's broadcast route, as fib_add_ifaddr makes it for any prefix shorter than 31
    assertThat(local.exact(dev.podpath.model.addr.Prefix.parse("127.255.255.255/32")))
        .singleElement()
        .satisfies(
            r -> assertThat(r.type()).isEqualTo(dev.podpath.model.route.RouteType.BROADCAST));
    // a secondary address gets its local route, with the primary as the source
    assertThat(local.exact(dev.podpath.model.addr.Prefix.parse("192.168.0.11/32")))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.src())
                    .contains(dev.podpath.model.addr.Ipv4Address.parse("192.168.0.10")));
    assertThat(local.exact(dev.podpath.model.addr.Prefix.parse("192.168.0.255/32"))).hasSize(1);
  }

  @Test
  void cni0FromSubnetEnv_itsAddressAndRoute_citeTheFlannelSubnetLine() throws Exception {
    write(
        "n/ip-route.txt",
        "default via 192.168.0.1 dev eth0\n192.168.0.0/24 dev eth0 proto kernel scope link src"
            + " 192.168.0.10\n");
    write(
        "n/subnet.env",
        "FLANNEL_NETWORK=10.1.0.0/16\nFLANNEL_SUBNET=10.1.0.1/24\nFLANNEL_MTU=1450\n");
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    NetDevice cni0 = dev(s.topology(), "n", "cni0");
    assertThat(cni0.addresses())
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.origin().toString())
                    .isEqualTo("n/subnet.env:2: FLANNEL_SUBNET=10.1.0.1/24"));
    var routing = s.topology().require(NetnsName.of("n")).routing();
    assertThat(
            routing.table(TableIds.MAIN).exact(dev.podpath.model.addr.Prefix.parse("10.1.0.0/24")))
        .singleElement()
        .satisfies(r -> assertThat(r.origin().location()).isEqualTo("n/subnet.env:2"));
    assertThat(
            routing.table(TableIds.LOCAL).exact(dev.podpath.model.addr.Prefix.parse("10.1.0.1/32")))
        .singleElement()
        .satisfies(r -> assertThat(r.origin().location()).isEqualTo("n/subnet.env:2"));
  }

  @Test
  void nodesSharingASubnet_areJoinedByOneSegment_unlessTheUnderlaySaysOtherwise() throws Exception {
    write("a/ip-route.txt", "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1\n");
    write("b/ip-route.txt", "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2\n");
    write("c/ip-route.txt", "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.3\n");
    Topology t = Snapshot.load(dir, Snapshot.Options.DEFAULTS).topology();
    assertThat(dev(t, "segment", "br0").isBridge()).isTrue();
    assertThat(t.require(NetnsName.of("segment")).portsOf("br0"))
        .extracting(NetDevice::name)
        .containsExactly("port-a", "port-b", "port-c");
    assertThat(dev(t, "a", "eth0").vethPeer()).contains(DeviceRef.of("segment", "port-a"));

    write("underlay.txt", "segment ab a/eth0 b/eth0\nalone c/eth0\n");
    Topology u = Snapshot.load(dir, Snapshot.Options.DEFAULTS).topology();
    assertThat(u.require(NetnsName.of("ab")).portsOf("br0"))
        .extracting(NetDevice::name)
        .containsExactly("port-a", "port-b");
    assertThat(dev(u, "c", "eth0").kind())
        .isInstanceOfSatisfying(
            LinkKind.Ethernet.class, e -> assertThat(e.beyond()).contains("underlay.txt"));
    assertThat(u.netns(NetnsName.of("segment"))).isEmpty();
  }

  @Test
  void badLines_becomeWarnings_andTheRestLoads() throws Exception {
    write(
        "n/ip-route.txt",
        "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1\nthis is not a route\n");
    write("n/ip-rules.txt", "0: from all lookup local\n");
    write(
        "n/ip-neigh.json",
        "[{\"dst\":\"10.0.0.9\",\"dev\":\"eth0\",\"lladdr\":\"02:00:00:00:00:09\",\"state\":[\"REACH");
    Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS);
    assertThat(s.warnings())
        .anySatisfy(w -> assertThat(w.location()).startsWith("n/ip-route.txt:2"));
    assertThat(s.warnings())
        .anySatisfy(
            w ->
                assertThat(w.file())
                    .isEqualTo("n/ip-rules.txt")
                    .satisfies(f -> assertThat(w.message()).contains("ip-rule.txt")));
    assertThat(s.warnings()).anySatisfy(w -> assertThat(w.message()).contains("truncated"));
    assertThat(s.topology().require(NetnsName.of("n")).ownsAddress(Ipv4Address.parse("10.0.0.1")))
        .isTrue();
  }

  @Test
  void notASnapshot_isOneClearError() throws Exception {
    assertThatThrownBy(() -> Snapshot.load(dir.resolve("missing"), Snapshot.Options.DEFAULTS))
        .isInstanceOf(SnapshotException.class)
        .hasMessageContaining("no such folder");
    assertThatThrownBy(() -> Snapshot.load(dir, Snapshot.Options.DEFAULTS))
        .isInstanceOf(SnapshotException.class)
        .hasMessageContaining("holds no node folder");
    write("x.sh", "ip netns add a\n");
    assertThatThrownBy(() -> Snapshot.load(dir.resolve("x.sh"), Snapshot.Options.DEFAULTS))
        .isInstanceOf(SnapshotException.class)
        .hasMessageContaining("is not a folder");
  }
}
