package dev.podpath.model.netfilter.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.netfilter.IptablesSave;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every match and target podpath models, one canonical {@code iptables-save} line each. The fixture
 * {@code canonical.iptables-save} was checked on kernel 6.18 with iptables 1.8.9 (nf_tables):
 * {@code iptables-restore < canonical.iptables-save; iptables-save} printed it back byte for byte
 * (after {@code ipset create S hash:ip; ipset create P hash:ip,port}).
 */
final class CanonicalRulesTest {

  private static final String FIXTURE = Dump.resource("canonical.iptables-save");

  private static Arguments row(String table, String line, String kinds) {
    return Arguments.of(table, line, kinds);
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        row("mangle", "-A T -j MARK --set-xmark 0x4000/0x4000", " -> Mark"),
        row("mangle", "-A T -j MARK --set-xmark 0x1/0xffffffff", " -> Mark"),
        row("mangle", "-A T -j MARK --set-xmark 0x0/0xffffff00", " -> Mark"),
        row("mangle", "-A T -j MARK --set-xmark 0x3/0x0", " -> Mark"),
        row(
            "mangle",
            "-A T -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff",
            " -> Connmark"),
        row("mangle", "-A T -j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xf", " -> Connmark"),
        row("mangle", "-A T -j CONNMARK --set-xmark 0x5/0x7", " -> Connmark"),
        row("mangle", "-A T -j TRACE", " -> Trace"),
        row("mangle", "-A T -j CHECKSUM --checksum-fill", " -> NotModelled"),
        row("mangle", "-A T -p tcp -j TCPMSS --clamp-mss-to-pmtu", "Protocol -> NotModelled"),
        row("raw", "-A T -j TRACE", " -> Trace"),
        row("raw", "-A T -j NOTRACK", " -> Notrack"),
        row("raw", "-A T -j CT --notrack", " -> Ct"),
        row("raw", "-A T -j CT --zone 5", " -> Ct"),
        row(
            "filter",
            "-A T ! -s 10.0.0.1/32 -d 10.1.0.0/16 -i eth+ ! -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT",
            "Source,Destination,InInterface,OutInterface,Protocol,Tcp -> Accept"),
        row(
            "filter",
            "-A T -p tcp -m comment --comment probe -m tcp --sport 1000:2000 ! --dport 22 ! --tcp-flags FIN,SYN,RST,ACK SYN",
            "Protocol,Comment,Tcp -> Continue"),
        row(
            "filter",
            "-A T -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG SYN,ACK",
            "Protocol,Tcp -> Continue"),
        row(
            "filter",
            "-A T -p tcp -m tcp --tcp-option 2 --tcp-flags SYN,RST NONE",
            "Protocol,Tcp -> Continue"),
        row("filter", "-A T -p tcp -m tcp -j ACCEPT", "Protocol,Tcp -> Accept"),
        row("filter", "-A T -p udp -m udp --sport 53:65535 --dport 53", "Protocol,Udp -> Continue"),
        row("filter", "-A T -p udp -m udp --dport 0:1024", "Protocol,Udp -> Continue"),
        row("filter", "-A T -p icmp -m icmp --icmp-type 8", "Protocol,IcmpType -> Continue"),
        row("filter", "-A T -p icmp -m icmp ! --icmp-type 3/3", "Protocol,IcmpType -> Continue"),
        row("filter", "-A T -p icmp -m icmp --icmp-type any", "Protocol,IcmpType -> Continue"),
        row("filter", "-A T -p icmp -m icmp --icmp-type 3/10", "Protocol,IcmpType -> Continue"),
        row("filter", "-A T -p gre", "Protocol -> Continue"),
        row("filter", "-A T ! -p udp", "Protocol -> Continue"),
        row("filter", "-A T -p sctp", "Protocol -> Continue"),
        row("filter", "-A T -f", "Fragment -> Continue"),
        row("filter", "-A T", " -> Continue"),
        row(
            "filter",
            "-A T -p tcp -m multiport --dports 80,443,8000:8080",
            "Protocol,Multiport -> Continue"),
        row("filter", "-A T -p udp -m multiport ! --sports 53", "Protocol,Multiport -> Continue"),
        row("filter", "-A T -p tcp -m multiport --ports 22", "Protocol,Multiport -> Continue"),
        row(
            "filter",
            "-A T -m conntrack --ctstate INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED,SNAT,DNAT",
            "Conntrack -> Continue"),
        row(
            "filter",
            "-A T -m conntrack ! --ctstate NEW --ctproto 6 ! --ctorigsrc 1.2.3.0/24 --ctorigdst 10.2.0.1 --ctrepldst 4.4.4.4 --ctorigsrcport 9 --ctorigdstport 443 --ctreplsrcport 5 --ctrepldstport 6:7 --ctstatus SEEN_REPLY,ASSURED --ctexpire 10:20 --ctdir REPLY",
            "Conntrack -> Continue"),
        row("filter", "-A T -m state --state NEW,ESTABLISHED", "State -> Continue"),
        row("filter", "-A T -m state ! --state INVALID", "State -> Continue"),
        row("filter", "-A T -m mark --mark 0x1", "Mark -> Continue"),
        row("filter", "-A T -m mark ! --mark 0x4000/0x4000", "Mark -> Continue"),
        row("filter", "-A T -m connmark --mark 0x10/0xf0", "Connmark -> Continue"),
        row("filter", "-A T -m connmark ! --mark 0x7", "Connmark -> Continue"),
        row(
            "filter",
            "-A T -m comment --comment \"a \\\"quoted\\\" \\\\ back\\'s\"",
            "Comment -> Continue"),
        row("filter", "-A T -m comment --comment abc_DEF-09", "Comment -> Continue"),
        row(
            "filter",
            "-A T -m comment --comment \"kube-system/kube-dns:dns cluster IP\"",
            "Comment -> Continue"),
        row(
            "filter",
            "-A T -m addrtype --src-type UNICAST,LOCAL ! --dst-type LOCAL --limit-iface-in",
            "AddrType -> Continue"),
        row(
            "filter",
            "-A T -m addrtype --dst-type UNSPEC,BROADCAST,ANYCAST,MULTICAST,BLACKHOLE,UNREACHABLE,PROHIBIT,THROW,NAT,XRESOLVE --limit-iface-out",
            "AddrType -> Continue"),
        row(
            "filter",
            "-A T -m statistic --mode random --probability 0.33333333349",
            "Statistic -> Continue"),
        row(
            "filter",
            "-A T -m statistic --mode random ! --probability 0.50000000000",
            "Statistic -> Continue"),
        row(
            "filter",
            "-A T -m statistic --mode random --probability 0.20000000019",
            "Statistic -> Continue"),
        row(
            "filter",
            "-A T -m statistic --mode random --probability 1.00000000000",
            "Statistic -> Continue"),
        row("filter", "-A T -m statistic --mode nth --every 3 --packet 1", "Statistic -> Continue"),
        row(
            "filter",
            "-A T -m physdev --physdev-is-in --physdev-in veth1 ! --physdev-is-out ! --physdev-out veth2 --physdev-is-bridged",
            "Physdev -> Continue"),
        row("filter", "-A T -m physdev ! --physdev-is-bridged", "Physdev -> Continue"),
        row("filter", "-A T -m set --match-set S src -j ACCEPT", "SetMatch -> Accept"),
        row("filter", "-A T -m set ! --match-set P dst,dst -j DROP", "SetMatch -> Drop"),
        row(
            "filter",
            "-A T -m set --match-set S src --return-nomatch ! --update-counters ! --update-subcounters --packets-gt 5",
            "SetMatch -> Continue"),
        row("filter", "-A T -m limit --limit 5/min --limit-burst 10", "Limit -> Continue"),
        row("filter", "-A T -m limit --limit 3/sec", "Limit -> Continue"),
        row("filter", "-A T -m limit --limit 3/hour", "Limit -> Continue"),
        row("filter", "-A T -m limit --limit 1000/day", "Limit -> Continue"),
        row(
            "filter",
            "-A T -m recent --set --name SSH --mask 255.255.255.255 --rsource",
            "Recent -> Continue"),
        row(
            "filter",
            "-A T -m recent --rcheck --seconds 60 --hitcount 4 --name DEFAULT --mask 255.255.255.255 --rsource",
            "Recent -> Continue"),
        row(
            "filter",
            "-A T -m recent ! --update --seconds 60 --reap --rttl --name X --mask 255.255.0.0 --rdest",
            "Recent -> Continue"),
        row("filter", "-A T -m iprange --src-range 1.1.1.1-1.1.1.9", "NotModelled -> Continue"),
        row("filter", "-A T -m owner --uid-owner 0", "NotModelled -> Continue"),
        row("filter", "-A T -m string --string \"GET /\" --algo bm", "NotModelled -> Continue"),
        row("filter", "-A T -j REJECT --reject-with icmp-port-unreachable", " -> Reject"),
        row("filter", "-A T -p tcp -j REJECT --reject-with tcp-reset", "Protocol -> Reject"),
        row("filter", "-A T -j REJECT --reject-with icmp-host-prohibited", " -> Reject"),
        row("filter", "-A T -j REJECT --reject-with icmp-admin-prohibited", " -> Reject"),
        row("filter", "-A T -j REJECT --reject-with icmp-net-unreachable", " -> Reject"),
        row("filter", "-A T -j REJECT --reject-with icmp-proto-unreachable", " -> Reject"),
        row("filter", "-A T -j REJECT --reject-with icmp-net-prohibited", " -> Reject"),
        row("filter", "-A T -j REJECT --reject-with icmp-host-unreachable", " -> Reject"),
        row("filter", "-A T -g U", " -> Goto"),
        row("filter", "-A T -j U", " -> Jump"),
        row("filter", "-A T -j RETURN", " -> Return"),
        row("filter", "-A T -j DROP", " -> Drop"),
        row("filter", "-A T -j LOG", " -> Log"),
        row(
            "filter",
            "-A T -j LOG --log-prefix \"p: \" --log-level 7 --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid --log-macdecode",
            " -> Log"),
        row(
            "filter",
            "-A T -j NFLOG --nflog-prefix x --nflog-group 5 --nflog-size 100 --nflog-threshold 3",
            " -> Nflog"),
        row("filter", "-A T -j NFLOG", " -> Nflog"),
        row("filter", "-A T -j NFQUEUE --queue-num 3", " -> NotModelled"),
        row("nat", "-A T -p tcp -j DNAT --to-destination 10.0.0.1:8080", "Protocol -> Dnat"),
        row("nat", "-A T -j DNAT --to-destination 10.0.0.1", " -> Dnat"),
        row(
            "nat",
            "-A T -p udp -j DNAT --to-destination 10.0.0.1-10.0.0.5:100-200 --random --persistent",
            "Protocol -> Dnat"),
        row("nat", "-A T -p tcp -j DNAT --to-destination :80", "Protocol -> Dnat"),
        row("nat", "-A T -j SNAT --to-source 1.2.3.4", " -> Snat"),
        row(
            "nat",
            "-A T -p tcp -j SNAT --to-source 1.2.3.4:1000-2000 --random --random-fully --persistent",
            "Protocol -> Snat"),
        row("nat", "-A T -j MASQUERADE", " -> Masquerade"),
        row(
            "nat",
            "-A T -p tcp -j MASQUERADE --to-ports 1024-65535 --random",
            "Protocol -> Masquerade"),
        row("nat", "-A T -j MASQUERADE --random-fully", " -> Masquerade"),
        row("nat", "-A T -p tcp -j REDIRECT --to-ports 8080", "Protocol -> Redirect"),
        row("nat", "-A T -p tcp -j REDIRECT --to-ports 8080-8090 --random", "Protocol -> Redirect"),
        row("nat", "-A T -p tcp -j REDIRECT", "Protocol -> Redirect"));
  }

  /** One rule in a table of its own, read as a dump. */
  private static Rule parseOne(String table, String line) throws NetfilterParseException {
    Ruleset r =
        IptablesSaveParser.parse(
            "one", "*" + table + "\n:T - [0:0]\n:U - [0:0]\n" + line + "\nCOMMIT\n");
    List<Rule> rules = r.rules();
    assertThat(rules).hasSize(1);
    return rules.get(0);
  }

  private static String kinds(Rule r) {
    return r.matches().stream()
            .map(m -> m.getClass().getSimpleName())
            .collect(Collectors.joining(","))
        + " -> "
        + r.target().getClass().getSimpleName();
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("rows")
  void line_parsesIntoItsRecords_andPrintsBackAsSaved(String table, String line, String kinds)
      throws Exception {
    Rule r = parseOne(table, line);
    assertThat(kinds(r)).isEqualTo(kinds);
    assertThat(r.text()).isEqualTo(line);
    assertThat(IptablesSave.ruleLine("T", r.matches(), r.target())).isEqualTo(line);
    assertThat(r.origin()).isEqualTo(new Origin("one", 4, line));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("rows")
  void line_givenAsAnIptablesCommand_savesAsTheKernelSavedIt(
      String table, String line, String kinds) {
    RulesetBuilder b = RulesetBuilder.strict();
    b.ipsets().create("S", "hash:ip", false, Origin.KERNEL);
    b.ipsets().create("P", "hash:ip,port", false, Origin.KERNEL);
    b.execute(List.of("-t", table, "-N", "T"), Origin.KERNEL);
    b.execute(List.of("-t", table, "-N", "U"), Origin.KERNEL);
    List<String> args = new java.util.ArrayList<>(List.of("-t", table));
    try {
      args.addAll(RestoreTokenizer.split(line).stream().map(Token::text).toList());
    } catch (RestoreTokenizer.Unterminated e) {
      throw new AssertionError(e);
    }
    List<Rule> added = b.execute(args, Origin.KERNEL);
    assertThat(added).singleElement().extracting(Rule::text).isEqualTo(line);
  }

  @Test
  void wholeFixture_asDump_printsBackByteForByte() throws Exception {
    assertThat(IptablesSave.print(IptablesSaveParser.parse("canonical", FIXTURE), false))
        .isEqualTo(FIXTURE);
  }

  @Test
  void wholeFixture_throughIptablesRestore_printsBackByteForByte() throws Exception {
    RulesetBuilder b = RulesetBuilder.strict();
    b.ipsets().create("S", "hash:ip", false, Origin.KERNEL);
    b.ipsets().create("P", "hash:ip,port", false, Origin.KERNEL);
    b.restore("canonical", FIXTURE, false, false);
    assertThat(IptablesSave.print(b.build(), false)).isEqualTo(FIXTURE);
  }

  @Test
  void everyModelledMatchKind_appearsInTheFixture() throws Exception {
    Ruleset r = IptablesSaveParser.parse("canonical", FIXTURE);
    List<String> seen =
        r.rules().stream()
            .flatMap(x -> x.matches().stream())
            .map(m -> m.getClass().getSimpleName())
            .distinct()
            .toList();
    List<String> all =
        Stream.of(Match.class.getPermittedSubclasses()).map(Class::getSimpleName).toList();
    assertThat(seen).containsExactlyInAnyOrderElementsOf(all);
  }
}
