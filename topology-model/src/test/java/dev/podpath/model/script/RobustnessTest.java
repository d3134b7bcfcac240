package dev.podpath.model.script;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.podpath.model.sysctl.Sysctls;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Truncated and odd command lines are accepted or refused with a message; nothing else escapes. */
final class RobustnessTest {

  static Stream<String> lines() {
    return Stream.of(
        "",
        "ip",
        "ip link",
        "ip link set",
        "ip link set dev",
        "ip link add",
        "ip link add x",
        "ip link add x type",
        "ip link add x type veth peer",
        "ip link add x type veth peer name",
        "ip addr add",
        "ip addr add 10.0.0.1",
        "ip route add",
        "ip route add default",
        "ip route add default via",
        "ip rule add pref",
        "ip rule add from",
        "ip neigh add",
        "ip neigh add 1.2.3.4 dev",
        "bridge",
        "bridge fdb",
        "bridge fdb add",
        "bridge link set",
        "bridge link set dev",
        "sysctl",
        "sysctl -w",
        "sysctl -w =",
        "sysctl -w net..=1",
        "sysctl -w .=1",
        "route",
        "route add",
        "route add -net",
        "route add default gw",
        "ifconfig lo",
        "ifconfig lo netmask",
        "ifconfig lo 10.0.0.1 netmask 255.0.255.0",
        "brctl",
        "brctl addbr",
        "ping",
        "ping -c",
        "traceroute -m",
        "ip netns",
        "ip netns add",
        "ip netns exec",
        "ip netns exec x",
        "ip -n",
        "nsenter",
        "nsenter --net=/run/netns/",
        "sh -c",
        "X=",
        "${",
        "$",
        "echo $",
        "'",
        "\"",
        "ip route add 10.0.0.0/8 nexthop",
        "ip route add 10.0.0.0/8 nexthop via 1.1.1.1 weight 0",
        "ip route add 10.0.0.0/8 nexthop via 1.1.1.1 weight 300",
        "ip link set lo mtu 0",
        "ip link set lo mtu -1",
        "ip route add 10.0.0.0/8 dev lo metric 4294967295",
        "ip route add 10.0.0.0/8 dev lo table 4294967295",
        "ip rule add pref 4294967295 lookup 5",
        "ip rule add goto 99999",
        "ip addr add 1.2.3.4/33 dev lo",
        "ip addr add 1.2.3.4/24 dev lo scope 300",
        "ip netns add ''",
        "ip netns add a/b",
        "ip netns add .",
        "ip link add '' type veth peer name x",
        "echo 1 > /proc/sys/",
        "echo > /proc/sys/net/ipv4/ip_forward",
        "ip link set lo up; ip route add 10.0.0.0/8 via 127.0.0.1",
        "ip link add br0 type bridge ageing_time",
        "ip link add br0 type bridge stp_state x",
        "route add -host 1.2.3.4 gw 1.2.3.5 metric -3",
        "ip route get 1.2.3.4 mark foo",
        "ping -c 1 -W x 1.1.1.1",
        "traceroute -w x 1.1.1.1",
        "ip route add 1.0.0.0/8 dev lo scope 7",
        "ip -family",
        "tee",
        "echo a | tee",
        "exit x",
        "ip link set lo address 00:00:00:00:00:01",
        "ip tuntap add",
        "ip tunnel add",
        "ip route flush table x",
        "ip neigh flush to foo",
        "bridge fdb add zz dev lo",
        "ip link add x type veth peer name y netns",
        "ip route add 0.0.0.0/0 dev lo",
        "ip route add blackhole default",
        "ip route add local 10.0.0.0/8",
        "ip route add broadcast 10.255.255.255 dev lo",
        "ip route add multicast 224.0.0.0/4 dev lo",
        "ip route add anycast 10.0.0.0/8 dev lo",
        "ip link set lo name lo2; ip link set lo2 up",
        "ip addr add 127.0.0.2/8 dev lo; ip addr add 127.0.0.3/8 dev lo scope global");
  }

  @ParameterizedTest
  @MethodSource("lines")
  void oddLine_isAcceptedOrRefused_neverCrashes(String line) {
    assertThatCode(
            () -> {
              try {
                ScenarioInterpreter.interpret("f.sh", line, Sysctls.kernelDefaults());
              } catch (ScriptException e) {
                // refused with a message: fine
              }
            })
        .doesNotThrowAnyException();
  }
}
