package dev.podpath.trace.cli;

import dev.podpath.trace.Probe;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.matrix.Matrix;
import dev.podpath.trace.matrix.MatrixRequest;
import dev.podpath.trace.matrix.ReachabilityMatrix;
import dev.podpath.trace.matrix.Verdict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "matrix",
    mixinStandardHelpOptions = true,
    description = {
      "All-pairs reachability: each cell is what `podpath trace --from ROW --to COLUMN` says.",
      "",
      "By default, on a scenario: every namespace with an IPv4 address to every address of every",
      "other namespace, by ping; on a snapshot also the pods kubectl lists (as sources and",
      "destinations) and the Services with a ClusterIP (to their port). docs/matrix.md.",
      "",
      "Example:",
      "  podpath matrix samples/blackhole.sh",
      "  podpath matrix samples/kube-proxy.sh --sources p1,p2 \\",
      "      --destinations 10.96.0.0/12 --proto tcp --dport 80 -o csv",
      "",
      "Exit status: 0 every cell REACHABLE, 1 some cell is not, 2 bad input."
    })
final class MatrixCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SCENARIO|SNAPSHOT",
      description = "scenario script, or snapshot folder (docs/snapshot.md)")
  Path scenario;

  @Option(
      names = "--sources",
      split = ",",
      paramLabel = "SELECTOR",
      description =
          "the rows: names (a namespace, an address, a pod as namespace/name), node=NAME (its pods"
              + " and its namespace), a CIDR (the sources with an address in it); comma-separated or"
              + " repeated (default: every source)")
  List<String> sources = new ArrayList<>();

  @Option(
      names = "--destinations",
      split = ",",
      paramLabel = "SELECTOR",
      description =
          "the columns: names (an address, a namespace's addresses, a pod or Service as"
              + " namespace/name), node=NAME, a CIDR (default: every destination)")
  List<String> destinations = new ArrayList<>();

  @Option(
      names = "--proto",
      paramLabel = "icmp|udp|tcp",
      description = "protocol (default: icmp; to a Service, the protocol of its port)")
  String proto;

  @Option(
      names = "--dport",
      description = "destination port for udp/tcp (default: 80; to a Service, its port)")
  Integer dport;

  @Option(
      names = "--assume-cni-pods",
      description =
          "snapshot: model the pods kubectl lists but that were not dumped, as the CNI bridge plugin makes them")
  boolean assumeCniPods;

  @Option(
      names = "--edge",
      paramLabel = "unknown|drops-private",
      converter = EdgeOption.class,
      description = EdgeOption.DESCRIPTION)
  dev.podpath.sim.net.EdgeAssumption.Mode edge = dev.podpath.sim.net.EdgeAssumption.Mode.UNKNOWN;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      paramLabel = "table|csv|json|html",
      description = "output format (default: ${DEFAULT-VALUE})")
  String output;

  @Override
  public Integer call() {
    if (!List.of("table", "csv", "json", "html").contains(output)) {
      throw new UserError("-o " + output + ": expected table, csv, json or html");
    }
    if (proto != null && !proto.equals("icmp") && !proto.equals("udp") && !proto.equals("tcp")) {
      throw new UserError("--proto " + proto + ": expected icmp, udp or tcp");
    }
    if (dport != null && (dport < 0 || dport > 65535)) {
      throw new UserError("--dport " + dport + ": expected 0 to 65535");
    }
    for (String s : concat(sources, destinations)) {
      if (s.isBlank()) {
        throw new UserError("--sources/--destinations: an empty selector (two commas?)");
      }
    }
    MatrixRequest request =
        new MatrixRequest(
            sources,
            destinations,
            Optional.ofNullable(proto).map(p -> Probe.Protocol.valueOf(p.toUpperCase(Locale.ROOT))),
            dport == null ? OptionalInt.empty() : OptionalInt.of(dport));
    PrintWriter err = spec.commandLine().getErr();
    Network network =
        ProbeTarget.load(scenario, new dev.podpath.trace.api.LoadOptions(assumeCniPods, edge), err);
    Matrix m = ReachabilityMatrix.of(network, request);
    if (m.rows().isEmpty() || m.columns().isEmpty()) {
      throw new UserError(
          network.name()
              + ": no "
              + (m.rows().isEmpty() ? "sources" : "destinations")
              + " (no namespace has an IPv4 address)");
    }
    PrintWriter out = spec.commandLine().getOut();
    switch (output) {
      case "csv" -> out.print(MatrixText.csv(m));
      case "json" -> out.print(MatrixJson.render(m));
      case "html" -> out.print(MatrixHtml.render(m));
      default -> out.print(MatrixText.table(m));
    }
    out.flush();
    if (!output.equals("table")) {
      m.skipped().forEach(s -> err.println("podpath: not traced: " + s.label() + ": " + s.why()));
      err.flush();
    }
    return m.count(Verdict.REACHABLE) == m.cells().size() ? 0 : 1;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
