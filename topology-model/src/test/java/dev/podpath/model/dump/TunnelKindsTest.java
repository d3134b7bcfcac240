package dev.podpath.model.dump;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.LinkKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * VXLAN and TUN devices as {@code ip -d link} prints them: the real output of iproute2 6.1
 * (tunnels-6.1.0/, make-tunnel-fixtures.sh) and of the five versions of make-fixtures.sh, the
 * spellings other versions use, and malformed fields (a warning with file, line and column, never
 * an exception).
 */
final class TunnelKindsTest {

  static final List<String> versions = Fixtures.IPROUTE2;

  private static Optional<Ipv4Address> ip(String s) {
    return Optional.of(Ipv4Address.parse(s));
  }

  /** What make-tunnel-fixtures.sh made, as the kernel holds it. */
  private static final Map<String, LinkKind> TUNNELS =
      Map.of(
          "flannel.1",
              new LinkKind.Vxlan(
                  1,
                  ip("192.168.1.10"),
                  Optional.empty(),
                  Optional.of("eth0"),
                  8472,
                  false,
                  0,
                  false),
          // remote 192.168.1.20: not part of the kind (the all-zero FDB entry holds it)
          "vx0",
              new LinkKind.Vxlan(
                  42,
                  ip("192.168.1.10"),
                  Optional.empty(),
                  Optional.of("eth0"),
                  4789,
                  true,
                  0,
                  false),
          // dstport 0: the kernel's default port
          "vx1",
              new LinkKind.Vxlan(
                  16777215,
                  Optional.empty(),
                  ip("239.1.1.1"),
                  Optional.of("eth0"),
                  8472,
                  true,
                  10,
                  false),
          "vx2",
              new LinkKind.Vxlan(
                  7, Optional.empty(), Optional.empty(), Optional.empty(), 4789, true, 0, true),
          "vx3",
              new LinkKind.Vxlan(
                  8, ip("192.168.1.10"), Optional.empty(), Optional.empty(), 4789, true, 0, false),
          "flannel0", new LinkKind.Tun(Optional.empty()),
          "tap0", new LinkKind.NotModelled("tap"));

  private static Map<String, LinkKind> kinds(ParseResult<List<LinkFacts>> r) {
    return r.value().stream()
        .filter(f -> TUNNELS.containsKey(f.name()))
        .collect(Collectors.toMap(LinkFacts::name, f -> f.kind(Optional.empty())));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ip-d-link.json", "ip-d-link.txt", "ip-o-d-link.txt"})
  void tunnels61_everyForm_readsTheKernelsSettings(String file) {
    String content = Fixtures.read("tunnels-6.1.0/" + file);
    ParseResult<List<LinkFacts>> r =
        file.endsWith(".json")
            ? IpJsonLinkParser.parse(file, content)
            : IpLinkTextParser.parse(file, content);
    assertThat(r.warnings()).isEmpty();
    assertThat(kinds(r)).isEqualTo(TUNNELS);
    LinkFacts flannel0 =
        r.value().stream().filter(f -> f.name().equals("flannel0")).findFirst().orElseThrow();
    assertThat(flannel0.linkType()).isEqualTo("none");
    assertThat(flannel0.mtu()).hasValue(1472);
  }

  @ParameterizedTest
  @FieldSource("versions")
  void flannelVxlan_everyIproute2Version_sameDevice(String version) {
    LinkKind expected =
        new LinkKind.Vxlan(
            1, ip("192.168.2.16"), Optional.empty(), Optional.of("enp0s5"), 8472, false, 0, false);
    for (String file : List.of("ip-d-link.json", "ip-d-link.txt")) {
      String content = Fixtures.iproute2(version, file);
      ParseResult<List<LinkFacts>> r =
          file.endsWith(".json")
              ? IpJsonLinkParser.parse(file, content)
              : IpLinkTextParser.parse(file, content);
      Map<String, LinkFacts> byName =
          r.value().stream().collect(Collectors.toMap(LinkFacts::name, Function.identity()));
      assertThat(byName.get("flannel.1").kind(Optional.empty()))
          .as(version + " " + file)
          .isEqualTo(expected);
      assertThat(byName.get("tap0").kind(Optional.empty()))
          .as(version + " " + file)
          .isEqualTo(new LinkKind.NotModelled("tap"));
    }
  }

  private static final String HEADER =
      "4: vx: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN"
          + " mode DEFAULT group default qlen 1000\n"
          + "    link/ether 0e:f1:00:00:00:17 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535\n";

  private static ParseResult<List<LinkFacts>> text(String detail) {
    return IpLinkTextParser.parse("ip-link.txt", HEADER + "    " + detail + "\n");
  }

  private static LinkKind textKind(String detail) {
    ParseResult<List<LinkFacts>> r = text(detail);
    assertThat(r.warnings()).as(detail).isEmpty();
    return r.value().get(0).kind(Optional.empty());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      vxlan id 5 dev eth0 srcport 0 0 dstport 4789 ttl inherit ageing 300                    | 5 | 4789 | true  | 0  | true
      vxlan id 5 dev eth0 srcport 0 0 dstport 4789 ttl 10 ageing 300                          | 5 | 4789 | true  | 10 | false
      vxlan id 5 dev eth0 port 0 0 dstport 0 nolearning ttl auto ageing none                  | 5 | 8472 | false | 0  | false
      vxlan id 5 dev eth0 srcport 0 0 learning                                                 | 5 | 8472 | true  | 0  | false
      vxlan id 5 dev eth0 srcport 0 0 dstport 8472 ttl auto ageing 300 reserved_bits 0xf7ffffff000000ff nolearning addrgenmode eui64 numtxqueues 1 | 5 | 8472 | false | 0 | false
      vxlan id 5 remote 10.0.0.2 local 10.0.0.1 dev eth0 dstport 4789 hoplimit 3 udpcsum noudp6zerocsumtx | 5 | 4789 | true | 3 | false
      """)
  void vxlanText_spellingsOfIproute2Versions(
      String detail, int vni, int port, boolean learning, int ttl, boolean inherit) {
    assertThat(textKind(detail))
        .isInstanceOfSatisfying(
            LinkKind.Vxlan.class,
            v -> {
              assertThat(v.vni()).isEqualTo(vni);
              assertThat(v.dstPort()).isEqualTo(port);
              assertThat(v.learning()).isEqualTo(learning);
              assertThat(v.ttl()).isEqualTo(ttl);
              assertThat(v.ttlInherit()).isEqualTo(inherit);
              assertThat(v.lower()).contains("eth0");
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      vxlan id 5 dev eth0 external dstport 4789        | vxlan external
      vxlan id 5 dev eth0 dstport 4789 l2miss l3miss   | vxlan l2miss
      vxlan id 5 local fd00::1 dev eth0 dstport 4789   | vxlan over IPv6
      vxlan id 5 dstport 4789 gbp                      | vxlan gbp
      tun type tap pi off vnet_hdr off persist on      | tap
      """)
  void textKinds_podpathDoesNotModel_areKeptAsNotModelled(String detail, String type) {
    assertThat(textKind(detail)).isEqualTo(new LinkKind.NotModelled(type));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      vxlan id x dev eth0 dstport 4789          | 14 | vxlan id "x" is not a VNI
      vxlan id 16777216 dev eth0 dstport 4789   | 14 | is not a VNI
      vxlan dev eth0 dstport 4789               | 1  | without "id VNI"
      vxlan id 5 local 10.0.0 dstport 4789      | 22 | vxlan local "10.0.0" is not an IPv4 address
      vxlan id 5 dstport 70000                  | 24 | vxlan dstport "70000" is not a UDP port
      vxlan id 5 dstport                        | 16 | vxlan dstport "" is not a UDP port
      vxlan id 5 ttl 300                        | 20 | vxlan ttl "300" is not 1..255, auto or inherit
      """)
  void vxlanText_malformedField_isAWarningAtItsColumn(String detail, int column, String message) {
    ParseResult<List<LinkFacts>> r = text(detail);
    assertThat(r.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.file()).isEqualTo("ip-link.txt");
              assertThat(w.line()).isEqualTo(3);
              assertThat(w.column()).isEqualTo(column);
              assertThat(w.message()).contains(message);
            });
    assertThat(r.value()).singleElement().satisfies(f -> assertThat(f.type()).isEqualTo("vxlan"));
  }

  private static final String JSON =
      "[{\"ifindex\":4,\"ifname\":\"vx\",\"flags\":[\"UP\"],\"mtu\":1450,"
          + "\"link_type\":\"ether\",\"address\":\"0e:f1:00:00:00:17\",\"linkinfo\":{\"info_kind\":\"vxlan\","
          + "\"info_data\":{%s}}}]";

  private static ParseResult<List<LinkFacts>> json(String data) {
    return IpJsonLinkParser.parse("ip-link.json", JSON.formatted(data));
  }

  private static ParseResult<List<LinkFacts>> geneveJson(String data) {
    return IpJsonLinkParser.parse(
        "ip-link.json", JSON.replace("\"vxlan\"", "\"geneve\"").formatted(data));
  }

  @Test
  void geneveJson_isReadIntoTheModelsDevice() {
    // iproute2 6.1's geneve_print_opt: id, remote, ttl (0: auto), port, udp_csum...
    ParseResult<List<LinkFacts>> r =
        geneveJson(
            String.join(
                ",",
                "\"id\":42",
                "\"remote\":\"192.168.0.2\"",
                "\"ttl\":0",
                "\"port\":6081",
                "\"udp_csum\":false",
                "\"udp_zero_csum6_tx\":false",
                "\"udp_zero_csum6_rx\":false"));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value().get(0).kind(Optional.empty()))
        .isEqualTo(new LinkKind.Geneve(42, Ipv4Address.parse("192.168.0.2"), 6081, 0, false));
    // a fixed TTL, another port; no "ttl": inherit
    assertThat(
            geneveJson("\"id\":7,\"remote\":\"10.0.0.1\",\"ttl\":9,\"port\":6082")
                .value()
                .get(0)
                .kind(Optional.empty()))
        .isEqualTo(new LinkKind.Geneve(7, Ipv4Address.parse("10.0.0.1"), 6082, 9, false));
    assertThat(
            geneveJson("\"id\":7,\"remote\":\"10.0.0.1\",\"port\":6081")
                .value()
                .get(0)
                .kind(Optional.empty()))
        .isEqualTo(new LinkKind.Geneve(7, Ipv4Address.parse("10.0.0.1"), 6081, 0, true));
  }

  @Test
  void geneveJson_whatIsNotModelled_isKeptAsNotModelled_named() {
    assertThat(geneveJson("\"external\":true").value().get(0).kind(Optional.empty()))
        .isEqualTo(new LinkKind.NotModelled("geneve external"));
    assertThat(
            geneveJson("\"id\":1,\"remote6\":\"fd00::2\",\"ttl\":0")
                .value()
                .get(0)
                .kind(Optional.empty()))
        .isEqualTo(new LinkKind.NotModelled("geneve over IPv6"));
    assertThat(
            geneveJson("\"id\":1,\"remote\":\"10.0.0.1\",\"ttl\":0,\"df\":\"set\"")
                .value()
                .get(0)
                .kind(Optional.empty()))
        .isEqualTo(new LinkKind.NotModelled("geneve df set"));
    ParseResult<List<LinkFacts>> noRemote = geneveJson("\"id\":1,\"ttl\":0");
    assertThat(noRemote.value().get(0).kind(Optional.empty()))
        .isEqualTo(new LinkKind.NotModelled("geneve"));
    assertThat(noRemote.warnings())
        .singleElement()
        .satisfies(w -> assertThat(w.message()).contains("without an IPv4 \"remote\""));
  }

  @Test
  void vxlanJson_ttlInherit_asIproute2PrintsIt() {
    // 6.1 leaves "ttl" out for inherit (it prints `ttl inherit` in text only); a string is read too
    for (String data :
        List.of(
            "\"id\":5,\"port\":4789,\"learning\":true",
            "\"id\":5,\"port\":4789,\"ttl\":\"inherit\"")) {
      ParseResult<List<LinkFacts>> r = json(data);
      assertThat(r.warnings()).isEmpty();
      assertThat(r.value().get(0).kind(Optional.empty()))
          .isEqualTo(
              new LinkKind.Vxlan(
                  5, Optional.empty(), Optional.empty(), Optional.empty(), 4789, true, 0, true));
    }
  }

  @Test
  void vxlanJson_newerFlagsFalse_areModelled_andTrue_areNot() {
    String v71 =
        "\"id\":1,\"port\":8472,\"ttl\":0,\"external\":false,\"learning\":false,\"proxy\":false,"
            + "\"l2miss\":false,\"l3miss\":false,\"localbypass\":true";
    assertThat(json(v71).value().get(0).kind(Optional.empty())).isInstanceOf(LinkKind.Vxlan.class);
    assertThat(
            json("\"id\":1,\"port\":8472,\"ttl\":0,\"external\":true")
                .value()
                .get(0)
                .kind(Optional.empty()))
        .isEqualTo(new LinkKind.NotModelled("vxlan external"));
    assertThat(
            json("\"id\":1,\"local6\":\"fd00::1\",\"port\":8472")
                .value()
                .get(0)
                .kind(Optional.empty()))
        .isEqualTo(new LinkKind.NotModelled("vxlan over IPv6"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      "id":"abc","port":8472,"ttl":0                 | without an "id" (VNI)                  | false
      "port":8472,"ttl":0                            | without an "id" (VNI)                  | false
      "id":1,"local":"nope","port":8472,"ttl":0      | "local" nope is not an IPv4 address    | true
      "id":1,"port":-1,"ttl":0                       | "port" -1 is not a UDP port            | true
      "id":1,"port":8472,"ttl":999                   | "ttl" 999 is not 0..255                | true
      """)
  void vxlanJson_malformedField_isAWarningOnTheDevicesLine(
      String data, String message, boolean modelled) {
    ParseResult<List<LinkFacts>> r = json(data);
    assertThat(r.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.file()).isEqualTo("ip-link.json");
              assertThat(w.line()).isEqualTo(1);
              assertThat(w.column()).isEqualTo(2);
              assertThat(w.message()).contains(message);
            });
    assertThat(r.value().get(0).kind(Optional.empty()) instanceof LinkKind.Vxlan)
        .isEqualTo(modelled);
  }

  @Test
  void vxlanJson_withoutInfoData_isAWarning_andNotModelled() {
    ParseResult<List<LinkFacts>> r =
        IpJsonLinkParser.parse(
            "ip-link.json",
            "[{\"ifindex\":4,\"ifname\":\"vx\",\"link_type\":\"ether\",\"linkinfo\":{\"info_kind\":\"vxlan\"}}]");
    assertThat(r.warnings())
        .singleElement()
        .satisfies(w -> assertThat(w.message()).contains("without \"info_data\""));
    assertThat(r.value().get(0).kind(Optional.empty()))
        .isEqualTo(new LinkKind.NotModelled("vxlan"));
  }

  @Test
  void tunJson_withoutType_theLinkLayerTells() {
    String tun =
        "[{\"ifindex\":9,\"ifname\":\"flannel0\",\"link_type\":\"none\",\"linkinfo\":{\"info_kind\":\"tun\"}},"
            + "{\"ifindex\":10,\"ifname\":\"tap0\",\"link_type\":\"ether\",\"linkinfo\":{\"info_kind\":\"tun\"}}]";
    ParseResult<List<LinkFacts>> r = IpJsonLinkParser.parse("ip-link.json", tun);
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value().get(0).kind(Optional.empty()))
        .isEqualTo(new LinkKind.Tun(Optional.empty()));
    assertThat(r.value().get(1).kind(Optional.empty())).isEqualTo(new LinkKind.NotModelled("tap"));
  }

  // ---- IPIP (posted outputs: ipip-posted/README.md; this kernel has no ipip module) ----

  private static Map<String, LinkKind> ipipKinds(String file) {
    ParseResult<List<LinkFacts>> r =
        IpLinkTextParser.parse(file, Fixtures.read("ipip-posted/" + file));
    assertThat(r.warnings()).as(file).isEmpty();
    return r.value().stream()
        .collect(Collectors.toMap(LinkFacts::name, f -> f.kind(Optional.empty())));
  }

  private static final LinkKind TUNL0 =
      new LinkKind.Ipip(Optional.empty(), Optional.empty(), 0, true, false);

  @Test
  void ipipText_tunl0AsCalicoHasIt_isTheFallbackDevice() {
    assertThat(ipipKinds("calico-node-ip-d-link.txt")).containsEntry("tunl0", TUNL0);
    assertThat(ipipKinds("tunl0-addrgenmode.txt"))
        .containsEntry("tunl0", TUNL0)
        .containsEntry("gre0", new LinkKind.NotModelled("gre"));
  }

  @Test
  void ipipText_aConfiguredTunnel_itsEndpointsTtlAndDf() {
    assertThat(ipipKinds("ipip-configured.txt"))
        .containsEntry("tunl0", TUNL0)
        .containsEntry(
            "tun-server",
            new LinkKind.Ipip(ip("198.51.100.10"), ip("203.0.113.20"), 64, false, true));
  }

  @Test
  void ipipText_fooOverUdp_isNotModelled() {
    assertThat(ipipKinds("fou-ipip.txt"))
        .containsEntry("ipip-tun", new LinkKind.NotModelled("ipip encap fou"));
  }

  @Test
  void ipipJson_asIptunnelPrintOptPrintsIt() {
    ParseResult<List<LinkFacts>> r =
        IpJsonLinkParser.parse(
            "ip-link.json",
            "["
                + "{\"ifindex\":4,\"ifname\":\"tunl0\",\"flags\":[\"NOARP\",\"UP\",\"LOWER_UP\"],\"mtu\":1440,"
                + "\"link_type\":\"ipip\",\"address\":\"0.0.0.0\",\"broadcast\":\"0.0.0.0\",\"linkinfo\":{\"info_kind\":\"ipip\","
                + "\"info_data\":{\"proto\":\"any\",\"remote\":\"any\",\"local\":\"any\",\"ttl\":0,\"pmtudisc\":false}}},"
                + "{\"ifindex\":5,\"ifname\":\"t1\",\"flags\":[\"POINTOPOINT\",\"NOARP\"],\"link_type\":\"ipip\","
                + "\"address\":\"10.0.0.1\",\"link_pointtopoint\":true,\"broadcast\":\"10.0.0.2\",\"linkinfo\":{\"info_kind\":\"ipip\","
                + "\"info_data\":{\"proto\":\"ipip\",\"remote\":\"10.0.0.2\",\"local\":\"10.0.0.1\",\"link\":\"eth0\",\"ttl\":64,"
                + "\"pmtudisc\":true}}},"
                + "{\"ifindex\":6,\"ifname\":\"t2\",\"link_type\":\"ipip\",\"linkinfo\":{\"info_kind\":\"ipip\","
                + "\"info_data\":{\"external\":true}}},"
                + "{\"ifindex\":7,\"ifname\":\"t3\",\"link_type\":\"ipip\",\"linkinfo\":{\"info_kind\":\"ipip\","
                + "\"info_data\":{\"proto\":\"ipip\",\"remote\":\"10.0.0.2\",\"local\":\"any\",\"ttl\":0,\"pmtudisc\":false,"
                + "\"encap\":{\"type\":\"fou\",\"sport\":\"auto\",\"dport\":5555}}}}]");
    assertThat(r.warnings()).isEmpty();
    Map<String, LinkKind> k =
        r.value().stream()
            .collect(Collectors.toMap(LinkFacts::name, f -> f.kind(Optional.empty())));
    assertThat(k)
        .containsEntry("tunl0", TUNL0)
        .containsEntry("t1", new LinkKind.Ipip(ip("10.0.0.1"), ip("10.0.0.2"), 64, false, true))
        .containsEntry("t2", new LinkKind.NotModelled("ipip external"))
        .containsEntry("t3", new LinkKind.NotModelled("ipip encap fou"));
  }

  @Test
  void ipip_malformedFields_areWarningsWithTheirPlace() {
    ParseResult<List<LinkFacts>> r = text("ipip ipip remote 10.0.0.999 local any ttl 300 pmtudisc");
    assertThat(r.warnings())
        .hasSize(2)
        .allSatisfy(w -> assertThat(w.location()).startsWith("ip-link.txt:3:"));
    assertThat(r.warnings())
        .extracting(w -> w.message())
        .anySatisfy(m -> assertThat(m).contains("remote \"10.0.0.999\""))
        .anySatisfy(m -> assertThat(m).contains("ttl \"300\""));
    assertThat(r.value().get(0).kind(Optional.empty()))
        .isEqualTo(new LinkKind.Ipip(Optional.empty(), Optional.empty(), 0, false, true));
  }
}
