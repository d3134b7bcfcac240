package dev.podpath.sim.outcome;

import dev.podpath.model.netfilter.NftRule;
import java.util.Objects;
import java.util.Optional;

/**
 * One nftables rule a packet met on its way through a base chain: a rule that matched (and ran its
 * statements and verdict), or whose verdict map sent it on.
 *
 * <pre>{@code
 * services #1 ip daddr . meta l4proto . th dport vmap @service-ips   [kube-proxy.nft:31]
 * }</pre>
 *
 * @param chain the chain the rule is in
 * @param number its position in the chain, from 1
 * @param rule the rule, with its text and origin (file:line)
 * @param choice the random choice a {@code numgen} verdict map made, in words, if any
 * @param branchProbability the probability of the path so far (the product of the random choices)
 */
public record NftHit(
    String chain, int number, NftRule rule, Optional<String> choice, double branchProbability) {

  public NftHit {
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(choice, "choice");
  }
}
