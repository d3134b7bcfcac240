package dev.podpath.trace.cli;

import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.plan.Plan;
import dev.podpath.trace.plan.PlanException;
import dev.podpath.trace.plan.PlanReader;
import dev.podpath.trace.plan.PlanReview;
import dev.podpath.trace.plan.SnapshotPlan;
import dev.podpath.trace.render.plan.PlanJson;
import dev.podpath.trace.render.plan.PlanText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
      "nodes and their segments, the CNI (flannel vxlan or host-gw, Calico IPIP or VXLAN,",
      "Always or CrossSubnet), the networks already there, Docker, the growth. Checks every pair",
      "of ranges for overlaps, the capacity (nodes, pods per node, Services, now and at the",
      "stated growth), host-gw across segments, the pod MTU to set over the overlay, what the",
      "underlay must pass.",
      "Then builds the planned cluster as a scenario script (nodes, pods, the CNI's devices,",
      "routes, neighbour and FDB entries; --emit-scenario keeps it) and runs the reachability",
      "matrix on it: every pod and node to every address of the others.",
      "",
      "With --from-snapshot, the plan is derived from a running cluster's snapshot (its dumps",
      "and kubectl files): printed as a plan file (--emit-plan keeps it) whose comments name the",
      "dump line of each value, then reviewed the same way.",
      "",
      "Example:",
      "  podpath plan docs/examples/plan-vxlan-vpn.yaml",
      "  podpath plan plan.yaml --emit-scenario planned.sh -o md > review.md",
      "  podpath plan docs/examples/plan-calico-cross-subnet.yaml",
      "  podpath plan --from-snapshot samples/snapshots/kube-proxy-after",
      "",
      "Exit status: 0 no error and every cell REACHABLE, 1 otherwise, 2 bad input."
    })
final class PlanCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PLAN.yaml|PLAN.json",
      description = "the plan (or --from-snapshot)")
  Path planFile;

  @Option(
      names = "--from-snapshot",
      paramLabel = "SNAPSHOT",
      description = "derive the plan of the running cluster in SNAPSHOT (a snapshot folder)")
  Path snapshot;

  @Option(
      names = "--emit-plan",
      paramLabel = "FILE",
      description = "with --from-snapshot: write the derived plan to FILE (podpath plan FILE)")
  Path emitPlan;

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
    if ((planFile == null) == (snapshot == null)) {
      throw new UserError("give a plan file or --from-snapshot SNAPSHOT (one of them)");
    }
    if (emitPlan != null && snapshot == null) {
      throw new UserError("--emit-plan goes with --from-snapshot");
    }
    WriteFixes.checkTarget(emitPlan, "--emit-plan");
    Plan plan;
    Optional<SnapshotPlan> derived = Optional.empty();
    try {
      if (snapshot != null) {
        SnapshotPlan d =
            SnapshotPlan.of(
                Podpath.load(snapshot),
                emitPlan != null
                    ? emitPlan.toString()
                    : snapshot.toAbsolutePath().normalize().getFileName() + ".plan.yaml");
        if (emitPlan != null) {
          Files.writeString(emitPlan, d.yaml(), StandardCharsets.UTF_8);
        }
        derived = Optional.of(d);
        plan = d.plan();
      } else {
        plan = PlanReader.read(planFile);
      }
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
    if (derived.isPresent() && !output.equals("json")) {
      out.print(PlanText.derived(derived.get(), emitPlan != null, output.equals("md")));
    }
    switch (output) {
      case "json" -> out.print(PlanJson.render(r, derived.map(SnapshotPlan::yaml)));
      case "md" -> out.print(PlanText.markdown(r, emit != null));
      default -> out.print(PlanText.text(r, emit != null));
    }
    out.flush();
    return r.fails() ? 1 : 0;
  }
}
