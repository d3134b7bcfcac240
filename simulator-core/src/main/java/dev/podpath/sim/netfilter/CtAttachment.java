package dev.podpath.sim.netfilter;

import dev.podpath.model.netfilter.CtState;
import java.util.Optional;

/**
 * The connection a packet belongs to while it crosses one namespace ({@code skb->_nfct} with its
 * {@code ctinfo}).
 *
 * @param reply whether the packet travels in the connection's reply direction
 * @param icmpError whether the packet is an ICMP error about the connection (RELATED)
 */
record CtAttachment(Optional<Connection> conn, boolean reply, CtState state, boolean icmpError) {

  static CtAttachment untracked() {
    return new CtAttachment(Optional.empty(), false, CtState.UNTRACKED, false);
  }
}
