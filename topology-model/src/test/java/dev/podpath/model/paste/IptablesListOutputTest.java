package dev.podpath.model.paste;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.netfilter.parse.IptablesSaveParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Given an {@code iptables -L} listing pasted, when it is imported, then the rules it stands for.
 * The kernel is the judge: {@code netfilter/listing/} holds the listings and the {@code
 * iptables-save} of one set of rules, captured from a real kernel by its {@code capture.sh}; each
 * listing must import to the same rules as the save, except what the listing does not print.
 */
final class IptablesListOutputTest {

  private static String resource(String name) throws IOException {
    try (InputStream in =
        IptablesListOutputTest.class.getResourceAsStream("/netfilter/listing/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static PasteSplit imported(String command, String listing) {
    return PasteSplitter.split(
        List.of(new PastedText("p.md", "[root@n1 ~]# " + command + "\n" + listing)),
        Optional.empty());
  }

  private static Ruleset rules(PasteSplit s) throws Exception {
    assertThat(s.files()).containsKey("n1/iptables-save.txt");
    return IptablesSaveParser.parse("iptables-save.txt", s.files().get("n1/iptables-save.txt"));
  }

  /** Each chain as its policy and its rules' specs: what a packet meets, without origins. */
  private static Map<String, List<String>> shape(Ruleset r, NetfilterTable table) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Chain c : r.tables().getOrDefault(table, Map.of()).values()) {
      List<String> rows = new java.util.ArrayList<>();
      rows.add("policy " + c.policy().map(Object::toString).orElse("-"));
      c.rules().forEach(x -> rows.add(x.spec()));
      out.put(c.name(), rows);
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource({
    "iptables -nvL, filter-nvL.txt, FILTER",
    "iptables -vL, filter-vL.txt, FILTER",
    "iptables -t nat -nvL, nat-nvL.txt, NAT"
  })
  void aVerboseListing_importsToTheSameRulesAsTheKernelsSave(
      String command, String file, NetfilterTable table) throws Exception {
    Ruleset save = IptablesSaveParser.parse("save.txt", resource("save.txt"));
    Ruleset listed = rules(imported(command, resource(file)));
    Map<String, List<String>> want = shape(save, table);
    Map<String, List<String>> got = shape(listed, table);
    // PKTTYPE is rebuilt as -m pkttype, which podpath keeps as not modelled in both
    assertThat(got).isEqualTo(want);
  }

  @Test
  void aListingWithoutV_keepsEveryRuleAsNotModelled_forItsInterfacesAreNotPrinted()
      throws Exception {
    PasteSplit s = imported("iptables -L", resource("filter-L.txt"));
    Ruleset listed = rules(s);
    Ruleset save = IptablesSaveParser.parse("save.txt", resource("save.txt"));
    Map<String, Chain> chains = listed.tables().get(NetfilterTable.FILTER);
    assertThat(chains.get("FORWARD").policy())
        .isEqualTo(save.tables().get(NetfilterTable.FILTER).get("FORWARD").policy());
    assertThat(chains.values().stream().flatMap(c -> c.rules().stream()))
        .hasSize(19)
        .allMatch(Rule::hasNotModelled);
    assertThat(notes(s)).anyMatch(n -> n.contains("prints only with -v"));
  }

  @Test
  void numberedRows_areReadAsTheUnnumbered() throws Exception {
    Ruleset numbered =
        rules(imported("iptables -nL --line-numbers", resource("filter-nL-num.txt")));
    Ruleset plain = rules(imported("iptables -L", resource("filter-L.txt")));
    assertThat(shape(numbered, NetfilterTable.FILTER))
        .isEqualTo(shape(plain, NetfilterTable.FILTER));
  }

  /** concourse/concourse#897 as posted: `(...)` for rules left out, the last row cut short. */
  @Test
  void elisionsAndACutRow_areKeptInPlace_asNotModelled() throws Exception {
    PasteSplit s =
        imported(
            "iptables -nvL",
            """
            Chain INPUT (policy DROP 0 packets, 0 bytes)
             pkts bytes target     prot opt in     out     source               destination
                (...)
                0     0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            limit: avg 5/min burst 5 LOG flags 0 level 7 prefix "iptables INPUT denied: "
                0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-port-unreachable

            Chain FORWARD (policy DROP 0 packets, 0 bytes)
             pkts bytes target     prot opt in     out     source               destination
                0     0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            limit: avg 5/min burst 5 LOG flags 0 level 7 prefix "iptables FORWARD denied: "
                0     0 REJECT     all  --  *      *
            """);
    Map<String, Chain> chains = rules(s).tables().get(NetfilterTable.FILTER);
    List<Rule> input = chains.get("INPUT").rules();
    assertThat(input).hasSize(3);
    assertThat(input.get(0).matches()).singleElement().isInstanceOf(Match.NotModelled.class);
    assertThat(input.get(1).hasNotModelled()).isFalse();
    assertThat(input.get(2).spec()).isEqualTo("-j REJECT --reject-with icmp-port-unreachable");
    List<Rule> forward = chains.get("FORWARD").rules();
    assertThat(forward.get(1).hasNotModelled()).isTrue();
    assertThat(forward.get(1).spec())
        .startsWith("-m listing")
        .contains("a row cut short", "-j REJECT");
    assertThat(notes(s))
        .anyMatch(n -> n.contains("rules left out by the poster") && n.contains("line 4"))
        .anyMatch(n -> n.contains("a row cut short"));
  }

  /** cloudnativelabs/kube-router#602 as posted: one chain, rounded counters, a row cut short. */
  @Test
  void aListingOfOneChain_leavesTheOtherBuiltinChainsUnknown() throws Exception {
    PasteSplit s =
        imported(
            "iptables -v -L INPUT",
            """
            Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
             pkts bytes target     prot opt in     out     source               destination
              41M   12G KUBE-FIREWALL  all  --  any    any     anywhere             anywhere
             295K   18M ACCEPT     all  --  lo     any     anywhere             anywhere
             1006 40713 DROP       all  --  any    any     anywhere             anywhere             ctstate INVALID
               24  1576 LOG        all  --  any    any     anywhere             anywhere             PKTTYPE = unicast LOG level wa
            """);
    Map<String, Chain> chains = rules(s).tables().get(NetfilterTable.FILTER);
    assertThat(chains.get("INPUT").rules())
        .extracting(Rule::spec)
        .containsExactly(
            "-j KUBE-FIREWALL",
            "-i lo -j ACCEPT",
            "-m conntrack --ctstate INVALID -j DROP",
            "-m pkttype --pkt-type unicast -m listing --not-shown \"`LOG level wa`\" -j LOG");
    assertThat(chains.get("FORWARD").rules()).singleElement().matches(Rule::hasNotModelled);
    assertThat(chains.get("OUTPUT").rules()).singleElement().matches(Rule::hasNotModelled);
    assertThat(notes(s))
        .anyMatch(n -> n.contains("only chain INPUT was listed"))
        .anyMatch(n -> n.contains("rounds them"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ctstate RELATED,ESTABLISHED | ACCEPT | all | -m conntrack --ctstate RELATED,ESTABLISHED |",
        "tcp spts:1024:65535 dpt:6443 | ACCEPT | tcp | -m tcp --sport 1024:65535 --dport 6443 |",
        "tcp dpt:!https | ACCEPT | tcp | -m tcp ! --dport 443 |",
        "udp dpt:53 to:10.244.1.5:53 | DNAT | udp | -m udp --dport 53 | --to-destination 10.244.1.5:53",
        "multiport dports domain,8472 | ACCEPT | udp | -m multiport --dports 53,8472 |",
        "ADDRTYPE match src-type !LOCAL dst-type LOCAL | RETURN | all"
            + " | -m addrtype ! --src-type LOCAL --dst-type LOCAL |",
        "! match-set KUBE-CLUSTER-IP dst,dst | ACCEPT | all"
            + " | -m set ! --match-set KUBE-CLUSTER-IP dst,dst |",
        "MARK or 0x4000 | MARK | all | | --set-xmark 0x4000/0x4000",
        "/* kube: a \"b\" */ | ACCEPT | all | -m comment --comment \"kube: a \\\"b\\\"\" |",
        "PKTTYPE = unicast | DROP | all | -m pkttype --pkt-type unicast |",
      })
  void aRowsPrints_areRebuiltAsSaveOptions(
      String text, String target, String prot, String matches, String options) {
    IptablesListMatches.Rebuilt r = IptablesListMatches.rebuild(text, target, prot);
    assertThat(r.unread()).isEmpty();
    assertThat(r.matches().strip()).isEqualTo(matches == null ? "" : matches);
    assertThat(r.targetOptions().strip()).isEqualTo(options == null ? "" : options);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "tcp dpt:some-daemon | ACCEPT | tcp | tcp dpt:some-daemon",
        "ctstate INVALID owner UID match 0 | DROP | all | owner UID match 0",
        "LOG flags 0 level wa | LOG | all | LOG flags 0 level wa",
        "reject-with icmp-port-unreachable | DROP | all | reject-with icmp-port-unreachable",
      })
  void whatCannotBeRebuilt_isLeftUnread_notGuessed(
      String text, String target, String prot, String unread) {
    assertThat(IptablesListMatches.rebuild(text, target, prot).unread()).isEqualTo(unread);
  }

  private static List<String> notes(PasteSplit s) {
    return s.blocks().stream()
        .filter(b -> b instanceof BlockOutcome.Placed)
        .flatMap(b -> ((BlockOutcome.Placed) b).notes().stream())
        .toList();
  }
}
