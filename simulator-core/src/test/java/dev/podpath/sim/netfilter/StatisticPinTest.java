package dev.podpath.sim.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A pin is read once, where a person wrote it; from there it is a chain or a rule, never text. */
final class StatisticPinTest {

  @ParameterizedTest
  @CsvSource({
    "KUBE-SEP-B, KUBE-SEP-B, ",
    "KUBE-SVC-WEB#2, KUBE-SVC-WEB, 2",
    "A#B#3, A#B, 3",
    "X#0, X#0, ",
    "X#, X#, ",
    "#4, #4, ",
    "X#99999999999, X#99999999999, "
  })
  void parse_ruleOrTarget_andBackToText(String text, String chain, Integer number) {
    StatisticPin p = StatisticPin.parse(text);
    if (number == null) {
      assertThat(p).isEqualTo(new StatisticPin.Target(chain));
    } else {
      assertThat(p).isEqualTo(new StatisticPin.Rule(chain, number));
    }
    assertThat(p).hasToString(text);
  }
}
