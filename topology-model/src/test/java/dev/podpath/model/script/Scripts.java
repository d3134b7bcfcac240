package dev.podpath.model.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.podpath.model.neigh.NeighEntry;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import java.util.List;
import java.util.Map;

/** Test fixtures: run script text, find namespaces, devices and routes, print tables as ip does. */
final class Scripts {

  static final String FILE = "t.sh";

  private Scripts() {}

  static Scenario run(String... lines) {
    return runWith(Sysctls.kernelDefaults(), lines);
  }

  static Scenario runWith(Sysctls inherited, String... lines) {
    try {
      return ScenarioInterpreter.interpret(FILE, String.join("\n", lines), inherited);
    } catch (ScriptException e) {
      throw new AssertionError("unexpected: " + e.getMessage(), e);
    }
  }

  static ScriptException fails(String... lines) {
    ScriptException e = catchThrowableOfType(ScriptException.class,
        () -> ScenarioInterpreter.interpret(FILE, String.join("\n", lines), Sysctls.kernelDefaults()));
    assertThat(e).as("script should fail").isNotNull();
    return e;
  }

  static Netns ns(Scenario s, String name) {
    return s.topology().require(name.equals("root") ? NetnsName.ROOT : NetnsName.of(name));
  }

  static Netns root(Scenario s) {
    return ns(s, "root");
  }

  static NetDevice dev(Scenario s, String netns, String name) {
    return ns(s, netns).device(name).orElseThrow(() -> new AssertionError("no device " + netns + "/" + name));
  }

  /** Every route of every table, as {@code ip route show table all} prints it. */
  static List<String> routes(Netns n) {
    return n.routing().allRoutes().stream().map(Route::toString).toList();
  }

  static List<String> table(Netns n, int id) {
    return n.routing().table(id).routes().stream().map(Route::toString).toList();
  }

  static List<String> main(Netns n) {
    return table(n, TableIds.MAIN);
  }

  static List<String> local(Netns n) {
    return table(n, TableIds.LOCAL);
  }

  static List<String> rules(Netns n) {
    return n.routing().rules().stream().map(Object::toString).toList();
  }

  static List<String> neigh(Netns n) {
    return n.neighbours().stream().map(NeighEntry::toString).toList();
  }

  static Map<String, String> sysctls(Netns n) {
    return n.sysctls().values();
  }
}
