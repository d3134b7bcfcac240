package dev.podpath.model.netfilter;

import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One rule of a chain: its expressions in order, its comment, and where it was written.
 *
 * <pre>{@code
 * ip daddr . meta l4proto . th dport vmap @service-ips      [kube-proxy.nft:31]
 * }</pre>
 */
public record NftRule(List<NftExpr> exprs, Optional<String> comment, Origin origin) {

  public NftRule {
    exprs = List.copyOf(exprs);
    Objects.requireNonNull(comment, "comment");
    Objects.requireNonNull(origin, "origin");
  }

  /** The rule as {@code nft} accepts it (and close to how {@code nft list ruleset} prints it). */
  public String text() {
    String s = exprs.stream().map(NftExpr::render).collect(Collectors.joining(" "));
    return comment.map(c -> s + " comment \"" + c + "\"").orElse(s);
  }

  /** The first expression podpath does not model, if any. */
  public Optional<NftExpr.NotModelled> notModelled() {
    return exprs.stream()
        .filter(NftExpr.NotModelled.class::isInstance)
        .map(NftExpr.NotModelled.class::cast)
        .findFirst();
  }

  @Override
  public String toString() {
    return text();
  }
}
