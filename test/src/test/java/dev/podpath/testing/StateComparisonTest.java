package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.trace.verify.StateComparison;
import dev.podpath.trace.verify.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Given a sample's kernel transcript with one fact of its state dump changed, when verify compares
 * the state podpath's run leaves with it, then exactly that fact differs, named by namespace, kind,
 * device and owner of the MAC (MACs differ between the kernel and podpath), and every other fact
 * agrees.
 */
final class StateComparisonTest {

  private static List<String> differences(String sample, String from, String to) throws Exception {
    Path script = Samples.dir().resolve(sample + ".sh");
    String transcript =
        Files.readString(Samples.dir().resolve("expected/" + sample + ".kernel.txt"));
    assertThat(transcript).contains(from);
    Scenario sc = ScenarioInterpreter.interpret(script);
    Verifier.Report r = Verifier.compare(script.toString(), sc, transcript.replace(from, to));
    return r.state().differences().stream().map(StateComparison.Difference::toString).toList();
  }

  @Test
  void untouched_everyFactAgrees() throws Exception {
    assertThat(differences("vxlan-learning", "### podpath-state", "### podpath-state")).isEmpty();
  }

  @Test
  void aNeighbourTheKernelCouldNotResolve() throws Exception {
    assertThat(
            differences(
                "vxlan-learning",
                "\"dst\":\"172.16.0.2\",\"dev\":\"vx0\",\"lladdr\":\"52:4c:e5:72:23:c1\",\"state\":[\"REACHABLE\"]",
                "\"dst\":\"172.16.0.2\",\"dev\":\"vx0\",\"state\":[\"FAILED\"]"))
        .containsExactly(
            "h1 neigh vx0 172.16.0.2: kernel unresolved, podpath resolved to [h2/vx0]");
  }

  @Test
  void aVxlanEntryLearnedWithAnotherRemote() throws Exception {
    assertThat(
            differences(
                "vxlan-learning",
                "\"ifname\":\"vx0\",\"dst\":\"192.168.60.1\",\"flags\":[\"self\"],\"state\":\"\"",
                "\"ifname\":\"vx0\",\"dst\":\"192.168.60.9\",\"flags\":[\"self\"],\"state\":\"\""))
        .containsExactly(
            "h2 vxlan-fdb vx0 [h1/vx0]: kernel dst 192.168.60.9, podpath dst 192.168.60.1");
  }

  @Test
  void aMacTheBridgeLearnedOnAnotherPort() throws Exception {
    assertThat(
            differences(
                "flannel-host-gw",
                "\"mac\":\"76:b6:9d:03:ae:ba\",\"ifname\":\"veth-jpnb6\",\"flags\":[],\"master\":\"cni0\",\"state\":\"\"",
                "\"mac\":\"76:b6:9d:03:ae:ba\",\"ifname\":\"veth-sgf8v\",\"flags\":[],\"master\":\"cni0\",\"state\":\"\""))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d)
                    .matches(
                        "worker1 fdb cni0 \\[busybox-jpnb6/eth0\\]: kernel on port veth-sgf8v, podpath on port veth-jpnb6"));
  }

  @Test
  void aMacNobodyOwns_isNamedByItself() throws Exception {
    assertThat(
            differences(
                "vxlan-learning",
                "\"ifname\":\"vx0\",\"dst\":\"192.168.60.1\",\"flags\":[\"self\"],\"state\":\"\"",
                "\"ifname\":\"vx0\",\"dst\":\"192.168.60.1\",\"flags\":[\"self\"],\"state\":\"\"},"
                    + "{\"mac\":\"02:00:00:00:00:99\",\"ifname\":\"vx0\",\"dst\":\"192.168.60.7\",\"flags\":[\"self\"],\"state\":\"\""))
        .containsExactly(
            "h2 vxlan-fdb vx0 [?02:00:00:00:00:99]: kernel dst 192.168.60.7, podpath (no entry)");
  }
}
