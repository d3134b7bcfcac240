package dev.podpath.sim.netfilter;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.packet.Ipv4Packet;
import java.util.Objects;
import java.util.Optional;

/**
 * What the datapath hands a netfilter hook: the packet, the devices, and the addresses only the
 * datapath can work out (MASQUERADE's {@code inet_select_addr} on the egress device, REDIRECT's
 * address of the ingress device).
 *
 * @param packetId the packet's id in the run (an unconfirmed connection belongs to it)
 * @param cause the packet this one answers (an ICMP error, a reset), if the stack made it: it
 *     belongs to that packet's connection even before the connection is confirmed
 * @param in the input device, {@code ""} if none
 * @param out the output device, {@code ""} if none
 * @param physIn the bridge port the frame came in on (br_netfilter)
 * @param physOut the bridge port the frame leaves through (br_netfilter, bridged frames)
 * @param masqueradeSource the primary address of the egress device for the next hop (POSTROUTING)
 * @param redirectTo the address REDIRECT sends to: the ingress device's primary address, or
 *     127.0.0.1 for locally generated packets
 */
public record HookInput(
    long packetId,
    Optional<Long> cause,
    Ipv4Packet packet,
    String in,
    String out,
    Optional<String> physIn,
    Optional<String> physOut,
    Optional<Ipv4Address> masqueradeSource,
    Optional<Ipv4Address> redirectTo) {

  public HookInput {
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(packet, "packet");
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(physIn, "physIn");
    Objects.requireNonNull(physOut, "physOut");
    Objects.requireNonNull(masqueradeSource, "masqueradeSource");
    Objects.requireNonNull(redirectTo, "redirectTo");
  }

  HookInput withPacket(Ipv4Packet p) {
    return new HookInput(
        packetId, cause, p, in, out, physIn, physOut, masqueradeSource, redirectTo);
  }

  /** A packet at a hook with only its devices known. */
  public static HookInput of(long packetId, Ipv4Packet packet, String in, String out) {
    return new HookInput(
        packetId,
        Optional.empty(),
        packet,
        in,
        out,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
