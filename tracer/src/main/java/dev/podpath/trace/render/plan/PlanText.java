package dev.podpath.trace.render.plan;

import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Fix;
import dev.podpath.trace.matrix.Cell;
import dev.podpath.trace.matrix.Matrix;
import dev.podpath.trace.matrix.Verdict;
import dev.podpath.trace.plan.Plan;
import dev.podpath.trace.plan.PlanChecks;
import dev.podpath.trace.plan.PlanFinding;
import dev.podpath.trace.plan.PlanReview;
import dev.podpath.trace.plan.PlanScenario;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** A {@link PlanReview} as {@code podpath plan} prints it: text, or Markdown for a review. */
public final class PlanText {

  private PlanText() {}

  /**
   * {@return the plan derived from a snapshot, as the plan file it is (in a YAML code block for
   * Markdown)}
   */
  public static String derived(
      dev.podpath.trace.plan.SnapshotPlan d, boolean emitted, boolean markdown) {
    String head =
        "derived plan "
            + d.plan().file()
            + (emitted ? " (written" : " (--emit-plan FILE writes it")
            + "; edit it and re-run: podpath plan FILE):";
    return markdown
        ? "## The derived plan\n\n```yaml\n" + d.yaml() + "```\n\n"
        : head + "\n\n" + d.yaml() + "\n";
  }

  /** {@return the text} */
  public static String text(PlanReview r, boolean emitted) {
    Plan p = r.plan();
    StringBuilder sb = new StringBuilder();
    sb.append("plan: ")
        .append(p.file())
        .append(": ")
        .append(p.nodes().size())
        .append(p.nodes().size() == 1 ? " node, " : " nodes, ")
        .append(p.cni().label())
        .append('\n');
    sb.append("\nranges (by address):\n");
    for (PlanChecks.Range x : sorted(r)) {
      sb.append(String.format(Locale.ROOT, "  %-18s %s%n", x.cidr(), x.what()));
    }
    PlanReview.Capacity c = r.capacity();
    sb.append("\ncapacity:\n");
    sb.append("  nodes          ")
        .append(c.nodes())
        .append(p.cni().calico() ? " blocks of /" : " node subnets of /")
        .append(p.nodeCidrMaskSize())
        .append("; planned ")
        .append(p.nodes().size())
        .append(
            p.growth().nodes().isPresent() ? ", growing to " + p.growth().nodes().getAsInt() : "")
        .append('\n');
    sb.append("  pods per node  ")
        .append(c.podsPerNode())
        .append(p.cni().calico() ? " in a node's first block (it claims another when full)" : "")
        .append(
            p.growth().podsPerNode().isPresent()
                ? "; expected " + p.growth().podsPerNode().getAsInt()
                : "")
        .append('\n');
    sb.append("  Services       ")
        .append(c.services())
        .append(
            p.growth().services().isPresent()
                ? "; expected " + p.growth().services().getAsInt()
                : "")
        .append('\n');
    sb.append("  pod MTU        ").append(c.podMtu()).append(" (to set)\n");
    sb.append("\nfindings:\n");
    if (r.findings().isEmpty()) {
      sb.append("  none\n");
    }
    for (PlanFinding f : r.findings()) {
      sb.append("  ")
          .append(f.severity().label())
          .append(' ')
          .append(f.code().id())
          .append(": ")
          .append(f.explanation())
          .append('\n');
      for (Evidence e : f.evidence()) {
        sb.append("      ")
            .append(e.location())
            .append(": ")
            .append(e.where())
            .append(": ")
            .append(e.entry())
            .append('\n');
      }
      for (Fix x : f.fixes()) {
        sb.append("      fix: ").append(x.change()).append('\n');
        sb.append("           why: ").append(x.why()).append('\n');
      }
    }
    sb.append("\nthe planned cluster, simulated:\n");
    if (r.matrix().isEmpty()) {
      sb.append("  not built: ").append(r.notBuilt().orElse("")).append('\n');
    } else {
      Matrix m = r.matrix().get();
      sb.append("  ")
          .append(p.podsPerNode())
          .append(" pods per node (")
          .append(
              String.join(
                  ", ", p.nodes().stream().map(n -> PlanScenario.podName(n, 1) + "...").toList()))
          .append("); ping from every pod and node to every address of the others\n");
      networks(p).ifPresent(x -> sb.append("  ").append(x).append('\n'));
      sb.append("  ")
          .append(m.count(Verdict.REACHABLE))
          .append(" of ")
          .append(m.cells().size())
          .append(" pairs REACHABLE");
      long bad = m.cells().size() - m.count(Verdict.REACHABLE);
      sb.append(bad == 0 ? "\n" : "; " + bad + " not:\n");
      for (Cell x : failed(m)) {
        sb.append("    ")
            .append(x.from().label())
            .append(" -> ")
            .append(x.to().label())
            .append(": ")
            .append(x.verdict())
            .append(x.code().map(s -> " " + s).orElse(""))
            .append(x.where().map(w -> " at " + w).orElse(""))
            .append('\n');
      }
      sb.append(
          emitted
              ? "  scenario: " + r.scenario().get() + " (podpath verify runs it in the kernel)\n"
              : "  (--emit-scenario FILE keeps the script)\n");
      if (r.services().isEmpty()) {
        sb.append("  Services: not built (the Service CIDR has fewer than 11 addresses)\n");
      }
      for (PlanReview.ServiceCells sc : r.services()) {
        sb.append("  Service ").append(service(sc)).append(": ");
        sb.append(sc.matrix().count(Verdict.REACHABLE))
            .append(" of ")
            .append(sc.matrix().cells().size())
            .append(" nodes and pods REACHABLE\n");
        for (Cell x : failed(sc.matrix())) {
          sb.append("    ")
              .append(x.from().label())
              .append(": ")
              .append(x.verdict())
              .append(x.code().map(s -> " " + s).orElse(""))
              .append(x.where().map(w -> " at " + w).orElse(""))
              .append('\n');
        }
      }
    }
    return sb.toString();
  }

  /** A Service in one line: its name, ClusterIP and port, and its endpoint. */
  private static String service(PlanReview.ServiceCells c) {
    PlanScenario.Service s = c.service();
    return s.name()
        + " "
        + s.clusterIp()
        + " "
        + s.protocol()
        + " "
        + s.port()
        + " -> "
        + s.endpointNetns()
        + " "
        + s.endpoint()
        + ":"
        + s.targetPort();
  }

  /** The networks already there that were built, in one line; empty when none was. */
  private static java.util.Optional<String> networks(Plan p) {
    List<Plan.Network> built = PlanScenario.builtNetworks(p);
    if (built.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        "the networks already there, behind the router "
            + PlanScenario.edgeName(p)
            + ": "
            + String.join(
                ", ",
                built.stream()
                    .map(
                        w ->
                            w.name()
                                + " (a host at "
                                + PlanScenario.networkHost(w)
                                + " in "
                                + PlanScenario.networkName(w)
                                + ")")
                    .toList())
            + "; the nodes masquerade their pods' packets to outside the pod CIDR");
  }

  /** {@return the Markdown design-review document} */
  public static String markdown(PlanReview r, boolean emitted) {
    Plan p = r.plan();
    StringBuilder sb = new StringBuilder();
    sb.append("# Design review: ").append(p.file()).append("\n\n");
    sb.append(p.nodes().size())
        .append(p.nodes().size() == 1 ? " node, " : " nodes, ")
        .append(p.cni().label())
        .append(", pod CIDR `")
        .append(p.podCidr())
        .append("` (/")
        .append(p.nodeCidrMaskSize())
        .append(p.cni().calico() ? " IPAM blocks), Service CIDR `" : " per node), Service CIDR `")
        .append(p.serviceCidr())
        .append("`.\n\n");
    sb.append("## Address space\n\n| range | owner | first | last |\n|---|---|---|---|\n");
    for (PlanChecks.Range x : sorted(r)) {
      sb.append("| `")
          .append(x.cidr())
          .append("` | ")
          .append(x.what())
          .append(" | ")
          .append(x.cidr().network())
          .append(" | ")
          .append(x.cidr().broadcast())
          .append(" |\n");
    }
    sb.append("\n## Nodes\n\n| node | address | segment | MTU | ")
        .append(p.cni().calico() ? "IPAM block" : "pod subnet")
        .append(" |\n|---|---|---|---|---|\n");
    for (Plan.Node n : p.nodes()) {
      sb.append("| ")
          .append(n.name())
          .append(" | ")
          .append(n.address())
          .append('/')
          .append(n.subnet().length())
          .append(" | ")
          .append(n.segment())
          .append(" | ")
          .append(n.mtu())
          .append(" | `")
          .append(PlanScenario.podSubnet(p, n.index()))
          .append("` |\n");
    }
    PlanReview.Capacity c = r.capacity();
    sb.append("\n## Capacity\n\n| | fits | planned |\n|---|---|---|\n");
    sb.append("| nodes | ")
        .append(c.nodes())
        .append(" | ")
        .append(p.nodes().size())
        .append(
            p.growth().nodes().isPresent()
                ? " (growing to " + p.growth().nodes().getAsInt() + ")"
                : "")
        .append(" |\n");
    sb.append("| pods per node | ")
        .append(c.podsPerNode())
        .append(" | ")
        .append(p.growth().podsPerNode().isPresent() ? p.growth().podsPerNode().getAsInt() : "-")
        .append(" |\n");
    sb.append("| Services | ")
        .append(c.services())
        .append(" | ")
        .append(p.growth().services().isPresent() ? p.growth().services().getAsInt() : "-")
        .append(" |\n");
    sb.append("\nPod MTU to set: **").append(c.podMtu()).append("**.\n");
    sb.append("\n## Findings\n\n");
    if (r.findings().isEmpty()) {
      sb.append("None.\n");
    }
    for (PlanFinding f : r.findings()) {
      sb.append("- **")
          .append(f.severity().label())
          .append("** `")
          .append(f.code().id())
          .append("`: ")
          .append(md(f.explanation()))
          .append('\n');
      for (Evidence e : f.evidence()) {
        sb.append("  - `")
            .append(e.location())
            .append("`: ")
            .append(md(e.where()))
            .append(": ")
            .append(md(e.entry()))
            .append('\n');
      }
      for (Fix x : f.fixes()) {
        sb.append("  - fix: `").append(x.change()).append("` (").append(md(x.why())).append(")\n");
      }
    }
    sb.append("\n## The planned cluster, simulated\n\n");
    if (r.matrix().isEmpty()) {
      sb.append("Not built: ").append(md(r.notBuilt().orElse(""))).append(".\n");
    } else {
      Matrix m = r.matrix().get();
      sb.append(p.podsPerNode())
          .append(" pods per node; ping from every pod and node to every address of the others: **")
          .append(m.count(Verdict.REACHABLE))
          .append(" of ")
          .append(m.cells().size())
          .append("** pairs REACHABLE.\n");
      networks(p).ifPresent(x -> sb.append('\n').append(md(x)).append('\n'));
      List<Cell> bad = failed(m);
      if (!bad.isEmpty()) {
        sb.append("\n| from | to | result | reason | where |\n|---|---|---|---|---|\n");
        for (Cell x : bad) {
          sb.append("| ")
              .append(x.from().label())
              .append(" | ")
              .append(x.to().label())
              .append(" | ")
              .append(x.verdict())
              .append(" | ")
              .append(x.code().orElse(""))
              .append(" | ")
              .append(x.where().map(Object::toString).orElse(""))
              .append(" |\n");
        }
      }
      if (emitted) {
        sb.append("\nScenario: `")
            .append(r.scenario().get())
            .append("` (`podpath verify` runs it in the kernel).\n");
      }
      for (PlanReview.ServiceCells sc : r.services()) {
        sb.append("\nService ")
            .append(md(service(sc)))
            .append(": **")
            .append(sc.matrix().count(Verdict.REACHABLE))
            .append(" of ")
            .append(sc.matrix().cells().size())
            .append("** nodes and pods REACHABLE.\n");
      }
    }
    return sb.toString();
  }

  private static List<PlanChecks.Range> sorted(PlanReview r) {
    return r.ranges().stream()
        .sorted(
            Comparator.comparing((PlanChecks.Range x) -> x.cidr().network().unsigned())
                .thenComparing(x -> x.cidr().length()))
        .toList();
  }

  private static List<Cell> failed(Matrix m) {
    return m.cells().stream().filter(c -> c.verdict() != Verdict.REACHABLE).toList();
  }

  private static String md(String s) {
    return s.replace("|", "\\|");
  }
}
