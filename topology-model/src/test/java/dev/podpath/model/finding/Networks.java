package dev.podpath.model.finding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteTable;
import dev.podpath.model.route.RoutingPolicy;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.script.ScriptException;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test fixtures: a network from script lines, as a scenario or as if it had been dumped; its
 * findings.
 */
final class Networks {

  static final String FILE = "t.sh";

  private Networks() {}

  static Scenario script(String... lines) {
    try {
      return ScenarioInterpreter.interpret(
          FILE, String.join("\n", lines), Sysctls.kernelDefaults());
    } catch (ScriptException e) {
      throw new AssertionError("unexpected: " + e.getMessage(), e);
    }
  }

  /** The network the lines build, as a scenario (the whole world, every sysctl known). */
  static NetworkFacts scenario(String... lines) {
    return NetworkFacts.scenario(script(lines).topology());
  }

  /** The same network as if it had been dumped on its nodes, with kubectl's view. */
  static NetworkFacts dumped(Cluster cluster, String... lines) {
    return new NetworkFacts(script(lines).topology(), NetworkFacts.Provenance.SNAPSHOT, cluster);
  }

  /** As {@link #dumped}, without any sysctl dump: every namespace's sysctls are unknown. */
  static NetworkFacts dumpedWithoutSysctls(Cluster cluster, String... lines) {
    Map<NetnsName, Netns> all = new LinkedHashMap<>();
    script(lines)
        .topology()
        .namespaces()
        .forEach(
            (name, n) ->
                all.put(
                    name,
                    new Netns(
                        n.name(),
                        n.devices(),
                        n.routing(),
                        n.neighbours(),
                        n.fdb(),
                        Sysctls.kernelDefaults(),
                        n.netfilter(),
                        n.sockets())));
    return new NetworkFacts(new Topology(all), NetworkFacts.Provenance.SNAPSHOT, cluster);
  }

  static List<Finding> findings(NetworkFacts facts) {
    return Findings.of(facts);
  }

  static List<Finding> findings(NetworkFacts facts, Code code) {
    return Findings.of(facts).stream().filter(f -> f.code() == code).toList();
  }

  static Finding only(NetworkFacts facts, Code code) {
    List<Finding> f = findings(facts, code);
    assertThat(f).as("findings %s in %s", code, Findings.of(facts)).hasSize(1);
    return f.get(0);
  }

  static List<Code> codes(NetworkFacts facts) {
    return Findings.of(facts).stream().map(Finding::code).distinct().toList();
  }

  /**
   * {@code facts} with {@code extra} added to namespace {@code ns}'s table (a state a dump can
   * show).
   */
  static NetworkFacts withRoute(NetworkFacts facts, String ns, Route extra) {
    Map<NetnsName, Netns> all = new LinkedHashMap<>(facts.topology().namespaces());
    Netns n = all.get(NetnsName.of(ns));
    Map<Integer, RouteTable> tables = new LinkedHashMap<>(n.routing().tables());
    List<Route> routes = new ArrayList<>();
    routes.add(extra);
    routes.addAll(n.routing().table(extra.table()).routes());
    tables.put(extra.table(), RouteTable.of(extra.table(), routes));
    all.put(
        n.name(),
        new Netns(
            n.name(),
            n.devices(),
            new RoutingPolicy(n.routing().rules(), tables),
            n.neighbours(),
            n.fdb(),
            n.sysctls(),
            n.netfilter(),
            n.sockets()));
    return new NetworkFacts(new Topology(all), facts.provenance(), facts.cluster());
  }

  /** All evidence of a finding, one entry a line, as lint prints it (without the indentation). */
  static String evidence(Finding f) {
    return String.join("\n", f.evidence().stream().map(Evidence::toString).toList());
  }
}
