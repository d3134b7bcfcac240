package dev.podpath.model.script;

import static dev.podpath.model.script.Scripts.dev;
import static dev.podpath.model.script.Scripts.fails;
import static dev.podpath.model.script.Scripts.ns;
import static dev.podpath.model.script.Scripts.root;
import static dev.podpath.model.script.Scripts.routes;
import static dev.podpath.model.script.Scripts.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ip link}: veth pairs, bridges, namespace moves, renames, deletes. Checked on kernel 6.18.
 */
final class LinkTest {

  @Test
  void vethPair_peerIsCreatedFirst_andRefersToTheOtherEnd() {
    Scenario s = run("ip link add va type veth peer name vb", "ip link add vc type veth peer vd");
    assertThat(dev(s, "root", "vb").index()).isEqualTo(2);
    assertThat(dev(s, "root", "va").index()).isEqualTo(3);
    assertThat(dev(s, "root", "vd").index()).isEqualTo(4);
    assertThat(dev(s, "root", "va").kind())
        .isEqualTo(new LinkKind.Veth(DeviceRef.of("root", "vb")));
    assertThat(dev(s, "root", "va").up()).isFalse();
    assertThat(dev(s, "root", "va").mtu()).isEqualTo(1500);
  }

  @Test
  void vethAcrossNamespaces_bothEndsPlaced_indexesPerNamespace() {
    Scenario s =
        run(
            "ip netns add ns1",
            "ip netns add ns2",
            "ip link add ve netns ns1 mtu 1400 address 02:00:00:00:00:01 type veth peer name vf netns ns2 mtu 1300",
            "ip link add vx netns ns1 type veth peer name vy",
            "ip -n ns1 link add vz type veth peer name vz netns ns2");
    assertThat(dev(s, "ns1", "ve").kind()).isEqualTo(new LinkKind.Veth(DeviceRef.of("ns2", "vf")));
    assertThat(dev(s, "ns2", "vf").kind()).isEqualTo(new LinkKind.Veth(DeviceRef.of("ns1", "ve")));
    assertThat(dev(s, "ns1", "ve").mtu()).isEqualTo(1400);
    assertThat(dev(s, "ns1", "ve").mac()).isEqualTo(MacAddress.parse("02:00:00:00:00:01"));
    assertThat(dev(s, "ns2", "vf").mtu()).isEqualTo(1300);
    assertThat(dev(s, "ns1", "ve").index()).isEqualTo(2);
    assertThat(dev(s, "ns2", "vf").index()).isEqualTo(2);
    assertThat(dev(s, "root", "vy").kind()).isEqualTo(new LinkKind.Veth(DeviceRef.of("ns1", "vx")));
    assertThat(dev(s, "ns2", "vz").kind()).isEqualTo(new LinkKind.Veth(DeviceRef.of("ns1", "vz")));
  }

  @Test
  void vethPeerMtu_isNotInherited() {
    Scenario s = run("ip link add va mtu 1400 type veth peer name vb");
    assertThat(dev(s, "root", "vb").mtu()).isEqualTo(1500);
  }

  @Test
  void moveToNamespace_flushesAddressesAndRoutes_bringsDown_keepsIndex() {
    Scenario s =
        run(
            "ip netns add ns1",
            "ip link add va type veth peer name vb",
            "ip addr add 10.0.0.1/24 dev va",
            "ip link set va up",
            "ip link set vb up",
            "ip route add 10.9.0.0/24 via 10.0.0.9",
            "ip route add 10.8.0.0/24 via 10.0.0.9 table 7",
            "ip rule add oif va lookup 7",
            "ip link set va netns ns1");
    assertThat(routes(root(s))).isEmpty();
    assertThat(Scripts.rules(root(s))).contains("32765:\tfrom all oif va lookup 7");
    NetDevice va = dev(s, "ns1", "va");
    assertThat(va.up()).isFalse();
    assertThat(va.addresses()).isEmpty();
    assertThat(va.index()).isEqualTo(3);
    assertThat(routes(ns(s, "ns1"))).isEmpty();
    assertThat(dev(s, "root", "vb").kind()).isEqualTo(new LinkKind.Veth(DeviceRef.of("ns1", "va")));
  }

  @Test
  void moveToNamespace_takenIndexIsReassigned() {
    Scenario s =
        run(
            "ip netns add ns1",
            "ip link add va type veth peer name vb",
            "ip link add vc type veth peer name vd",
            "ip link set va netns ns1",
            "ip -n ns1 link add vx type veth peer name vy",
            "ip link set vd netns ns1",
            "ip link set vb netns ns1");
    assertThat(dev(s, "ns1", "va").index()).isEqualTo(3);
    assertThat(dev(s, "ns1", "vy").index()).isEqualTo(2);
    assertThat(dev(s, "ns1", "vx").index()).isEqualTo(4);
    assertThat(dev(s, "ns1", "vd").index()).isEqualTo(5);
    assertThat(dev(s, "ns1", "vb").index()).isEqualTo(6);
  }

  @Test
  void renameWhileUp_isAllowedOnThisKernel_peerFollows() {
    Scenario s =
        run(
            "ip link add vy type veth peer name vw",
            "ip link set vw name vv up",
            "ip link set vv name vz mtu 1000",
            "ip addr add 10.0.0.1/24 dev vz");
    assertThat(dev(s, "root", "vz").up()).isTrue();
    assertThat(dev(s, "root", "vz").mtu()).isEqualTo(1000);
    assertThat(dev(s, "root", "vy").kind())
        .isEqualTo(new LinkKind.Veth(DeviceRef.of("root", "vz")));
    assertThat(Scripts.main(root(s)))
        .containsExactly("10.0.0.0/24 dev vz proto kernel scope link src 10.0.0.1");
  }

  @Test
  void renameKeepsRoutes() {
    Scenario s =
        run(
            "ip link add va type veth peer name vb",
            "ip link set va up",
            "ip addr add 10.0.0.1/24 dev va",
            "ip route add 10.9.0.0/24 via 10.0.0.9",
            "ip link set va name eth0");
    assertThat(Scripts.main(root(s))).contains("10.9.0.0/24 via 10.0.0.9 dev eth0");
  }

  @Test
  void deleteOneVethEnd_deletesBoth_evenInAnotherNamespace() {
    Scenario s =
        run(
            "ip netns add ns1",
            "ip link add va type veth peer name vb netns ns1",
            "ip link del va");
    assertThat(root(s).device("va")).isEmpty();
    assertThat(ns(s, "ns1").device("vb")).isEmpty();
  }

  @Test
  void deleteNamespace_destroysItsVethsAndTheirPeers() {
    Scenario s =
        run(
            "ip netns add ns1",
            "ip link add ve type veth peer name vf netns ns1",
            "ip link add vg type veth peer name vh",
            "ip link set vg netns ns1",
            "ip addr add 10.0.0.1/24 dev vh",
            "ip link set vh up",
            "ip netns del ns1");
    assertThat(root(s).deviceList()).extracting(NetDevice::name).containsExactly("lo");
    assertThat(routes(root(s))).isEmpty();
    assertThat(s.topology().netnsList()).hasSize(1);
  }

  @Test
  void autoNames_vethN_bridgeN() {
    Scenario s = run("ip link add type veth", "ip link add type bridge");
    assertThat(dev(s, "root", "veth0").index()).isEqualTo(2);
    assertThat(dev(s, "root", "veth1").index()).isEqualTo(3);
    assertThat(dev(s, "root", "bridge0").isBridge()).isTrue();
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("ip link add va type veth peer name va", "RTNETLINK answers: File exists"),
        Arguments.of("ip link add lo type veth peer name zz", "RTNETLINK answers: File exists"),
        Arguments.of("ip link add x1 type veth peer name vb", "RTNETLINK answers: File exists"),
        Arguments.of(
            "ip link add verylongname12345 type veth peer name vz",
            "Error: Attribute failed policy validation."),
        Arguments.of(
            "ip link add a/b type veth peer name vz",
            "Error: argument \"a/b\" is wrong: \"dev\" not a valid ifname"),
        Arguments.of(
            "ip link add vx type veth peer name vx2 netns nsnone",
            "Error: argument \"nsnone\" is wrong: Invalid \"netns\" value"),
        Arguments.of("ip link set nosuch up", "Cannot find device \"nosuch\""),
        Arguments.of("ip link del nosuch", "Cannot find device \"nosuch\""),
        Arguments.of("ip link del lo", "RTNETLINK answers: Operation not supported"),
        Arguments.of("ip link set lo netns ns1", "Error: The interface netns is immutable."),
        Arguments.of("ip link set br0 netns ns1", "Error: The interface netns is immutable."),
        Arguments.of(
            "ip link set vx netns ns1",
            "Error: An interface with the same name exists in the target netns."),
        Arguments.of("ip link set va name vb", "RTNETLINK answers: File exists"),
        Arguments.of("ip link set va mtu 100000", "Error: mtu greater than device maximum."),
        Arguments.of("ip link set va mtu 10", "Error: mtu less than device minimum."),
        Arguments.of(
            "ip link set va address 01:00:00:00:00:01",
            "RTNETLINK answers: Cannot assign requested address"),
        Arguments.of("ip link set va address zz", "\"zz\" is invalid lladdr."),
        Arguments.of("ip link set va master vb", "RTNETLINK answers: Operation not supported"),
        Arguments.of(
            "ip link set va master nosuch",
            "Error: argument \"nosuch\" is wrong: Device does not exist"),
        Arguments.of("ip link set br1 master br0", "Error: Can not enslave a bridge to a bridge."),
        Arguments.of("ip link set lo master br0", "RTNETLINK answers: Invalid argument"),
        Arguments.of("ip link foo", "Command \"foo\" is unknown, try \"ip link help\"."),
        Arguments.of(
            "ip link add x9 y9 type veth",
            "Error: either \"dev\" is duplicate, or \"y9\" is a garbage."));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refused_withTheKernelsMessage(String line, String message) {
    ScriptException e =
        fails(
            "ip netns add ns1",
            "ip link add va type veth peer name vb",
            "ip link add x1 type veth peer name x2",
            "ip link add br0 type bridge",
            "ip link add br1 type bridge",
            "ip link add vx type veth peer name vx netns ns1",
            line);
    assertThat(e.reason()).isEqualTo(message);
  }

  @Test
  void bridgeMacAndMtu_followThePorts() {
    String[] setup = {
      "ip link add br0 type bridge",
      "ip link add va address 02:00:00:00:00:05 type veth peer name vb address 02:00:00:00:00:01",
      "ip link add vc mtu 1400 address 02:00:00:00:00:03 type veth peer name vd mtu 1300"
    };
    Scenario fresh = run(setup);
    assertThat(dev(fresh, "root", "br0").mtu()).isEqualTo(1500);
    assertThat(dev(fresh, "root", "br0").mac().isZero()).isFalse();
    assertThat(dev(fresh, "root", "br0").kind()).isEqualTo(LinkKind.Bridge.defaults());

    Scenario one = run(KernelRoutesTest.concat(setup, new String[] {"ip link set va master br0"}));
    assertThat(dev(one, "root", "br0").mac()).hasToString("02:00:00:00:00:05");
    Scenario two =
        run(
            KernelRoutesTest.concat(
                setup, new String[] {"ip link set va master br0", "ip link set vc master br0"}));
    assertThat(dev(two, "root", "br0").mac()).hasToString("02:00:00:00:00:03");
    assertThat(dev(two, "root", "br0").mtu()).isEqualTo(1400);
    assertThat(dev(two, "root", "va").master()).contains("br0");
    Scenario mtus =
        run(
            KernelRoutesTest.concat(
                setup,
                new String[] {
                  "ip link set va master br0",
                  "ip link set vc master br0",
                  "ip link set vc mtu 1450",
                  "ip link set va mtu 1200"
                }));
    assertThat(dev(mtus, "root", "br0").mtu()).isEqualTo(1200);
    Scenario left =
        run(
            KernelRoutesTest.concat(
                setup,
                new String[] {
                  "ip link set va master br0",
                  "ip link set vc master br0",
                  "ip link set va nomaster"
                }));
    assertThat(dev(left, "root", "br0").mac()).hasToString("02:00:00:00:00:03");
    assertThat(dev(left, "root", "br0").mtu()).isEqualTo(1400);
    Scenario none =
        run(
            KernelRoutesTest.concat(
                setup, new String[] {"ip link set va master br0", "ip link set va nomaster"}));
    assertThat(dev(none, "root", "br0").mac()).isEqualTo(MacAddress.ZERO);
    assertThat(dev(none, "root", "br0").mtu()).isEqualTo(1500);
  }

  @Test
  void bridgeExplicitMacAndMtu_stay() {
    Scenario s =
        run(
            "ip link add br0 type bridge",
            "ip link add va type veth peer name vb",
            "ip link add vc mtu 1400 type veth peer name vd",
            "ip link set va master br0",
            "ip link set br0 mtu 1000",
            "ip link set br0 address 02:00:00:00:00:09",
            "ip link set vc master br0",
            "ip link set vc mtu 900");
    NetDevice br = dev(s, "root", "br0");
    assertThat(br.mac()).hasToString("02:00:00:00:00:09");
    assertThat(br.mtu()).isEqualTo(1000);
    assertThat(br.kind()).isEqualTo(new LinkKind.Bridge(30000, false, true, true));
  }

  @Test
  void bridgeMtuGivenAtCreation_stillFollowsThePorts() {
    Scenario s =
        run(
            "ip link add br0 mtu 1450 type bridge",
            "ip link add va type veth peer name vb",
            "ip link set va master br0");
    NetDevice br = dev(s, "root", "br0");
    assertThat(br.mtu()).isEqualTo(1500);
    assertThat(br.kind()).isEqualTo(LinkKind.Bridge.defaults());
    Scenario alone = run("ip link add br0 mtu 1450 type bridge");
    assertThat(dev(alone, "root", "br0").mtu()).isEqualTo(1450);
  }

  @Test
  void bridgeOptions_ageingAndStp_portLeavesWhenMovedOrDeleted() {
    Scenario s =
        run(
            "ip netns add ns1",
            "ip link add br2 type bridge ageing_time 1000 stp_state 1",
            "ip link set br2 type bridge ageing_time 500",
            "ip link add va type veth peer name vb",
            "ip link add vc type veth peer name vd",
            "ip link set va master br2",
            "ip link set vc master br2",
            "ip link set va netns ns1",
            "ip link del vd");
    assertThat(dev(s, "root", "br2").kind())
        .isEqualTo(new LinkKind.Bridge(500, true, false, false));
    assertThat(dev(s, "ns1", "va").master()).isEmpty();
    assertThat(root(s).portsOf("br2")).isEmpty();
    assertThat(s.notes()).anySatisfy(n -> assertThat(n.message()).contains("STP"));
  }

  @Test
  void deletingABridge_releasesItsPorts() {
    Scenario s =
        run(
            "ip link add br1 type bridge",
            "ip link add vc type veth peer name vd",
            "ip link set vd master br1",
            "ip link del br1");
    assertThat(dev(s, "root", "vd").master()).isEmpty();
  }

  @Test
  void macs_areDeterministic_locallyAdministeredUnicast() {
    String[] script = {
      "ip netns add a", "ip link add x type veth peer name y netns a", "ip link add br0 type bridge"
    };
    Scenario one = run(script);
    Scenario two = run(script);
    for (String[] d : new String[][] {{"root", "x"}, {"a", "y"}, {"root", "br0"}}) {
      MacAddress m = dev(one, d[0], d[1]).mac();
      assertThat(m).isEqualTo(dev(two, d[0], d[1]).mac());
      long first = m.bits() >>> 40;
      assertThat(first & 0x01).as("unicast").isZero();
      assertThat(first & 0x02).as("locally administered").isEqualTo(2);
    }
    assertThat(dev(one, "root", "x").mac()).isNotEqualTo(dev(one, "a", "y").mac());
  }

  @Test
  void macs_dependOnTheFileNameNotItsDirectory() throws Exception {
    String script = "ip link add x type veth peer name y";
    dev.podpath.model.sysctl.Sysctls k = dev.podpath.model.sysctl.Sysctls.kernelDefaults();
    Scenario here = ScenarioInterpreter.interpret("s.sh", script, k);
    Scenario there = ScenarioInterpreter.interpret("/abs/path/to/s.sh", script, k);
    Scenario other = ScenarioInterpreter.interpret("t.sh", script, k);
    assertThat(dev(there, "root", "x").mac()).isEqualTo(dev(here, "root", "x").mac());
    assertThat(dev(other, "root", "x").mac()).isNotEqualTo(dev(here, "root", "x").mac());
  }

  @Test
  void otherKinds_areKeptNotModelled_withANote() {
    Scenario s = run("ip link add dummy0 type dummy", "ip link add mv0 type macvlan mode bridge");
    assertThat(dev(s, "root", "dummy0").kind()).isEqualTo(new LinkKind.NotModelled("dummy"));
    assertThat(dev(s, "root", "mv0").kind()).isEqualTo(new LinkKind.NotModelled("macvlan"));
    assertThat(s.notes())
        .hasSize(2)
        .allSatisfy(n -> assertThat(n.severity()).isEqualTo(Scenario.Severity.NOT_MODELLED));
  }

  @Test
  void setUpWithMasterInOneCommand_andShortForms() {
    Scenario s =
        run(
            "ip l a br0 type bridge",
            "ip l a va type veth peer name vb",
            "ip l s va master br0 up",
            "ip l s dev vb up",
            "ip li set vb down",
            "ip link sh");
    assertThat(dev(s, "root", "va").up()).isTrue();
    assertThat(dev(s, "root", "va").master()).contains("br0");
    assertThat(dev(s, "root", "vb").up()).isFalse();
  }
}
