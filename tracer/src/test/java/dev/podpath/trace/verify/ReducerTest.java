package dev.podpath.trace.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The reducer's search, judged by a stand-in for the two sides that follows rules a scenario
 * follows too: a command on a namespace needs the {@code ip netns add} before it, a script needs a
 * probe, and the disagreement shows only when certain commands are all there (the kernel tests of
 * {@code podpath verify --reduce} run it on both real sides: ReduceKernelTest).
 */
final class ReducerTest {

  private static final String PING = "ip netns exec a ping -c 3 -W1 10.0.0.2";

  /**
   * Valid when every {@code ip -n NS} / {@code ip netns exec NS} follows {@code ip netns add NS}
   * and a ping is there; disagrees (the "kernel" replies, "podpath" does not) when the route and
   * ip_forward of r are there; says a different disagreement when the ping has its 3 requests.
   */
  private static final class Stand implements Reducer.Judge {
    final List<String> judged = new ArrayList<>();

    @Override
    public Optional<Reducer.Judged> judge(String script) {
      Set<String> made = new HashSet<>();
      boolean probe = false;
      for (String line : Reducer.commands(script)) {
        String[] w = line.split(" ");
        if (line.startsWith("ip netns add ")) {
          made.add(w[3]);
        } else if (line.startsWith("ip -n ") || line.startsWith("ip netns exec ")) {
          if (!made.contains(line.startsWith("ip -n ") ? w[2] : w[3])) {
            return Optional.empty();
          }
        }
        probe |= line.contains(" ping ");
      }
      if (!probe) {
        return Optional.empty();
      }
      judged.add(script);
      boolean forwards =
          script.contains("ip netns exec r sysctl -w net.ipv4.ip_forward=1")
              && script.contains("ip -n a route add default via 10.0.0.1");
      List<String> disagreements = new ArrayList<>();
      if (forwards) {
        String count = script.contains("-c 3") ? "3" : "1";
        disagreements.add("probe ping: the kernel " + count + " replies; podpath no reply");
      }
      if (script.contains("iptables")) {
        disagreements.add("state counters");
      }
      return Optional.of(new Reducer.Judged(disagreements, "transcript of\n" + script));
    }
  }

  private static String scenario() {
    return String.join(
        "\n",
        "# a comment",
        "ip netns add a",
        "ip netns add r",
        "ip netns add b",
        "ip -n a link set lo up",
        "ip -n r link set lo up && ip -n b link set lo up",
        "ip -n b addr add 10.0.0.2/24 dev lo",
        "ip -n a route add default \\",
        "  via 10.0.0.1",
        "",
        "ip netns exec r sysctl -w net.ipv4.ip_forward=1; ip -n r link set lo mtu 1400",
        "ip netns exec b iptables -A INPUT -j ACCEPT",
        "ip -n b link set lo mtu 1300",
        "ip netns exec a traceroute -n 10.0.0.2",
        PING,
        "ip -n b neigh");
  }

  @Test
  void reducesToTheCommandsTheDisagreementNeeds_listsSplitAndCountsLowered() throws Exception {
    Stand stand = new Stand();
    StringWriter log = new StringWriter();
    Reducer.Result r = Reducer.reduce("s.sh", scenario(), stand, new PrintWriter(log));

    assertThat(r.disagreement()).isEqualTo("probe ping: the kernel 3 replies; podpath no reply");
    assertThat(Reducer.commands(r.script()))
        .containsExactly(
            "ip netns add a",
            "ip netns add r",
            "ip -n a route add default via 10.0.0.1",
            "ip netns exec r sysctl -w net.ipv4.ip_forward=1",
            PING);
    assertThat(r.commandsBefore()).isEqualTo(13);
    assertThat(r.commandsAfter()).isEqualTo(5);
    assertThat(r.script()).startsWith("# s.sh reduced by podpath verify --reduce: 5 of its 13");
    assertThat(r.judged().transcript())
        .isEqualTo("transcript of\n" + String.join("\n", Reducer.commands(r.script())) + "\n");
    // every candidate judged once; invalid ones never reached the judge's "kernel"
    assertThat(stand.judged).doesNotHaveDuplicates();
    assertThat(r.kernelRuns()).isEqualTo(stand.judged.size());
    assertThat(log.toString()).contains("13 commands; keeping the disagreement: probe ping");
  }

  @Test
  void aScenarioWithoutDisagreement_orInvalid_isNotReduced() {
    Stand stand = new Stand();
    PrintWriter log = new PrintWriter(new StringWriter());
    Reducer.NothingToReduce agree =
        assertThrows(
            Reducer.NothingToReduce.class,
            () -> Reducer.reduce("ok.sh", "ip netns add a\n" + PING + "\n", stand, log));
    assertThat(agree.getMessage()).contains("ok.sh: podpath and the kernel agree on it");
    Reducer.NothingToReduce invalid =
        assertThrows(
            Reducer.NothingToReduce.class,
            () -> Reducer.reduce("bad.sh", "ip -n a link set lo up\n" + PING + "\n", stand, log));
    assertThat(invalid.getMessage()).contains("bad.sh is not a scenario verify can run");
  }

  @Test
  void splitList_onlyAtAndAndSemicolonOutsideQuotes() {
    assertThat(Reducer.splitList("a && b; c")).containsExactly("a", "b", "c");
    assertThat(Reducer.splitList("ip netns exec r sh -c 'a; b' && c"))
        .containsExactly("ip netns exec r sh -c 'a; b'", "c");
    assertThat(Reducer.splitList("a || b; c")).containsExactly("a || b; c");
    assertThat(Reducer.splitList("nc -lk 80 &")).containsExactly("nc -lk 80 &");
    assertThat(Reducer.simpler("ping -c 5 -W1 10.0.0.1"))
        .containsExactly(List.of("ping -c 1 -W1 10.0.0.1"));
    assertThat(Reducer.simpler("traceroute -n -q 3 10.0.0.1"))
        .containsExactly(List.of("traceroute -n -q 1 10.0.0.1"));
    assertThat(Reducer.simpler("ip -n a link set lo up")).isEmpty();
  }
}
