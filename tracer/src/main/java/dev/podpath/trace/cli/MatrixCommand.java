package dev.podpath.trace.cli;

import dev.podpath.trace.api.Network;
import dev.podpath.trace.matrix.Matrix;
import dev.podpath.trace.matrix.MatrixRequest;
import dev.podpath.trace.matrix.ReachabilityMatrix;
import dev.podpath.trace.matrix.Verdict;
import dev.podpath.trace.render.matrix.MatrixHtml;
import dev.podpath.trace.render.matrix.MatrixJson;
import dev.podpath.trace.render.matrix.MatrixText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      description = {"scenario script, or snapshot folder", "(docs/snapshot.md)"})
  Path scenario;

  @Mixin CellSelection cells;

  @Option(
      names = "--assume-cni-pods",
      description =
          "snapshot: model the pods kubectl lists but that were not dumped, as the CNI bridge plugin makes them")
  boolean assumeCniPods;

  @Option(
      names = "--edge",
      paramLabel = "unknown|drops-private|routes",
      converter = EdgeOption.class,
      description = EdgeOption.DESCRIPTION)
  dev.podpath.sim.net.EdgeAssumption.Mode edge = dev.podpath.sim.net.EdgeAssumption.Mode.UNKNOWN;

  @Option(
      names = "--exact",
      description =
          "trace every cell in full (by default a ping cell the fast path proves reachable on the"
              + " model is not simulated: docs/matrix.md)")
  boolean exact;

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
    MatrixRequest request = cells.request().withExact(exact);
    PrintWriter err = spec.commandLine().getErr();
    Network network =
        ProbeTarget.load(scenario, new dev.podpath.trace.api.LoadOptions(assumeCniPods, edge), err);
    Matrix m;
    try (Progress progress = Progress.of("matrix", 0, "probes traced")) {
      m =
          ReachabilityMatrix.of(
              network,
              request,
              new ReachabilityMatrix.Counter() {
                @Override
                public void probes(int total) {
                  progress.total(total);
                }

                @Override
                public void traced() {
                  progress.step("");
                }
              });
    }
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
}
