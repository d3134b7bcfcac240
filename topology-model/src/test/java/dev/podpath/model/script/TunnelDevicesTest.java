package dev.podpath.model.script;

import static dev.podpath.model.script.Scripts.dev;
import static dev.podpath.model.script.Scripts.fails;
import static dev.podpath.model.script.Scripts.root;
import static dev.podpath.model.script.Scripts.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.topo.LinkKind;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * vxlan, ipip and tun devices in scripts, with iproute2 6.1's and kernel 6.18's answers (checked in
 * a sandbox on this machine for vxlan and tun; ipip follows the kernel source and is checked in
 * Debian's kernel in a VM, {@code verify --kernel=vm}, as this kernel has no ipip module).
 */
final class TunnelDevicesTest {

  private static final String VETH = "ip link add eth0 type veth peer name peer0";

  @Test
  void vxlan_asFlanneldCreatesIt_hasItsOptions_andTheLowerMtuMinus50() {
    var s =
        run(
            VETH,
            "ip link add flannel.1 type vxlan id 1 local 192.168.50.11 dev eth0 dstport 8472 nolearning");
    assertThat(dev(s, "root", "flannel.1").kind())
        .isEqualTo(
            new LinkKind.Vxlan(
                1,
                Optional.of(Ipv4Address.parse("192.168.50.11")),
                Optional.empty(),
                Optional.of("eth0"),
                8472,
                false,
                0,
                false));
    assertThat(dev(s, "root", "flannel.1").mtu()).isEqualTo(1450);
  }

  @Test
  void vxlan_withoutDev_is1500_andWithoutDstport_usesTheLinuxDefault8472_withANote() {
    var s = run("ip link add vx0 type vxlan id 7");
    assertThat(dev(s, "root", "vx0").mtu()).isEqualTo(1500);
    assertThat(((LinkKind.Vxlan) dev(s, "root", "vx0").kind()).dstPort()).isEqualTo(8472);
    assertThat(((LinkKind.Vxlan) dev(s, "root", "vx0").kind()).learning()).isTrue();
    assertThat(s.notes())
        .anySatisfy(n -> assertThat(n.message()).contains("destination port not specified"));
  }

  @Test
  void vxlan_remote_becomesTheAllZeroDefaultFdbEntry() {
    var s = run("ip link add vx6 type vxlan id 6 remote 1.2.3.4 dstport 1");
    assertThat(root(s).fdb())
        .singleElement()
        .hasToString("00:00:00:00:00:00 dev vx6 dst 1.2.3.4 self permanent");
  }

  @Test
  void vxlan_mtuAboveLowerMinus50_isRefused_belowIsTaken() {
    assertThat(
            fails(
                    VETH,
                    "ip link add vx type vxlan id 3 dev eth0 dstport 8472",
                    "ip link set vx mtu 1451")
                .reason())
        .isEqualTo("RTNETLINK answers: Invalid argument");
    var s =
        run(
            VETH,
            "ip link add vx type vxlan id 3 dev eth0 dstport 8472",
            "ip link set vx mtu 1400");
    assertThat(dev(s, "root", "vx").mtu()).isEqualTo(1400);
  }

  static Stream<Arguments> vxlanErrors() {
    return Stream.of(
        Arguments.of(
            "ip link add vx type vxlan dstport 1", "vxlan: missing virtual network identifier"),
        Arguments.of(
            "ip link add vx type vxlan id 16777216 dstport 1",
            "Error: argument \"16777216\" is wrong: invalid id"),
        Arguments.of(
            "ip link add vx type vxlan id 5 remote 1.2.3.4 group 239.1.1.1 dstport 1",
            "vxlan: both group and remote cannot be specified"),
        Arguments.of(
            "ip link add vx type vxlan id 5 group 239.1.1.1 dstport 1",
            "vxlan: 'group' requires 'dev' to be specified"),
        Arguments.of(
            "ip link add vx type vxlan id 5 dev nope dstport 4789", "Cannot find device \"nope\""),
        Arguments.of(
            "ip link add vx type vxlan id 6 dstport 4789 ttl 300",
            "Error: argument \"300\" is wrong: TTL must be <= 255"),
        Arguments.of(
            "ip link add vx type vxlan id 3 dev eth0 dstport 8472 mtu 1460",
            "vxlan: unknown command \"mtu\"?"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vxlanErrors")
  void vxlan_badOptions_getIproute2sMessages(String line, String message) {
    assertThat(fails(VETH, line).reason()).isEqualTo(message);
  }

  @Test
  void vxlan_sameVniAndPortTwice_isRefusedByTheKernel() {
    assertThat(
            fails(
                    "ip link add vxa type vxlan id 1 dstport 8472",
                    "ip link add vxb type vxlan id 1 dstport 8472")
                .reason())
        .isEqualTo("Error: A VXLAN device with the specified VNI already exists.");
    run(
        "ip link add vxa type vxlan id 1 dstport 8472",
        "ip link add vxb type vxlan id 1 dstport 4789");
  }

  @Test
  void vxlanFdb_appendKeepsOneEntryPerDestination_andIgnoresASecondDstForAUnicastMac() {
    var s =
        run(
            "ip link add vx0 type vxlan id 1 dstport 8472",
            "bridge fdb append 00:00:00:00:00:00 dev vx0 dst 1.1.1.1",
            "bridge fdb append 00:00:00:00:00:00 dev vx0 dst 1.1.1.2",
            "bridge fdb append 00:00:00:00:00:00 dev vx0 dst 1.1.1.2",
            "bridge fdb add 0e:00:00:00:00:01 dev vx0 dst 1.1.1.3",
            "bridge fdb append 0e:00:00:00:00:01 dev vx0 dst 1.1.1.4");
    assertThat(root(s).fdb())
        .extracting(Object::toString)
        .containsExactly(
            "00:00:00:00:00:00 dev vx0 dst 1.1.1.1 self permanent",
            "00:00:00:00:00:00 dev vx0 dst 1.1.1.2 self permanent",
            "0e:00:00:00:00:01 dev vx0 dst 1.1.1.3 self permanent");
  }

  @Test
  void vxlanFdb_addTwice_exists_addWithoutDst_isInvalid_delWithDstRemovesThatOne() {
    assertThat(
            fails(
                    "ip link add vx0 type vxlan id 1 dstport 8472",
                    "bridge fdb add 0e:00:00:00:00:01 dev vx0 dst 1.1.1.3",
                    "bridge fdb add 0e:00:00:00:00:01 dev vx0 dst 1.1.1.4")
                .reason())
        .isEqualTo("RTNETLINK answers: File exists");
    assertThat(
            fails(
                    "ip link add vx0 type vxlan id 1 dstport 8472",
                    "bridge fdb add 0e:00:00:00:00:01 dev vx0")
                .reason())
        .isEqualTo("RTNETLINK answers: Invalid argument");
    var s =
        run(
            "ip link add vx0 type vxlan id 1 dstport 8472",
            "bridge fdb append 00:00:00:00:00:00 dev vx0 dst 1.1.1.1",
            "bridge fdb append 00:00:00:00:00:00 dev vx0 dst 1.1.1.2",
            "bridge fdb del 00:00:00:00:00:00 dev vx0 dst 1.1.1.2",
            "bridge fdb del 00:00:00:00:00:00 dev vx0 dst 1.1.1.7");
    assertThat(root(s).fdb())
        .extracting(Object::toString)
        .containsExactly("00:00:00:00:00:00 dev vx0 dst 1.1.1.1 self permanent");
  }

  @Test
  void macChange_flushesTheDevicesNeighbours_permanentOnesToo() {
    var s =
        run(
            "ip link add vx0 type vxlan id 1 dstport 8472",
            "ip neigh add 10.244.1.0 lladdr 0e:f1:00:00:00:02 dev vx0 nud permanent",
            "ip link set vx0 address 0e:f1:00:00:00:09");
    assertThat(root(s).neighbours()).isEmpty();
  }

  @Test
  void ipip_loadingTheModule_givesEveryNamespaceTunl0_downAnyAny1480() {
    var s = run("ip netns add a", "modprobe ipip", "ip netns add b");
    for (String ns : new String[] {"root", "a", "b"}) {
      var t = dev(s, ns, "tunl0");
      assertThat(t.kind())
          .isEqualTo(new LinkKind.Ipip(Optional.empty(), Optional.empty(), 0, true));
      assertThat(t.mtu()).isEqualTo(1480);
      assertThat(t.up()).isFalse();
      assertThat(t.mac()).isEqualTo(MacAddress.ZERO);
    }
  }

  @Test
  void ipip_addingTunl0OrAnotherAnyAnyTunnel_exists() {
    assertThat(fails("modprobe ipip", "ip link add tunl0 type ipip").reason())
        .isEqualTo("RTNETLINK answers: File exists");
    // ip tunnel asks by ioctl (tnl_add_ioctl's words), ip link by netlink
    assertThat(fails("ip tunnel add t1 mode ipip").reason())
        .isEqualTo("add tunnel \"tunl0\" failed: File exists");
    assertThat(
            fails(
                    "ip link add t1 type ipip remote 10.0.0.2",
                    "ip link add t2 type ipip remote 10.0.0.2")
                .reason())
        .isEqualTo("RTNETLINK answers: File exists");
  }

  @Test
  void ipip_linkAdd_withLocalRemoteTtl() {
    var s = run("ip link add ipip0 type ipip local 192.168.50.11 remote 192.168.50.12 ttl 32");
    assertThat(dev(s, "root", "ipip0").kind())
        .isEqualTo(
            new LinkKind.Ipip(
                Optional.of(Ipv4Address.parse("192.168.50.11")),
                Optional.of(Ipv4Address.parse("192.168.50.12")),
                32,
                false));
  }

  @Test
  void tun_byTuntap_andFlanneldAttachesWithItsLeases() {
    var s =
        run(
            "ip tuntap add dev flannel0 mode tun",
            "python3 samples/flanneld-udp.py --tun flannel0 --port 8285 10.10.2.0/24=192.168.2.15 10.10.0.0/24=192.168.2.17 &");
    LinkKind.Tun tun = (LinkKind.Tun) dev(s, "root", "flannel0").kind();
    assertThat(tun.flanneld()).isPresent();
    assertThat(tun.flanneld().get().port()).isEqualTo(8285);
    assertThat(
            tun.flanneld().get().leaseFor(Ipv4Address.parse("10.10.2.4")).map(LinkKind.Lease::node))
        .contains(Ipv4Address.parse("192.168.2.15"));
    assertThat(tun.flanneld().get().leaseFor(Ipv4Address.parse("10.10.7.7"))).isEmpty();
    assertThat(dev(s, "root", "flannel0").mac()).isEqualTo(MacAddress.ZERO);
    // the relay's UDP socket, as `ss -lun` lists it on a node running flanneld
    assertThat(
            s.topology()
                .require(dev.podpath.model.topo.NetnsName.ROOT)
                .sockets()
                .listener(
                    dev.podpath.model.topo.ListeningSocket.UDP,
                    Ipv4Address.parse("192.168.2.16"),
                    8285))
        .isPresent();
  }

  @Test
  void flanneld_withoutTheTunDevice_createsIt_andBadLeasesAreNamed() {
    var s = run("python3 samples/flanneld-udp.py 10.10.2.0/24=192.168.2.15");
    assertThat(dev(s, "root", "flannel0").kind()).isInstanceOf(LinkKind.Tun.class);
    assertThat(fails("python3 samples/flanneld-udp.py 10.10.2.0/24:192.168.2.15").reason())
        .isEqualTo("flanneld-udp.py: expected SUBNET=NODE, got \"10.10.2.0/24:192.168.2.15\"");
    assertThat(fails("python3 other.py").reason())
        .startsWith("running python3 other.py is not supported");
  }

  @Test
  void ipTunnelChange_updatesTheGivenParametersOnly() {
    var s =
        run(
            "ip tunnel add t1 mode ipip remote 10.0.0.2 local 10.0.0.1",
            "ip tunnel change t1 remote 10.0.0.3");
    assertThat(dev(s, "root", "t1").kind())
        .isEqualTo(
            new LinkKind.Ipip(
                Optional.of(Ipv4Address.parse("10.0.0.1")),
                Optional.of(Ipv4Address.parse("10.0.0.3")),
                0,
                false,
                true));
    assertThat(
            fails(
                    VETH,
                    "ip link add vx type vxlan id 3 dstport 8472",
                    "ip link set vx type vxlan ttl 5")
                .reason())
        .startsWith("changing vxlan options with ip link set is not modelled by podpath");
  }

  /**
   * {@code SIOCCHGTUNNEL} ({@code ip_tunnel_ctl}): new endpoints another tunnel already has give
   * {@code EEXIST}, as adding such a tunnel does; iproute2's {@code tnl_add_ioctl} prints {@code
   * add tunnel "NAME" failed: ...} for both (the name the ioctl went to: the fallback device for an
   * add). Checked in Debian's kernel 6.1 in a VM ({@code podpath verify --kernel=vm} of these lines
   * under {@code ip netns exec}): both refused, status 1, in these words.
   */
  @Test
  void ipTunnel_endpointsAnotherTunnelHas_exist_forAddAndChange() {
    String t1 = "ip tunnel add t1 mode ipip remote 10.0.0.2 local 10.0.0.1";
    String t2 = "ip tunnel add t2 mode ipip remote 10.0.0.3 local 10.0.0.1";
    assertThat(fails(t1, "ip tunnel add t3 mode ipip remote 10.0.0.2 local 10.0.0.1").reason())
        .isEqualTo("add tunnel \"tunl0\" failed: File exists");
    assertThat(fails(t1, t2, "ip tunnel change t2 remote 10.0.0.2").reason())
        .isEqualTo("add tunnel \"t2\" failed: File exists");
    // its own endpoints again are no clash
    assertThat(dev(run(t1, t2, "ip tunnel change t2 remote 10.0.0.3 ttl 64"), "root", "t2").kind())
        .isEqualTo(
            new LinkKind.Ipip(
                Optional.of(Ipv4Address.parse("10.0.0.1")),
                Optional.of(Ipv4Address.parse("10.0.0.3")),
                64,
                false,
                true));
  }

  @Test
  void vxlan_srcportTakesARange() {
    var s = run("ip link add vx0 type vxlan id 9 srcport 40000 41000 dstport 4789");
    assertThat(((LinkKind.Vxlan) dev(s, "root", "vx0").kind()).dstPort()).isEqualTo(4789);
    assertThat(s.notes())
        .anySatisfy(n -> assertThat(n.message()).startsWith("vxlan srcport 40000 41000"));
  }

  /**
   * Both ways of making a tunnel ask for pmtudisc unless told otherwise: ipip-demo.sh's {@code ip
   * tunnel add ... remote R local L} showed {@code pmtudisc} in Debian's kernel (its snapshot,
   * collected in the VM).
   */
  @Test
  void ipip_dfDefaults_bothLinkAddAndIpTunnelAddHavePmtudisc() {
    var s =
        run(
            "ip link add a1 type ipip remote 10.0.0.2",
            "ip link add a2 type ipip remote 10.0.0.3 nopmtudisc",
            "ip tunnel add b1 mode ipip remote 10.0.0.4",
            "ip tunnel add b2 mode ipip remote 10.0.0.5 ttl 64",
            "ip tunnel add b3 mode ipip remote 10.0.0.6 pmtudisc",
            "ip tunnel add b4 mode ipip remote 10.0.0.7 nopmtudisc");
    assertThat(((LinkKind.Ipip) dev(s, "root", "a1").kind()).pmtudisc()).isTrue();
    assertThat(((LinkKind.Ipip) dev(s, "root", "a2").kind()).pmtudisc()).isFalse();
    assertThat(((LinkKind.Ipip) dev(s, "root", "b1").kind()).pmtudisc()).isTrue();
    assertThat(((LinkKind.Ipip) dev(s, "root", "b2").kind()).pmtudisc()).isTrue();
    assertThat(((LinkKind.Ipip) dev(s, "root", "b3").kind()).pmtudisc()).isTrue();
    assertThat(((LinkKind.Ipip) dev(s, "root", "b4").kind()).pmtudisc()).isFalse();
    assertThat(((LinkKind.Ipip) dev(s, "root", "tunl0").kind()).pmtudisc()).isFalse();
  }

  @Test
  void ipTunnelAdd_nopmtudiscWithAFixedTtl_isRefusedAsIproute2Does() {
    assertThat(fails("ip tunnel add b5 mode ipip remote 10.0.0.8 ttl 64 nopmtudisc").reason())
        .isEqualTo("ttl != 0 and nopmtudisc are incompatible");
  }
}
