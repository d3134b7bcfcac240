package dev.podpath.model.snapshot;

import java.util.Objects;

/**
 * Something podpath had to assume to build the model from a snapshot, because the dumps do not say
 * it: a pod tied to its node's bridge without a peer index, an address read off a route, a MAC made
 * up for a device whose dump shows none. {@code podpath lint} prints them all; a trace that depends
 * on one can be wrong in exactly that respect.
 *
 * <pre>{@code
 * worker1/netns/busybox-jpnb6: assumed: eth0 is a veth whose other end is a port of worker1's
 *     cni0 (no ip link dump ties them; kubectl-get-pods.txt:2 puts the pod on worker1)
 * }</pre>
 *
 * @param where the folder or file the assumption is about
 * @param text what was assumed, and why
 */
public record Assumption(String where, String text) {

  public Assumption {
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(text, "text");
  }

  @Override
  public String toString() {
    return where + ": assumed: " + text;
  }
}
