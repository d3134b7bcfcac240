package dev.podpath.testing.random;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.NetnsName;
import org.junit.jupiter.api.Test;

/** The random scenario generator: deterministic, and only scripts podpath takes whole. */
final class RandomScenarioTest {

  /** The same seed gives the same script, and a scenario podpath's interpreter takes whole. */
  @Test
  void aSeed_alwaysGivesTheSameValidScript() throws Exception {
    for (long seed = 1; seed <= 200; seed++) {
      String script = RandomScenario.generate(seed);
      assertThat(RandomScenario.generate(seed)).isEqualTo(script);
      Scenario sc =
          ScenarioInterpreter.interpret("seed-" + seed + ".sh", script, Sysctls.kernelDefaults());
      // the generated namespaces, and the host's own (root), where nothing is configured
      assertThat(sc.topology().namespaces().keySet())
          .as("seed %s", seed)
          .filteredOn(n -> !n.equals(NetnsName.ROOT))
          .hasSizeBetween(3, 15);
      assertThat(sc.probes()).as("seed %s", seed).isNotEmpty();
    }
  }
}
