package dev.podpath.trace.plan;

import dev.podpath.model.finding.Code;
import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Fix;
import dev.podpath.model.finding.Severity;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the review of a plan found: a code, a severity, the plan's lines it rests on ({@link
 * Evidence}, as lint's findings), an explanation and the fixes; lint's {@link Code} where the same
 * problem is one of lint's (two ranges that overlap).
 *
 * @param code what kind of problem
 * @param severity error (the cluster will not work as planned), warning, or info (a value to set)
 * @param explanation one or two sentences
 * @param evidence the plan's lines
 * @param fixes what to change in the plan
 */
public record PlanFinding(
    PlanCode code,
    Severity severity,
    String explanation,
    List<Evidence> evidence,
    List<Fix> fixes) {

  public PlanFinding {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(explanation, "explanation");
    evidence = List.copyOf(evidence);
    fixes = List.copyOf(fixes);
  }

  /** The kinds of problem a plan review finds; {@link #id()} is stable (the JSON carries it). */
  public enum PlanCode {
    /** Two ranges of the plan overlap. */
    CIDR_OVERLAP("cidr-overlap", Optional.of(Code.CIDR_OVERLAP)),
    /** More nodes than the pod CIDR has node subnets at this mask, now or at the stated growth. */
    NODE_CAPACITY("node-capacity", Optional.empty()),
    /** More pods per node than a node subnet has addresses. */
    POD_CAPACITY("pod-capacity", Optional.empty()),
    /** More Services than the Service CIDR has addresses. */
    SERVICE_CAPACITY("service-capacity", Optional.empty()),
    /** flannel host-gw between nodes not on one L2 segment. */
    HOST_GW_ACROSS_SEGMENTS("host-gw-across-segments", Optional.empty()),
    /** The pod MTU to set over the overlay, and a stated one too large for it. */
    POD_MTU("pod-mtu", Optional.empty()),
    /** What the underlay must let through between the nodes (VXLAN's UDP port). */
    UNDERLAY_PORT("underlay-port", Optional.empty()),
    /** The IP protocol the underlay must let through between the nodes (IPIP's 4). */
    UNDERLAY_PROTOCOL("underlay-protocol", Optional.empty());

    private final String id;
    private final Optional<Code> lint;

    PlanCode(String id, Optional<Code> lint) {
      this.id = id;
      this.lint = lint;
    }

    /** {@return the stable id} */
    public String id() {
      return id;
    }

    /** {@return lint's code for the same problem, when lint has one} */
    public Optional<Code> lint() {
      return lint;
    }
  }
}
