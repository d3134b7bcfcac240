package dev.podpath.trace.cli;

import dev.podpath.trace.graph.GraphExport;
import dev.podpath.trace.graph.TopologyGraph;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description = {
      "Write the topology as a graph: namespaces (nodes, pods, L2 segments, the others),",
      "devices, veth pairs, bridge ports, L2 segments, tunnels between tunnel ends, and",
      "what lies beyond a snapshot's edge (docs/graph.md).",
      "",
      "Example:",
      "  podpath graph samples/flannel-vxlan.sh | dot -Tsvg > flannel-vxlan.svg",
      "  podpath graph samples/snapshots/seed-flannel-host-gw -o json"
    })
final class GraphCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SCENARIO|SNAPSHOT",
      description = "scenario script, or snapshot folder (docs/snapshot.md)")
  Path scenario;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "dot",
      paramLabel = "dot|json",
      description = "Graphviz DOT or JSON (default: ${DEFAULT-VALUE})")
  String output;

  @Option(
      names = "--assume-cni-pods",
      description =
          "snapshot: model the pods kubectl lists but that were not dumped, as the CNI bridge plugin makes them")
  boolean assumeCniPods;

  @Override
  public Integer call() {
    if (!output.equals("dot") && !output.equals("json")) {
      throw new UserError("-o " + output + ": expected dot or json");
    }
    TopologyGraph g =
        TopologyGraph.of(
            ProbeTarget.load(scenario, assumeCniPods, spec.commandLine().getErr()).topology());
    String text = output.equals("json") ? GraphExport.json(g) : GraphExport.dot(g);
    spec.commandLine().getOut().print(text.endsWith("\n") ? text : text + "\n");
    spec.commandLine().getOut().flush();
    return 0;
  }
}
