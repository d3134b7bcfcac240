package dev.podpath.trace.cli;

import dev.podpath.trace.api.Network;
import dev.podpath.trace.diff.Diff;
import dev.podpath.trace.diff.NetworkDiff;
import dev.podpath.trace.matrix.MatrixRequest;
import dev.podpath.trace.render.diff.DiffJson;
import dev.podpath.trace.render.diff.DiffText;
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
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "What a change did to reachability: the pairs whose verdict changed, and why.",
      "",
      "The same matrix (`podpath matrix`) of BEFORE and AFTER, its pairs matched by name (a",
      "namespace, an address, a pod or Service as namespace/name); for each pair whose verdict",
      "changed, the first decision on which the two traces part (the route, rule or entry on both",
      "sides, with its file:line). A pod recreated under another name (a Deployment's new",
      "hash) or address is matched as the same workload, and the output says so. With",
      "--apply CHANGES.sh instead of AFTER: INPUT against INPUT with the changes applied, each",
      "changed pair citing the command of CHANGES.sh that turned it. docs/diff.md.",
      "",
      "Examples:",
      "  podpath diff samples/snapshots/kube-proxy-before \\",
      "      samples/snapshots/kube-proxy-after --assume-cni-pods \\",
      "      --sources jenkins/jenkins-0 --destinations default/kubernetes",
      "  podpath diff samples/missing-route.sh \\",
      "      --apply samples/changes/missing-route-back.sh",
      "",
      "Exit status: 0 no pair changed, 1 some pair changed (or is in one network only),",
      "2 bad input."
    })
final class DiffCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "BEFORE",
      description = "scenario script or snapshot folder, as it was")
  Path before;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "AFTER",
      description = "scenario script or snapshot folder, as it is (or would be); not with --apply")
  Path after;

  @Option(
      names = "--apply",
      paramLabel = "CHANGES.sh",
      description =
          "instead of AFTER: BEFORE with this file of ip/iptables/ipset/sysctl lines (as in a"
              + " scenario script) applied on top; on a snapshot each line names its namespace"
              + " (ip -n NODE ..., ip netns exec NODE ...)")
  Path apply;

  @Mixin CellSelection cells;

  @Option(
      names = "--assume-cni-pods",
      description =
          "snapshots: model the pods kubectl lists but that were not dumped, as the CNI bridge"
              + " plugin makes them")
  boolean assumeCniPods;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "text|json",
      description = "output format (default: ${DEFAULT-VALUE})")
  String output;

  @Override
  public Integer call() {
    if (!List.of("text", "json").contains(output)) {
      throw new UserError("-o " + output + ": expected text or json");
    }
    if ((after == null) == (apply == null)) {
      throw new UserError(
          after == null
              ? "diff needs AFTER, or --apply CHANGES.sh to make it from BEFORE"
              : "diff takes AFTER or --apply CHANGES.sh, not both");
    }
    MatrixRequest request = cells.request();
    PrintWriter err = spec.commandLine().getErr();
    Network b = ProbeTarget.load(before, assumeCniPods, err);
    if (apply != null) {
      return report(NetworkDiff.ofChanges(b, apply, request));
    }
    Network a = ProbeTarget.load(after, assumeCniPods, err);
    return report(NetworkDiff.of(b, a, request));
  }

  /** Prints the diff and returns the exit status, for two inputs or one and its changes. */
  int report(Diff d) {
    PrintWriter out = spec.commandLine().getOut();
    out.print(output.equals("json") ? DiffJson.render(d) : DiffText.render(d));
    out.flush();
    boolean changed = d.anyChange() || !d.onlyBefore().isEmpty() || !d.onlyAfter().isEmpty();
    return changed ? 1 : 0;
  }
}
