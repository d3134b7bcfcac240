package dev.podpath.sim.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.NfVerdict;
import dev.podpath.sim.outcome.Step;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each match module against packets that do and do not match, without the event engine: a namespace
 * whose FORWARD policy is DROP and whose one rule ACCEPTs, and {@link Netfilter#hook} called
 * directly. Router r: eth0 10.1.0.254/24, eth1 10.2.0.254/24, bridge br0 with port vp.
 */
final class RuleMatchingTest {

  private static final String TCP_S = "tcp 10.1.0.1:40000 > 10.2.0.1:80 S";

  static Stream<Arguments> cases() {
    return Stream.of(
        row("-s 10.1.0.0/24", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("! -s 10.1.0.0/24", TCP_S, "eth0", "eth1", NfVerdict.DROP),
        row("-d 10.2.0.1", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-d 10.2.0.2/32", TCP_S, "eth0", "eth1", NfVerdict.DROP),
        row("-p tcp", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-p 6", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("! -p udp", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-p all", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-i eth+", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-i eth1", TCP_S, "eth0", "eth1", NfVerdict.DROP),
        row("! -i eth1 -o eth1", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-o veth+", TCP_S, "eth0", "eth1", NfVerdict.DROP),
        row("-p tcp --dport 80", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-p tcp --dport 1:79", TCP_S, "eth0", "eth1", NfVerdict.DROP),
        row("-p tcp ! --dport 1:79", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-p tcp --sport 39000:41000", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-p tcp --syn", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-p tcp --syn", "tcp 10.1.0.1:40000 > 10.2.0.1:80 A", "eth0", "eth1", NfVerdict.DROP),
        row(
            "-p tcp ! --syn",
            "tcp 10.1.0.1:40000 > 10.2.0.1:80 A",
            "eth0",
            "eth1",
            NfVerdict.ACCEPT),
        row(
            "-p tcp --tcp-flags SYN,ACK SYN,ACK",
            "tcp 10.2.0.1:80 > 10.1.0.1:40000 SA",
            "eth1",
            "eth0",
            NfVerdict.ACCEPT),
        row(
            "-p udp --dport 53",
            "udp 10.1.0.1:5000 > 10.2.0.1:53",
            "eth0",
            "eth1",
            NfVerdict.ACCEPT),
        row("-p udp --dport 53", TCP_S, "eth0", "eth1", NfVerdict.DROP),
        row(
            "-p icmp --icmp-type echo-request",
            "icmp 10.1.0.1 > 10.2.0.1 8/0",
            "eth0",
            "eth1",
            NfVerdict.ACCEPT),
        row(
            "-p icmp --icmp-type echo-reply",
            "icmp 10.1.0.1 > 10.2.0.1 8/0",
            "eth0",
            "eth1",
            NfVerdict.DROP),
        row(
            "-p icmp --icmp-type destination-unreachable",
            "icmp 10.1.0.1 > 10.2.0.1 3/13",
            "eth0",
            "eth1",
            NfVerdict.ACCEPT),
        row(
            "-p icmp --icmp-type port-unreachable",
            "icmp 10.1.0.1 > 10.2.0.1 3/13",
            "eth0",
            "eth1",
            NfVerdict.DROP),
        row("-p tcp -m multiport --dports 22,80,443", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-p tcp -m multiport --dports 8000:9000", TCP_S, "eth0", "eth1", NfVerdict.DROP),
        row("-p tcp -m multiport --ports 40000", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-m comment --comment \"any text\"", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-m mark --mark 0x0", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-m mark --mark 0x4000/0x4000", TCP_S, "eth0", "eth1", NfVerdict.DROP),
        row("-m mark ! --mark 0x4000/0x4000", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-m addrtype --dst-type UNICAST", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-m addrtype --dst-type LOCAL", TCP_S, "eth0", "eth1", NfVerdict.DROP),
        row(
            "-m addrtype --src-type LOCAL",
            "tcp 10.2.0.254:40000 > 10.2.0.1:80 S",
            "eth0",
            "eth1",
            NfVerdict.ACCEPT),
        row(
            "-m addrtype --dst-type BROADCAST",
            "udp 10.1.0.1:68 > 10.2.0.255:67",
            "eth0",
            "eth1",
            NfVerdict.ACCEPT),
        row(
            "-m addrtype --src-type LOCAL --limit-iface-in",
            "tcp 10.2.0.254:40000 > 10.2.0.1:80 S",
            "eth0",
            "eth1",
            NfVerdict.DROP),
        row("-m physdev --physdev-in vp", TCP_S, "eth0", "eth1", NfVerdict.DROP),
        row("-m physdev ! --physdev-is-bridged", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-m set --match-set ALLOWED dst", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-m set --match-set ALLOWED src", TCP_S, "eth0", "eth1", NfVerdict.DROP),
        row("-m set --match-set SVC dst,dst", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row(
            "-m set --match-set SVC dst,dst",
            "tcp 10.1.0.1:40000 > 10.2.0.1:81 S",
            "eth0",
            "eth1",
            NfVerdict.DROP),
        row("-m set --match-set NETS src", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-m set ! --match-set NETS src", TCP_S, "eth0", "eth1", NfVerdict.DROP),
        row("-m limit --limit 5/min", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-m recent --rcheck --name bad", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row("-m owner --uid-owner 0", TCP_S, "eth0", "eth1", NfVerdict.NOT_MODELLED),
        row("-s 10.9.0.0/16 -m owner --uid-owner 0", TCP_S, "eth0", "eth1", NfVerdict.DROP),
        row("-p tcp --tcp-option 2", TCP_S, "eth0", "eth1", NfVerdict.NOT_MODELLED),
        row(
            "-m statistic --mode nth --every 2 --packet 0",
            TCP_S,
            "eth0",
            "eth1",
            NfVerdict.ACCEPT),
        row("-m statistic --mode nth --every 2 --packet 1", TCP_S, "eth0", "eth1", NfVerdict.DROP),
        row("-m conntrack --ctstate NEW", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT),
        row(
            "-m conntrack --ctstate INVALID",
            "tcp 10.1.0.1:40000 > 10.2.0.1:80 R",
            "eth0",
            "eth1",
            NfVerdict.ACCEPT),
        row("-m state --state ESTABLISHED", TCP_S, "eth0", "eth1", NfVerdict.DROP),
        row(
            "-m conntrack --ctstate NEW --ctorigdst 10.2.0.1 --ctorigdstport 80 --ctdir ORIGINAL",
            TCP_S,
            "eth0",
            "eth1",
            NfVerdict.ACCEPT),
        row(
            "-m conntrack --ctreplsrc 10.2.0.1 --ctdir REPLY",
            TCP_S,
            "eth0",
            "eth1",
            NfVerdict.DROP),
        row("-m conntrack --ctstatus CONFIRMED", TCP_S, "eth0", "eth1", NfVerdict.DROP),
        row("-m conntrack --ctexpire 1:100", TCP_S, "eth0", "eth1", NfVerdict.NOT_MODELLED),
        row("-m connmark --mark 0", TCP_S, "eth0", "eth1", NfVerdict.ACCEPT));
  }

  private static Arguments row(
      String match, String packet, String in, String out, NfVerdict expected) {
    return Arguments.of(match, packet, in, out, expected);
  }

  private static Netns router(String rule) throws Exception {
    return Scenarios.script()
        .ns("r")
        .add(
            "ip -n r link add eth0 type veth peer name x0",
            "ip -n r link add eth1 type veth peer name x1",
            "ip -n r link add br0 type bridge",
            "ip -n r link add vp type veth peer name xp",
            "ip -n r link set vp master br0",
            "ip -n r addr add 10.1.0.254/24 dev eth0",
            "ip -n r addr add 10.2.0.254/24 dev eth1",
            "ip -n r link set eth0 up",
            "ip -n r link set eth1 up",
            "ip netns exec r ipset create ALLOWED hash:ip",
            "ip netns exec r ipset add ALLOWED 10.2.0.1",
            "ip netns exec r ipset create SVC hash:ip,port",
            "ip netns exec r ipset add SVC 10.2.0.1,tcp:80",
            "ip netns exec r ipset create NETS hash:net",
            "ip netns exec r ipset add NETS 10.1.0.0/16",
            "ip netns exec r iptables -P FORWARD DROP",
            "ip netns exec r iptables -A FORWARD " + rule + " -j ACCEPT")
        .topology()
        .require(NetnsName.of("r"));
  }

  /** {@code tcp A:p > B:q FLAGS}, {@code udp A:p > B:q}, {@code icmp A > B type/code}. */
  static Ipv4Packet packet(String text) {
    String[] w = text.split(" ");
    String[] src = w[1].split(":");
    String[] dst = w[3].split(":");
    L4 l4 =
        switch (w[0]) {
          case "tcp" ->
              new L4.Tcp(
                  Integer.parseInt(src[1]),
                  Integer.parseInt(dst[1]),
                  dev.podpath.model.packet.TcpFlags.parse(w[4]));
          case "udp" -> new L4.Udp(Integer.parseInt(src[1]), Integer.parseInt(dst[1]));
          default -> {
            String[] tc = w[4].split("/");
            yield new L4.Icmp(
                Integer.parseInt(tc[0]), Integer.parseInt(tc[1]), 7, 1, Optional.empty(), 0);
          }
        };
    return new Ipv4Packet(
        Ipv4Address.parse(src[0]), Ipv4Address.parse(dst[0]), 63, 0, true, 60, 0, l4);
  }

  @ParameterizedTest(name = "{0} | {1} -> {4}")
  @MethodSource("cases")
  void match_againstPacket(String match, String packet, String in, String out, NfVerdict expected)
      throws Exception {
    Netfilter nf = new Netfilter(StatisticChoice.random(1));
    Netns r = router(match);
    Ipv4Packet p = packet(packet);
    // conntrack sees the packet first (PREROUTING), as in the kernel
    nf.hook(r, Hook.PREROUTING, HookInput.of(1, p, in, ""));
    var result = nf.hook(r, Hook.FORWARD, HookInput.of(1, p, in, out));
    assertThat(result.verdict()).as(result.steps().toString()).isEqualTo(expected);
    if (expected == NfVerdict.ACCEPT) {
      Step.Netfilter s = (Step.Netfilter) result.steps().get(result.steps().size() - 1);
      assertThat(s.byPolicy()).isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flagged")
  void limitAndRecent_areTreatedAsMatching_andFlagged(String match) throws Exception {
    Netfilter nf = new Netfilter(StatisticChoice.random(1));
    var result =
        nf.hook(router(match), Hook.FORWARD, HookInput.of(1, packet(TCP_S), "eth0", "eth1"));
    Step.Netfilter s = (Step.Netfilter) result.steps().get(0);
    assertThat(s.hits().get(0).flags()).singleElement().asString().contains("treated as matching");
  }

  static Stream<String> flagged() {
    return Stream.of("-m limit --limit 5/min", "-m recent --rcheck --name bad");
  }
}
