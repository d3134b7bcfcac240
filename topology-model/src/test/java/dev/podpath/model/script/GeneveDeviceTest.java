package dev.podpath.model.script;

import static dev.podpath.model.script.Scripts.dev;
import static dev.podpath.model.script.Scripts.fails;
import static dev.podpath.model.script.Scripts.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.LinkKind;
import org.junit.jupiter.api.Test;

/**
 * {@code ip link add NAME type geneve ...}: iproute2 6.1's {@code geneve_parse_opt} words and
 * messages, and the kernel's {@code geneve_newlink} (the MTU from the route to the remote, checked
 * in Debian's 6.1 kernel in a VM: samples/geneve.sh's g0 is 1450 over a 1500-byte veth).
 */
final class GeneveDeviceTest {

  private static final String[] UNDERLAY = {
    "ip link add eth0 type veth peer name peer0",
    "ip addr add 192.168.0.1/24 dev eth0",
    "ip link set eth0 up"
  };

  private static String[] with(String... lines) {
    String[] all = new String[UNDERLAY.length + lines.length];
    System.arraycopy(UNDERLAY, 0, all, 0, UNDERLAY.length);
    System.arraycopy(lines, 0, all, UNDERLAY.length, lines.length);
    return all;
  }

  @Test
  void theDefaults_port6081_ttlAuto_andTheMtuOfTheRouteToTheRemoteLess50() {
    var s = run(with("ip link add g0 type geneve id 42 remote 192.168.0.2"));
    assertThat(dev(s, "root", "g0").kind())
        .isEqualTo(new LinkKind.Geneve(42, Ipv4Address.parse("192.168.0.2"), 6081, 0, false));
    assertThat(dev(s, "root", "g0").mtu()).isEqualTo(1450);
  }

  @Test
  void withoutARouteToTheRemote_theMtuStays1500_andAnMtuGivenIsTaken() {
    var s =
        run(
            with(
                "ip link add g0 type geneve id 1 remote 10.9.9.9",
                "ip link add g1 mtu 1400 type geneve id 2 remote 192.168.0.2",
                "ip link add g2 type geneve vni 3 remote 192.168.0.2 dstport 7000 ttl 9"));
    assertThat(dev(s, "root", "g0").mtu()).isEqualTo(1500);
    assertThat(dev(s, "root", "g1").mtu()).isEqualTo(1400);
    assertThat(dev(s, "root", "g2").kind())
        .isEqualTo(new LinkKind.Geneve(3, Ipv4Address.parse("192.168.0.2"), 7000, 9, false));
  }

  @Test
  void iproute2Refuses_aMissingVniOrRemote_andABadWord() {
    assertThat(fails("ip link add g0 type geneve remote 10.0.0.2").reason())
        .isEqualTo("geneve: missing virtual network identifier");
    assertThat(fails("ip link add g0 type geneve id 5").reason())
        .isEqualTo("geneve: remote link partner not specified");
    assertThat(fails("ip link add g0 type geneve id 5 remote 10.0.0.2 bogus").reason())
        .isEqualTo("geneve: unknown command \"bogus\"?");
    assertThat(fails("ip link add g0 type geneve id 16777216 remote 10.0.0.2").reason())
        .contains("invalid id");
  }

  @Test
  void theKernelRefuses_aSecondDeviceWithTheSameVniRemoteAndPort() {
    assertThat(
            fails(
                    "ip link add g0 type geneve id 5 remote 10.0.0.2",
                    "ip link add g1 type geneve id 5 remote 10.0.0.2")
                .reason())
        .contains("Device or resource busy");
    // another remote is another tunnel
    var s =
        run(
            "ip link add g0 type geneve id 5 remote 10.0.0.2",
            "ip link add g1 type geneve id 5 remote 10.0.0.3");
    assertThat(dev(s, "root", "g1").kind()).isInstanceOf(LinkKind.Geneve.class);
  }

  @Test
  void externalMode_isRefusedAsNotModelled_neverGuessed() {
    assertThat(fails("ip link add g0 type geneve external").reason())
        .startsWith("geneve external (collect-metadata mode");
  }
}
