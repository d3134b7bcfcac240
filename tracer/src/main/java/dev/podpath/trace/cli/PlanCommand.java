package dev.podpath.trace.cli;

import dev.podpath.trace.plan.Plan;
import dev.podpath.trace.plan.PlanException;
import dev.podpath.trace.plan.PlanReader;
import dev.podpath.trace.plan.PlanReview;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Review a cluster's CIDR plan before the cluster exists, then prove it by simulation.",
      "",
      "Reads PLAN (YAML or JSON, docs/plan.md): the pod and Service CIDRs, the node mask, the",
      "nodes and their segments, flannel's mode, the networks already there, Docker, the growth.",
      "Checks every pair of ranges for overlaps, the capacity (nodes, pods per node, Services, now",
      "and at the stated growth), host-gw across segments, the pod MTU to set over the overlay.",
      "Then builds the planned cluster as a scenario script (nodes, pods, flannel's devices,",
      "routes, neighbour and FDB entries; --emit-scenario keeps it) and runs the reachability",
      "matrix on it: every pod and node to every address of the others.",
      "",
      "Example:",
      "  podpath plan docs/examples/plan-vxlan-vpn.yaml",
      "  podpath plan plan.yaml --emit-scenario planned.sh -o md > review.md",
      "",
      "Exit status: 0 no error and every cell REACHABLE, 1 otherwise, 2 bad input."
    })
final class PlanCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PLAN.yaml|PLAN.json", description = "the plan")
  Path planFile;

  @Option(
      names = "--emit-scenario",
      paramLabel = "FILE",
      description = "write the built cluster's scenario script to FILE (podpath verify runs it)")
  Path emit;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "text|json|md",
      description = "output format (default: ${DEFAULT-VALUE}); md: a design-review document")
  String output;

  @Override
  public Integer call() throws IOException {
    if (!List.of("text", "json", "md").contains(output)) {
      throw new UserError("-o " + output + ": expected text, json or md");
    }
    WriteFixes.checkTarget(emit, "--emit-scenario");
    Plan plan;
    try {
      plan = PlanReader.read(planFile);
    } catch (PlanException e) {
      throw new UserError(e.getMessage());
    }
    Path script = emit != null ? emit : Files.createTempFile("podpath-plan-", ".sh");
    PlanReview r;
    try {
      r = PlanReview.of(plan, script);
    } finally {
      if (emit == null) {
        Files.deleteIfExists(script);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    switch (output) {
      case "json" -> out.print(PlanJson.render(r));
      case "md" -> out.print(PlanText.markdown(r, emit != null));
      default -> out.print(PlanText.text(r, emit != null));
    }
    out.flush();
    return r.fails() ? 1 : 0;
  }
}
