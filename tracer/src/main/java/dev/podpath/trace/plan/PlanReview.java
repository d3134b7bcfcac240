package dev.podpath.trace.plan;

import dev.podpath.model.finding.Severity;
import dev.podpath.model.io.TextFiles;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.matrix.Matrix;
import dev.podpath.trace.matrix.MatrixRequest;
import dev.podpath.trace.matrix.ReachabilityMatrix;
import dev.podpath.trace.matrix.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A plan reviewed ({@code podpath plan}): its ranges, the findings of {@link PlanChecks}, the
 * capacity, and the planned cluster built ({@link PlanScenario}) and simulated: the reachability
 * matrix of every pod and node to every address of the others, over the public API.
 *
 * <pre>{@code
 * PlanReview r = PlanReview.of(PlanReader.read(Path.of("plan.yaml")), Path.of("planned.sh"));
 * r.findings();                       // cidr-overlap: the pod CIDR and network office-vpn ...
 * r.matrix().map(m -> m.count(Verdict.REACHABLE));
 * }</pre>
 *
 * @param plan the plan
 * @param ranges every range it names
 * @param findings what the checks found
 * @param capacity how much fits
 * @param scenario the built cluster's script, where it was written, when it was built
 * @param notBuilt why it was not built
 * @param matrix the built cluster's matrix
 * @param services each Service of the built cluster ({@link PlanScenario#services}) and the matrix
 *     of every node and pod to its ClusterIP and port
 */
public record PlanReview(
    Plan plan,
    List<PlanChecks.Range> ranges,
    List<PlanFinding> findings,
    Capacity capacity,
    Optional<Path> scenario,
    Optional<String> notBuilt,
    Optional<Matrix> matrix,
    List<ServiceCells> services) {

  /** A Service of the built cluster and the cells of every node and pod to it. */
  public record ServiceCells(PlanScenario.Service service, Matrix matrix) {
    public ServiceCells {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(matrix, "matrix");
    }
  }

  public PlanReview {
    Objects.requireNonNull(plan, "plan");
    ranges = List.copyOf(ranges);
    findings = List.copyOf(findings);
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(notBuilt, "notBuilt");
    Objects.requireNonNull(matrix, "matrix");
    services = List.copyOf(services);
  }

  /**
   * How much the plan's ranges hold.
   *
   * @param nodes node subnets in the pod CIDR at the mask
   * @param podsPerNode pod addresses in a node subnet
   * @param services ClusterIPs in the Service CIDR
   * @param podMtu the pod MTU to set
   */
  public record Capacity(int nodes, int podsPerNode, int services, int podMtu) {}

  /**
   * {@return the review; the built cluster's script is written to {@code script} (whole or not at
   * all) and loaded from there}
   *
   * @throws IOException when the script cannot be written
   */
  public static PlanReview of(Plan plan, Path script) throws IOException {
    List<PlanFinding> findings = PlanChecks.of(plan);
    Capacity c =
        new Capacity(
            PlanChecks.nodesFit(plan),
            PlanChecks.podsFit(plan),
            PlanChecks.servicesFit(plan),
            PlanChecks.podMtuToSet(plan));
    Optional<String> text = PlanScenario.script(plan);
    if (text.isEmpty()) {
      return new PlanReview(
          plan,
          PlanChecks.ranges(plan),
          findings,
          c,
          Optional.empty(),
          PlanScenario.notBuilt(plan),
          Optional.empty(),
          List.of());
    }
    write(script, text.get());
    dev.podpath.trace.api.Network built = Podpath.load(script);
    Matrix m = ReachabilityMatrix.of(built, request(plan));
    List<ServiceCells> services = new java.util.ArrayList<>();
    for (PlanScenario.Service s : PlanScenario.services(plan)) {
      MatrixRequest toService =
          new MatrixRequest(
              request(plan).sources(),
              List.of(s.clusterIp().toString()),
              Optional.of(
                  s.protocol().equals("udp")
                      ? dev.podpath.trace.Probe.Protocol.UDP
                      : dev.podpath.trace.Probe.Protocol.TCP),
              java.util.OptionalInt.of(s.port()));
      services.add(new ServiceCells(s, ReachabilityMatrix.of(built, toService)));
    }
    return new PlanReview(
        plan,
        PlanChecks.ranges(plan),
        findings,
        c,
        Optional.of(script),
        Optional.empty(),
        Optional.of(m),
        services);
  }

  /**
   * {@return the matrix asked of the built cluster: from every node and pod (not the router and the
   * networks already there, which have no route to the pods, as a LAN's hosts have none) to every
   * address}
   */
  static MatrixRequest request(Plan plan) {
    List<String> sources = new java.util.ArrayList<>();
    for (Plan.Node n : plan.nodes()) {
      sources.add(n.name());
      for (int k = 1; k <= plan.podsPerNode(); k++) {
        sources.add(PlanScenario.podName(n, k));
      }
    }
    return new MatrixRequest(sources, List.of(), Optional.empty(), java.util.OptionalInt.empty());
  }

  /** {@return whether a finding is an error, or a cell of the matrix is not REACHABLE} */
  public boolean fails() {
    return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR)
        || matrix.filter(m -> m.count(Verdict.REACHABLE) != m.cells().size()).isPresent()
        || services.stream()
            .anyMatch(s -> s.matrix().count(Verdict.REACHABLE) != s.matrix().cells().size());
  }

  private static void write(Path target, String text) throws IOException {
    TextFiles.writeWhole(target, text);
  }
}
