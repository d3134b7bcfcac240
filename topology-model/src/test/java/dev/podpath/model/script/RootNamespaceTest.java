package dev.podpath.model.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.NetnsName;
import org.junit.jupiter.api.Test;

/** The script's own namespace is a running host; namespaces it adds are fresh. */
final class RootNamespaceTest {

  @Test
  void root_hasLoUp_withLoopbackRoutes_addedNamespacesHaveLoDown() throws Exception {
    Scenario s =
        ScenarioInterpreter.interpret("host.sh", "ip netns add a\n", Sysctls.kernelDefaults());
    var root = s.topology().require(NetnsName.ROOT);
    assertThat(root.device("lo").orElseThrow().up()).isTrue();
    assertThat(root.device("lo").orElseThrow().addresses())
        .extracting(Object::toString)
        .containsExactly("127.0.0.1/8");
    assertThat(Scripts.routes(root))
        .contains("local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1");
    var added = s.topology().require(NetnsName.of("a"));
    assertThat(added.device("lo").orElseThrow().up()).isFalse();
    assertThat(Scripts.routes(added)).isEmpty();
  }
}
