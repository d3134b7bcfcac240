package dev.podpath.model.netfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podpath.model.addr.Prefix;
import dev.podpath.model.netfilter.parse.RulesetBuilder;
import dev.podpath.model.origin.Origin;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The records' behaviour: what a match compares, what a target does, how values print. */
final class ModelTest {

  private static Rule one(String... args) {
    RulesetBuilder b = RulesetBuilder.strict();
    b.execute(List.of("-N", "T"), Origin.KERNEL);
    b.execute(List.of("-t", "nat", "-N", "T"), Origin.KERNEL);
    List<Rule> r = b.execute(List.of(args), Origin.KERNEL);
    assertThat(r).hasSize(1);
    return r.get(0);
  }

  @Test
  void terminal_asTheKernel() {
    Map<String, Boolean> expected =
        Map.ofEntries(
            Map.entry("Continue", false),
            Map.entry("Accept", true),
            Map.entry("Drop", true),
            Map.entry("Reject", true),
            Map.entry("Return", false),
            Map.entry("Jump", false),
            Map.entry("Goto", false),
            Map.entry("Log", false),
            Map.entry("Nflog", false),
            Map.entry("Mark", false),
            Map.entry("Connmark", false),
            Map.entry("Dnat", true),
            Map.entry("Snat", true),
            Map.entry("Masquerade", true),
            Map.entry("Redirect", true),
            Map.entry("Notrack", false),
            Map.entry("Ct", false),
            Map.entry("Trace", false),
            Map.entry("NotModelled", false),
            // a dump's rule that did not read: whatever it does, the walk cannot go past it
            Map.entry("Unreadable", true));
    assertThat(
            Arrays.stream(Target.class.getPermittedSubclasses())
                .map(Class::getSimpleName)
                .collect(Collectors.toSet()))
        .isEqualTo(expected.keySet());
    List<Target> samples =
        List.of(
            new Target.Continue(),
            new Target.Accept(),
            new Target.Drop(),
            new Target.Reject(RejectWith.TCP_RESET),
            new Target.Return(),
            new Target.Jump("X"),
            new Target.Goto("X"),
            new Target.Log(Optional.empty(), 4, List.of()),
            new Target.Nflog(0, Optional.empty(), java.util.OptionalInt.empty(), 1),
            new Target.Mark(1, 1),
            new Target.Connmark(Target.Connmark.Mode.SAVE, 0, 0xFFFFFFFFL, 0xFFFFFFFFL),
            new Target.Dnat(
                NatRange.of(dev.podpath.model.addr.Ipv4Address.parse("10.0.0.1")), false, false),
            new Target.Snat(
                NatRange.of(dev.podpath.model.addr.Ipv4Address.parse("10.0.0.1")),
                false,
                false,
                false),
            new Target.Masquerade(Optional.empty(), false, false),
            new Target.Redirect(Optional.empty(), false),
            new Target.Notrack(),
            new Target.Ct(true, List.of()),
            new Target.Trace(),
            new Target.NotModelled("CHECKSUM", List.of("--checksum-fill")),
            new Target.Unreadable("unknown option"));
    for (Target t : samples) {
      assertThat(t.terminal()).as(t.save()).isEqualTo(expected.get(t.getClass().getSimpleName()));
    }
    assertThat(new Target.NotModelled("NFQUEUE", List.of()).terminal()).isTrue();
  }

  @Test
  void markTarget_everyFormIsOneXmark() {
    assertThat(one("-A", "T", "-j", "MARK", "--or-mark", "0x4000").target())
        .isEqualTo(new Target.Mark(0x4000, 0x4000));
    assertThat(one("-A", "T", "-j", "MARK", "--set-mark", "0x1").target())
        .isEqualTo(new Target.Mark(1, 0xFFFFFFFFL));
    assertThat(one("-A", "T", "-j", "MARK", "--set-mark", "0x1/0xf").target())
        .isEqualTo(new Target.Mark(1, 0xF));
    assertThat(one("-A", "T", "-j", "MARK", "--and-mark", "0xff").target())
        .isEqualTo(new Target.Mark(0, 0xFFFFFF00L));
    assertThat(one("-A", "T", "-j", "MARK", "--xor-mark", "3").target())
        .isEqualTo(new Target.Mark(3, 0));
    assertThat(new Target.Mark(0x4000, 0x4000).apply(0x1)).isEqualTo(0x4001);
    assertThat(new Target.Mark(0x4000, 0).apply(0x4001))
        .isEqualTo(0x1); // KUBE-POSTROUTING --xor-mark 0x4000
    assertThat(new Target.Mark(0, 0xFFFFFF00L).apply(0x12345)).isEqualTo(0x45);
    assertThat(new Target.Mark(0x10, 0xFF).apply(0xABCD)).isEqualTo(0xAB10);
  }

  @Test
  void connmarkTarget_forms() {
    assertThat(one("-A", "T", "-j", "CONNMARK", "--save-mark", "--mask", "0xff").target())
        .isEqualTo(new Target.Connmark(Target.Connmark.Mode.SAVE, 0, 0xFF, 0xFF));
    assertThat(one("-A", "T", "-j", "CONNMARK", "--or-mark", "0x5").target())
        .isEqualTo(new Target.Connmark(Target.Connmark.Mode.SET, 5, 5, 0xFFFFFFFFL));
  }

  @Test
  void interfaces_plusIsAPrefix_negationInverts() {
    assertThat(new Match.InInterface("eth+", false).matches("eth0")).isTrue();
    assertThat(new Match.InInterface("eth+", false).matches("veth0")).isFalse();
    assertThat(new Match.InInterface("+", false).matches("anything")).isTrue();
    assertThat(new Match.OutInterface("docker0", true).matches("docker0")).isFalse();
    assertThat(new Match.OutInterface("docker0", true).matches("eth0")).isTrue();
  }

  @Test
  void tcpFlags_syn_andPorts() {
    Match.Tcp t =
        (Match.Tcp) one("-A", "T", "-p", "tcp", "--syn", "--dport", "1000:2000").matches().get(1);
    assertThat(t.flags()).contains(Match.Tcp.Flags.SYN_ONLY);
    assertThat(t.flags().orElseThrow().matches(Match.Tcp.Flags.SYN)).isTrue();
    assertThat(t.flags().orElseThrow().matches(Match.Tcp.Flags.SYN | Match.Tcp.Flags.ACK))
        .isFalse();
    assertThat(t.flags().orElseThrow().matches(Match.Tcp.Flags.SYN | Match.Tcp.Flags.PSH)).isTrue();
    assertThat(t.destinationPort().orElseThrow().matches(1500)).isTrue();
    assertThat(t.destinationPort().orElseThrow().matches(2001)).isFalse();
    assertThat(new PortMatch(PortRange.of(22), true).matches(22)).isFalse();
  }

  @Test
  void icmpTypes_byNameNumberAndCode() {
    assertThat(one("-A", "T", "-p", "icmp", "--icmp-type", "echo-request").matches().get(1))
        .isEqualTo(new Match.IcmpType(8, 0, 255, false));
    assertThat(one("-A", "T", "-p", "icmp", "--icmp-type", "host-prohibited").matches().get(1))
        .isEqualTo(new Match.IcmpType(3, 10, 10, false));
    assertThat(one("-A", "T", "-p", "icmp", "--icmp-type", "ping").matches().get(1))
        .isEqualTo(new Match.IcmpType(8, 0, 255, false));
    Match.IcmpType unreach =
        (Match.IcmpType) one("-A", "T", "-p", "icmp", "!", "--icmp-type", "3/3").matches().get(1);
    assertThat(unreach.matches(3, 3)).isFalse();
    assertThat(unreach.matches(3, 1)).isTrue();
    assertThat(new Match.IcmpType(Match.IcmpType.ANY, 0, 255, false).matches(11, 0)).isTrue();
  }

  @Test
  void statistic_probabilityIsQuantizedAsTheKernelStoresIt() {
    Match.Statistic s =
        (Match.Statistic)
            one("-A", "T", "-m", "statistic", "--mode", "random", "--probability", "0.3333333333")
                .matches()
                .get(0);
    assertThat(s.probability()).isEqualTo(715827883 / 2147483648.0);
    assertThat(s.save()).isEqualTo("-m statistic --mode random --probability 0.33333333349");
    assertThat(Match.Statistic.random(0.2, false).save())
        .isEqualTo("-m statistic --mode random --probability 0.20000000019");
  }

  @Test
  void markMatch_masksThenCompares() {
    Match.Mark m = new Match.Mark(0x4000, 0x4000, true);
    assertThat(m.matches(0x4000)).isFalse();
    assertThat(m.matches(0x4001)).isFalse();
    assertThat(m.matches(0x1)).isTrue();
    assertThat(new Match.Mark(1, 0xFFFFFFFFL, false).save()).isEqualTo("-m mark --mark 0x1");
  }

  @Test
  void conntrack_criteriaInIptablesOrder_whateverTheGivenOrder() {
    Match.Conntrack c =
        (Match.Conntrack)
            one(
                    "-A",
                    "T",
                    "-m",
                    "conntrack",
                    "--ctorigdstport",
                    "443",
                    "--ctorigdst",
                    "10.96.0.10",
                    "--ctstate",
                    "DNAT")
                .matches()
                .get(0);
    assertThat(c.criteria())
        .containsExactly(
            new Match.Conntrack.States(java.util.Set.of(CtState.DNAT), false),
            new Match.Conntrack.Address(
                Match.Conntrack.Tuple.ORIGDST, Prefix.parse("10.96.0.10/32"), false),
            new Match.Conntrack.Port(Match.Conntrack.Tuple.ORIGDST, PortRange.of(443), false));
    assertThat(c.save())
        .isEqualTo("-m conntrack --ctstate DNAT --ctorigdst 10.96.0.10 --ctorigdstport 443");
  }

  @Test
  void multipleAddresses_makeOneRulePerPair_inIptablesOrder() {
    RulesetBuilder b = RulesetBuilder.strict();
    List<Rule> r =
        b.execute(
            List.of(
                "-A", "INPUT", "-s", "10.0.0.1,10.0.0.2", "-d", "1.1.1.1,2.2.2.2", "-j", "ACCEPT"),
            Origin.KERNEL);
    assertThat(r)
        .extracting(Rule::text)
        .containsExactly(
            "-A INPUT -s 10.0.0.1/32 -d 1.1.1.1/32 -j ACCEPT",
                "-A INPUT -s 10.0.0.1/32 -d 2.2.2.2/32 -j ACCEPT",
            "-A INPUT -s 10.0.0.2/32 -d 1.1.1.1/32 -j ACCEPT",
                "-A INPUT -s 10.0.0.2/32 -d 2.2.2.2/32 -j ACCEPT");
  }

  @Test
  void optionsMayComeInAnyOrder_andAbbreviated_andHostBitsAreCleared() {
    assertThat(
            one(
                    "-j",
                    "ACCEPT",
                    "-p",
                    "tcp",
                    "--dport",
                    "http",
                    "-A",
                    "T",
                    "-s",
                    "10.0.0.1/255.255.0.0")
                .text())
        .isEqualTo("-A T -s 10.0.0.0/16 -p tcp -m tcp --dport 80 -j ACCEPT");
    assertThat(one("-t", "nat", "-A", "T", "-j", "SNAT", "--to", "1.2.3.4").text())
        .isEqualTo("-A T -j SNAT --to-source 1.2.3.4");
    assertThat(
            one(
                    "--append",
                    "T",
                    "--protocol",
                    "udp",
                    "--destination-port",
                    "53",
                    "--jump",
                    "RETURN")
                .text())
        .isEqualTo("-A T -p udp -m udp --dport 53 -j RETURN");
  }

  @Test
  void limitRates_printAsIptablesPrintsThem() {
    assertThat(new Match.Limit(Match.Limit.SCALE * 60 / 5, 5).save())
        .isEqualTo("-m limit --limit 5/min");
    assertThat(new Match.Limit(Match.Limit.SCALE / 3, 10).save())
        .isEqualTo("-m limit --limit 3/sec --limit-burst 10");
  }

  @Test
  void records_refuseNonsense() {
    assertThatThrownBy(() -> new PortRange(5, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Match.Protocol(256, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Target.Mark(0x1_0000_0000L, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new Ruleset(
                    Map.of(NetfilterTable.FILTER, Map.of("A", Chain.user("B", List.of()))),
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
