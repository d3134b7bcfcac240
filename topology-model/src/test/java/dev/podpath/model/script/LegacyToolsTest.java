package dev.podpath.model.script;

import static dev.podpath.model.script.Scripts.dev;
import static dev.podpath.model.script.Scripts.fails;
import static dev.podpath.model.script.Scripts.main;
import static dev.podpath.model.script.Scripts.root;
import static dev.podpath.model.script.Scripts.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.topo.BridgePort;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * brctl, ifconfig and route (net-tools) map to the same state changes as ip. ifconfig and route
 * results and messages were checked on kernel 6.18.44 with net-tools 2.10; brctl's messages are
 * bridge-utils' (not installed on the test machine).
 */
final class LegacyToolsTest {

  private static String addr(IfAddress a) {
    return a + a.broadcast().map(b -> " brd " + b).orElse("") + " scope " + a.scope().keyword();
  }

  @Test
  void ifconfig_addressWithPrefix_bringsUp_setsBroadcast() {
    Scenario s = run("ip link add va type veth peer name vb", "ifconfig va 10.0.0.1/24");
    assertThat(dev(s, "root", "va").up()).isTrue();
    assertThat(dev(s, "root", "va").addresses())
        .extracting(LegacyToolsTest::addr)
        .containsExactly("10.0.0.1/24 brd 10.0.0.255 scope global");
    assertThat(main(root(s)))
        .containsExactly("10.0.0.0/24 dev va proto kernel scope link src 10.0.0.1");
  }

  @Test
  void ifconfig_addressWithoutMask_isClassful_andReplacesTheFirstAddress() {
    Scenario s =
        run(
            "ip link add va type veth peer name vb",
            "ifconfig va 10.0.0.1/24 up",
            "ifconfig va 10.0.0.5");
    assertThat(dev(s, "root", "va").addresses())
        .extracting(LegacyToolsTest::addr)
        .containsExactly("10.0.0.5/8 brd 10.255.255.255 scope global");
    assertThat(main(root(s)))
        .containsExactly("10.0.0.0/8 dev va proto kernel scope link src 10.0.0.5");
    assertThat(
            dev(
                    run("ip link add va type veth peer name vb", "ifconfig va 172.16.0.1"),
                    "root",
                    "va")
                .addresses())
        .hasToString("[172.16.0.1/16]");
    assertThat(
            dev(
                    run(
                        "ip link add va type veth peer name vb",
                        "ifconfig va down",
                        "ifconfig va 192.168.1.1 netmask 255.255.255.128"),
                    "root",
                    "va")
                .addresses())
        .extracting(LegacyToolsTest::addr)
        .containsExactly("192.168.1.1/25 brd 192.168.1.127 scope global");
    assertThat(
            dev(run("ip link add va type veth peer name vb", "ifconfig va 127.0.0.5"), "root", "va")
                .addresses())
        .extracting(LegacyToolsTest::addr)
        .containsExactly("127.0.0.5/8 brd 127.255.255.255 scope host");
  }

  @Test
  void ifconfig_zeroAddressDeletes_mtuHwDown() {
    Scenario s =
        run(
            "ip link add va type veth peer name vb",
            "ifconfig va 10.0.0.1 up",
            "ifconfig va mtu 1400 hw ether 02:00:00:00:00:01",
            "ifconfig va 0.0.0.0",
            "ifconfig va down",
            "ifconfig",
            "ifconfig -a",
            "ifconfig va");
    assertThat(dev(s, "root", "va").addresses()).isEmpty();
    assertThat(dev(s, "root", "va").mtu()).isEqualTo(1400);
    assertThat(dev(s, "root", "va").mac()).hasToString("02:00:00:00:00:01");
    assertThat(dev(s, "root", "va").up()).isFalse();
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            "ifconfig nosuch up", "nosuch: ERROR while getting interface flags: No such device"),
        Arguments.of(
            "ifconfig vb netmask 255.255.255.0", "SIOCSIFNETMASK: Cannot assign requested address"),
        Arguments.of(
            "ifconfig vb broadcast 10.0.0.255", "SIOCSIFBRDADDR: Cannot assign requested address"),
        Arguments.of("ifconfig vb mtu 10", "SIOCSIFMTU: Invalid argument"),
        Arguments.of("ifconfig va 224.0.0.1", "SIOCSIFADDR: Invalid argument"),
        Arguments.of(
            "route add -net 10.9.3.0 netmask 255.255.255.0 gw 10.7.0.9",
            "SIOCADDRT: Network is unreachable"),
        Arguments.of("route add -net 10.9.4.0/24 dev vb", "SIOCADDRT: Network is down"),
        Arguments.of(
            "route add -net 10.9.3.0 netmask 255.255.255.0 dev nosuch",
            "SIOCADDRT: No such device"),
        Arguments.of(
            "route add -net 10.9.3.1 netmask 255.255.255.0 gw 10.2.0.9",
            "route: netmask doesn't match route address"),
        Arguments.of("route add -net 10.5.0.0 gw 10.2.0.2", "SIOCADDRT: Invalid argument"),
        Arguments.of(
            "route add -net 10.7.0.0/16 va metric 3",
            "Usage: inet_route [-vF] del {-host|-net} Target[/prefix] [gw Gw] [metric M] [[dev] If]"),
        Arguments.of("route del -net 10.8.0.0 netmask 255.255.255.0", "SIOCDELRT: No such process"),
        Arguments.of(
            "brctl addbr va", "device va already exists; can't create bridge with the same name"),
        Arguments.of("brctl addif br9 va", "bridge br9 does not exist!"),
        Arguments.of("brctl addif br0 nosuch", "interface nosuch does not exist!"),
        Arguments.of(
            "brctl addif br0 vc",
            "device vc is already a member of a bridge; can't enslave it to bridge br0."),
        Arguments.of("brctl delif br0 va", "device va is not a slave of br0"),
        Arguments.of("brctl delbr br0", "bridge br0 is still up; can't delete it"),
        Arguments.of("brctl delbr nosuch", "bridge nosuch doesn't exist; can't delete it"),
        Arguments.of("brctl frob", "never heard of command [frob]"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refused_asTheToolSaysIt(String line, String message) {
    ScriptException e =
        fails(
            "ip link add va type veth peer name vb",
            "ip link add vc type veth peer name vd",
            "ifconfig va 10.2.0.1 netmask 255.255.255.0 up",
            "brctl addbr br0",
            "brctl addif br0 vc",
            "ip link set br0 up",
            line);
    assertThat(e.reason()).isEqualTo(message);
  }

  @Test
  void route_addDelForms_asTheKernelStoresThem() {
    Scenario s =
        run(
            "ip link add va type veth peer name vb",
            "ip link set va up",
            "ifconfig vb 10.2.0.1 netmask 255.255.255.0 up",
            "route add -net 10.9.0.0 netmask 255.255.255.0 gw 10.2.0.9",
            "route add -net 10.9.1.0/24 gw 10.2.0.9 dev vb",
            "route add -host 10.9.2.1 gw 10.2.0.9",
            "route add -host 10.9.2.2 dev vb",
            "route add default gw 10.2.0.1",
            "route add default gw 10.2.0.2",
            "route add -net 10.9.4.0 netmask 255.255.255.0 metric 5 gw 10.2.0.9",
            "route add -net 10.9.5.0 netmask 255.255.255.0 vb",
            "route add 10.6.0.1 dev vb",
            "route add -host 10.9.9.9 reject",
            "route del -net 10.9.1.0/24",
            "route -n");
    assertThat(main(root(s)))
        .containsExactlyInAnyOrder(
            "default via 10.2.0.2 dev vb",
            "default via 10.2.0.1 dev vb scope link",
            "10.2.0.0/24 dev vb proto kernel scope link src 10.2.0.1",
            "10.9.0.0/24 via 10.2.0.9 dev vb",
            "10.9.2.1 via 10.2.0.9 dev vb",
            "10.9.2.2 dev vb scope link",
            "10.9.4.0/24 via 10.2.0.9 dev vb metric 5",
            "10.9.5.0/24 dev vb scope link",
            "10.6.0.1 dev vb scope link",
            "unreachable 10.9.9.9 scope host");
    assertThat(main(root(s)).stream().filter(r -> r.startsWith("default")))
        .containsExactly("default via 10.2.0.2 dev vb", "default via 10.2.0.1 dev vb scope link");
    assertThat(
            Scripts.fails(
                    "ip link add va type veth peer name vb",
                    "ifconfig vb 10.2.0.1 up",
                    "route add -net 10.9.0.0/24 gw 10.2.0.9",
                    "route add -net 10.9.0.0/24 gw 10.2.0.9")
                .reason())
        .isEqualTo("SIOCADDRT: File exists");
  }

  @Test
  void brctl_sameStateAsIpLinkAndBridgeLink() {
    Scenario s =
        run(
            "ip link add va type veth peer name vb",
            "ip link add vc type veth peer name vd",
            "brctl addbr br0",
            "brctl addif br0 va vc",
            "brctl delif br0 vc",
            "brctl setageing br0 10",
            "brctl stp br0 on",
            "brctl hairpin br0 va on",
            "brctl addbr br9",
            "brctl delbr br9",
            "brctl show",
            "brctl showmacs br0");
    assertThat(dev(s, "root", "va").master()).contains("br0");
    assertThat(dev(s, "root", "vc").master()).isEmpty();
    assertThat(dev(s, "root", "va").port()).isEqualTo(new BridgePort(true, true, true));
    assertThat(dev(s, "root", "br0").kind())
        .isEqualTo(new LinkKind.Bridge(1000, true, false, false));
    assertThat(root(s).device("br9")).isEmpty();
  }
}
