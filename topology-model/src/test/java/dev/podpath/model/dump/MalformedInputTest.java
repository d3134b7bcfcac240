package dev.podpath.model.dump;

import static dev.podpath.model.dump.IpJsonParsersTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed line is a warning at its line and column, and the lines around it still load.
 * Each row: parser, input, the warning's line and column, a word of its message, and what is still
 * read.
 */
final class MalformedInputTest {

  static List<Arguments> cases() {
    return List.of(
        Arguments.of(
            "IpRouteTextParser",
            """
            default via 10.0.0.1 dev eth0
            10.1.0.0/16 via 10.0.0.9 bogus dev eth0
            10.2.0.0/16 dev eth0
            """,
            2,
            26,
            "unknown keyword",
            List.of(
                "default via 10.0.0.1 dev eth0",
                "10.1.0.0/16 via 10.0.0.9 dev eth0",
                "10.2.0.0/16 dev eth0")),
        Arguments.of(
            "IpRouteTextParser",
            """
            default via 10.0.0.1 dev eth0
            10.1.0.7/16 dev eth0
            10.2.0.0/16 via 10.0.0.300 dev eth0
            10.3.0.0/16 dev eth0 metric
            10.4.0.0/16 dev eth0 table cilium
            """,
            2,
            1,
            "not a route destination",
            List.of("default via 10.0.0.1 dev eth0", "10.3.0.0/16 dev eth0")),
        Arguments.of(
            "IpRouteTextParser",
            "\tnexthop via 10.0.0.1 dev eth0\n10.2.0.0/16 dev eth0\n",
            1,
            2,
            "no route before it",
            List.of("10.2.0.0/16 dev eth0")),
        Arguments.of(
            "IpRuleTextParser",
            """
            0:\tfrom all lookup local
            100 from 10.0.0.0/8 lookup 100
            110:\tfrom all ipproto tcp lookup 100
            32766:\tfrom all lookup main
            """,
            2,
            1,
            "priority",
            List.of("0:\tfrom all lookup local", "32766:\tfrom all lookup main")),
        Arguments.of(
            "IpNeighTextParser",
            """
            10.0.0.2 dev eth0 lladdr 02:00:00:00:00:02 REACHABLE
            10.0.0.x dev eth0 lladdr 02:00:00:00:00:03 REACHABLE
            10.0.0.4 dev eth0 lladdr 02:00:00:00:00:04 STALE
            """,
            2,
            1,
            "not an IPv4 address",
            List.of(
                "10.0.0.2 dev eth0 lladdr 02:00:00:00:00:02 REACHABLE",
                "10.0.0.4 dev eth0 lladdr 02:00:00:00:00:04 STALE")),
        Arguments.of(
            "BridgeFdbTextParser",
            """
            02:00:00:00:00:aa dev veth1 master br0 static
            zz:00:00:00:00:ab dev veth1 master br0
            02:00:00:00:00:ac dev veth2 master br0
            """,
            2,
            1,
            "not a MAC address",
            List.of(
                "02:00:00:00:00:aa dev veth1 master br0 static",
                "02:00:00:00:00:ac dev veth2 master br0")),
        Arguments.of(
            "RouteNParser",
            """
            Kernel IP routing table
            Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
            0.0.0.0         172.17.0.1      0.0.0.0         UG    0      0        0 eth0
            172.17.0.0      0.0.0.0         255.0.255.0     U     0      0        0 eth0
            172.18.0.0      0.0.0.0         255.255.0.0     U     0      0        0 eth1
            """,
            4,
            33,
            "netmask",
            List.of("default via 172.17.0.1 dev eth0", "172.18.0.0/16 dev eth1 scope link")),
        Arguments.of(
            "ArpNParser",
            """
            Address                  HWtype  HWaddress           Flags Mask            Iface
            10.0.0.1                 ether   02:00:00:00:00:01   C                     eth0
            gateway                  ether   02:00:00:00:00:02   C                     eth0
            """,
            3,
            1,
            "without -n",
            List.of("10.0.0.1 dev eth0 lladdr 02:00:00:00:00:01 STALE")),
        Arguments.of(
            "IfconfigParser",
            """
            eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500
                    inet 10.0.0.2  netmask 255.0.255.0  broadcast 10.0.0.255
                    ether 02:00:00:00:00:02  txqueuelen 1000  (Ethernet)
            lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536
                    inet 127.0.0.1  netmask 255.0.0.0
            """,
            2,
            14,
            "not contiguous",
            List.of("eth0", "lo")),
        Arguments.of(
            "IpAddrTextParser",
            """
            1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default
                link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
                inet 127.0.0.1/33 scope host lo
            2: eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP
                link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0
                inet 10.0.0.2/24 brd 10.0.0.255 scope global eth0
            """,
            3,
            10,
            "prefix length",
            List.of("lo", "eth0")),
        Arguments.of(
            "SubnetEnvParser",
            """
            FLANNEL_NETWORK=10.244.0.0/16
            FLANNEL_SUBNET=10.244.1.1
            FLANNEL_MTU=1450
            """,
            2,
            16,
            "ADDRESS/LENGTH",
            List.of()),
        Arguments.of(
            "KubectlPodsParser",
            """
            NAME                       READY   STATUS    RESTARTS   AGE   IP          NODE      NOMINATED NODE   READINESS GATES
            busybox-8647b8666c-jpnb6   1/1     Running   0          21m   10.10.1.6   worker1   <none>           <none>
            busybox-8647b8666c-pg7ps   1/1     Running   0          21m   10.10.2.x   worker2   <none>           <none>
            """,
            3,
            63,
            "not an IPv4 address",
            List.of()),
        Arguments.of(
            "IpJsonRouteParser",
            "[{\"dst\":\"10.1.0.0/16\",\"dev\":\"eth0\",\"flags\":[]},"
                + "{\"dst\":\"10.2.0.0/16\",\"gateway\":\"10.0.0.1\" \"dev\":\"eth0\"},"
                + "{\"dst\":\"10.3.0.0/16\",\"dev\":\"eth0\",\"flags\":[]}]",
            1,
            90,
            "not valid JSON",
            List.of("10.1.0.0/16 dev eth0", "10.3.0.0/16 dev eth0")),
        Arguments.of(
            "IpJsonRouteParser",
            "[{\"dst\":\"10.1.0.0/16\",\"dev\":\"eth0\",\"flags\":[]},\n"
                + "{\"dst\":\"10.2.0.0/16\",\"dev\":\"eth0\",\"flags\":[]},\n"
                + "{\"dst\":\"10.3.0.0/16\",\"dev\":\"e",
            3,
            1,
            "cut off",
            List.of("10.1.0.0/16 dev eth0", "10.2.0.0/16 dev eth0")),
        Arguments.of(
            "IpJsonRouteParser",
            "[{\"dst\":\"10.1.0.0/16\",\"dev\":\"eth0\",\"flags\":[]},\n"
                + "{\"dst\":\"10.2.0.0/16\",\"dev\":\"eth0\",\"flags\":[]},\n",
            1,
            1,
            "never closed",
            List.of("10.1.0.0/16 dev eth0", "10.2.0.0/16 dev eth0")),
        Arguments.of(
            "IpJsonRuleParser",
            "[{\"priority\":0,\"src\":\"all\",\"table\":\"local\"},"
                + "{\"priority\":5,\"src\":\"all\",\"ipproto\":\"tcp\",\"table\":\"100\"},"
                + "{\"priority\":32766,\"src\":\"all\",\"table\":\"main\"}]",
            1,
            45,
            "ipproto",
            List.of("0:\tfrom all lookup local", "32766:\tfrom all lookup main")),
        Arguments.of(
            "IpJsonNeighParser",
            "[},{\"dst\":\"10.0.0.2\",\"dev\":\"eth0\",\"lladdr\":\"02:00:00:00:00:02\","
                + "\"state\":[\"STALE\"]}]",
            1,
            2,
            "unexpected '}'",
            List.of("10.0.0.2 dev eth0 lladdr 02:00:00:00:00:02 STALE")),
        Arguments.of(
            "BridgeJsonFdbParser",
            "[{\"mac\":\"02:00:00:00:00:aa\",\"ifname\":\"veth1\",\"master\":\"br0\",\"state\":\"static\"},"
                + "{\"mac\":\"02:00:00:00:00:ab\",\"master\":\"br0\",\"state\":\"\"}]",
            1,
            79,
            "ifname",
            List.of("02:00:00:00:00:aa dev veth1 master br0 static")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void malformed_warnsAtLineAndColumn_restLoads(
      String parser, String input, int line, int column, String word, List<String> loaded) {
    Fixtures.Named p =
        Fixtures.parsers().stream().filter(n -> n.name().equals(parser)).findFirst().orElseThrow();
    ParseResult<?> r = p.parse("dump.txt", input);
    assertThat(r.warnings()).isNotEmpty();
    DumpWarning first = r.warnings().get(0);
    assertThat(first.file()).isEqualTo("dump.txt");
    assertThat(first.line()).as(first.toString()).isEqualTo(line);
    assertThat(first.column()).as(first.toString()).isEqualTo(column);
    assertThat(first.message()).containsIgnoringCase(word);
    assertThat(first.toString()).startsWith("dump.txt:" + line + ":" + column + ": ");
    if (!loaded.isEmpty()) {
      Object v = r.value();
      List<?> items = v instanceof RouteDump d ? d.routes() : (List<?>) v;
      List<String> got =
          items.get(0) instanceof LinkFacts
              ? items.stream().map(x -> ((LinkFacts) x).name()).toList()
              : strings(items);
      assertThat(got).containsExactlyElementsOf(loaded);
    }
  }
}
