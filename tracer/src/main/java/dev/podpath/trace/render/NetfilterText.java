package dev.podpath.trace.render;

import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.sim.outcome.NfRuleHit;
import dev.podpath.sim.outcome.NfVerdict;
import dev.podpath.sim.outcome.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Netfilter steps in one line each: the path through the chains (rules that matched, statistic
 * choices), the verdict, the rewrite, and where the deciding rule was written.
 *
 * <pre>
 * nat PREROUTING: #1 -> KUBE-SERVICES #2 -> KUBE-SVC-WEB #2 (random p=0.333, chosen, branch p=0.333)
 *     -> KUBE-SEP-A #3 DNAT: dst 10.96.0.10:80 -> 10.244.0.3:8080  [kube.sh:41]
 * filter FORWARD: policy DROP
 * </pre>
 */
final class NetfilterText {

  private NetfilterText() {}

  static String describe(Step.Netfilter n) {
    StringBuilder sb = new StringBuilder();
    sb.append(n.table().keyword()).append(' ').append(n.hook()).append(':');
    List<String> parts = new ArrayList<>();
    NfRuleHit last = null;
    for (NfRuleHit h : n.hits()) {
      parts.add(hit(h, n.hook().name()));
      if (h.matched()) {
        last = h;
      }
    }
    if (!parts.isEmpty()) {
      sb.append(' ').append(String.join(" -> ", parts));
    }
    if (n.byPolicy()) {
      sb.append(parts.isEmpty() ? " " : " -> ")
          .append("policy ")
          .append(n.policy().map(Enum::name).orElse("ACCEPT"));
    } else if (n.verdict() == NfVerdict.NOT_MODELLED) {
      sb.append(": not modelled");
    }
    String rewrite = rewrite(n.before(), n.after());
    if (!rewrite.isEmpty()) {
      sb.append(": ").append(rewrite);
    }
    n.ctState().ifPresent(st -> sb.append("  (ctstate ").append(st).append(')'));
    if (last != null && !n.byPolicy() && !last.rule().origin().isKernel()) {
      sb.append("  [").append(last.rule().origin().location()).append(']');
    }
    return sb.toString();
  }

  static String describe(Step.Conntrack c) {
    StringBuilder sb = new StringBuilder();
    sb.append(c.state());
    if (c.reply()) {
      sb.append(" (reply direction)");
    }
    String rewrite = rewrite(c.before(), c.after());
    if (!rewrite.isEmpty()) {
      sb.append(", translated by the connection at ").append(c.hook()).append(": ").append(rewrite);
    }
    c.entry().ifPresent(e -> sb.append("  [").append(e.line()).append(']'));
    return sb.toString();
  }

  private static String hit(NfRuleHit h, String builtin) {
    StringBuilder sb = new StringBuilder();
    sb.append(h.chain().equals(builtin) ? "" : h.chain() + " ").append('#').append(h.number());
    h.statistic()
        .ifPresent(
            d ->
                sb.append(
                    String.format(
                        Locale.ROOT,
                        " (%s p=%.3f, %s%s)",
                        d.pinned() ? "pinned" : "random",
                        d.probability(),
                        d.chosen() ? "chosen" : "not chosen",
                        d.chosen() && !d.pinned()
                            ? String.format(Locale.ROOT, ", branch p=%.3f", d.branchProbability())
                            : "")));
    if (h.matched()) {
      String t = target(h.rule());
      if (!t.isEmpty()) {
        sb.append(' ').append(t);
      }
    }
    h.flags().forEach(f -> sb.append(" [").append(f).append(']'));
    return sb.toString();
  }

  /**
   * The target in short: nothing for a jump (the next chain follows), else its iptables form
   * without -j.
   */
  private static String target(Rule r) {
    Target t = r.target();
    if (t instanceof Target.Jump
        || t instanceof Target.Goto
        || t instanceof Target.Continue
        || t instanceof Target.Return) {
      return t instanceof Target.Return ? "RETURN" : "";
    }
    if (t instanceof Target.Dnat
        || t instanceof Target.Snat
        || t instanceof Target.Masquerade
        || t instanceof Target.Redirect) {
      String s = t.save().substring(3);
      int sp = s.indexOf(' ');
      return sp < 0 ? s : s.substring(0, sp);
    }
    String s = t.save();
    return s.startsWith("-j ") ? s.substring(3) : s;
  }

  /**
   * {@code dst 10.96.0.10:80 -> 10.244.0.3:8080}, {@code src ...}, {@code mark 0x0 -> 0x4000};
   * empty if unchanged.
   */
  static String rewrite(Ipv4Packet before, Ipv4Packet after) {
    List<String> out = new ArrayList<>();
    String bs = endpoint(before, true);
    String as = endpoint(after, true);
    if (!bs.equals(as)) {
      out.add("src " + bs + " -> " + as);
    }
    String bd = endpoint(before, false);
    String ad = endpoint(after, false);
    if (!bd.equals(ad)) {
      out.add("dst " + bd + " -> " + ad);
    }
    if (before.mark() != after.mark()) {
      out.add(
          "mark 0x" + Long.toHexString(before.mark()) + " -> 0x" + Long.toHexString(after.mark()));
    }
    if (out.isEmpty()
        && !before.equals(after)
        && after.l4() instanceof L4.Icmp i
        && i.quoted().isPresent()) {
      out.add("quoted packet " + i.quoted().get().src() + " > " + i.quoted().get().dst());
    }
    return String.join(", ", out);
  }

  private static String endpoint(Ipv4Packet p, boolean src) {
    String a = (src ? p.src() : p.dst()).toString();
    if (p.l4() instanceof L4.Tcp t) {
      return a + ":" + (src ? t.sport() : t.dport());
    } else if (p.l4() instanceof L4.Udp u) {
      return a + ":" + (src ? u.sport() : u.dport());
    }
    return a;
  }
}
