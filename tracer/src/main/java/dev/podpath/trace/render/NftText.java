package dev.podpath.trace.render;

import dev.podpath.sim.outcome.NfVerdict;
import dev.podpath.sim.outcome.NftHit;
import dev.podpath.sim.outcome.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An nftables base chain's step in one line: the table, chain, hook and priority, the rules met
 * (with a {@code numgen} choice), the verdict, the rewrite, and where the deciding rule was
 * written.
 *
 * <pre>
 * ip kube-proxy nat-prerouting (prerouting -100): #1 jump -> services #1 vmap -> service-X #2
 *     (numgen 0 of mod 2, random p=0.500, branch p=0.500) -> endpoint-Y #2 dnat: dst ... [kp.nft:40]
 * </pre>
 */
final class NftText {

  private NftText() {}

  static String describe(Step.Nftables n) {
    StringBuilder sb = new StringBuilder();
    sb.append(n.table())
        .append(' ')
        .append(n.chain())
        .append(" (")
        .append(n.hook().name().toLowerCase(Locale.ROOT))
        .append(' ')
        .append(n.priority())
        .append("):");
    List<String> parts = new ArrayList<>();
    for (NftHit h : n.hits()) {
      StringBuilder p = new StringBuilder();
      p.append(h.chain().equals(n.chain()) ? "" : h.chain() + " ").append('#').append(h.number());
      p.append(" \"").append(h.rule().text()).append('"');
      h.choice().ifPresent(c -> p.append(" (").append(c).append(')'));
      parts.add(p.toString());
    }
    if (!parts.isEmpty()) {
      sb.append(' ').append(String.join(" -> ", parts));
    }
    if (n.byPolicy()) {
      sb.append(parts.isEmpty() ? " " : " -> ")
          .append("policy ")
          .append(n.policy().name().toLowerCase(Locale.ROOT));
    } else if (n.verdict() == NfVerdict.NOT_MODELLED) {
      sb.append(": not modelled");
    } else if (n.verdict() != NfVerdict.ACCEPT) {
      sb.append(": ").append(n.verdict().name().toLowerCase(Locale.ROOT));
    }
    String rewrite = NetfilterText.rewrite(n.before(), n.after());
    if (!rewrite.isEmpty()) {
      sb.append(": ").append(rewrite);
    }
    n.ctState().ifPresent(st -> sb.append("  (ctstate ").append(st).append(')'));
    if (!n.hits().isEmpty() && !n.byPolicy()) {
      var last = n.hits().get(n.hits().size() - 1).rule().origin();
      if (!last.isKernel()) {
        sb.append("  [").append(last.location()).append(']');
      }
    }
    return sb.toString();
  }
}
