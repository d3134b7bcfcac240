package dev.podpath.trace.diff;

import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.Route;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.NfRuleHit;
import dev.podpath.sim.outcome.Step;
import dev.podpath.sim.outcome.TraceEvent;
import dev.podpath.trace.Hop;
import dev.podpath.trace.PacketTrace;
import dev.podpath.trace.Trace;
import dev.podpath.trace.diff.Decision.Leg;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The decisions of a trace, in the order they were made: the request's, then its answer's. A step
 * that only carries out a decision (a frame in or out, a packet created, conntrack's bookkeeping, a
 * bridge learning, the ARP exchange a hop waited for) is not one; a netfilter table that met no
 * rule, rewrote nothing and accepted is not one either.
 *
 * <pre>{@code
 * Decisions.of(network.trace(TraceRequest.builder("ns1", "10.0.2.2").build()).trace());
 * // route ns1 default via 10.0.1.1, forward router, route router 10.0.2.0/24 ..., deliver ns2
 * }</pre>
 */
public final class Decisions {

  private Decisions() {}

  /** {@return the trace's decisions, the request's first} */
  public static List<Decision> of(Trace trace) {
    List<Decision> out = new ArrayList<>();
    add(out, Leg.REQUEST, trace.request());
    trace.response().ifPresent(r -> add(out, Leg.RESPONSE, r));
    return List.copyOf(out);
  }

  private static void add(List<Decision> out, Leg leg, PacketTrace packet) {
    for (Hop hop : packet.hops()) {
      for (TraceEvent e : hop.steps()) {
        key(e.step()).ifPresent(k -> out.add(new Decision(leg, e.step(), k, origin(e.step()))));
      }
    }
  }

  /** {@return what the step decided, or empty when it is no decision} */
  static Optional<DecisionKey> key(Step step) {
    if (step instanceof Step.RouteSelected r) {
      Route route = r.route();
      return Optional.of(
          new DecisionKey.Route(
              r.netns(),
              r.input(),
              r.rule().priority(),
              route.table(),
              route.type(),
              route.destination(),
              route.nextHops(),
              route.metric(),
              r.nextHop(),
              r.outDev()));
    } else if (step instanceof Step.Netfilter n) {
      if (!n.eventful()) {
        return Optional.empty();
      }
      List<String> matched =
          n.hits().stream()
              .filter(NfRuleHit::matched)
              .map(h -> h.chain() + " " + h.rule().spec())
              .toList();
      return Optional.of(
          new DecisionKey.Netfilter(
              n.netns(), n.table(), n.hook(), matched, n.verdict(), n.byPolicy()));
    } else if (step instanceof Step.BridgeForwarded b) {
      return Optional.of(
          new DecisionKey.Bridge(b.netns(), b.bridge().name(), b.decision(), b.outPorts()));
    } else if (step instanceof Step.NeighbourUsed n) {
      return Optional.of(
          new DecisionKey.Neighbour(n.netns(), n.dev().name(), n.ip(), n.configured().isPresent()));
    } else if (step instanceof Step.ArpIgnored a) {
      return Optional.of(new DecisionKey.ArpIgnored(a.netns(), a.dev().name(), a.target()));
    } else if (step instanceof Step.Encapsulated e) {
      return Optional.of(
          new DecisionKey.Encapsulated(e.netns(), e.dev().name(), e.tunnel(), e.outer().dst()));
    } else if (step instanceof Step.Decapsulated d) {
      return Optional.of(new DecisionKey.Decapsulated(d.netns(), d.dev().name(), d.tunnel()));
    } else if (step instanceof Step.Forwarded f) {
      return Optional.of(new DecisionKey.Forwarded(f.netns(), f.in(), f.out()));
    } else if (step instanceof Step.LocalDelivery d) {
      return Optional.of(new DecisionKey.Delivered(d.netns(), d.dev(), d.handler()));
    } else if (step instanceof Step.Dropped d) {
      return Optional.of(new DecisionKey.Dropped(d.netns(), d.reason().code()));
    } else if (step instanceof Step.NotModelled n) {
      return Optional.of(new DecisionKey.NotModelled(n.netns(), n.what()));
    }
    return Optional.empty();
  }

  /** {@return the line of configuration behind the step's decision, when one is known} */
  static Optional<Origin> origin(Step step) {
    Optional<Origin> o = Optional.empty();
    if (step instanceof Step.RouteSelected r) {
      o = Optional.of(r.route().origin());
    } else if (step instanceof Step.Netfilter n) {
      // the rule whose target decided; a chain's policy has no line
      List<NfRuleHit> matched = n.hits().stream().filter(NfRuleHit::matched).toList();
      o =
          matched.isEmpty() || n.byPolicy()
              ? Optional.empty()
              : Optional.of(matched.get(matched.size() - 1).rule().origin());
    } else if (step instanceof Step.BridgeForwarded b) {
      o = b.entry().map(e -> e.origin());
    } else if (step instanceof Step.NeighbourUsed n) {
      o = n.configured().map(c -> c.origin());
    } else if (step instanceof Step.Encapsulated e) {
      o = e.fdbEntry().map(f -> f.origin());
    } else if (step instanceof Step.Dropped d) {
      o = origin(d.reason());
    }
    return o.filter(x -> !x.isKernel());
  }

  private static Optional<Origin> origin(DropReason r) {
    if (r instanceof DropReason.RouteType t) {
      return Optional.of(t.route().origin());
    } else if (r instanceof DropReason.RuleAction a) {
      return Optional.of(a.rule().origin());
    } else if (r instanceof DropReason.RuleDrop d) {
      return Optional.of(d.rule().origin());
    } else if (r instanceof DropReason.RuleReject j) {
      return Optional.of(j.rule().origin());
    }
    return Optional.empty();
  }
}
