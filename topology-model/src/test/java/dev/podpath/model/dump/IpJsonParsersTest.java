package dev.podpath.model.dump;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.BridgePort;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The JSON readers on real dumps of one sandbox node, taken with five iproute2 versions. */
final class IpJsonParsersTest {

  static final List<String> versions = Fixtures.IPROUTE2;
  static final List<String> validRouteJson = Fixtures.IPROUTE2_VALID_ROUTE_JSON;

  /** The node's routes outside the local table, as {@code ip route show table all} prints them. */
  static final List<String> ROUTES =
      List.of(
          "default via 192.168.2.1 dev enp0s5 table 100",
          "throw 10.10.0.0/16 table 100",
          "203.0.113.0/24 dev enp0s5 table 200 proto static scope link src 192.168.2.16 metric 5",
          "default via 192.168.2.1 dev enp0s5 proto dhcp src 192.168.2.16 metric 100",
          "10.10.0.0/24 via 192.168.2.17 dev enp0s5",
          "10.10.1.0/24 dev cni0 proto kernel scope link src 10.10.1.1",
          "10.10.2.0/24 via 192.168.2.15 dev enp0s5",
          "10.10.3.0/24 via 10.10.3.0 dev flannel.1 onlink",
          "10.10.200.10 dev tap0 proto kernel scope link src 10.10.100.10",
          "blackhole 10.20.1.128/25",
          "unreachable 10.30.0.0/16 metric 10",
          "prohibit 10.31.0.0/16",
          "10.40.0.0/16 nexthop via 192.168.2.15 dev enp0s5 weight 1"
              + " nexthop via 192.168.2.17 dev enp0s5 weight 2",
          "10.60.0.0/16 dev docker0 scope link",
          "172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1",
          "192.168.2.0/24 dev enp0s5 proto kernel scope link src 192.168.2.16",
          "198.51.100.0/24 dev vdown proto kernel scope link src 198.51.100.1");

  static final List<String> RULES =
      List.of(
          "0:\tfrom all lookup local",
          "100:\tfrom 10.10.1.0/24 lookup 100",
          "110:\tfrom all fwmark 0x4/0xff lookup 100",
          "120:\tnot from 10.1.0.0/16 to 10.2.0.0/16 iif cni0 lookup main",
          "130:\tfrom all oif enp0s5 unreachable",
          "140:\tfrom 10.98.0.0/16 goto 150",
          "150:\tfrom all nop",
          "160:\tfrom 10.99.0.0/16 blackhole",
          "170:\tfrom all to 10.97.0.0/16 prohibit",
          "180:\tfrom all fwmark 0x10 lookup 200",
          "32766:\tfrom all lookup main",
          "32767:\tfrom all lookup default");

  static final List<String> NEIGHBOURS =
      List.of(
          "10.10.1.99 dev cni0 INCOMPLETE",
          "10.10.1.5 dev cni0 lladdr fe:d8:c5:a2:c9:08 DELAY",
          "10.10.1.50 dev cni0 lladdr 02:00:00:00:00:50 PERMANENT",
          "192.168.2.1 dev enp0s5 lladdr 06:6b:15:92:8c:3f REACHABLE",
          "10.10.1.51 dev cni0 lladdr 02:00:00:00:00:51 STALE",
          "192.168.2.15 dev enp0s5 FAILED");

  /** The FDB entries that are not multicast {@code self} entries of a device. */
  static final List<String> FDB =
      List.of(
          "02:00:00:00:00:aa dev veth-pod5 master cni0 static",
          "fe:d8:c5:a2:c9:08 dev veth-pod5 master cni0",
          "e2:01:40:4b:41:82 dev veth-pod5 master cni0 permanent",
          "02:00:00:00:00:bb dev veth-pod6 master cni0 permanent",
          "3e:bd:eb:32:34:27 dev veth-pod6 master cni0 permanent",
          "a2:85:89:e7:9a:aa dev docker0 master docker0 permanent",
          "6e:5b:0c:61:2a:01 dev flannel.1 dst 192.168.2.17 self permanent",
          "00:00:00:00:00:00 dev flannel.1 dst 192.168.2.15 self permanent");

  static List<String> strings(List<?> values) {
    return values.stream().map(Object::toString).toList();
  }

  static List<String> nonLocal(RouteDump d) {
    return d.routes().stream()
        .filter(r -> r.table() != TableIds.LOCAL)
        .map(Route::toString)
        .toList();
  }

  static List<String> unicastFdb(List<FdbEntry> fdb) {
    return fdb.stream()
        .filter(e -> !e.mac().isMulticast() || e.mac().isZero())
        .map(FdbEntry::toString)
        .toList();
  }

  @ParameterizedTest
  @FieldSource("validRouteJson")
  void route_tableAll_readsEveryIpv4Route(String version) {
    ParseResult<RouteDump> r =
        IpJsonRouteParser.parse(
            "ip-route-table-all.json", Fixtures.iproute2(version, "ip-route-table-all.json"));
    assertThat(r.warnings()).isEmpty();
    assertThat(nonLocal(r.value())).containsExactlyElementsOf(ROUTES);
    assertThat(r.value().routes()).filteredOn(x -> x.table() == TableIds.LOCAL).hasSize(13);
    assertThat(r.value().linkDownDevices()).containsExactly("tap0", "vdown");
  }

  @Test
  void route_iproute2v419_repairsBareTypes_andWarnsOnItsInvalidMultipathJson() {
    ParseResult<RouteDump> r =
        IpJsonRouteParser.parse(
            "ip-route-table-all.json", Fixtures.iproute2("4.19.0", "ip-route-table-all.json"));
    assertThat(nonLocal(r.value()))
        .containsExactlyElementsOf(ROUTES.stream().filter(s -> !s.startsWith("10.40.")).toList());
    assertThat(r.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.line()).isEqualTo(1);
              assertThat(w.column()).isEqualTo(1061);
              assertThat(w.text()).startsWith("{\"dst\":\"10.40.0.0/16\"");
              assertThat(w.message()).contains("not valid JSON").contains("before 5.5");
            });
  }

  @ParameterizedTest
  @FieldSource("versions")
  void rule_everyVersion_readsAllActions(String version) {
    ParseResult<List<RoutingRule>> r =
        IpJsonRuleParser.parse("ip-rule.json", Fixtures.iproute2(version, "ip-rule.json"));
    assertThat(r.warnings()).isEmpty();
    assertThat(strings(r.value())).containsExactlyElementsOf(RULES);
    assertThat(r.value().get(3).origin().line()).isEqualTo(1);
  }

  @ParameterizedTest
  @FieldSource("versions")
  void neigh_everyVersion_readsStatesAndProxies(String version) {
    ParseResult<List<NeighEntry>> r =
        IpJsonNeighParser.parse("ip-neigh.json", Fixtures.iproute2(version, "ip-neigh.json"));
    assertThat(r.warnings()).isEmpty();
    assertThat(strings(r.value())).containsExactlyInAnyOrderElementsOf(NEIGHBOURS);
    ParseResult<List<NeighEntry>> p =
        IpJsonNeighParser.parse(
            "ip-neigh-proxy.json", Fixtures.iproute2(version, "ip-neigh-proxy.json"));
    assertThat(strings(p.value())).containsExactly("proxy 10.10.1.77 dev cni0 NOARP");
  }

  @ParameterizedTest
  @FieldSource("versions")
  void fdb_everyVersion_readsMasterSelfStateAndDst(String version) {
    ParseResult<List<FdbEntry>> r =
        BridgeJsonFdbParser.parse("bridge-fdb.json", Fixtures.iproute2(version, "bridge-fdb.json"));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value()).hasSize(33);
    assertThat(unicastFdb(r.value())).containsExactlyElementsOf(FDB);
  }

  @ParameterizedTest
  @FieldSource("versions")
  void link_detailed_readsKindsPeersPortsAndCarrier(String version) {
    ParseResult<List<LinkFacts>> r =
        IpJsonLinkParser.parse("ip-d-link.json", Fixtures.iproute2(version, "ip-d-link.json"));
    assertThat(r.warnings()).isEmpty();
    Map<String, LinkFacts> byName =
        r.value().stream().collect(Collectors.toMap(LinkFacts::name, Function.identity()));
    assertThat(byName.keySet())
        .containsExactlyInAnyOrder(
            "lo",
            "enp0s5",
            "cni0",
            "veth-pod5",
            "veth-pod6",
            "docker0",
            "flannel.1",
            "tap0",
            "mv0",
            "vdown-peer",
            "vdown");
    assertThat(byName.get("lo").kind(Optional.empty())).isEqualTo(new LinkKind.Loopback());
    assertThat(byName.get("cni0").kind(Optional.empty())).isEqualTo(LinkKind.Bridge.defaults());
    assertThat(byName.get("flannel.1").kind(Optional.empty()))
        .isEqualTo(
            new LinkKind.Vxlan(
                1,
                Optional.of(Ipv4Address.parse("192.168.2.16")),
                Optional.empty(),
                Optional.of("enp0s5"),
                8472,
                /* learning= */ false,
                /* ttl= */ 0,
                /* ttlInherit= */ false));
    assertThat(byName.get("tap0").kind(Optional.empty()))
        .isEqualTo(new LinkKind.NotModelled("tap"));
    assertThat(byName.get("mv0").kind(Optional.empty()))
        .isEqualTo(new LinkKind.NotModelled("macvlan"));
    assertThat(byName.get("tap0").type()).isEqualTo("tun");
    assertThat(byName.get("flannel.1").mtu()).hasValue(1450);

    LinkFacts pod5 = byName.get("veth-pod5");
    assertThat(pod5.index()).isEqualTo(4);
    assertThat(pod5.master()).contains("cni0");
    assertThat(pod5.port()).contains(new BridgePort(true, true, true));
    assertThat(pod5.link())
        .hasValueSatisfying(
            l -> {
              assertThat(l.index()).hasValue(2);
              assertThat(l.netnsId()).hasValue(1);
              assertThat(l.isInOtherNetns()).isTrue();
            });
    assertThat(pod5.kind(Optional.of(DeviceRef.of("pod5", "eth0"))))
        .isEqualTo(new LinkKind.Veth(DeviceRef.of("pod5", "eth0")));
    assertThat(byName.get("veth-pod6").port()).contains(new BridgePort(false, false, false));
    assertThat(byName.get("vdown").link().flatMap(LinkFacts.LinkRef::name)).contains("vdown-peer");
    assertThat(byName.get("vdown").hasCarrier()).isFalse();
    assertThat(byName.get("vdown").up()).isTrue();
    assertThat(byName.get("mv0").up()).isFalse();
    assertThat(byName.get("enp0s5").mac()).contains(MacAddress.parse("3e:b0:89:46:35:cc"));
    assertThat(byName.get("enp0s5").toNetDevice(Optional.of(DeviceRef.of("lan", "uplink"))))
        .satisfies(
            d -> {
              assertThat(d.index()).isEqualTo(2);
              assertThat(d.up()).isTrue();
              assertThat(d.vethPeer()).contains(DeviceRef.of("lan", "uplink"));
            });
  }

  @ParameterizedTest
  @FieldSource("versions")
  void link_withoutDetails_saysOnceThatKindsAreMissing(String version) {
    ParseResult<List<LinkFacts>> r =
        IpJsonLinkParser.parse("ip-link.json", Fixtures.iproute2(version, "ip-link.json"));
    assertThat(r.value()).hasSize(11);
    assertThat(r.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.line()).isZero();
              assertThat(w.message()).contains("without -d").contains("ip -j -d link show");
            });
  }

  @ParameterizedTest
  @FieldSource("versions")
  void addr_readsIpv4AddressesPeersAndBroadcasts(String version) {
    ParseResult<List<LinkFacts>> r =
        IpJsonAddrParser.parse("ip-addr.json", Fixtures.iproute2(version, "ip-addr.json"));
    assertThat(r.warnings()).isEmpty();
    Map<String, String> addrs =
        r.value().stream()
            .collect(Collectors.toMap(LinkFacts::name, d -> d.addresses().toString()));
    assertThat(addrs)
        .containsEntry("lo", "[127.0.0.1/8]")
        .containsEntry("enp0s5", "[192.168.2.16/24]")
        .containsEntry("cni0", "[10.10.1.1/24]")
        .containsEntry("tap0", "[10.10.100.10 peer 10.10.200.10/32]")
        .containsEntry("veth-pod5", "[]");
    LinkFacts enp = r.value().stream().filter(d -> d.name().equals("enp0s5")).findFirst().get();
    assertThat(enp.addresses().get(0).broadcast()).contains(Ipv4Address.parse("192.168.2.255"));
    assertThat(enp.link().flatMap(l -> l.netnsId().isPresent() ? Optional.of(l) : Optional.empty()))
        .isPresent();
    LinkFacts lo = r.value().get(0);
    assertThat(lo.addresses().get(0).scope().keyword()).isEqualTo("host");
  }

  @ParameterizedTest
  @FieldSource("versions")
  void pod_addrAndLink_readTheOtherEndOfTheVeth(String version) {
    List<LinkFacts> pod =
        IpJsonAddrParser.parse("pod5-ip-addr.json", Fixtures.iproute2(version, "pod5-ip-addr.json"))
            .value();
    assertThat(pod).extracting(LinkFacts::name).containsExactly("lo", "eth0");
    assertThat(pod.get(1).addresses().toString()).isEqualTo("[10.10.1.5/24]");
    List<LinkFacts> link =
        IpJsonLinkParser.parse(
                "pod5-ip-d-link.json", Fixtures.iproute2(version, "pod5-ip-d-link.json"))
            .value();
    assertThat(link.get(1).isVeth()).isTrue();
    assertThat(link.get(1).link().get().index()).hasValue(4);
    assertThat(link.get(1).link().get().netnsId()).isEqualTo(OptionalInt.of(0));
  }
}
