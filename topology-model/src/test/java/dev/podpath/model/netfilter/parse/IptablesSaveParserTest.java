package dev.podpath.model.netfilter.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.Counters;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.IptablesSave;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.NatRange;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Policy;
import dev.podpath.model.netfilter.PortMatch;
import dev.podpath.model.netfilter.PortRange;
import dev.podpath.model.netfilter.RejectWith;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.origin.Origin;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Dumps of real machines and of kube-proxy's and Docker's rules, and malformed dumps. */
final class IptablesSaveParserTest {

  private static final Path BEFORE = Dump.REAL.resolve("master-01.before.iptables-save.txt");
  private static final Path AFTER = Dump.REAL.resolve("master-01.after.iptables-save.txt");

  private static Rule rule(Ruleset r, NetfilterTable t, String chain, int number) {
    return r.chain(t, chain).orElseThrow().rule(number).orElseThrow();
  }

  /** The file's rule lines, without comments (iptables-save of the legacy backend, CentOS 7). */
  private static List<String> ruleLines(String dump) {
    return dump.lines().filter(l -> l.startsWith("-A ")).toList();
  }

  @Test
  void realDumpBefore_everyRuleKeptVerbatim_andPrintedBackIdentically() throws Exception {
    Ruleset r = IptablesSaveParser.parse(BEFORE);
    String text = Dump.read(BEFORE);
    assertThat(r.rules())
        .extracting(Rule::text)
        .containsExactlyInAnyOrderElementsOf(ruleLines(text));
    for (Rule x : r.rules()) {
      assertThat(IptablesSave.ruleLine(x.text().split(" ")[1], x.matches(), x.target()))
          .isEqualTo(x.text());
    }
    // the legacy backend printed mangle, nat, filter; each table block comes back line for line
    String printed = IptablesSave.print(r, true);
    for (String block : text.split("COMMIT\n")) {
      List<String> lines = block.lines().filter(l -> !l.startsWith("#") && !l.isEmpty()).toList();
      List<String> withCounters =
          lines.stream().map(l -> l.startsWith("-A") ? "[0:0] " + l : l).toList();
      if (!lines.isEmpty()) {
        assertThat(printed).contains(String.join("\n", withCounters) + "\nCOMMIT\n");
      }
    }
    assertThat(r.notModelled())
        .extracting(Rule::text)
        .containsExactly(
            "-A POSTROUTING -o virbr0 -p udp -m udp --dport 68 -j CHECKSUM --checksum-fill");
  }

  @Test
  void realDumpBefore_theAnswerIsInTheRules() throws Exception {
    Ruleset r = IptablesSaveParser.parse(BEFORE);
    assertThat(r.tables().keySet())
        .containsExactly(NetfilterTable.MANGLE, NetfilterTable.FILTER, NetfilterTable.NAT);
    assertThat(r.chain(NetfilterTable.MANGLE, "PREROUTING").orElseThrow().counters())
        .isEqualTo(new Counters(4644794, 3553279999L));
    // nat: the kubernetes Service 10.2.0.1:443 is DNATed to the API server on the node itself
    Rule svc = rule(r, NetfilterTable.NAT, "KUBE-SERVICES", 1);
    assertThat(svc.matches())
        .contains(
            new Match.Destination(Prefix.parse("10.2.0.1/32"), false),
            new Match.Protocol(6, false),
            new Match.Comment("default/kubernetes:https cluster IP"),
            Match.Tcp.ports(
                Optional.empty(), Optional.of(new PortMatch(PortRange.of(443), false))));
    assertThat(svc.target()).isEqualTo(new Target.Jump("KUBE-SVC-NPX46M4PTMTKRN6Y"));
    Rule dnat = rule(r, NetfilterTable.NAT, "KUBE-SEP-54IUPJM2TTG4TKF2", 2);
    assertThat(dnat.matches()).contains(Match.Tcp.ports(Optional.empty(), Optional.empty()));
    assertThat(dnat.target())
        .isEqualTo(
            new Target.Dnat(NatRange.of(Ipv4Address.parse("192.168.1.5"), 6443), false, false));
    assertThat(dnat.origin()).isEqualTo(new Origin(BEFORE.toString(), 54, dnat.text()));
    // filter INPUT ends in the host firewall's REJECT
    Chain input = r.chain(NetfilterTable.FILTER, "INPUT").orElseThrow();
    assertThat(input.policy()).contains(Policy.ACCEPT);
    assertThat(input.rules().get(input.rules().size() - 1).target())
        .isEqualTo(new Target.Reject(RejectWith.ICMP_HOST_PROHIBITED));
    // kube-dns has no endpoints: REJECT in filter KUBE-SERVICES
    Rule dns = rule(r, NetfilterTable.FILTER, "KUBE-SERVICES", 5);
    assertThat(dns.text())
        .isEqualTo(
            "-A KUBE-SERVICES -d 10.2.0.10/32 -p udp -m comment --comment "
                + "\"kube-system/kube-dns:dns has no endpoints\" -m udp --dport 53 -j REJECT --reject-with icmp-port-unreachable");
    assertThat(dns.target()).isEqualTo(new Target.Reject(RejectWith.ICMP_PORT_UNREACHABLE));
    assertThat(rule(r, NetfilterTable.FILTER, "KUBE-FIREWALL", 1).matches())
        .contains(
            new Match.Conntrack(
                List.of(
                    new Match.Conntrack.States(
                        java.util.EnumSet.of(
                            dev.podpath.model.netfilter.CtState.RELATED,
                            dev.podpath.model.netfilter.CtState.ESTABLISHED,
                            dev.podpath.model.netfilter.CtState.DNAT),
                        true))));
    assertThat(rule(r, NetfilterTable.NAT, "KUBE-MARK-MASQ", 1).target())
        .isEqualTo(new Target.Mark(0x4000, 0x4000));
  }

  @Test
  void realDumpAfter_startsWithAPastedShellPrompt_whichIsRefusedAtLineOneColumnOne()
      throws Exception {
    NetfilterParseException e =
        catchThrowableOfType(NetfilterParseException.class, () -> IptablesSaveParser.parse(AFTER));
    assertThat(e.getMessage())
        .isEqualTo(
            AFTER
                + ":1:1: line outside a table (no *table line before it)\n"
                + "    [zj@centos-7-01 create_k8s]$ sudo iptables-save");
    assertThat(e.restoreMessage()).isEqualTo("iptables-restore: line 1 failed");
  }

  @Test
  void realDumpAfter_withoutThePrompt_hasTheEndpointsAndNoHostReject() throws Exception {
    String text = Dump.read(AFTER);
    String dump = text.substring(text.indexOf('\n') + 1);
    Ruleset r = IptablesSaveParser.parse("after", dump);
    assertThat(r.rules())
        .extracting(Rule::text)
        .containsExactlyInAnyOrderElementsOf(ruleLines(dump));
    for (Rule x : r.rules()) {
      assertThat(IptablesSave.ruleLine(x.text().split(" ")[1], x.matches(), x.target()))
          .isEqualTo(x.text());
    }
    assertThat(r.chain(NetfilterTable.FILTER, "INPUT").orElseThrow().rules())
        .noneMatch(x -> x.target() instanceof Target.Reject);
    Rule sep = rule(r, NetfilterTable.NAT, "KUBE-SVC-TCOU7JCQXEZGVUNU", 2);
    assertThat(sep.matches()).contains(Match.Statistic.random(0.5, false));
    assertThat(rule(r, NetfilterTable.NAT, "KUBE-SEP-O5LSP4IVD436RT3J", 2).target())
        .isEqualTo(new Target.Dnat(NatRange.of(Ipv4Address.parse("10.1.0.67"), 53), false, false));
    assertThat(r.chain(NetfilterTable.FILTER, "INPUT").orElseThrow().counters())
        .isEqualTo(new Counters(105976, 75984836));
  }

  /**
   * kube-proxy's own restore input ({@code --or-mark}, {@code -m tcp -p tcp} order, 10-digit
   * probabilities, counters) restored with {@code --noflush --counters}: podpath prints what
   * iptables-save -c printed on the kernel for the same file ({@code kube-proxy.expected}).
   */
  @Test
  void kubeProxyRestoreInput_savesAsTheKernelSavedIt() throws Exception {
    RulesetBuilder b = RulesetBuilder.strict();
    b.restore("kube-proxy.restore", Dump.resource("kube-proxy.restore"), true, true);
    Ruleset r = b.build();
    assertThat(IptablesSave.print(r, true)).isEqualTo(Dump.resource("kube-proxy.expected"));
    Chain svc = r.chain(NetfilterTable.NAT, "KUBE-SVC-WEB").orElseThrow();
    assertThat(svc.rules())
        .extracting(
            x ->
                x.matches().stream()
                    .filter(Match.Statistic.class::isInstance)
                    .map(m -> ((Match.Statistic) m).probability())
                    .findFirst()
                    .orElse(1.0))
        .containsExactly(1.0, 715827883 / (double) 0x80000000L, 0.5, 1.0);
    assertThat(svc.rules().get(1).counters()).isEqualTo(new Counters(8, 480));
    assertThat(rule(r, NetfilterTable.NAT, "KUBE-POSTROUTING", 3).target())
        .isEqualTo(new Target.Masquerade(Optional.empty(), false, true));
    assertThat(rule(r, NetfilterTable.NAT, "KUBE-SERVICES", 2).matches())
        .contains(Match.AddrType.destination(dev.podpath.model.netfilter.AddressType.LOCAL, false));
    assertThat(r.policy(NetfilterTable.FILTER, Hook.FORWARD)).isEqualTo(Policy.ACCEPT);
    assertThat(rule(r, NetfilterTable.NAT, "KUBE-SEP-A", 2).origin().location())
        .isEqualTo("kube-proxy.restore:49");
  }

  @Test
  void chainDeclaredAfterItsFirstJump_isAJump_inADump() throws Exception {
    Ruleset r =
        IptablesSaveParser.parse("d", "*filter\n-A INPUT -j LATER\n:LATER - [0:0]\nCOMMIT\n");
    assertThat(rule(r, NetfilterTable.FILTER, "INPUT", 1).target())
        .isEqualTo(new Target.Jump("LATER"));
  }

  @Test
  void unknownModulesAndTargets_areKeptAsNotModelled_inADump() throws Exception {
    Ruleset r =
        IptablesSaveParser.parse(
            "d",
            """
        *filter
        :INPUT ACCEPT [0:0]
        -A INPUT -m frobnicate --level 3 ! --knob x -s 1.2.3.4/32 -j CILIUM-ISH --opt 1
        -A INPUT -m owner --uid-owner 0 -j ACCEPT
        COMMIT
        """);
    Rule a = rule(r, NetfilterTable.FILTER, "INPUT", 1);
    assertThat(a.matches())
        .containsExactly(
            new Match.Source(Prefix.parse("1.2.3.4/32"), false),
            new Match.NotModelled("frobnicate", List.of("--level", "3", "!", "--knob", "x")));
    assertThat(a.target()).isEqualTo(new Target.NotModelled("CILIUM-ISH", List.of("--opt", "1")));
    assertThat(a.spec())
        .isEqualTo("-s 1.2.3.4/32 -m frobnicate --level 3 ! --knob x -j CILIUM-ISH --opt 1");
    assertThat(r.notModelled()).hasSize(2);
  }

  @Test
  void countersBeforeRulesAndOnChains_areKept() throws Exception {
    Ruleset r =
        IptablesSaveParser.parse(
            "d",
            "*filter\n:INPUT ACCEPT [5:300]\n:FORWARD DROP [2:168]\n"
                + "[12:813] -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\nCOMMIT\n");
    assertThat(r.chain(NetfilterTable.FILTER, "FORWARD").orElseThrow())
        .isEqualTo(
            Chain.builtin(
                "FORWARD",
                Policy.DROP,
                new Counters(2, 168),
                List.of(rule(r, NetfilterTable.FILTER, "FORWARD", 1))));
    assertThat(rule(r, NetfilterTable.FILTER, "FORWARD", 1).counters())
        .isEqualTo(new Counters(12, 813));
    assertThat(rule(r, NetfilterTable.FILTER, "FORWARD", 1).text())
        .isEqualTo("-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
    assertThat(r.policy(NetfilterTable.FILTER, Hook.OUTPUT)).isEqualTo(Policy.ACCEPT);
    assertThat(r.policy(NetfilterTable.NAT, Hook.POSTROUTING)).isEqualTo(Policy.ACCEPT);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(
            "rule for an undeclared chain",
            "*filter\n:INPUT ACCEPT [0:0]\n-A KUBE-NOPE -j ACCEPT\nCOMMIT\n",
            "d:3:1: No chain/target/match by that name."),
        Arguments.of(
            "unterminated quote",
            "*filter\n-A INPUT -m comment --comment \"abc -j ACCEPT\nCOMMIT\n",
            "d:2:31: unterminated quote"),
        Arguments.of(
            "missing COMMIT",
            "*filter\n-A INPUT -j ACCEPT\n",
            "d:2:1: COMMIT expected at line 3 (the table is not closed)"),
        Arguments.of(
            "line outside a table",
            "# x\n-A INPUT -j ACCEPT\n",
            "d:2:1: line outside a table (no *table line before it)"),
        Arguments.of(
            "unknown option of a known match",
            "*filter\n-A INPUT -m mark --mark 1 --foo -j ACCEPT\nCOMMIT\n",
            "d:2:27: unknown option \"--foo\""),
        Arguments.of(
            "bad value",
            "*filter\n-A INPUT -p tcp -m tcp --dport 99999 -j ACCEPT\nCOMMIT\n",
            "d:2:32: invalid port/service `99999' specified"),
        Arguments.of(
            "second table before COMMIT",
            "*filter\n-A INPUT -j ACCEPT\n*nat\nCOMMIT\n",
            "d:3:1: Bad argument `*nat' (COMMIT expected before a new table)"),
        Arguments.of("unknown table", "*filtre\nCOMMIT\n", "d:1:2: table name 'filtre' invalid"),
        Arguments.of(
            "bad counters",
            "*filter\n[a:b] -A INPUT -j ACCEPT\nCOMMIT\n",
            "d:2:1: bad counters `[a:b]' (expected [packets:bytes])"),
        Arguments.of(
            "bad policy", "*filter\n:INPUT BOGUS [0:0]\nCOMMIT\n", "d:2:8: Bad policy name."),
        Arguments.of(
            "not a command", "*filter\nbogus line\nCOMMIT\n", "d:2:1: Bad argument `bogus'"),
        Arguments.of(
            "dangling option",
            "*filter\n-A INPUT -j LOG --log-prefix\nCOMMIT\n",
            "d:2:17: option \"--log-prefix\" requires an argument"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedDump_isAnErrorAtFileLineColumn(String what, String dump, String message) {
    NetfilterParseException e =
        catchThrowableOfType(
            NetfilterParseException.class, () -> IptablesSaveParser.parse("d", dump));
    assertThat(e).as(what).isNotNull();
    String[] lines = dump.split("\n");
    assertThat(e.getMessage())
        .isEqualTo(message + "\n    " + lines[Math.min(e.line(), lines.length) - 1]);
    assertThat(e.lineText()).isEqualTo(lines[e.line() - 1]);
  }

  @Test
  void columns_pointAtTheOffendingValue_afterCounters() {
    String line = "[3:180] -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:99999";
    NetfilterParseException e =
        catchThrowableOfType(
            NetfilterParseException.class,
            () ->
                IptablesSaveParser.parse(
                    "d", "*nat\n:PREROUTING ACCEPT [0:0]\n" + line + "\nCOMMIT\n"));
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.reason()).isEqualTo("Port `99999' not valid");
    assertThat(e.column()).isEqualTo(line.indexOf("10.0.0.1:99999") + 1);
    assertThat(e.restoreMessage())
        .isEqualTo(
            "iptables-restore v1.8.9 (nf_tables): Port `99999' not valid\n"
                + "Error occurred at line: 3");
  }
}
