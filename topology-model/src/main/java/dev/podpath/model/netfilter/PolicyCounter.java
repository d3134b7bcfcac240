package dev.podpath.model.netfilter;

/**
 * Whether a built-in chain counts the packets its policy decides, and which life of the counter
 * this is.
 *
 * <p>iptables-nft (1.8.9, kernel-verified on 6.18) gives a base chain a policy counter only when
 * {@code -P} or an {@code iptables-restore} file ({@code :INPUT ACCEPT [0:0]}) creates or sets it;
 * a base chain created on the way by {@code -A}/{@code -I} has none, and {@code iptables-save -c}
 * shows {@code [0:0]} for it whatever crossed it. The generation changes when the counter is reset
 * ({@code -Z}, {@code -P}, which sets the policy with fresh counters, and a restore that rebuilds
 * the table), so that a simulation starts counting again from there.
 *
 * @param counted whether the policy's packets are counted
 * @param generation which life of the counter this is (different after each reset)
 */
public record PolicyCounter(boolean counted, long generation) {

  /** A counted policy that was never reset (dumps, and chains built directly). */
  public static final PolicyCounter COUNTED = new PolicyCounter(true, 0);
}
