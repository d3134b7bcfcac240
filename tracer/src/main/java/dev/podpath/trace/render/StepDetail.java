package dev.podpath.trace.render;

import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.TableIds;
import dev.podpath.sim.outcome.NfRuleHit;
import dev.podpath.sim.outcome.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A step's detail, entry by entry, for a reader who selected it (the GUI's step detail): the route
 * with its table and rule, the neighbour entry, the FDB entry, each rule of the chain walk, the NAT
 * or conntrack rewrite before and after, the tunnel's headers; each entry with the line it came
 * from when the model keeps one.
 *
 * <pre>{@code
 * rule     0: from all lookup local ... 32766: from all lookup main   (kernel)
 * table    main
 * route    10.10.2.0/24 via 10.10.2.0 dev flannel.1 onlink            (flannel-vxlan.sh:60)
 * }</pre>
 */
public final class StepDetail {

  private StepDetail() {}

  /**
   * One entry of the detail.
   *
   * @param label what it is ({@code route}, {@code rule}, {@code before}...)
   * @param origin the script or dump line it came from; empty for what the kernel made or the model
   *     keeps no line for
   */
  public record Entry(String label, String text, Optional<Origin> origin) {
    public Entry {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(origin, "origin");
    }

    static Entry of(String label, Object text) {
      return new Entry(label, String.valueOf(text), Optional.empty());
    }

    static Entry of(String label, Object text, Origin origin) {
      return new Entry(label, String.valueOf(text), Optional.of(origin).filter(o -> !o.isKernel()));
    }
  }

  /** {@return the entries of {@code s}'s detail, the step's own line first} */
  public static List<Entry> of(Step s) {
    List<Entry> out = new ArrayList<>();
    out.add(Entry.of("step", StepText.verb(s) + ": " + StepText.describe(s)));
    if (s instanceof Step.RouteSelected r) {
      out.add(Entry.of("rule", r.rule(), r.rule().origin()));
      out.add(Entry.of("table", TableIds.name(r.route().table())));
      out.add(Entry.of("route", r.route(), r.route().origin()));
      r.nextHop().ifPresent(n -> out.add(Entry.of("next hop", n)));
      r.outDev().ifPresent(d -> out.add(Entry.of("device", d)));
      r.src().ifPresent(a -> out.add(Entry.of("source", a)));
    } else if (s instanceof Step.NeighbourUsed n) {
      out.add(Entry.of("neighbour", n.ip() + " lladdr " + n.mac() + " " + n.state()));
      n.configured().ifPresent(e -> out.add(Entry.of("entry", e, e.origin())));
    } else if (s instanceof Step.BridgeForwarded b) {
      out.add(Entry.of("in port", b.inPort()));
      out.add(Entry.of("destination", b.dst()));
      out.add(Entry.of("decision", b.decision()));
      out.add(Entry.of("out ports", String.join(", ", b.outPorts())));
      b.entry().ifPresent(e -> out.add(Entry.of("fdb entry", e, e.origin())));
    } else if (s instanceof Step.Netfilter n) {
      out.add(Entry.of("chain", n.table().keyword() + " " + n.hook()));
      for (NfRuleHit h : n.hits()) {
        out.add(
            Entry.of(
                h.chain() + " #" + h.number() + (h.matched() ? " matched" : " not matched"),
                h.rule(),
                h.rule().origin()));
      }
      out.add(
          Entry.of(
              "verdict",
              n.verdict()
                  + (n.byPolicy()
                      ? " (policy " + n.policy().map(String::valueOf).orElse("?") + ")"
                      : "")));
      if (!n.before().equals(n.after())) {
        out.add(Entry.of("before", StepText.packet(n.before())));
        out.add(Entry.of("after", StepText.packet(n.after())));
      }
    } else if (s instanceof Step.Conntrack c) {
      out.add(Entry.of("state", c.state() + (c.reply() ? ", reply direction" : "")));
      c.entry().ifPresent(e -> out.add(Entry.of("entry", e.line())));
      if (!c.before().equals(c.after())) {
        out.add(Entry.of("before", StepText.packet(c.before())));
        out.add(Entry.of("after", StepText.packet(c.after())));
      }
    } else if (s instanceof Step.Forwarded f) {
      out.add(Entry.of("ttl", f.ttlBefore() + " -> " + f.ttlAfter()));
    } else if (s instanceof Step.Dropped d) {
      out.add(Entry.of("reason", d.reason().code() + ": " + d.reason().explain()));
    }
    StepText.details(s).forEach(l -> out.add(Entry.of("header", l)));
    return List.copyOf(out);
  }
}
