package dev.podpath.trace;

import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.sim.outcome.Disposition;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.PacketRole;
import java.util.List;
import java.util.Optional;

/**
 * The life of one packet: its hops and its fate.
 *
 * @param role the probe's own packet, or what the stack sent because of it (an echo reply, an ICMP
 *     error, a SYN-ACK, a reset)
 * @param packet the packet as first sent (absent when the sender failed before sending)
 * @param reason the culprit when not delivered
 * @param endedIn the namespace where it was delivered or dropped
 */
public record PacketTrace(
    PacketRole role,
    Optional<Ipv4Packet> packet,
    Disposition disposition,
    Optional<DropReason> reason,
    Optional<dev.podpath.model.topo.NetnsName> endedIn,
    List<Hop> hops) {

  public PacketTrace {
    hops = List.copyOf(hops);
    if ((disposition == Disposition.DELIVERED) == reason.isPresent()) {
      throw new IllegalArgumentException(
          "a packet has a drop reason exactly when it was not delivered: "
              + disposition
              + " "
              + reason);
    }
  }

  /**
   * The packet as it was delivered, if it was: what the receiving socket sees, after the NAT on the
   * way (a reply from a Service's endpoint arrives from the ClusterIP).
   */
  public Optional<Ipv4Packet> arrival() {
    return hops.stream()
        .flatMap(h -> h.steps().stream())
        .map(e -> e.step())
        .filter(s -> s instanceof dev.podpath.sim.outcome.Step.LocalDelivery)
        .map(s -> ((dev.podpath.sim.outcome.Step.LocalDelivery) s).packet())
        .findFirst();
  }

  /** When it was delivered (simulated time), if it was. */
  public Optional<Long> deliveredAtNanos() {
    return hops.stream()
        .flatMap(h -> h.steps().stream())
        .filter(e -> e.step() instanceof dev.podpath.sim.outcome.Step.LocalDelivery)
        .map(e -> e.timeNanos())
        .findFirst();
  }
}
