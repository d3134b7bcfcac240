package dev.podpath.model.script;

import static dev.podpath.model.script.Scripts.fails;
import static dev.podpath.model.script.Scripts.ns;
import static dev.podpath.model.script.Scripts.root;
import static dev.podpath.model.script.Scripts.run;
import static dev.podpath.model.script.Scripts.runWith;
import static dev.podpath.model.script.Scripts.sysctls;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.script.Scenario.Severity;
import dev.podpath.model.sysctl.Sysctls;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Sysctl semantics, each checked on kernel 6.18.44 ({@code sysctl -a} after the same writes). */
final class SysctlTest {

  @Test
  void ipForward_setsAllDefaultAndEveryDevice_evenExplicitlySetOnes() {
    Scenario s =
        run(
            "ip link add va type veth peer name vb",
            "sysctl -w net.ipv4.conf.vb.forwarding=0",
            "sysctl -w net.ipv4.ip_forward=1");
    Sysctls x = root(s).sysctls();
    assertThat(x.values())
        .containsEntry("net.ipv4.ip_forward", "1")
        .containsEntry("net.ipv4.conf.all.forwarding", "1")
        .containsEntry("net.ipv4.conf.default.forwarding", "1");
    for (String dev : new String[] {"lo", "va", "vb"}) {
      assertThat(x.forwarding(dev)).as(dev).isTrue();
    }
  }

  @Test
  void confAllForwarding_isTheSameKnob_andEchoIntoProcWorks() {
    Scenario s =
        run(
            "ip link add va type veth peer name vb",
            "sysctl -w net.ipv4.ip_forward=1",
            "sysctl -w net.ipv4.conf.all.forwarding=0");
    assertThat(sysctls(root(s))).containsEntry("net.ipv4.ip_forward", "0");
    assertThat(root(s).sysctls().forwarding("va")).isFalse();
    Scenario e =
        run("ip link add va type veth peer name vb", "echo 1 > /proc/sys/net/ipv4/ip_forward");
    assertThat(root(e).sysctls().forwarding("vb")).isTrue();
    Scenario t =
        run(
            "ip link add va type veth peer name vb",
            "echo 1 | sudo tee /proc/sys/net/ipv4/ip_forward",
            "echo 2 | tee -a /proc/sys/net/ipv4/conf/va/rp_filter >/dev/null");
    assertThat(root(t).sysctls().forwarding("va")).isTrue();
    assertThat(root(t).sysctls().rpFilter("va")).isEqualTo(2);
  }

  @Test
  void defaultForwarding_doesNotReachExistingDevices() {
    Scenario s =
        run(
            "ip link add va type veth peer name vb",
            "sysctl -w net.ipv4.conf.default.forwarding=1",
            "ip link add vc type veth peer name vd");
    assertThat(root(s).sysctls().forwarding("va")).isFalse();
    assertThat(root(s).sysctls().confAll("forwarding")).isZero();
    assertThat(root(s).sysctls().forwarding("vc")).isTrue();
  }

  @Test
  void defaultOtherKey_reachesDevicesNotSetExplicitly_andNewDevicesCopyIt() {
    Scenario s =
        run(
            "ip link add va type veth peer name vb",
            "sysctl -w net.ipv4.conf.vb.rp_filter=2",
            "sysctl -w net.ipv4.conf.default.rp_filter=1",
            "ip link add vc type veth peer name vd");
    Sysctls x = root(s).sysctls();
    assertThat(x.conf("va", "rp_filter")).isEqualTo(1);
    assertThat(x.conf("vb", "rp_filter")).isEqualTo(2);
    assertThat(x.conf("vc", "rp_filter")).isEqualTo(1);
    assertThat(sysctls(root(s))).containsEntry("net.ipv4.conf.vc.rp_filter", "1");
  }

  @Test
  void newNamespace_copiesTheHostsAllAndDefault_currentValues() {
    Scenario s =
        runWith(
            new Sysctls(
                Map.of(
                    "net.ipv4.conf.all.rp_filter",
                    "2",
                    "net.ipv4.conf.default.rp_filter",
                    "2",
                    "net.ipv4.ip_forward",
                    "1",
                    "net.ipv4.ip_default_ttl",
                    "63")),
            "sysctl -w net.ipv4.conf.default.proxy_arp=1",
            "ip netns add ns1",
            "ip -n ns1 link add va type veth peer name vb");
    Sysctls n = ns(s, "ns1").sysctls();
    assertThat(n.confAll("rp_filter")).isEqualTo(2);
    assertThat(n.conf("va", "rp_filter")).isEqualTo(2);
    assertThat(n.conf("lo", "proxy_arp")).isEqualTo(1);
    assertThat(n.forwarding("va")).isTrue();
    assertThat(n.defaultTtl()).isEqualTo(64);
    assertThat(root(s).sysctls().defaultTtl()).isEqualTo(63);
    assertThat(root(s).sysctls().conf("lo", "rp_filter")).isEqualTo(2);
  }

  @Test
  void keysWithSlashes_severalPairs_withoutW() {
    Scenario s =
        run(
            "ip link add va type veth peer name vb",
            "sysctl -w net/ipv4/conf/va/rp_filter=2 net.ipv4.conf.all.rp_filter=1",
            "sysctl net.ipv4.conf.vb.proxy_arp=1",
            "sysctl -q -n net.ipv4.ip_forward");
    assertThat(root(s).sysctls().conf("va", "rp_filter")).isEqualTo(2);
    assertThat(root(s).sysctls().rpFilter("vb")).isEqualTo(1);
    assertThat(root(s).sysctls().proxyArp("vb")).isTrue();
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            "sysctl -w net.ipv4.foo=1",
            "sysctl: cannot stat /proc/sys/net/ipv4/foo: No such file or directory"),
        Arguments.of(
            "sysctl net.ipv4.foo",
            "sysctl: cannot stat /proc/sys/net/ipv4/foo: No such file or directory"),
        Arguments.of(
            "sysctl -w net.ipv4.conf.nosuch.rp_filter=0",
            "sysctl: cannot stat /proc/sys/net/ipv4/conf/nosuch/rp_filter: No such file or directory"),
        Arguments.of(
            "sysctl -w kernel.foo=1",
            "sysctl: cannot stat /proc/sys/kernel/foo: No such file or directory"),
        Arguments.of(
            "ip netns exec ns1 sysctl -w net.ipv4.neigh.default.gc_thresh1=0",
            "sysctl: cannot stat /proc/sys/net/ipv4/neigh/default/gc_thresh1: No such file or directory"),
        Arguments.of(
            "sysctl -w net.ipv4.ip_forward",
            "sysctl: command line(0): invalid syntax, continuing..."),
        Arguments.of(
            "sysctl -w net.ipv4.ip_forward=abc",
            "sysctl: setting key \"net.ipv4.ip_forward\": Invalid argument"),
        Arguments.of(
            "echo 1 > /proc/sys/net/ipv4/nope",
            "cannot create /proc/sys/net/ipv4/nope: No such file or directory"),
        Arguments.of(
            "sysctl -p", "sysctl -p is not supported: write the settings into the script"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refused_asSysctlSaysIt(String line, String message) {
    assertThat(fails("ip netns add ns1", line).reason()).isEqualTo(message);
  }

  @Test
  void ignoreUnknown_withE() {
    assertThat(run("sysctl -e -w net.ipv4.foo=1").notes()).isEmpty();
  }

  @Test
  void notes_modelledNone_notModelledStored_infoForTheRest() {
    Scenario s =
        run(
            "ip link add va type veth peer name vb",
            "sysctl -w net.ipv4.conf.all.rp_filter=1",
            "sysctl -w net.ipv4.neigh.va.proxy_delay=0",
            "sysctl -w net.bridge.bridge-nf-call-iptables=1",
            "sysctl -w net.ipv4.conf.all.arp_filter=1",
            "sysctl -w net.ipv4.fib_multipath_hash_policy=1",
            "sysctl -w net.ipv6.conf.all.disable_ipv6=1",
            "sysctl -w net.core.somaxconn=1000",
            "sysctl -w net.ipv4.tcp_syncookies=1");
    assertThat(s.notes())
        .extracting(n -> n.origin().line() + " " + n.severity())
        .containsExactly(
            "4 NOT_MODELLED", "5 NOT_MODELLED", "6 NOT_MODELLED", "7 INFO", "8 INFO", "9 INFO");
    assertThat(sysctls(root(s)))
        .containsEntry("net.bridge.bridge-nf-call-iptables", "1")
        .containsEntry("net.ipv4.fib_multipath_hash_policy", "1")
        .containsEntry("net.ipv4.neigh.va.proxy_delay", "0");
    assertThat(root(s).sysctls().neigh("va", "proxy_delay", 80)).isZero();
  }

  @Test
  void renameAndMove_carryOrResetDeviceSysctls() {
    Scenario s =
        run(
            "ip netns add ns1",
            "ip link add va type veth peer name vb",
            "sysctl -w net.ipv4.conf.va.rp_filter=2",
            "ip link set va name eth0",
            "sysctl -w net.ipv4.conf.vb.proxy_arp=1",
            "ip link set vb netns ns1");
    assertThat(root(s).sysctls().conf("eth0", "rp_filter")).isEqualTo(2);
    assertThat(sysctls(root(s))).doesNotContainKey("net.ipv4.conf.va.rp_filter");
    assertThat(ns(s, "ns1").sysctls().conf("vb", "proxy_arp")).isZero();
    assertThat(s.notes()).noneMatch(n -> n.severity() == Severity.INFO);
  }
}
