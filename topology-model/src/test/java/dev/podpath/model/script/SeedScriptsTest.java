package dev.podpath.model.script;

import static dev.podpath.model.script.Scripts.dev;
import static dev.podpath.model.script.Scripts.fails;
import static dev.podpath.model.script.Scripts.main;
import static dev.podpath.model.script.Scripts.ns;
import static dev.podpath.model.script.Scripts.root;
import static dev.podpath.model.script.Scripts.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import org.junit.jupiter.api.Test;

/**
 * The command sequences of seed tutorial 004 ({@code ../shared/seeds/004_b387248b0e9236c0.txt}), as
 * written there (short forms included), interpreted as fixtures.
 */
final class SeedScriptsTest {

  @Test
  void firstDemo_vethIntoANamespace_thenDeletingTheNamespaceTakesThePeer() {
    Scenario s =
        run(
            "ip link add p11 type veth peer name p22",
            "ip netns add net1",
            "ip a",
            "ip netns list",
            "ip link set p11 netns net1",
            "ip netns exec net1 ip a",
            "ip netns exec net1 ethtool -S p11",
            "ip a",
            "ip netns list",
            "ip netns delete net1",
            "ip netns list");
    assertThat(root(s).deviceList()).extracting(NetDevice::name).containsExactly("lo");
    assertThat(s.notes()).isEmpty();
  }

  static final String[] VETH_PAIR = {
    "ip netns add ns1",
    "ip netns add ns2",
    "ip link add veth0 type veth peer name veth1",
    "ip link set veth0 netns ns1",
    "ip link set veth1 netns ns2",
    "ip netns exec ns1 ip a",
    "ip netns exec ns1 ip add a 10.1.1.1/24 dev veth0",
    "ip netns exec ns2 ip add a 10.1.1.2/24 dev veth1",
    "ip netns exec ns1 ifconfig -a",
    "ip netns exec ns2 ifconfig -a",
    "ip netns exec ns1 ip link set veth0 up",
    "ip netns exec ns2 ip link set veth1 up",
    "ip netns exec ns1 ping 10.1.1.2",
    "ip netns exec ns1 tcpdump -i any -w veth1.cap &"
  };

  @Test
  void vethPair_ns1ToNs2() {
    Scenario s = run(VETH_PAIR);
    assertThat(dev(s, "ns1", "veth0").kind())
        .isEqualTo(new LinkKind.Veth(DeviceRef.of("ns2", "veth1")));
    assertThat(dev(s, "ns2", "veth1").kind())
        .isEqualTo(new LinkKind.Veth(DeviceRef.of("ns1", "veth0")));
    assertThat(dev(s, "ns1", "veth0").up()).isTrue();
    assertThat(main(ns(s, "ns1")))
        .containsExactly("10.1.1.0/24 dev veth0 proto kernel scope link src 10.1.1.1");
    assertThat(main(ns(s, "ns2")))
        .containsExactly("10.1.1.0/24 dev veth1 proto kernel scope link src 10.1.1.2");
    assertThat(root(s).deviceList()).extracting(NetDevice::name).containsExactly("lo");
    assertThat(s.probes())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.netns().value()).isEqualTo("ns1");
              assertThat(p.destination()).isEqualTo(Ipv4Address.parse("10.1.1.2"));
            });
  }

  @Test
  void bridge_br1JoinsNs1AndNs2() {
    Scenario s =
        run(
            "brctl show",
            "ip netns list",
            "ip netns delete ps1 || true",
            "ip netns delete ps2 || true",
            "ip link add br1 type bridge",
            "ip link set br1 up",
            "# short form: ip l a br1 type bridge",
            "brctl show",
            "ip a s br1 up",
            "ip netns add ns1",
            "ip netns add ns2",
            "ip link add veth0 type veth peer name br1-veth0",
            "ip link add veth1 type veth peer name br1-veth1",
            "ip l set veth0 netns ns1",
            "ip link set veth1 netns ns2",
            "ip link set br1-veth0 master br1",
            "ip link set br1-veth1 master br1",
            "ip l s br1-veth0 up",
            "ip l s br1-veth1 up",
            "ip netns exec ns1 ip add a 10.1.1.2/24 dev veth0",
            "ip netns exec ns2 ip a a 10.1.1.3/24 dev veth1",
            "ip netns exec ns1 ip link set veth0 up",
            "ip netns exec ns2 ip link set veth1 up",
            "ip netns exec ns1 ip a",
            "ip netns exec ns2 ip a",
            "ip netns exec ns2 ping 10.1.1.2",
            "ip -n ns1 link set lo up",
            "ip -n ns2 link set lo up");
    assertThat(root(s).portsOf("br1"))
        .extracting(NetDevice::name)
        .containsExactly("br1-veth0", "br1-veth1");
    NetDevice br = dev(s, "root", "br1");
    assertThat(br.up()).isTrue();
    assertThat(br.mac())
        .isEqualTo(
            root(s).portsOf("br1").stream()
                .map(NetDevice::mac)
                .min(Comparable::compareTo)
                .orElseThrow());
    assertThat(br.addresses()).isEmpty();
    assertThat(dev(s, "root", "br1-veth0").kind())
        .isEqualTo(new LinkKind.Veth(DeviceRef.of("ns1", "veth0")));
    assertThat(dev(s, "ns1", "lo").addresses()).hasToString("[127.0.0.1/8]");
    assertThat(s.probes()).hasSize(1);
  }

  static final String[] ROUTER = {
    "echo 1 >/proc/sys/net/ipv4/ip_forward",
    "ip netns add ns1",
    "ip netns add ns2",
    "ip link add v1 type veth peer name v1_r",
    "ip link add v2 type veth peer name v2_r",
    "ip a a 10.1.1.1/24 dev v1_r",
    "ip a a 10.1.2.1/24 dev v2_r",
    "ip l s v1_r up",
    "ip l s v2_r up",
    "ip l s v1 netns ns1",
    "ip l s v2 netns ns2",
    "ip netns exec ns1 ip a a 10.1.1.2/24 dev v1",
    "ip netns exec ns2 ip a a 10.1.2.2/24 dev v2",
    "ip netns exec ns1 ifconfig v1 up",
    "ip netns exec ns2 ifconfig v2 up",
    "ip netns exec ns1 ip a",
    "ip netns exec ns2 ip a",
    "ip netns exec ns1 route add -net 10.1.2.0 netmask 255.255.255.0 gw 10.1.1.1",
    "ip netns exec ns2 route add -net 10.1.1.0 netmask 255.255.255.0 gw 10.1.2.1",
    "# ip netns exec ns1 route add -net 10.1.2.0 netmask 255.255.255.0 dev v1",
    "ip netns exec ns1 ping 10.1.2.2"
  };

  @Test
  void router_rootForwardsBetweenTwoSubnets() {
    Scenario s = run(ROUTER);
    assertThat(root(s).sysctls().forwarding("v1_r")).isTrue();
    assertThat(root(s).sysctls().forwarding("v2_r")).isTrue();
    assertThat(main(root(s)))
        .containsExactlyInAnyOrder(
            "10.1.1.0/24 dev v1_r proto kernel scope link src 10.1.1.1",
            "10.1.2.0/24 dev v2_r proto kernel scope link src 10.1.2.1");
    assertThat(main(ns(s, "ns1")))
        .containsExactlyInAnyOrder(
            "10.1.1.0/24 dev v1 proto kernel scope link src 10.1.1.2",
            "10.1.2.0/24 via 10.1.1.1 dev v1");
    assertThat(main(ns(s, "ns2")))
        .containsExactlyInAnyOrder(
            "10.1.2.0/24 dev v2 proto kernel scope link src 10.1.2.2",
            "10.1.1.0/24 via 10.1.2.1 dev v2");
    assertThat(s.probes())
        .singleElement()
        .satisfies(p -> assertThat(p.destination()).isEqualTo(Ipv4Address.parse("10.1.2.2")));
    assertThat(ns(s, "ns1").sysctls().forwarding("v1"))
        .as("ns1 copied ip_forward=1 from the host")
        .isTrue();
  }

  @Test
  void router_alternativeDeviceRoute() {
    String[] alt = ROUTER.clone();
    alt[17] = "ip netns exec ns1 route add -net 10.1.2.0 netmask 255.255.255.0 dev v1";
    assertThat(main(ns(run(alt), "ns1"))).contains("10.1.2.0/24 dev v1 scope link");
  }

  @Test
  void ipip_tunnelsAreModelled_theModuleAddsTunl0_peerAddressesGetTheirRoute() {
    Scenario s =
        run(
            "ip netns add ns1",
            "ip netns add ns2",
            "ip l a v1 type veth peer name v1_r",
            "ip l a v2 type veth peer name v2_r",
            "ip a a 10.10.10.1/24 dev v1_r",
            "ip a a 10.10.20.1/24 dev v2_r",
            "ip l s v1_r up",
            "ip l s v2_r up",
            "ip l s v1 netns ns1",
            "ip l s v2 netns ns2",
            "ip netns exec ns1 ip a a 10.10.10.2/24 dev v1",
            "ip netns exec ns2 ip a a 10.10.20.2/24 dev v2",
            "ip netns exec ns1 ifconfig v1 up",
            "ip netns exec ns2 ifconfig v2 up",
            "ip netns exec ns1 route add -net 10.10.20.0 netmask 255.255.255.0 gw 10.10.10.1",
            "ip netns exec ns2 route add -net 10.10.10.0 netmask 255.255.255.0 gw 10.10.20.1",
            "ip netns exec ns1 ip tunnel add tun1 mode ipip remote 10.10.20.2 local 10.10.10.2",
            "ip netns exec ns2 ip tunnel add tun2 mode ipip remote 10.10.10.2 local 10.10.20.2",
            "ip netns exec ns1 ifconfig tun1 up",
            "ip netns exec ns2 ifconfig tun2 up",
            "ip netns exec ns1 ip a a 10.10.100.10 peer 10.10.200.10 dev tun1",
            "ip netns exec ns2 ip a a 10.10.200.10 peer 10.10.100.10 dev tun2",
            "echo 1 >/proc/sys/net/ipv4/ip_forward",
            "ip netns exec ns1 ping 10.10.200.10");
    assertThat(dev(s, "ns1", "tun1").kind())
        .isEqualTo(
            new LinkKind.Ipip(
                java.util.Optional.of(dev.podpath.model.addr.Ipv4Address.parse("10.10.10.2")),
                java.util.Optional.of(dev.podpath.model.addr.Ipv4Address.parse("10.10.20.2")),
                0,
                false,
                true));
    assertThat(dev(s, "ns1", "tunl0").kind())
        .isEqualTo(
            new LinkKind.Ipip(java.util.Optional.empty(), java.util.Optional.empty(), 0, true));
    assertThat(dev(s, "ns1", "tun1").addresses())
        .hasToString("[10.10.100.10 peer 10.10.200.10/32]");
    assertThat(main(ns(s, "ns1")))
        .contains("10.10.200.10 dev tun1 proto kernel scope link src 10.10.100.10");
    assertThat(s.notes())
        .filteredOn(n -> n.message().contains("ipip"))
        .hasSize(2)
        .allSatisfy(n -> assertThat(n.message()).contains("kernel source"));
  }

  @Test
  void dockerAndOvsParts_areNotScenarioCommands() {
    assertThat(fails("docker network create net_18 --subnet=172.18.0.0/16").reason())
        .isEqualTo("unknown command \"docker\"");
    assertThat(fails("ovs-vsctl add-br ovs-br").reason())
        .isEqualTo("unknown command \"ovs-vsctl\"");
  }
}
