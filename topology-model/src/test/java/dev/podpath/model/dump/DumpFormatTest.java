package dev.podpath.model.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a file holds, and clear words when it is not what its name claims. */
final class DumpFormatTest {

  @ParameterizedTest
  @CsvSource({
    "iproute2-6.1.0/ip-d-link.json,          IP_JSON_LINK",
    "iproute2-6.1.0/ip-addr.json,            IP_JSON_ADDR",
    "iproute2-4.19.0/ip-route-table-all.json, IP_JSON_ROUTE",
    "iproute2-6.1.0/ip-rule.json,            IP_JSON_RULE",
    "iproute2-6.1.0/ip-neigh.json,           IP_JSON_NEIGH",
    "iproute2-6.1.0/ip-neigh-proxy.json,     IP_JSON_NEIGH",
    "iproute2-6.1.0/bridge-fdb.json,         BRIDGE_JSON_FDB",
    "iproute2-6.1.0/ip-d-link.txt,           IP_LINK_TEXT",
    "iproute2-6.1.0/ip-addr.txt,             IP_ADDR_TEXT",
    "iproute2-6.1.0/ip-o-addr.txt,           IP_ADDR_TEXT",
    "iproute2-6.1.0/ip-route-table-all.txt,  IP_ROUTE_TEXT",
    "iproute2-6.1.0/ip-rule.txt,             IP_RULE_TEXT",
    "iproute2-6.1.0/ip-neigh.txt,            IP_NEIGH_TEXT",
    "iproute2-4.19.0/bridge-fdb.txt,         BRIDGE_FDB_TEXT",
    "busybox-1.35/ifconfig-a.txt,            IFCONFIG",
    "seeds/001-worker1-ifconfig-cni0.txt,    IFCONFIG",
    "net-tools-2.10/netstat-rn.txt,          ROUTE_N",
    "busybox-1.35/arp-n.txt,                 ARP_N",
    "net-tools-2.10/arp-n.txt,               ARP_N",
    "net-tools-2.10/sysctl-a.txt,            SYSCTL_A",
    "flannel/subnet.env,                     FLANNEL_SUBNET_ENV",
    "seeds/001-kubectl-get-nodes-wide.txt,   KUBECTL_NODES_WIDE",
    "kubectl/get-pods-A-wide.txt,            KUBECTL_PODS_WIDE",
    "kubectl/get-nodes.json,                 KUBECTL_NODES_JSON",
    "kubectl/get-pods-A.json,                KUBECTL_PODS_JSON",
    "seeds/001-pod-ip-route.txt,             IP_ROUTE_TEXT",
  })
  void detect_realDumps(String file, DumpFormat expected) {
    DumpFormat.Detection d = DumpFormat.detect(file, Fixtures.read(file));
    assertThat(d.format()).contains(expected);
    assertThat(d.problems()).isEmpty();
    assertThat(d.usable()).isTrue();
  }

  @Test
  void detect_addrJsonNamedAsRoute_saysSoAndReadsItAsAddr() {
    DumpFormat.Detection d =
        DumpFormat.detect("node1/ip-route.json", Fixtures.iproute2("6.1.0", "ip-addr.json"));
    assertThat(d.format()).contains(DumpFormat.IP_JSON_ADDR);
    assertThat(d.claimed()).contains(DumpFormat.IP_JSON_ROUTE);
    assertThat(d.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isZero();
              assertThat(p.message())
                  .contains(
                      "ip-route.json",
                      "`ip -j route show table all`",
                      "`ip -j addr show`",
                      "addr_info");
            });
  }

  @Test
  void detect_textNamedJson_saysItIsText() {
    DumpFormat.Detection d =
        DumpFormat.detect("ip-route.json", Fixtures.read("seeds/001-worker1-ip-route.txt"));
    assertThat(d.format()).contains(DumpFormat.IP_ROUTE_TEXT);
    assertThat(d.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("named like JSON but holds the text"));
  }

  @Test
  void parser_givenAnotherCommandsOutput_readsNothingAndNamesIt() {
    ParseResult<RouteDump> r =
        IpJsonRouteParser.parse("ip-route.json", Fixtures.iproute2("6.1.0", "ip-addr.json"));
    assertThat(r.value().routes()).isEmpty();
    assertThat(r.warnings())
        .singleElement()
        .satisfies(
            w ->
                assertThat(w.message())
                    .contains("`ip -j addr show`", "not of `ip -j route show table all`"));
    ParseResult<?> t = IpJsonRouteParser.parse("ip-route.json", "default via 10.0.0.1 dev eth0\n");
    assertThat(t.warnings())
        .singleElement()
        .satisfies(w -> assertThat(w.message()).contains("`ip route show table all`"));
  }

  @Test
  void detect_truncatedJson_isUsableWithAClearProblem() {
    String full = Fixtures.iproute2("6.1.0", "ip-rule.json");
    String cut = full.substring(0, full.length() / 2);
    DumpFormat.Detection d = DumpFormat.detect("ip-rule.json", cut);
    assertThat(d.usable()).isTrue();
    assertThat(d.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("truncated JSON", "ip -j rule show"));
    ParseResult<?> r = IpJsonRuleParser.parse("ip-rule.json", cut);
    assertThat((List<?>) r.value()).isNotEmpty();
    assertThat(r.warnings()).isNotEmpty();
  }

  @Test
  void detect_emptyFile() {
    DumpFormat.Detection d = DumpFormat.detect("ip-neigh.json", "  \n");
    assertThat(d.usable()).isFalse();
    assertThat(d.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("empty", "`ip -j neigh show`"));
  }

  @Test
  void detect_emptyJsonArray_isAnEmptyDumpOfWhatTheNameSays() {
    DumpFormat.Detection d = DumpFormat.detect("ip-neigh.json", "[]\n");
    assertThat(d.usable()).isTrue();
    assertThat(d.format()).contains(DumpFormat.IP_JSON_NEIGH);
    assertThat(IpJsonNeighParser.parse("ip-neigh.json", "[]\n").warnings()).isEmpty();
  }

  @Test
  void detect_binaryFile() {
    String gz = "\u001f\u008b\u0008\u0000\u0000\u0000\u0000\u0000\u0000\u0003";
    DumpFormat.Detection d = DumpFormat.detect("ip-route.txt", gz);
    assertThat(d.usable()).isFalse();
    assertThat(d.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("binary", "`ip route show table all`"));
  }

  @Test
  void detect_invalidUtf8Bytes_atTheirLineAndColumn() {
    byte[] bytes =
        "default via 10.0.0.1 dev eth0\n10.1.0.0/16 dev \u00ff\u00fe"
            .getBytes(StandardCharsets.ISO_8859_1);
    DumpFormat.Detection d = DumpFormat.detect("ip-route.txt", bytes);
    assertThat(d.usable()).isFalse();
    assertThat(d.problems().get(0))
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(2);
              assertThat(p.column()).isEqualTo(17);
              assertThat(p.message()).contains("not UTF-8");
            });
    assertThat(DumpFormat.decode("f", "ok\n".getBytes(StandardCharsets.UTF_8)).warnings())
        .isEmpty();
  }

  @Test
  void detect_unknownContent_listsWhatIsExpected() {
    DumpFormat.Detection d = DumpFormat.detect("ip-route.txt", "hello world\n");
    assertThat(d.usable()).isFalse();
    assertThat(d.problems())
        .singleElement()
        .satisfies(
            p -> assertThat(p.message()).contains("cannot tell", "hello world", "`route -n`"));
  }

  @ParameterizedTest
  @CsvSource({
    "ip-route.json, IP_JSON_ROUTE", "worker1/route-n.txt, ROUTE_N", "netstat-rn.txt, ROUTE_N",
    "ip-neigh.txt, IP_NEIGH_TEXT", "arp-n.txt, ARP_N", "bridge-fdb.json, BRIDGE_JSON_FDB",
    "ip-d-link.txt, IP_LINK_TEXT", "ip-o-addr.txt, IP_ADDR_TEXT", "subnet.env, FLANNEL_SUBNET_ENV",
    "nodes.json, KUBECTL_NODES_JSON", "pods-wide.txt, KUBECTL_PODS_WIDE",
        "ip-route.txt, IP_ROUTE_TEXT"
  })
  void claimedBy_fileNames(String name, DumpFormat expected) {
    assertThat(DumpFormat.claimedBy(name)).contains(expected);
  }
}
