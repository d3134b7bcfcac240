package dev.podpath.model.script;

import static dev.podpath.model.script.Scripts.fails;
import static dev.podpath.model.script.Scripts.root;
import static dev.podpath.model.script.Scripts.rules;
import static dev.podpath.model.script.Scripts.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code ip rule}: every listing below is what kernel 6.18.44 printed for the same commands. */
final class RuleTest {

  @Test
  void defaultPriorities_countDownFromTheSecondRule() {
    Scenario s =
        run(
            "ip rule add from 10.0.0.0/8 lookup 100",
            "ip rule add from 10.0.0.0/8 lookup 100",
            "ip rule add to 10.1.0.0/16 table 101",
            "ip rule add pref 5000 fwmark 0x4/0xff lookup 102",
            "ip rule add iif lo lookup 103",
            "ip rule add pref 40000 lookup 104",
            "ip rule add lookup 105");
    assertThat(rules(root(s)))
        .containsExactly(
            "0:\tfrom all lookup local",
            "4998:\tfrom all lookup 105",
            "4999:\tfrom all iif lo lookup 103",
            "5000:\tfrom all fwmark 0x4/0xff lookup 102",
            "32763:\tfrom all to 10.1.0.0/16 lookup 101",
            "32764:\tfrom 10.0.0.0/8 lookup 100",
            "32765:\tfrom 10.0.0.0/8 lookup 100",
            "32766:\tfrom all lookup main",
            "32767:\tfrom all lookup default",
            "40000:\tfrom all lookup 104");
  }

  @Test
  void actionsDeletesAndGoto() {
    Scenario s =
        run(
            "ip rule add from 10.0.0.0/8 lookup 100",
            "ip rule add from 10.0.0.0/8 lookup 100",
            "ip rule add pref 5000 lookup 102",
            "ip rule del pref 5000",
            "ip rule del from 10.0.0.0/8 lookup 100",
            "ip rule add not from 1.2.3.4 blackhole",
            "ip rule add unreachable",
            "ip rule add goto 32766",
            "ip rule add pref 10 goto 32766",
            "ip rule add pref 11 from 1.2.3.4",
            "ip rule add pref 12 oif lo table main",
            "ip rule del pref 0",
            "ip rule del pref 32766",
            "ip rule add lookup 1");
    assertThat(rules(root(s)))
        .containsExactly(
            "10:\tfrom all goto 32766",
            "10:\tfrom all lookup 1",
            "11:\tfrom 1.2.3.4 lookup main",
            "12:\tfrom all oif lo lookup main",
            "32762:\tfrom all goto 32766",
            "32763:\tfrom all unreachable",
            "32764:\tnot from 1.2.3.4 blackhole",
            "32765:\tfrom 10.0.0.0/8 lookup 100",
            "32767:\tfrom all lookup default");
  }

  @Test
  void errors() {
    assertThat(fails("ip rule add pref 10 goto 5").reason())
        .isEqualTo("Error: Backward goto not supported.");
    assertThat(fails("ip rule add pref 10 goto 32766", "ip rule add pref 10 goto 32766").reason())
        .isEqualTo("RTNETLINK answers: File exists");
    assertThat(fails("ip rule del lookup 999").reason())
        .isEqualTo("RTNETLINK answers: No such file or directory");
    assertThat(fails("ip rule add lookup foo").reason())
        .isEqualTo("Error: argument \"foo\" is wrong: invalid table ID");
    assertThat(fails("ip rule add from foo lookup 100").reason())
        .isEqualTo("Error: any valid prefix is expected rather than \"foo\".");
  }

  @Test
  void flush_keepsOnlyTheLocalRule_shortForms() {
    Scenario s = run("ip ru add fwmark 1 lookup 7", "ip ru flush");
    assertThat(rules(root(s))).containsExactly("0:\tfrom all lookup local");
  }

  @Test
  void unmodelledSelectors_areNoted() {
    Scenario s = run("ip rule add from all lookup main suppress_prefixlength 0");
    assertThat(s.notes())
        .singleElement()
        .satisfies(n -> assertThat(n.message()).contains("suppress_prefixlength"));
  }
}
