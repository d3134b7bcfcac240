package dev.podpath.model.script;

import static dev.podpath.model.script.Scripts.fails;
import static dev.podpath.model.script.Scripts.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.script.ProbeSpec.Ping;
import dev.podpath.model.script.ProbeSpec.RouteGet;
import dev.podpath.model.script.ProbeSpec.Traceroute;
import dev.podpath.model.topo.NetnsName;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ping, traceroute and ip route get become probes of the namespace they run in. */
final class ProbeTest {

  private static final String[] SETUP = {
    "ip netns add ns1",
    "ip -n ns1 link add eth0 type veth peer name h0",
    "ip -n ns1 link set eth0 up",
    "ip -n ns1 addr add 10.0.0.2/24 dev eth0"
  };

  private static ProbeSpec only(String line) {
    String[] all = java.util.Arrays.copyOf(SETUP, SETUP.length + 1);
    all[SETUP.length] = line;
    Scenario s = run(all);
    assertThat(s.probes()).hasSize(1);
    return s.probes().get(0);
  }

  @Test
  void ping_defaults() {
    Ping p = (Ping) only("ip netns exec ns1 ping 10.0.0.1");
    assertThat(p.netns()).isEqualTo(NetnsName.of("ns1"));
    assertThat(p.destination()).isEqualTo(Ipv4Address.parse("10.0.0.1"));
    assertThat(p.count()).isEqualTo(1);
    assertThat(p.payloadSize()).isEqualTo(56);
    assertThat(p.dontFragment()).isTrue();
    assertThat(p.ttl()).isEmpty();
    assertThat(p.source()).isEmpty();
    assertThat(p.origin().line()).isEqualTo(5);
  }

  @Test
  void ping_options_clusteredAndSeparate() {
    Ping p =
        (Ping)
            only(
                "ip netns exec ns1 ping -qn -c3 -W 1 -i 0.2 -t 7 -s 1400 -M dont -I eth0 10.0.0.1");
    assertThat(p.count()).isEqualTo(3);
    assertThat(p.ttl()).contains(7);
    assertThat(p.payloadSize()).isEqualTo(1400);
    assertThat(p.dontFragment()).isFalse();
    assertThat(p.source()).contains("eth0");
    Ping q = (Ping) only("ip netns exec ns1 ping -c 2 -M do -I 10.0.0.2 localhost");
    assertThat(q.dontFragment()).isTrue();
    assertThat(q.source()).contains("10.0.0.2");
    assertThat(q.destination()).isEqualTo(Ipv4Address.parse("127.0.0.1"));
  }

  @Test
  void traceroute_defaultsAndOptions() {
    Traceroute t = (Traceroute) only("ip netns exec ns1 traceroute -n 10.0.0.1");
    assertThat(t.protocol()).isEqualTo("udp");
    assertThat(t.maxTtl()).isEqualTo(30);
    assertThat(t.port()).isEmpty();
    Traceroute u =
        (Traceroute) only("ip netns exec ns1 traceroute -n -T -p 443 -q1 -w1 -m 8 -N 1 10.0.0.1");
    assertThat(u.protocol()).isEqualTo("tcp");
    assertThat(u.port()).contains(443);
    assertThat(u.maxTtl()).isEqualTo(8);
    assertThat(((Traceroute) only("ip netns exec ns1 traceroute -I 10.0.0.1")).protocol())
        .isEqualTo("icmp");
    assertThat(
            ((Traceroute) only("ip netns exec ns1 traceroute --max-hops=5 10.0.0.1 60")).maxTtl())
        .isEqualTo(5);
  }

  /**
   * traceroute 2.1's methods: the default probes UDP ports 33434 and up, -U port 53 (one port for
   * all), -M names a method; three probes per hop unless -q says otherwise.
   */
  @Test
  void traceroute_methodsPortsAndQueries() {
    Traceroute d = (Traceroute) only("ip netns exec ns1 traceroute 10.0.0.1");
    assertThat(d.method()).isEqualTo(TracerouteMethod.DEFAULT);
    assertThat(d.queries()).isEqualTo(3);
    assertThat(d.method().port(d.port().orElse(d.method().defaultPort()), 4)).isEqualTo(33438);
    Traceroute u = (Traceroute) only("ip netns exec ns1 traceroute -n -U -q 2 10.0.0.1");
    assertThat(u.method()).isEqualTo(TracerouteMethod.UDP);
    assertThat(u.protocol()).isEqualTo("udp");
    assertThat(u.queries()).isEqualTo(2);
    assertThat(u.method().port(u.port().orElse(u.method().defaultPort()), 4)).isEqualTo(53);
    assertThat(((Traceroute) only("ip netns exec ns1 traceroute -M tcp 10.0.0.1")).method())
        .isEqualTo(TracerouteMethod.TCP);
    assertThat(((Traceroute) only("ip netns exec ns1 traceroute --module=icmp 10.0.0.1")).method())
        .isEqualTo(TracerouteMethod.ICMP);
    assertThat(((Traceroute) only("ip netns exec ns1 traceroute -T -U 10.0.0.1")).method())
        .isEqualTo(TracerouteMethod.UDP);
  }

  @Test
  void traceroute_rawAndOtherMethods_areNotRun_butNoted() {
    Scenario s =
        run(
            "ip link set lo up",
            "traceroute -P 6 127.0.0.1",
            "traceroute -M tcpconn 127.0.0.1",
            "traceroute -q1 127.0.0.1");
    assertThat(s.probes()).hasSize(1);
    assertThat(s.notes())
        .extracting(n -> n.origin().line() + " " + n.message())
        .containsExactly(
            "2 traceroute's raw method (-P 6) is not modelled: podpath does not run this probe",
            "3 traceroute's tcpconn method is not modelled: podpath does not run this probe");
  }

  @Test
  void routeGet_asAProbe() {
    RouteGet g = (RouteGet) only("ip -n ns1 route get 10.0.0.1 from 10.0.0.9 iif eth0 mark 0x4");
    assertThat(g.destination()).isEqualTo(Ipv4Address.parse("10.0.0.1"));
    assertThat(g.from()).contains(Ipv4Address.parse("10.0.0.9"));
    assertThat(g.iif()).contains("eth0");
    assertThat(g.oif()).isEmpty();
    assertThat(g.mark()).contains(4L);
    assertThat(((RouteGet) only("ip netns exec ns1 ip r g to 10.0.0.1 oif eth0")).oif())
        .contains("eth0");
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            "ping -c1 example.com",
            "ping: example.com: Name or service not known (podpath resolves no names: use an IPv4 address)"),
        Arguments.of(
            "traceroute gw.local",
            "traceroute: gw.local: Name or service not known (podpath resolves no names: use an IPv4 address)"),
        Arguments.of(
            "ping -c0 10.0.0.1",
            "ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807"),
        Arguments.of("ping -c1 -M foo 10.0.0.1", "ping: invalid -M argument: foo"),
        Arguments.of("ping -c1 -I nosuch 10.0.0.1", "ping: SO_BINDTODEVICE nosuch: No such device"),
        Arguments.of("ping -c1", "ping: usage error: Destination address required"),
        Arguments.of("traceroute -m 300 10.0.0.1", "max hops cannot be more than 255"),
        Arguments.of("traceroute -m 0 10.0.0.1", "first hop out of range"),
        Arguments.of("traceroute -q 11 10.0.0.1", "no more than 10 probes per hop"),
        Arguments.of("traceroute -q 0 10.0.0.1", "no more than 10 probes per hop"),
        Arguments.of("traceroute -M foo 10.0.0.1", "Unknown traceroute module foo"),
        Arguments.of("ip route get 10.0.0.1 iif nosuch", "Cannot find device \"nosuch\""),
        Arguments.of("ip route get", "need at least a destination address"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refused(String line, String message) {
    assertThat(fails(line).reason()).isEqualTo(message);
  }

  @Test
  void ipv6Probes_areNotRun_butNoted() {
    Scenario s =
        run(
            "ip link set lo up",
            "ping -c1 127.0.0.1",
            "ip link set lo down",
            "ping -c1 ::1",
            "ping6 ::1",
            "ping -6 -c1 ::1",
            "traceroute6 ::1");
    assertThat(s.probes()).hasSize(1);
    assertThat(s.notes())
        .filteredOn(n -> n.message().startsWith("IPv6"))
        .extracting(n -> n.origin().line())
        .containsExactly(4, 5, 6, 7);
  }

  @Test
  void probesKeepScriptOrder_andTheirNamespace() {
    Scenario s =
        run(
            "ip netns add a",
            "ip netns add b",
            "ip netns exec a ping 1.1.1.1",
            "ip -n b route get 2.2.2.2",
            "nsenter --net=/var/run/netns/b traceroute 3.3.3.3",
            "ping -c1 4.4.4.4 || true");
    assertThat(s.probes())
        .extracting(p -> p.netns().value() + " " + p.destination())
        .containsExactly("a 1.1.1.1", "b 2.2.2.2", "b 3.3.3.3", "root 4.4.4.4");
    assertThat(s.probes().get(2)).isInstanceOf(Traceroute.class);
    assertThat(((Ping) s.probes().get(3)).source()).isEqualTo(Optional.empty());
  }
}
