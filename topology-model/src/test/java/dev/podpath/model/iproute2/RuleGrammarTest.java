package dev.podpath.model.iproute2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.dump.IpRuleTextParser;
import dev.podpath.model.dump.ParseResult;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.NetnsName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Given a rule added by a command, when {@code ip rule show} prints it and a snapshot reads that
 * back, then both readers of {@link RuleGrammar} make the same rule.
 */
final class RuleGrammarTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      from 10.1.0.0/16 lookup 100 pref 120                  | 120:	from 10.1.0.0/16 lookup 100
      not from 10.1.0.0/16 to 10.2.0.0/16 iif cni0 table 7 prio 130 | 130:	not from 10.1.0.0/16 to 10.2.0.0/16 iif cni0 lookup 7
      fwmark 0x4/0xff lookup 100 order 110                  | 110:	from all fwmark 0x4/0xff lookup 100
      oif eth0 blackhole pref 140                           | 140:	from all oif eth0 blackhole
      from all goto 200 pref 150                            | 150:	from all goto 200
      from all nop pref 160                                 | 160:	from all nop
      from all lookup main proto static pref 170            | 170:	from all lookup main proto static
      """)
  void aCommand_andTheDumpOfItsRule_makeTheSameRule(String args, String shown) throws Exception {
    Scenario s =
        ScenarioInterpreter.interpret(
            "rule.sh",
            "ip link add cni0 type bridge\nip rule add " + args + "\n",
            Sysctls.kernelDefaults());
    int prio = Integer.parseInt(shown.substring(0, shown.indexOf(':')));
    RoutingRule typed =
        s.topology().require(NetnsName.ROOT).routing().rules().stream()
            .filter(r -> r.priority() == prio)
            .findFirst()
            .orElseThrow();
    ParseResult<List<RoutingRule>> read = IpRuleTextParser.parse("ip-rule.txt", shown + "\n");
    assertThat(read.warnings()).isEmpty();
    assertThat(withoutOrigin(read.value().get(0))).isEqualTo(withoutOrigin(typed));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "p, PRIORITY",
    "pref, PRIORITY",
    "order, PRIORITY",
    "t, LOOKUP",
    "lookup, LOOKUP",
    "to, TO",
    "tos, NOT_MODELLED_WITH_VALUE",
    "dsf, NOT_MODELLED_WITH_VALUE",
    "dev, IIF",
    "proto, PROTOCOL",
    "l3mdev, NOT_MODELLED_FLAG",
    "map-to, UNSUPPORTED"
  })
  void word_asIprouteMatchesIt(String word, RuleGrammar.Word expected) {
    assertThat(RuleGrammar.word(word)).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({"bogus", "''"})
  void unknownWord_isNone(String word) {
    assertThat(RuleGrammar.word(word)).isEqualTo(Optional.empty());
  }

  private static RoutingRule withoutOrigin(RoutingRule r) {
    return new RoutingRule(
        r.priority(),
        r.invert(),
        r.from(),
        r.to(),
        r.iif(),
        r.oif(),
        r.fwmark(),
        r.action(),
        Origin.KERNEL);
  }
}
