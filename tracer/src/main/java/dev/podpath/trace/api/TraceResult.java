package dev.podpath.trace.api;

import dev.podpath.trace.Branches;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.render.Annotations;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Network#trace(TracePlan)} found: the probe sent, its {@link Trace} (the request's
 * hops, the response's, the verdict), and with {@link TraceRequest#allBranches()} every way the
 * statistic rules let it go, each with its probability. Immutable.
 *
 * <pre>{@code
 * TraceResult r = network.trace(TraceRequest.builder("busybox-jpnb6", "10.10.2.4").build());
 * r.succeeded();                          // true: REACHABLE
 * r.trace().request().disposition();      // DELIVERED
 * TextRenderer.render(r.trace(), network.name(), r.annotations());   // what podpath trace prints
 * }</pre>
 *
 * @param plan the plan traced
 * @param probe the probe sent
 * @param trace the trace; with all branches, the first branch's
 * @param branches with all branches, every branch (at most {@link Network#MAX_BRANCHES}), in the
 *     order they were found; otherwise empty
 */
public record TraceResult(
    TracePlan plan, Probe probe, Trace trace, List<Branches.Branch> branches) {

  public TraceResult {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(trace, "trace");
    branches = List.copyOf(branches);
  }

  /** {@return whether the probe got there (every branch did, with all branches)} */
  public boolean succeeded() {
    return plan.request().allBranches()
        ? branches.stream().allMatch(b -> b.trace().succeeded())
        : trace.succeeded();
  }

  /** {@return whether the branches stopped at {@link Network#MAX_BRANCHES}, more may exist} */
  public boolean branchesCut() {
    return branches.size() == Network.MAX_BRANCHES;
  }

  /** {@return what the output says beyond the trace (for the renderers)} */
  public Annotations annotations() {
    return plan.annotations();
  }
}
