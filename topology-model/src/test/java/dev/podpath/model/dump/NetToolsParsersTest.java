package dev.podpath.model.dump;

import static dev.podpath.model.dump.IpJsonParsersTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.LinkKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** net-tools and busybox: ifconfig, route -n, netstat -rn, arp -n; and sysctl -a. */
final class NetToolsParsersTest {

  @ParameterizedTest
  @ValueSource(strings = {"net-tools-2.10/ifconfig-a.txt", "busybox-1.35/ifconfig-a.txt"})
  void ifconfig_bothFormats_sameDevices(String file) {
    ParseResult<List<LinkFacts>> r = IfconfigParser.parse(file, Fixtures.read(file));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value()).hasSize(11);
    LinkFacts cni0 = r.value().get(0);
    assertThat(cni0.name()).isEqualTo("cni0");
    assertThat(cni0.mac()).contains(MacAddress.parse("3e:bd:eb:32:34:27"));
    assertThat(cni0.mtu()).hasValue(1500);
    assertThat(cni0.up()).isTrue();
    assertThat(cni0.hasCarrier()).isTrue();
    assertThat(cni0.addresses().toString()).isEqualTo("[10.10.1.1/24]");
    assertThat(cni0.addresses().get(0).broadcast()).isEmpty();
    LinkFacts vdown = r.value().stream().filter(d -> d.name().equals("vdown")).findFirst().get();
    assertThat(vdown.up()).isTrue();
    assertThat(vdown.hasCarrier()).isFalse();
    LinkFacts lo = r.value().stream().filter(d -> d.name().equals("lo")).findFirst().get();
    assertThat(lo.kind(Optional.empty())).isEqualTo(new LinkKind.Loopback());
    assertThat(lo.mtu()).hasValue(65536);
  }

  @Test
  void ifconfig_seedContainer_oldFormat() {
    ParseResult<List<LinkFacts>> r =
        IfconfigParser.parse("c", Fixtures.read("seeds/000-container-ifconfig.txt"));
    assertThat(r.warnings()).isEmpty();
    LinkFacts eth0 = r.value().get(0);
    assertThat(eth0.name()).isEqualTo("eth0");
    assertThat(eth0.mac()).contains(MacAddress.parse("02:42:ac:11:00:02"));
    assertThat(eth0.addresses().get(0).toString()).isEqualTo("172.17.0.2/16");
    assertThat(eth0.addresses().get(0).broadcast()).contains(Ipv4Address.parse("172.17.255.255"));
    assertThat(eth0.addresses().get(0).origin().line()).isEqualTo(2);
    assertThat(r.value().get(1).addresses().get(0).scope().keyword()).isEqualTo("host");
  }

  @Test
  void ifconfig_seedWorker_collapsedIndentation() {
    ParseResult<List<LinkFacts>> r =
        IfconfigParser.parse("w", Fixtures.read("seeds/001-worker1-ifconfig-cni0.txt"));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.name()).isEqualTo("cni0");
              assertThat(d.addresses().get(0).toString()).isEqualTo("10.10.1.1/24");
              assertThat(d.addresses().get(0).broadcast())
                  .contains(Ipv4Address.parse("10.10.1.255"));
            });
  }

  @Test
  void ifconfig_aliasAddsToItsDevice_andPointToPointHasItsPeer() {
    String text =
        """
        eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500
                inet 10.0.0.2  netmask 255.255.255.0  broadcast 10.0.0.255
        eth0:1: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500
                inet 10.0.1.2  netmask 255.255.255.0  broadcast 10.0.1.255
        tun1: flags=209<UP,POINTOPOINT,RUNNING,NOARP>  mtu 1480
                inet 10.10.100.10  netmask 255.255.255.255  destination 10.10.200.10
        """;
    ParseResult<List<LinkFacts>> r = IfconfigParser.parse("i", text);
    assertThat(r.warnings()).isEmpty();
    assertThat(r.value()).extracting(LinkFacts::name).containsExactly("eth0", "tun1");
    assertThat(r.value().get(0).addresses().toString()).isEqualTo("[10.0.0.2/24, 10.0.1.2/24]");
    assertThat(r.value().get(1).addresses().toString())
        .isEqualTo("[10.10.100.10 peer 10.10.200.10/32]");
  }

  @ParameterizedTest
  @CsvSource({
    "net-tools-2.10/route-n.txt, 100", "net-tools-2.10/netstat-rn.txt, 0",
    "busybox-1.35/route-n.txt, 100", "busybox-1.35/netstat-rn.txt, 0"
  })
  void routeN_andNetstat_mainTable(String file, int defaultMetric) {
    ParseResult<RouteDump> r = RouteNParser.parse(file, Fixtures.read(file));
    assertThat(r.warnings()).isEmpty();
    List<String> routes = strings(r.value().routes());
    assertThat(routes)
        .hasSize(14)
        .startsWith(
            "default via 192.168.2.1 dev enp0s5"
                + (defaultMetric == 0 ? "" : " metric " + defaultMetric));
    assertThat(routes)
        .contains(
            "10.10.1.0/24 dev cni0 scope link",
            "10.10.200.10 dev tap0 scope link",
            "blackhole 10.20.1.128/25",
            "10.40.0.0/16 via 192.168.2.15 dev enp0s5");
    assertThat(routes).filteredOn(s -> s.startsWith("unreachable")).hasSize(2);
  }

  @Test
  void routeN_seedContainer() {
    ParseResult<RouteDump> r =
        RouteNParser.parse("c", Fixtures.read("seeds/000-container-route-n.txt"));
    assertThat(r.warnings()).isEmpty();
    assertThat(strings(r.value().routes()))
        .containsExactly("default via 172.17.0.1 dev eth0", "172.17.0.0/16 dev eth0 scope link");
    assertThat(r.value().routes().get(0).origin().line()).isEqualTo(3);
  }

  @Test
  void routeWithoutN_defaultIsRead_otherNamesAreSkipped() {
    // harvester/harvester#595: `route` without -n prints "default" for 0.0.0.0 (and `*` for no
    // gateway); a gateway printed as a name cannot be read back
    ParseResult<RouteDump> r =
        RouteNParser.parse(
            "r",
            """
        Kernel IP routing table
        Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
        default         *               0.0.0.0         U     0      0        0 eth1
        default         gateway         0.0.0.0         UG    100    0        0 eth0
        169.254.0.0     *               255.255.0.0     U     0      0        0 eth1
        """);
    assertThat(strings(r.value().routes()))
        .containsExactly("default dev eth1 scope link", "169.254.0.0/16 dev eth1 scope link");
    assertThat(r.warnings())
        .singleElement()
        .satisfies(w -> assertThat(w.toString()).contains("Gateway \"gateway\""));
  }

  /** drand/drand#22: `route` without -n names 0.0.0.0 "default" and a gateway of 0.0.0.0 "*". */
  @Test
  void routeWithoutN_defaultAndStar_areRead_otherNamesAreNot() {
    ParseResult<RouteDump> r =
        RouteNParser.parse(
            "route.txt",
            """
            Kernel IP routing table
            Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
            default         192.168.0.1     0.0.0.0         UG    0      0        0 ens33
            192.168.0.0     *               255.255.255.0   U     0      0        0 ens33
            link-local      *               255.255.0.0     U     1000   0        0 ens33
            """);
    assertThat(strings(r.value().routes()))
        .containsExactly(
            "default via 192.168.0.1 dev ens33", "192.168.0.0/24 dev ens33 scope link");
    assertThat(r.warnings())
        .singleElement()
        .satisfies(w -> assertThat(w.toString()).contains("link-local"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"net-tools-2.10/arp-n.txt", "busybox-1.35/arp-n.txt"})
  void arpN_bothFormats(String file) {
    ParseResult<List<NeighEntry>> r = ArpNParser.parse(file, Fixtures.read(file));
    assertThat(r.warnings()).isEmpty();
    assertThat(strings(r.value()))
        .containsExactly(
            "10.10.1.99 dev cni0 INCOMPLETE",
            "10.10.1.5 dev cni0 lladdr fe:d8:c5:a2:c9:08 STALE",
            "10.10.1.50 dev cni0 lladdr 02:00:00:00:00:50 PERMANENT",
            "192.168.2.1 dev enp0s5 lladdr 06:6b:15:92:8c:3f STALE",
            "10.10.1.51 dev cni0 lladdr 02:00:00:00:00:51 STALE",
            "192.168.2.15 dev enp0s5 INCOMPLETE",
            "proxy 10.10.1.77 dev cni0 NOARP");
  }

  @Test
  void sysctl_keepsTheKeysPodpathUses_withDeviceDotsRestored() {
    ParseResult<Sysctls> r =
        SysctlAParser.parse("sysctl-a.txt", Fixtures.read("net-tools-2.10/sysctl-a.txt"));
    assertThat(r.warnings()).isEmpty();
    Sysctls s = r.value();
    assertThat(s.get("net.ipv4.ip_forward")).isPresent();
    assertThat(s.get("net.ipv4.conf.flannel.1.rp_filter")).isPresent();
    assertThat(s.get("net.ipv4.conf.flannel/1.rp_filter")).isEmpty();
    assertThat(s.get("net.bridge.bridge-nf-call-iptables")).contains("1");
    assertThat(s.get("net.ipv4.conf.cni0.accept_redirects")).isEmpty();
    assertThat(s.get("net.ipv4.tcp_rmem")).isEmpty();
    assertThat(s.get("kernel.ostype")).isEmpty();
    assertThat(s.values().keySet())
        .allMatch(k -> k.startsWith("net.ipv4.") || k.startsWith("net.bridge."));
    assertThat(s.get("net.ipv4.neigh.cni0.base_reachable_time_ms")).isPresent();
  }

  @Test
  void sysctl_aKeyGivenAgainWithAnotherValue_isWarned_theLaterValueIsUsed() {
    // cilium/cilium#19761 (a comment): the rp_filter values before and after a change, pasted
    // one under the other; the same value twice is no warning
    ParseResult<Sysctls> r =
        SysctlAParser.parse(
            "s",
            """
        net.ipv4.conf.all.rp_filter = 0
        net.ipv4.conf.lo.rp_filter = 0
        net.ipv4.conf.all.rp_filter = 2
        net.ipv4.conf.lo.rp_filter = 0
        """);
    assertThat(r.value().get("net.ipv4.conf.all.rp_filter")).contains("2");
    assertThat(r.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.line()).isEqualTo(3);
              assertThat(w.message()).contains("line 1 says 0").contains("later value, 2");
            });
  }

  @Test
  void sysctl_malformedAndBsdLines_areWarnedAtTheirLines() {
    ParseResult<Sysctls> r =
        SysctlAParser.parse(
            "s",
            """
        net.ipv4.ip_forward = 1
        garbage here
        net.inet.ip.forwarding: 1
        sysctl: permission denied on key 'net.ipv4.conf.all.stable_secret'
        net.ipv4.conf.all.rp_filter = 2
        """);
    assertThat(r.value().rpFilter("eth0")).isEqualTo(2);
    assertThat(r.value().get("net.ipv4.ip_forward")).contains("1");
    assertThat(r.warnings()).extracting(DumpWarning::line).containsExactly(2, 3);
    assertThat(r.warnings().get(1).message()).contains("BSD");
  }
}
