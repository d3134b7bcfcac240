package dev.podpath.sim.net;

import dev.podpath.model.topo.DeviceRef;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.PacketRole;
import dev.podpath.sim.outcome.Step;
import java.util.Optional;

/**
 * Where the datapath writes its evidence: each {@link Step} of a packet (or of a frame copy), the
 * ids of new packets and copies, and which packet answers which.
 */
interface StepLog {

  /** Records {@code step} for copy {@code copyId} of packet {@code packetId}. */
  void record(long packetId, long copyId, boolean arp, Step step);

  default void record(Skb skb, Step step) {
    record(skb.packetId(), skb.copyId(), skb.arp(), step);
  }

  /** The frame ends at {@code where}, for {@code reason}. */
  default void drop(Skb skb, DeviceRef where, DropReason reason) {
    record(skb, new Step.Dropped(where.netns(), reason));
  }

  long newPacketId();

  long newCopyId();

  /** Copy {@code copyId} was made from {@code parentCopyId} (a flood, a VXLAN head-end copy). */
  void copied(long copyId, long parentCopyId);

  /** Packet {@code packetId} answers {@code causeId}, as its {@code role}. */
  void caused(long packetId, long causeId, PacketRole role);

  /** The packet {@code packetId} answers, if it answers one. */
  Optional<Long> cause(long packetId);
}
