package dev.podpath.model.script;

import static dev.podpath.model.script.Scripts.dev;
import static dev.podpath.model.script.Scripts.fails;
import static dev.podpath.model.script.Scripts.local;
import static dev.podpath.model.script.Scripts.main;
import static dev.podpath.model.script.Scripts.root;
import static dev.podpath.model.script.Scripts.routes;
import static dev.podpath.model.script.Scripts.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.route.Route;
import dev.podpath.model.topo.Netns;
import org.junit.jupiter.api.Test;

/**
 * The routes the kernel makes by itself. Every expectation here was printed by kernel 6.18.44
 * ({@code ip route show table all}, "linkdown" flags left out) for the same commands, run in a
 * throwaway network namespace.
 */
final class KernelRoutesTest {

  @Test
  void newNamespace_hasOnlyLoDown_noRoutes_defaultRules() {
    Scenario s = run("ip netns add a");
    for (Netns n : s.topology().netnsList()) {
      assertThat(n.deviceList())
          .singleElement()
          .satisfies(
              lo -> {
                assertThat(lo.name()).isEqualTo("lo");
                assertThat(lo.index()).isEqualTo(1);
                assertThat(lo.up()).isFalse();
                assertThat(lo.mtu()).isEqualTo(65536);
                assertThat(lo.mac().isZero()).isTrue();
              });
      assertThat(routes(n)).isEmpty();
      assertThat(Scripts.rules(n))
          .containsExactly(
              "0:\tfrom all lookup local",
              "32766:\tfrom all lookup main",
              "32767:\tfrom all lookup default");
    }
  }

  @Test
  void loUp_addsLoopbackAddressAndRoutes() {
    Scenario s = run("ip link set lo up");
    assertThat(dev(s, "root", "lo").addresses()).hasToString("[127.0.0.1/8]");
    assertThat(routes(root(s)))
        .containsExactlyInAnyOrder(
            "local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1",
            "local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1",
            "broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1");
  }

  @Test
  void loDown_keepsLocalRoutes_dropsBroadcast() {
    Scenario s = run("ip link set lo up", "ip link set lo down");
    assertThat(routes(root(s)))
        .containsExactlyInAnyOrder(
            "local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1",
            "local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1");
  }

  @Test
  void loUpAgainWithoutAddress_getsLoopbackAddressAgain() {
    Scenario s =
        run(
            "ip link set lo up",
            "ip addr del 127.0.0.1/8 dev lo",
            "ip link set lo down",
            "ip link set lo up");
    assertThat(dev(s, "root", "lo").addresses()).hasToString("[127.0.0.1/8]");
    assertThat(run("ip link set lo up", "ip addr del 127.0.0.1/8 dev lo").topology().netnsList())
        .allSatisfy(n -> assertThat(routes(n)).isEmpty());
  }

  @Test
  void addressOnUpDevice_localConnectedAndBroadcast() {
    Scenario s =
        run(
            "ip link add veth0 type veth peer name veth1",
            "ip link set veth0 up",
            "ip addr add 10.0.0.1/24 dev veth0");
    assertThat(routes(root(s)))
        .containsExactlyInAnyOrder(
            "10.0.0.0/24 dev veth0 proto kernel scope link src 10.0.0.1",
            "local 10.0.0.1 dev veth0 table local proto kernel scope host src 10.0.0.1",
            "broadcast 10.0.0.255 dev veth0 table local proto kernel scope link src 10.0.0.1");
  }

  @Test
  void sameSubnetSecondAddress_isSecondary_localRouteSourceIsPrimary() {
    Scenario s =
        run(
            "ip link add veth0 type veth peer name veth1",
            "ip link set veth0 up",
            "ip addr add 10.0.0.1/24 dev veth0",
            "ip addr add 10.0.0.2/24 dev veth0");
    assertThat(routes(root(s)))
        .containsExactlyInAnyOrder(
            "10.0.0.0/24 dev veth0 proto kernel scope link src 10.0.0.1",
            "local 10.0.0.1 dev veth0 table local proto kernel scope host src 10.0.0.1",
            "local 10.0.0.2 dev veth0 table local proto kernel scope host src 10.0.0.1",
            "broadcast 10.0.0.255 dev veth0 table local proto kernel scope link src 10.0.0.1");
  }

  @Test
  void addressOnDownDevice_onlyLocalRoute_untilUp() {
    Scenario down =
        run("ip link add veth0 type veth peer name veth1", "ip addr add 10.0.1.1 dev veth1");
    assertThat(routes(root(down)))
        .containsExactly(
            "local 10.0.1.1 dev veth1 table local proto kernel scope host src 10.0.1.1");
    Scenario up =
        run(
            "ip link add veth0 type veth peer name veth1",
            "ip addr add 10.0.2.1/24 dev veth1",
            "ip link set veth1 up");
    assertThat(routes(root(up)))
        .containsExactlyInAnyOrder(
            "10.0.2.0/24 dev veth1 proto kernel scope link src 10.0.2.1",
            "local 10.0.2.1 dev veth1 table local proto kernel scope host src 10.0.2.1",
            "broadcast 10.0.2.255 dev veth1 table local proto kernel scope link src 10.0.2.1");
  }

  private static final String[] MANY_ADDRESSES = {
    "ip link add va type veth peer name vb",
    "ip link set va up",
    "ip link set vb up",
    "ip addr add 10.0.0.1/24 dev va",
    "ip addr add 10.0.0.2/24 dev va",
    "ip addr add 10.0.1.1/24 dev va",
    "ip addr add 10.0.0.3/16 dev va",
    "ip addr add 10.5.0.1/24 brd + dev va",
    "ip addr add 10.6.0.1/24 brd 10.6.0.128 dev va",
    "ip addr add 10.7.0.1/31 dev va",
    "ip addr add 10.7.1.1/32 dev va",
    "ip addr add 10.8.0.1 peer 10.8.0.2 dev va",
    "ip addr add 10.8.1.1 peer 10.8.2.0/24 dev va",
    "ip addr add 0.0.0.5/8 dev va"
  };

  @Test
  void addressForms_secondaryBrdPeerSlash31Slash32Zeronet() {
    Scenario s = run(MANY_ADDRESSES);
    assertThat(dev(s, "root", "va").addresses())
        .hasToString(
            "[10.0.0.1/24, 10.0.1.1/24, 10.0.0.3/16,"
                + " 10.5.0.1/24, 10.6.0.1/24, 10.7.0.1/31, 10.7.1.1/32, 10.8.0.1 peer 10.8.0.2/32,"
                + " 10.8.1.1 peer 10.8.2.0/24, 0.0.0.5/8, 10.0.0.2/24]");
    assertThat(main(root(s)))
        .containsExactlyInAnyOrder(
            "10.0.0.0/24 dev va proto kernel scope link src 10.0.0.1",
            "10.0.0.0/16 dev va proto kernel scope link src 10.0.0.3",
            "10.0.1.0/24 dev va proto kernel scope link src 10.0.1.1",
            "10.5.0.0/24 dev va proto kernel scope link src 10.5.0.1",
            "10.6.0.0/24 dev va proto kernel scope link src 10.6.0.1",
            "10.7.0.0/31 dev va proto kernel scope link src 10.7.0.1",
            "10.8.0.2 dev va proto kernel scope link src 10.8.0.1",
            "10.8.2.0/24 dev va proto kernel scope link src 10.8.1.1");
    assertThat(local(root(s)))
        .containsExactlyInAnyOrder(
            "local 0.0.0.5 dev va table local proto kernel scope host src 0.0.0.5",
            "local 10.0.0.1 dev va table local proto kernel scope host src 10.0.0.1",
            "local 10.0.0.2 dev va table local proto kernel scope host src 10.0.0.1",
            "local 10.0.0.3 dev va table local proto kernel scope host src 10.0.0.3",
            "broadcast 10.0.0.255 dev va table local proto kernel scope link src 10.0.0.1",
            "local 10.0.1.1 dev va table local proto kernel scope host src 10.0.1.1",
            "broadcast 10.0.1.255 dev va table local proto kernel scope link src 10.0.1.1",
            "broadcast 10.0.255.255 dev va table local proto kernel scope link src 10.0.0.3",
            "local 10.5.0.1 dev va table local proto kernel scope host src 10.5.0.1",
            "broadcast 10.5.0.255 dev va table local proto kernel scope link src 10.5.0.1",
            "local 10.6.0.1 dev va table local proto kernel scope host src 10.6.0.1",
            "broadcast 10.6.0.128 dev va table local proto kernel scope link src 10.6.0.1",
            "broadcast 10.6.0.255 dev va table local proto kernel scope link src 10.6.0.1",
            "local 10.7.0.1 dev va table local proto kernel scope host src 10.7.0.1",
            "local 10.7.1.1 dev va table local proto kernel scope host src 10.7.1.1",
            "local 10.8.0.1 dev va table local proto kernel scope host src 10.8.0.1",
            "local 10.8.1.1 dev va table local proto kernel scope host src 10.8.1.1",
            "broadcast 10.8.2.255 dev va table local proto kernel scope link src 10.8.1.1");
  }

  @Test
  void deletingAddresses_removesTheirRoutesAndRoutesPreferringThem() {
    String[] more = {
      "ip route add 10.50.0.0/24 via 10.0.0.9",
      "ip route add 10.51.0.0/24 via 10.0.0.9 src 10.0.0.2",
      "ip route add 10.52.0.0/24 via 10.0.1.9",
      "ip addr del 10.0.0.2/24 dev va"
    };
    Scenario s = run(concat(MANY_ADDRESSES, more));
    assertThat(main(root(s)))
        .contains("10.50.0.0/24 via 10.0.0.9 dev va", "10.52.0.0/24 via 10.0.1.9 dev va")
        .noneMatch(r -> r.startsWith("10.51."));
    assertThat(local(root(s)))
        .doesNotContain("local 10.0.0.2 dev va table local proto kernel scope host src 10.0.0.1");

    Scenario primaryGone =
        run(concat(concat(MANY_ADDRESSES, more), new String[] {"ip addr del 10.0.0.1/24 dev va"}));
    assertThat(main(primaryGone.topology().require(dev.podpath.model.topo.NetnsName.ROOT)))
        .contains("10.50.0.0/24 via 10.0.0.9 dev va")
        .doesNotContain("10.0.0.0/24 dev va proto kernel scope link src 10.0.0.1");
    assertThat(local(root(primaryGone)))
        .noneMatch(r -> r.contains("10.0.0.1 ") || r.contains("10.0.0.255"));
  }

  @Test
  void deletingWithoutLength_deletesTheFirstMatch_missingAddressFails() {
    Scenario s = run(concat(MANY_ADDRESSES, new String[] {"ip addr del 10.0.1.1 dev va"}));
    assertThat(dev(s, "root", "va").addresses())
        .noneMatch(a -> a.address().toString().equals("10.0.1.1"));
    assertThat(
            fails(concat(MANY_ADDRESSES, new String[] {"ip addr del 10.0.1.1/25 dev va"})).reason())
        .isEqualTo("Error: ipv4: Address not found.");
  }

  @Test
  void lastAddressGone_everyRouteThroughTheDeviceGoes() {
    Scenario s =
        run(
            concat(
                MANY_ADDRESSES,
                new String[] {
                  "ip route add 10.50.0.0/24 via 10.0.0.9",
                  "ip route add 10.9.7.0/24 dev va table 7",
                  "ip addr flush dev va"
                }));
    assertThat(routes(root(s))).isEmpty();
    Scenario t =
        run(
            "ip link add va type veth peer name vb",
            "ip link set va up",
            "ip addr add 10.0.0.1/24 dev va",
            "ip route add 10.50.0.0/24 via 10.0.0.9",
            "ip addr del 10.0.0.1/24 dev va");
    assertThat(routes(root(t))).isEmpty();
  }

  @Test
  void deletingPrimary_deletesSecondaries_unlessPromoteSecondaries() {
    String[] base = {
      "ip link add va type veth peer name vb",
      "ip link set va up",
      "ip addr add 10.0.0.1/24 dev va",
      "ip addr add 10.0.0.2/24 dev va"
    };
    assertThat(
            dev(run(concat(base, new String[] {"ip addr del 10.0.0.1/24 dev va"})), "root", "va")
                .addresses())
        .isEmpty();
    Scenario p =
        run(
            concat(
                base,
                new String[] {
                  "sysctl -w net.ipv4.conf.all.promote_secondaries=1",
                  "ip addr del 10.0.0.1/24 dev va"
                }));
    assertThat(dev(p, "root", "va").addresses()).hasToString("[10.0.0.2/24]");
    assertThat(routes(root(p)))
        .containsExactlyInAnyOrder(
            "10.0.0.0/24 dev va proto kernel scope link src 10.0.0.2",
            "local 10.0.0.2 dev va table local proto kernel scope host src 10.0.0.2",
            "broadcast 10.0.0.255 dev va table local proto kernel scope link src 10.0.0.2");
  }

  @Test
  void adminDown_deletesEveryRouteThroughTheDevice_exceptLocal_upBringsBackOnlyKernelRoutes() {
    String[] setup = {
      "ip link add va type veth peer name vb",
      "ip addr add 10.0.0.1/24 dev va",
      "ip link set va up",
      "ip link set vb up",
      "ip route add 10.9.0.0/24 via 10.0.0.9",
      "ip route add 10.9.1.0/24 dev va",
      "ip route add 10.9.4.0/24 via 10.0.0.9 table 100",
      "ip route add local 10.9.7.0/24 dev va",
      "ip route add blackhole 10.9.8.0/24",
      "ip route add 10.9.9.0/24 via 10.0.0.9 metric 10 table 5"
    };
    Scenario down = run(concat(setup, new String[] {"ip link set va down"}));
    assertThat(routes(root(down)))
        .containsExactlyInAnyOrder(
            "blackhole 10.9.8.0/24",
            "local 10.0.0.1 dev va table local proto kernel scope host src 10.0.0.1",
            "local 10.9.7.0/24 dev va table local scope host");
    Scenario up = run(concat(setup, new String[] {"ip link set va down", "ip link set va up"}));
    assertThat(routes(root(up)))
        .containsExactlyInAnyOrder(
            "10.0.0.0/24 dev va proto kernel scope link src 10.0.0.1",
            "blackhole 10.9.8.0/24",
            "local 10.0.0.1 dev va table local proto kernel scope host src 10.0.0.1",
            "broadcast 10.0.0.255 dev va table local proto kernel scope link src 10.0.0.1",
            "local 10.9.7.0/24 dev va table local scope host");
  }

  @Test
  void multipathRoute_staysWhileOneNexthopIsUp() {
    String[] setup = {
      "ip link add va type veth peer name vb",
      "ip link add vc type veth peer name vd",
      "ip link set va up; ip link set vb up; ip link set vc up; ip link set vd up",
      "ip addr add 10.0.0.1/24 dev va",
      "ip addr add 10.1.0.1/24 dev vc",
      "ip route add 10.50.0.0/24 nexthop via 10.0.0.9 dev va nexthop via 10.1.0.9 dev vc",
      "ip route add 10.52.0.0/24 nexthop via 10.0.0.9 nexthop via 10.1.0.9",
      "ip route add 10.51.0.0/24 nexthop via 10.1.0.9 dev vc"
    };
    Scenario one = run(concat(setup, new String[] {"ip link set va down"}));
    assertThat(main(root(one)))
        .contains(
            "10.50.0.0/24 nexthop via 10.0.0.9 dev va weight 1 nexthop via 10.1.0.9 dev vc weight 1",
            "10.52.0.0/24 nexthop via 10.0.0.9 dev va weight 1 nexthop via 10.1.0.9 dev vc weight 1",
            "10.51.0.0/24 via 10.1.0.9 dev vc");
    Scenario both = run(concat(setup, new String[] {"ip link set va down", "ip link set vc down"}));
    assertThat(main(root(both))).isEmpty();
  }

  @Test
  void kernelRoutes_carryTheOriginOfTheCommandThatCausedThem() {
    Scenario s =
        run(
            "ip link add va type veth peer name vb",
            "ip addr add 10.0.0.1/24 dev va",
            "ip link set va up");
    for (Route r : root(s).routing().allRoutes()) {
      assertThat(r.protocol()).isEqualTo(dev.podpath.model.route.RouteProtocol.KERNEL);
      assertThat(r.origin().line())
          .isEqualTo(r.type() == dev.podpath.model.route.RouteType.LOCAL ? 2 : 3);
    }
  }

  static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
