package dev.podpath.sim.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.IptablesSave;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The destination index of long chains ({@link ChainIndex}) gives exactly what walking every rule
 * gives: the same rules met (and skipped counts), verdicts, rewrites, statistic draws and counters,
 * over seeded random chains that mix -d /32 rules (some negated, some with statistic), wider
 * prefixes, and rules without a destination.
 */
final class ChainIndexTest {

  private static Netns randomNode(long seed) throws Exception {
    Random r = new Random(seed);
    Scenarios s =
        Scenarios.script()
            .ns("r")
            .add(
                "ip -n r link add eth0 type veth peer name x0",
                "ip -n r addr add 10.1.0.254/24 dev eth0",
                "ip -n r link set eth0 up",
                "ip netns exec r iptables -t nat -N SVC",
                "ip netns exec r iptables -t nat -N MARKIT",
                "ip netns exec r iptables -t nat -A MARKIT -j MARK --or-mark 0x4000",
                "ip netns exec r iptables -t nat -A PREROUTING -j SVC");
    for (int i = 0; i < 200; i++) {
      String d = "10.96.0." + r.nextInt(40);
      String rule =
          switch (r.nextInt(8)) {
            case 0 ->
                "-d "
                    + d
                    + " -p tcp --dport "
                    + (80 + r.nextInt(2))
                    + " -j DNAT --to-destination 10.1.0."
                    + (i % 200 + 1);
            case 1 -> "! -d " + d + " -p udp -j MARKIT";
            case 2 -> "-d " + d + " -m statistic --mode random --probability 0.5 -j MARKIT";
            case 3 ->
                "-d 10.96.0.0/26 -p udp --dport "
                    + (53 + r.nextInt(3))
                    + " -j DNAT --to-destination 10.1.0.9";
            case 4 -> "-m statistic --mode random --probability 0.1 -j MARKIT";
            case 5 -> "-d " + d + " -p tcp --dport 80 -j RETURN";
            case 6 -> "-d " + d + " -p udp -j DNAT --to-destination 10.1.0.7:99";
            default -> "-d " + d + " -p tcp -j MARKIT";
          };
      s.add("ip netns exec r iptables -t nat -A SVC " + rule);
    }
    return s.topology().require(NetnsName.of("r"));
  }

  @Test
  void indexedWalk_equalsTheRuleByRuleWalk() throws Exception {
    for (long seed = 1; seed <= 5; seed++) {
      Netns r = randomNode(seed);
      Netfilter indexed = new Netfilter(StatisticChoice.random(seed), true);
      Netfilter linear = new Netfilter(StatisticChoice.random(seed), false);
      Random pr = new Random(seed * 31);
      for (int k = 0; k < 300; k++) {
        Ipv4Address dst = Ipv4Address.parse("10.96.0." + pr.nextInt(45));
        L4 l4 =
            pr.nextBoolean()
                ? new L4.Tcp(
                    1000 + k, 80 + pr.nextInt(2), dev.podpath.model.packet.TcpFlags.SYN_ONLY)
                : new L4.Udp(1000 + k, 53 + pr.nextInt(3));
        Ipv4Packet p = new Ipv4Packet(Ipv4Address.parse("10.1.0.50"), dst, 64, 0, true, 60, 0, l4);
        HookResult a = indexed.hook(r, Hook.PREROUTING, HookInput.of(k, p, "eth0", ""));
        HookResult b = linear.hook(r, Hook.PREROUTING, HookInput.of(k, p, "eth0", ""));
        assertThat(describe(a)).as("seed %s packet %s", seed, p).isEqualTo(describe(b));
      }
      assertThat(IptablesSave.print(indexed.ruleset(r), true))
          .isEqualTo(IptablesSave.print(linear.ruleset(r), true));
    }
  }

  private static List<String> describe(HookResult r) {
    List<String> out = new ArrayList<>();
    out.add(r.verdict() + " " + r.packet());
    for (Step s : r.steps()) {
      if (s instanceof Step.Netfilter n) {
        n.hits()
            .forEach(
                h ->
                    out.add(
                        h.chain()
                            + "#"
                            + h.number()
                            + " matched="
                            + h.matched()
                            + " skipped="
                            + h.skippedBefore()
                            + " "
                            + h.statistic().map(d -> "chosen=" + d.chosen()).orElse("")));
        out.add(n.verdict() + " policy=" + n.byPolicy() + " " + n.after());
      }
    }
    return out;
  }
}
