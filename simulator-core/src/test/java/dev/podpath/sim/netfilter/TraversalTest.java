package dev.podpath.sim.netfilter;

import static dev.podpath.sim.netfilter.RuleMatchingTest.packet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.netfilter.CtState;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.NfRuleHit;
import dev.podpath.sim.outcome.NfVerdict;
import dev.podpath.sim.outcome.Step;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chain traversal and the non-terminating targets, without the event engine. */
final class TraversalTest {

  private static Netns ns(String... rules) throws Exception {
    Scenarios s =
        Scenarios.script()
            .ns("r")
            .add(
                "ip -n r link add eth0 type veth peer name x0",
                "ip -n r link add eth1 type veth peer name x1",
                "ip -n r addr add 10.1.0.254/24 dev eth0",
                "ip -n r addr add 10.2.0.254/24 dev eth1",
                "ip -n r link set eth0 up",
                "ip -n r link set eth1 up");
    for (String r : rules) {
      s.add("ip netns exec r " + r);
    }
    return s.topology().require(NetnsName.of("r"));
  }

  private static List<String> path(HookResult r) {
    List<String> out = new ArrayList<>();
    for (Step s : r.steps()) {
      if (s instanceof Step.Netfilter n) {
        n.hits().forEach(h -> out.add(h.chain() + "#" + h.number()));
        if (n.byPolicy()) {
          out.add(n.hook() + ":policy " + n.policy().orElseThrow());
        }
      }
    }
    return out;
  }

  private static HookResult forward(Netfilter nf, Netns r, String packet) {
    var p = packet(packet);
    nf.hook(r, Hook.PREROUTING, HookInput.of(1, p, "eth0", ""));
    return nf.hook(r, Hook.FORWARD, HookInput.of(1, p, "eth0", "eth1"));
  }

  @Test
  void jumpReturnsToTheNextRule_gotoReturnsToTheCallersCaller_returnInABuiltinAppliesThePolicy()
      throws Exception {
    Netns r =
        ns(
            "iptables -N A",
            "iptables -N B",
            "iptables -P FORWARD DROP",
            "iptables -A FORWARD -j A",
            "iptables -A FORWARD -p tcp -j LOG --log-prefix seen",
            "iptables -A FORWARD -p udp -j ACCEPT",
            "iptables -A FORWARD -j RETURN",
            "iptables -A FORWARD -j ACCEPT",
            "iptables -A A -g B",
            "iptables -A A -j DROP",
            "iptables -A B -j RETURN");
    HookResult tcp =
        forward(new Netfilter(StatisticChoice.random(1)), r, "tcp 10.1.0.1:1 > 10.2.0.1:2 S");
    assertThat(path(tcp))
        .containsExactly(
            "FORWARD#1", "A#1", "B#1", "FORWARD#2", "FORWARD#4", "FORWARD:policy DROP");
    assertThat(tcp.verdict()).isEqualTo(NfVerdict.DROP);
    HookResult udp =
        forward(new Netfilter(StatisticChoice.random(1)), r, "udp 10.1.0.1:1 > 10.2.0.1:2");
    assertThat(path(udp)).containsExactly("FORWARD#1", "A#1", "B#1", "FORWARD#3");
    assertThat(udp.verdict()).isEqualTo(NfVerdict.ACCEPT);
  }

  @Test
  void markTargets_changeThePacketMark_andTheNextRuleSeesIt() throws Exception {
    Netns r =
        ns(
            "iptables -t mangle -A FORWARD -j MARK --set-mark 0x10",
            "iptables -t mangle -A FORWARD -j MARK --or-mark 0x4000",
            "iptables -t mangle -A FORWARD -j MARK --and-mark 0x4010",
            "iptables -t mangle -A FORWARD -j MARK --xor-mark 0x1",
            "iptables -A FORWARD -m mark --mark 0x4011 -j ACCEPT",
            "iptables -P FORWARD DROP");
    HookResult res =
        forward(new Netfilter(StatisticChoice.random(1)), r, "tcp 10.1.0.1:1 > 10.2.0.1:2 S");
    assertThat(res.packet().mark()).isEqualTo(0x4011);
    assertThat(res.verdict()).isEqualTo(NfVerdict.ACCEPT);
    Step.Netfilter mangle = (Step.Netfilter) res.steps().get(0);
    assertThat(mangle.before().mark()).isZero();
    assertThat(mangle.after().mark()).isEqualTo(0x4011);
  }

  @Test
  void connmark_savesThePacketMark_laterPacketsRestoreIt() throws Exception {
    Netns r =
        ns(
            "iptables -t mangle -A PREROUTING -j CONNMARK --restore-mark",
            "iptables -t mangle -A PREROUTING -m mark --mark 0 -j MARK --set-mark 0x7",
            "iptables -t mangle -A PREROUTING -j CONNMARK --save-mark");
    Netfilter nf = new Netfilter(StatisticChoice.random(1));
    var p = packet("udp 10.1.0.1:5000 > 10.2.0.1:53");
    HookResult first = nf.hook(r, Hook.PREROUTING, HookInput.of(1, p, "eth0", ""));
    assertThat(first.packet().mark()).isEqualTo(7);
    nf.hook(r, Hook.POSTROUTING, HookInput.of(1, first.packet(), "", "eth1"));
    assertThat(nf.conntrack(NetnsName.of("r")))
        .extracting(ConntrackEntry::mark)
        .containsExactly(7L);
    HookResult second = nf.hook(r, Hook.PREROUTING, HookInput.of(2, p, "eth0", ""));
    assertThat(((Step.Netfilter) second.steps().get(1)).before().mark()).isZero();
    assertThat(second.packet().mark()).isEqualTo(7);
  }

  @Test
  void notrackAndCtNotrack_makeThePacketUntracked_withoutAnEntry() throws Exception {
    for (String target : List.of("-j NOTRACK", "-j CT --notrack")) {
      Netns r =
          ns(
              "iptables -t raw -A PREROUTING -p udp " + target,
              "iptables -A FORWARD -m conntrack --ctstate UNTRACKED -j ACCEPT",
              "iptables -P FORWARD DROP");
      Netfilter nf = new Netfilter(StatisticChoice.random(1));
      HookResult res = forward(nf, r, "udp 10.1.0.1:5000 > 10.2.0.1:53");
      assertThat(res.verdict()).as(target).isEqualTo(NfVerdict.ACCEPT);
      Step.Netfilter filter = (Step.Netfilter) res.steps().get(0);
      assertThat(filter.ctState()).contains(CtState.UNTRACKED);
      nf.hook(r, Hook.POSTROUTING, HookInput.of(1, res.packet(), "", "eth1"));
      assertThat(nf.conntrack(NetnsName.of("r"))).isEmpty();
    }
  }

  @Test
  void traceAndNflog_continue_anUnknownTargetIsNotModelled() throws Exception {
    Netns r =
        ns(
            "iptables -t raw -A PREROUTING -j TRACE",
            "iptables -A FORWARD -j NFLOG --nflog-group 2",
            "iptables -A FORWARD -j NFQUEUE --queue-num 1",
            "iptables -A FORWARD -j ACCEPT");
    HookResult res =
        forward(new Netfilter(StatisticChoice.random(1)), r, "tcp 10.1.0.1:1 > 10.2.0.1:2 S");
    assertThat(res.verdict()).isEqualTo(NfVerdict.NOT_MODELLED);
    assertThat(path(res)).containsExactly("FORWARD#1", "FORWARD#2");
    assertThat(res.reason().orElseThrow().explain()).contains("NFQUEUE").contains("FORWARD #2");
  }

  @Test
  void countersCountRulesThatMatchedAndThePolicy_asTheDatagramsBytes() throws Exception {
    Netns r =
        ns(
            "iptables -P FORWARD ACCEPT",
            "iptables -N C",
            "iptables -A FORWARD -p udp -j C",
            "iptables -A FORWARD -p tcp",
            "iptables -A C -j RETURN");
    Netfilter nf = new Netfilter(StatisticChoice.random(1));
    forward(nf, r, "tcp 10.1.0.1:1 > 10.2.0.1:2 S");
    forward(nf, r, "udp 10.1.0.1:1 > 10.2.0.1:2");
    var rs = nf.ruleset(r);
    assertThat(rs.chain(NetfilterTable.FILTER, "FORWARD").orElseThrow().counters().toString())
        .isEqualTo("[2:120]");
    // iptables-nft gives a base chain a policy counter only when -P or a restore made it
    // (kernel-verified)
    Netns noP = ns("iptables -A FORWARD -p icmp");
    Netfilter nf2 = new Netfilter(StatisticChoice.random(1));
    forward(nf2, noP, "tcp 10.1.0.1:1 > 10.2.0.1:2 S");
    assertThat(
            nf2.ruleset(noP)
                .chain(NetfilterTable.FILTER, "FORWARD")
                .orElseThrow()
                .counters()
                .toString())
        .isEqualTo("[0:0]");
    assertThat(rs.chain(NetfilterTable.FILTER, "FORWARD").orElseThrow().rules())
        .extracting(x -> x.counters().toString())
        .containsExactly("[1:60]", "[1:60]");
    assertThat(
            rs.chain(NetfilterTable.FILTER, "C").orElseThrow().rules().get(0).counters().toString())
        .isEqualTo("[1:60]");
  }

  @Test
  void statisticBranches_ofKubeProxysCascade_areUniform_andPinsForceOne() throws Exception {
    Netns n1 =
        Scenarios.twoNodes()
            .add("ip netns exec n1 iptables-restore --noflush kube-proxy.rules")
            .topology()
            .require(NetnsName.of("n1"));
    var svc = n1.netfilter().chain(NetfilterTable.NAT, "KUBE-SVC-WEB").orElseThrow();
    var branches = StatisticBranches.of(svc);
    assertThat(branches)
        .extracting(b -> b.pin("KUBE-SVC-WEB").toString())
        .containsExactly("KUBE-SEP-A", "KUBE-SEP-B", "KUBE-SEP-C");
    branches.forEach(
        b ->
            assertThat(b.probability())
                .isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-6)));

    for (String pin : List.of("KUBE-SEP-B", "KUBE-SVC-WEB#3")) {
      Netfilter nf = new Netfilter(StatisticChoice.pinned(pin));
      HookResult res =
          nf.hook(
              n1,
              Hook.PREROUTING,
              HookInput.of(1, packet("tcp 10.244.0.2:1000 > 10.96.0.10:80 S"), "cni0", ""));
      assertThat(res.packet().dst().toString()).as(pin).isEqualTo("10.244.0.4");
      Step.Netfilter nat = (Step.Netfilter) res.steps().get(res.steps().size() - 1);
      List<NfRuleHit> stat = nat.hits().stream().filter(h -> h.statistic().isPresent()).toList();
      assertThat(stat)
          .extracting(
              h ->
                  h.number()
                      + ":"
                      + h.statistic().get().chosen()
                      + ":"
                      + h.statistic().get().pinned())
          .containsExactly("2:false:true", "3:true:true");
    }
    Netfilter random = new Netfilter(StatisticChoice.random(3));
    HookResult res =
        random.hook(
            n1,
            Hook.PREROUTING,
            HookInput.of(1, packet("tcp 10.244.0.2:1000 > 10.96.0.10:80 S"), "cni0", ""));
    Step.Netfilter nat = (Step.Netfilter) res.steps().get(res.steps().size() - 1);
    NfRuleHit chosen =
        nat.hits().stream()
            .filter(h -> h.statistic().map(d -> d.chosen()).orElse(false))
            .findFirst()
            .orElse(null);
    if (chosen != null) {
      assertThat(chosen.statistic().get().branchProbability())
          .isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  /**
   * Checked in the kernel (sandbox, iptables 1.8.9 nf_tables): with {@code -m statistic --mode nth
   * --every 3 --packet 1 -j DROP} in INPUT, six pings one after another lose the 2nd and the 5th.
   */
  @Test
  void statisticNth_every3Packet1_matchesTheSecondAndFifthPacket() throws Exception {
    Netns r = ns("iptables -A FORWARD -m statistic --mode nth --every 3 --packet 1 -j DROP");
    Netfilter nf = new Netfilter(StatisticChoice.random(1));
    List<NfVerdict> verdicts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      verdicts.add(
          nf.hook(
                  r,
                  Hook.FORWARD,
                  HookInput.of(i, packet("icmp 10.1.0.1 > 10.2.0.1 8/0"), "eth0", "eth1"))
              .verdict());
    }
    assertThat(verdicts)
        .containsExactly(
            NfVerdict.ACCEPT,
            NfVerdict.DROP,
            NfVerdict.ACCEPT,
            NfVerdict.ACCEPT,
            NfVerdict.DROP,
            NfVerdict.ACCEPT);
  }

  /**
   * Checked in the kernel (sandbox, 6.18, iptables 1.8.9 nf_tables; two pings from a to b): with
   * {@code -P INPUT ACCEPT} and {@code -t mangle -P PREROUTING ACCEPT} set, their policies count
   * {@code [2:168]}; filter OUTPUT, mangle INPUT and nat PREROUTING, created only by {@code -A},
   * show {@code [0:0]}; a nat table whose rules only ACCEPT leaves {@code conntrack -L} empty, one
   * DNAT rule makes the pings tracked.
   */
  @Test
  void implicitlyCreatedChains_doNotCountTheirPolicy_andConntrackStartsWithTheFirstNatTarget()
      throws Exception {
    Netns b =
        ns(
            "iptables -P INPUT ACCEPT",
            "iptables -A OUTPUT -p tcp --dport 9 -j ACCEPT",
            "iptables -t mangle -P PREROUTING ACCEPT",
            "iptables -t mangle -A INPUT -j ACCEPT",
            "iptables -t nat -A PREROUTING -p tcp --dport 9 -j ACCEPT");
    Netfilter nf = new Netfilter(StatisticChoice.random(1));
    for (int i = 0; i < 2; i++) {
      var ping = packet("icmp 10.1.0.1 > 10.1.0.254 8/0");
      var p =
          new dev.podpath.model.packet.Ipv4Packet(
              ping.src(), ping.dst(), 64, 0, true, 84, 0, ping.l4());
      nf.hook(b, Hook.PREROUTING, HookInput.of(i, p, "eth0", ""));
      nf.hook(b, Hook.INPUT, HookInput.of(i, p, "eth0", ""));
    }
    String save = dev.podpath.model.netfilter.IptablesSave.print(nf.ruleset(b), true);
    assertThat(save)
        .contains(
            ":PREROUTING ACCEPT [2:168]\n:INPUT ACCEPT [0:0]",
            ":INPUT ACCEPT [2:168]\n:FORWARD",
            "*nat\n:PREROUTING ACCEPT [0:0]");
    assertThat(nf.conntrack(NetnsName.of("r"))).isEmpty();

    Netns dnat =
        ns("iptables -t nat -A PREROUTING -p tcp --dport 9 -j DNAT --to-destination 10.1.0.9");
    Netfilter nf2 = new Netfilter(StatisticChoice.random(1));
    var p = packet("icmp 10.1.0.1 > 10.1.0.254 8/0");
    nf2.hook(dnat, Hook.PREROUTING, HookInput.of(1, p, "eth0", ""));
    nf2.hook(dnat, Hook.INPUT, HookInput.of(1, p, "eth0", ""));
    assertThat(nf2.conntrack(NetnsName.of("r")))
        .extracting(ConntrackEntry::line)
        .containsExactly(
            "icmp     1 29 src=10.1.0.1 dst=10.1.0.254 type=8 code=0 id=7 [UNREPLIED] src=10.1.0.254 dst=10.1.0.1 type=0 code=0"
                + " id=7 mark=0 use=1");
  }
}
