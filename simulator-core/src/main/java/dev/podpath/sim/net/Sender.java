package dev.podpath.sim.net;

import dev.podpath.model.topo.DeviceRef;
import java.util.Objects;
import java.util.Optional;

/**
 * Who originates a packet that leaves through {@link LocalOutput}: what the MTU check means for it
 * and whom an error reaches.
 */
sealed interface Sender {

  /**
   * A socket ({@code ping}, {@code nc}): the path MTU it learned applies; too big with DF is its
   * EMSGSIZE.
   */
  record Socket() implements Sender {}

  /**
   * The stack itself (an echo reply, an ICMP error, a SYN-ACK) answering the packet {@code cause}.
   */
  record Stack(Optional<Long> cause) implements Sender {
    public Stack {
      Objects.requireNonNull(cause, "cause");
    }
  }

  /**
   * A tunnel's outer packet ({@code udp_tunnel_xmit_skb}, {@code iptunnel_xmit}): the device MTU
   * applies.
   */
  record Tunnel(DeviceRef dev) implements Sender {
    public Tunnel {
      Objects.requireNonNull(dev, "dev");
    }
  }
}
