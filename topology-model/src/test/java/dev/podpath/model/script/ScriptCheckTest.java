package dev.podpath.model.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.NetnsName;
import org.junit.jupiter.api.Test;

/**
 * Given a script with several bad lines, when it is checked, then every one is listed and the rest
 * runs.
 */
final class ScriptCheckTest {

  private static ScriptCheck check(String... lines) {
    return ScenarioInterpreter.check("t.sh", String.join("\n", lines), Sysctls.kernelDefaults());
  }

  @Test
  void fiveBadLines_allListed_inOrder_andTheGoodLinesApplied() {
    ScriptCheck c =
        check(
            "ip netns add a",
            "ip link set veth1 up",
            "frobnicate --all",
            "ip -n a link add v0 type veth peer name v1",
            "ip route add 10.0.0.0/8 via 10.9.9.9",
            "ip netns add a",
            "for i in 1 2; do ip netns add b$i; done",
            "ip netns add c",
            "ping -c1 10.9.9.9");
    assertThat(c.problems())
        .extracting(ScriptException::line, ScriptException::reason)
        .containsExactly(
            tuple(2, "Cannot find device \"veth1\""),
            tuple(3, "unknown command \"frobnicate\""),
            tuple(5, "Error: Nexthop has invalid gateway."),
            tuple(6, "Cannot create namespace file \"/run/netns/a\": File exists"),
            tuple(
                7, "shell control structure `for` is not run by podpath: write the commands out"));
    assertThat(c.scenario().topology().netns(NetnsName.of("c"))).isPresent();
    assertThat(c.scenario().topology().require(NetnsName.of("a")).device("v1")).isPresent();
    assertThat(c.scenario().probes()).hasSize(1);
  }

  @Test
  void aLineFailingBecauseOfAnEarlierOne_isListedToo() {
    ScriptCheck c = check("ip link add x type veth peer name", "ip link set x up");
    assertThat(c.problems()).extracting(ScriptException::line).containsExactly(1, 2);
    assertThat(c.problems().get(1).reason()).isEqualTo("Cannot find device \"x\"");
  }

  @Test
  void multiLineLoop_itsOpeningAndClosingLinesAreNamed() {
    ScriptCheck c = check("for i in 1 2; do", "  ip netns add n$i", "done", "ip netns add z");
    assertThat(c.problems())
        .extracting(ScriptException::line, ScriptException::reason)
        .containsExactly(
            tuple(1, "shell control structure `for` is not run by podpath: write the commands out"),
            tuple(
                3,
                "`done` belongs to a shell control structure, which podpath does not run: write the commands out"));
    assertThat(c.scenario().topology().netns(NetnsName.of("z"))).isPresent();
  }

  @Test
  void hereDocument_oneProblem_notOnePerBodyLine() {
    ScriptCheck c = check("cat <<EOF > /tmp/x", "hello", "world", "EOF", "ip netns add a");
    assertThat(c.problems()).extracting(ScriptException::line).containsExactly(1);
  }

  @Test
  void exit_endsTheCheck() {
    ScriptCheck c = check("frobnicate", "exit 3", "ip link set nosuch up");
    assertThat(c.problems())
        .extracting(ScriptException::line, ScriptException::reason)
        .containsExactly(
            tuple(1, "unknown command \"frobnicate\""), tuple(2, "the script exits with status 3"));
    assertThat(check("exit 0", "frobnicate").problems()).isEmpty();
  }

  @Test
  void goodScript_noProblems_theSameNetworkAsInterpret() throws Exception {
    String[] script = {
      "ip netns add a", "ip link add x netns a type veth peer name y", "ip link add br0 type bridge"
    };
    ScriptCheck c = check(script);
    assertThat(c.problems()).isEmpty();
    assertThat(Scripts.describe(c.scenario()))
        .isEqualTo(
            Scripts.describe(
                ScenarioInterpreter.interpret(
                    "t.sh", String.join("\n", script), Sysctls.kernelDefaults())));
  }

  @Test
  void firstProblem_isTheOneInterpretStopsAt() {
    String[] script = {"ip netns add a", "ip -n a link set nosuch up", "frobnicate"};
    ScriptException first = Scripts.fails(script);
    ScriptException checked =
        ScenarioInterpreter.check(Scripts.FILE, String.join("\n", script), Sysctls.kernelDefaults())
            .problems()
            .get(0);
    assertThat(checked.getMessage()).isEqualTo(first.getMessage());
  }
}
