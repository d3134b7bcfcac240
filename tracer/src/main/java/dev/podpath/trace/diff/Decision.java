package dev.podpath.trace.diff;

import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.Step;
import java.util.Objects;
import java.util.Optional;

/**
 * One decision of a traced packet, as {@link NetworkDiff} compares it: the {@link Step} that made
 * it, which packet of the probe it was (the request, or its answer), and its {@link DecisionKey}:
 * what was decided, without the file and line it came from (the two inputs are different files) nor
 * what the kernel chose at random (MACs, packet ids, times).
 *
 * <pre>{@code
 * Decision d = Decisions.of(trace).get(0);
 * d.netns();      // node1
 * d.step();       // Step.RouteSelected[... route=10.244.1.0/24 via 192.168.1.11 dev eth0 ...]
 * d.origin();     // Optional[ip-route.txt:4: 10.244.1.0/24 via 192.168.1.11 dev eth0]
 * }</pre>
 *
 * @param leg the request or the answer
 * @param step the step as the trace recorded it (with its origins)
 * @param key what was decided, compared between the two traces
 * @param origin the line of configuration that decided (a route, a rule, an entry), when there is
 *     one
 */
public record Decision(Leg leg, Step step, DecisionKey key, Optional<Origin> origin) {

  /** Which packet of the probe a decision was made for. */
  public enum Leg {
    /** The probe's own packet. */
    REQUEST,
    /** What came back because of it: an echo reply, a SYN-ACK, an ICMP error. */
    RESPONSE
  }

  public Decision {
    Objects.requireNonNull(leg, "leg");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(origin, "origin");
  }

  /** {@return the namespace it was made in} */
  public NetnsName netns() {
    return step.netns();
  }

  /** {@return whether the other decision decided the same (origins aside)} */
  public boolean sameAs(Decision other) {
    return leg == other.leg && key.equals(other.key);
  }
}
