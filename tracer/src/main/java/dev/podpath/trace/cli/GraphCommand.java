package dev.podpath.trace.cli;

import dev.podpath.trace.Probe;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.TraceRequest;
import dev.podpath.trace.api.TraceResult;
import dev.podpath.trace.graph.GraphExport;
import dev.podpath.trace.graph.MermaidExport;
import dev.podpath.trace.graph.PathMarks;
import dev.podpath.trace.graph.TopologyGraph;
import dev.podpath.trace.graph.TracePath;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
      "With --from and --to, the path of that trace is drawn on it: the request's",
      "devices and links, the reply's, and where a packet was dropped.",
      "",
      "Example:",
      "  podpath graph samples/flannel-vxlan.sh | dot -Tsvg > flannel-vxlan.svg",
      "  podpath graph samples/snapshots/seed-flannel-host-gw -o json",
      "  podpath graph samples/flannel-vxlan.sh -o mermaid \\",
      "      --from busybox-jpnb6 --to 10.10.2.4 > path.mmd"
    })
final class GraphCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SCENARIO|SNAPSHOT",
      description = {"scenario script, or snapshot folder", "(docs/snapshot.md)"})
  Path scenario;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "dot",
      paramLabel = "dot|mermaid|json|graphml",
      description = "Graphviz DOT, Mermaid, JSON or GraphML (default: ${DEFAULT-VALUE})")
  String output;

  @Option(
      names = "--from",
      paramLabel = "NS|IP|POD",
      description = "draw the path of a trace from here (as trace --from; needs --to)")
  String from;

  @Option(
      names = "--to",
      paramLabel = "IP|POD|SERVICE",
      description = "draw the path of a trace to here (as trace --to; needs --from)")
  String to;

  @Option(
      names = "--proto",
      paramLabel = "icmp|udp|tcp",
      description = "the drawn trace's protocol (default: icmp; to a Service, its port's)")
  String proto;

  @Option(
      names = "--dport",
      paramLabel = "N",
      description = "the drawn trace's destination port for udp/tcp")
  Integer dport;

  @Option(
      names = "--assume-cni-pods",
      description =
          "snapshot: model the pods kubectl lists but that were not dumped, as the CNI bridge plugin makes them")
  boolean assumeCniPods;

  @Override
  public Integer call() {
    if (!List.of("dot", "mermaid", "json", "graphml").contains(output)) {
      throw new UserError("-o " + output + ": expected dot, mermaid, json or graphml");
    }
    if ((from == null) != (to == null)) {
      throw new UserError(
          (from == null ? "--to" : "--from") + " draws a trace only with both --from and --to");
    }
    if ((proto != null || dport != null) && from == null) {
      throw new UserError("--proto and --dport describe a trace: give --from and --to too");
    }
    if (proto != null && !List.of("icmp", "udp", "tcp").contains(proto)) {
      throw new UserError("--proto " + proto + ": expected icmp, udp or tcp");
    }
    Network network = ProbeTarget.load(scenario, assumeCniPods, spec.commandLine().getErr());
    TopologyGraph g = TopologyGraph.of(network.topology());
    PathMarks marks = PathMarks.NONE;
    if (from != null) {
      TraceRequest.Builder request = TraceRequest.builder(from, to);
      if (proto != null) {
        request.protocol(Probe.Protocol.valueOf(proto.toUpperCase(Locale.ROOT)));
      }
      if (dport != null) {
        request.dport(dport);
      }
      TraceResult result = network.trace(request.build());
      marks = PathMarks.of(g, TracePath.of(result.trace()));
    }
    String text =
        switch (output) {
          case "json" -> GraphExport.json(g, marks);
          case "graphml" -> GraphExport.graphml(g, marks);
          case "mermaid" -> MermaidExport.of(g, marks);
          default -> GraphExport.dot(g, marks);
        };
    spec.commandLine().getOut().print(text.endsWith("\n") ? text : text + "\n");
    spec.commandLine().getOut().flush();
    return 0;
  }
}
