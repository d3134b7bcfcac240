package dev.podpath.model.dump;

import static dev.podpath.model.dump.IpJsonParsersTest.FDB;
import static dev.podpath.model.dump.IpJsonParsersTest.NEIGHBOURS;
import static dev.podpath.model.dump.IpJsonParsersTest.ROUTES;
import static dev.podpath.model.dump.IpJsonParsersTest.RULES;
import static dev.podpath.model.dump.IpJsonParsersTest.nonLocal;
import static dev.podpath.model.dump.IpJsonParsersTest.strings;
import static dev.podpath.model.dump.IpJsonParsersTest.unicastFdb;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.topo.BridgePort;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

/** The text readers of iproute2 and busybox output, and the dumps posted in the seed articles. */
final class IpTextParsersTest {

  static final List<String> versions = Fixtures.IPROUTE2;

  @ParameterizedTest
  @FieldSource("versions")
  void route_tableAll_sameAsJson(String version) {
    ParseResult<RouteDump> r =
        IpRouteTextParser.parse(
            "ip-route-table-all.txt", Fixtures.iproute2(version, "ip-route-table-all.txt"));
    assertThat(r.warnings()).isEmpty();
    assertThat(nonLocal(r.value())).containsExactlyElementsOf(ROUTES);
    assertThat(r.value().routes()).hasSize(30);
    assertThat(r.value().linkDownDevices()).containsExactly("tap0", "vdown");
  }

  @Test
  void route_multipath_continuationLinesJoinTheRoute() {
    RouteDump d =
        IpRouteTextParser.parse("ip-route.txt", Fixtures.iproute2("6.1.0", "ip-route.txt")).value();
    var multipath = d.routes().stream().filter(r -> r.nextHops().size() == 2).findFirst().get();
    assertThat(multipath.origin().line()).isEqualTo(10);
    assertThat(multipath.origin().text())
        .isEqualTo(
            "10.40.0.0/16 nexthop via 192.168.2.15 dev"
                + " enp0s5 weight 1 nexthop via 192.168.2.17 dev enp0s5 weight 2");
    assertThat(multipath.nextHops().get(1).weight()).isEqualTo(2);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      seeds/001-pod-ip-route.txt      | 3 | default via 10.10.1.1 dev eth0                                              |
      seeds/001-worker1-ip-route.txt  | 7 | 10.10.2.0/24 via 192.168.2.15 dev enp0s5                                    | docker0
      seeds/001-worker2-ip-route.txt  | 7 | 10.10.1.0/24 via 192.168.2.16 dev enp0s5                                    | docker0
      iproute2-6.1.0/pod5-ip-route.txt | 3 | 10.10.1.0/24 dev eth0 proto kernel scope link src 10.10.1.5               |
      """)
  void route_realDumps(String file, int count, String oneOf, String down) {
    ParseResult<RouteDump> r = IpRouteTextParser.parse(file, Fixtures.read(file));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value().routes()).hasSize(count);
    assertThat(strings(r.value().routes())).contains(oneOf);
    if (down != null) {
      assertThat(r.value().linkDownDevices()).containsExactly(down);
    }
  }

  @Test
  void route_seedWorker1_keepsProtocolsMetricsAndScopes() {
    RouteDump d =
        IpRouteTextParser.parse("w1", Fixtures.read("seeds/001-worker1-ip-route.txt")).value();
    assertThat(strings(d.routes()))
        .containsExactly(
            "default via 192.168.2.1 dev enp0s5 proto dhcp src 192.168.2.16 metric 100",
            "10.10.0.0/24 via 192.168.2.17 dev enp0s5",
            "10.10.1.0/24 dev cni0 proto kernel scope link src 10.10.1.1",
            "10.10.2.0/24 via 192.168.2.15 dev enp0s5",
            "172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1",
            "192.168.2.0/24 dev enp0s5 proto kernel scope link src 192.168.2.16 metric 100",
            "192.168.2.1 dev enp0s5 proto dhcp scope link src 192.168.2.16 metric 100");
  }

  @Test
  void route_busybox_dropsMultipathHops_whichIsSaid() {
    ParseResult<RouteDump> r =
        IpRouteTextParser.parse("ip-route.txt", Fixtures.read("busybox-1.35/ip-route.txt"));
    assertThat(r.value().routes()).hasSize(13);
    assertThat(r.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.line()).isEqualTo(10);
              assertThat(w.message()).contains("busybox");
            });
  }

  @ParameterizedTest
  @FieldSource("versions")
  void rule_everyVersion(String version) {
    ParseResult<List<RoutingRule>> r =
        IpRuleTextParser.parse("ip-rule.txt", Fixtures.iproute2(version, "ip-rule.txt"));
    assertThat(r.warnings()).isEmpty();
    assertThat(strings(r.value())).containsExactlyElementsOf(RULES);
  }

  @Test
  void rule_busybox_readsItsActionNames_andLeavesOutGoto() {
    ParseResult<List<RoutingRule>> r =
        IpRuleTextParser.parse("ip-rule.txt", Fixtures.read("busybox-1.35/ip-rule.txt"));
    assertThat(strings(r.value()))
        .contains(
            "130:\tfrom all unreachable", "150:\tfrom all nop", "160:\tfrom 10.99.0.0/16 blackhole")
        .hasSize(11);
    assertThat(r.value())
        .extracting(RoutingRule::action)
        .contains(new RoutingRule.Action.Fail(RouteType.PROHIBIT));
    assertThat(r.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.line()).isEqualTo(6);
              assertThat(w.column()).isEqualTo(38);
              assertThat(w.message()).contains("goto");
            });
  }

  @ParameterizedTest
  @CsvSource({
    "iproute2-4.19.0/ip-neigh.txt",
    "iproute2-6.1.0/ip-neigh.txt",
    "iproute2-7.1.0/ip-neigh.txt",
    "busybox-1.35/ip-neigh.txt"
  })
  void neigh_iproute2AndBusybox(String file) {
    ParseResult<?> r = IpNeighTextParser.parse(file, Fixtures.read(file));
    assertThat(r.warnings()).isEmpty();
    assertThat(strings((List<?>) r.value())).containsExactlyInAnyOrderElementsOf(NEIGHBOURS);
  }

  @Test
  void neigh_proxy() {
    assertThat(
            strings(
                IpNeighTextParser.parse("p", Fixtures.iproute2("5.15.0", "ip-neigh-proxy.txt"))
                    .value()))
        .containsExactly("proxy 10.10.1.77 dev cni0 NOARP");
  }

  @ParameterizedTest
  @FieldSource("versions")
  void fdb_everyVersion_including419sDevDev(String version) {
    ParseResult<List<dev.podpath.model.bridge.FdbEntry>> r =
        BridgeFdbTextParser.parse("bridge-fdb.txt", Fixtures.iproute2(version, "bridge-fdb.txt"));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value()).hasSize(33);
    assertThat(unicastFdb(r.value())).containsExactlyElementsOf(FDB);
  }

  @ParameterizedTest
  @FieldSource("versions")
  void link_detailedText_sameFactsAsJson(String version) {
    ParseResult<List<LinkFacts>> text =
        IpLinkTextParser.parse("ip-d-link.txt", Fixtures.iproute2(version, "ip-d-link.txt"));
    ParseResult<List<LinkFacts>> json =
        IpJsonLinkParser.parse("ip-d-link.json", Fixtures.iproute2(version, "ip-d-link.json"));
    assertThat(text.warnings()).isEmpty();
    Map<String, LinkFacts> t = byName(text.value());
    Map<String, LinkFacts> j = byName(json.value());
    assertThat(t.keySet()).containsExactlyElementsOf(j.keySet());
    for (String name : j.keySet()) {
      LinkFacts a = t.get(name);
      LinkFacts b = j.get(name);
      assertThat(a.index()).as(name).isEqualTo(b.index());
      assertThat(a.type()).as(name).isEqualTo(b.type());
      assertThat(a.mac()).as(name).isEqualTo(b.mac());
      assertThat(a.mtu()).as(name).isEqualTo(b.mtu());
      assertThat(a.flags()).as(name).isEqualTo(b.flags());
      assertThat(a.operstate()).as(name).isEqualTo(b.operstate());
      assertThat(a.master()).as(name).isEqualTo(b.master());
      assertThat(a.port()).as(name).isEqualTo(b.port());
      assertThat(a.details()).as(name).isEqualTo(b.details());
      assertThat(a.link().isPresent()).as(name).isEqualTo(b.link().isPresent());
    }
    assertThat(t.get("veth-pod5").link().get().netns()).contains("pod5");
    assertThat(t.get("veth-pod5").link().get().index()).hasValue(2);
    assertThat(t.get("mv0").link().get().name()).contains("enp0s5");
    assertThat(t.get("veth-pod6").port()).contains(new BridgePort(false, false, false));
  }

  @ParameterizedTest
  @CsvSource({
    "iproute2-4.19.0/ip-addr.txt, 11", "iproute2-6.1.0/ip-addr.txt, 11",
    "iproute2-7.1.0/ip-addr.txt, 11", "iproute2-6.1.0/ip-o-addr.txt, 9",
    "iproute2-7.1.0/ip-o-addr.txt, 9", "busybox-1.35/ip-addr.txt, 11"
  })
  void addr_textAndOneLine(String file, int devices) {
    ParseResult<List<LinkFacts>> r = IpAddrTextParser.parse(file, Fixtures.read(file));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value()).hasSize(devices);
    Map<String, String> addrs =
        r.value().stream()
            .collect(Collectors.toMap(LinkFacts::name, d -> d.addresses().toString()));
    assertThat(addrs)
        .containsEntry("lo", "[127.0.0.1/8]")
        .containsEntry("enp0s5", "[192.168.2.16/24]")
        .containsEntry("tap0", "[10.10.100.10 peer 10.10.200.10/32]")
        .containsEntry("flannel.1", "[10.10.1.0/32]");
  }

  private static Map<String, LinkFacts> byName(List<LinkFacts> list) {
    return list.stream()
        .collect(
            Collectors.toMap(
                LinkFacts::name, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
  }
}
