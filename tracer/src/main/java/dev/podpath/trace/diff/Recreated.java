package dev.podpath.trace.diff;

import dev.podpath.model.addr.Ipv4Address;
import java.util.Objects;
import java.util.Optional;

/**
 * A pod BEFORE and AFTER both have, under another name or address: the same workload, recreated.
 * Its pairs are compared as one.
 *
 * <pre>{@code
 * r.before();        // kube-system/coredns-5b8bf7b657-5gjrq
 * r.after();         // kube-system/coredns-857d9ff4c9-7m27z
 * r.owner();         // Optional[kube-system/coredns]
 * }</pre>
 *
 * @param before its name in BEFORE ({@code namespace/name})
 * @param after its name in AFTER
 * @param beforeAddress its address in BEFORE
 * @param afterAddress its address in AFTER
 * @param owner when the names differ, the owner both names start with (kubectl names a Deployment's
 *     pods {@code OWNER-HASH-XXXXX}, a DaemonSet's or ReplicaSet's {@code OWNER-XXXXX}); empty when
 *     only the address changed
 * @param replicas how many pods of that owner each side has to pair: more than one, and they are
 *     paired in the order of their names (replicas are alike; which pairs with which is arbitrary)
 */
public record Recreated(
    String before,
    String after,
    Optional<Ipv4Address> beforeAddress,
    Optional<Ipv4Address> afterAddress,
    Optional<String> owner,
    int replicas) {

  public Recreated {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(beforeAddress, "beforeAddress");
    Objects.requireNonNull(afterAddress, "afterAddress");
    Objects.requireNonNull(owner, "owner");
  }
}
