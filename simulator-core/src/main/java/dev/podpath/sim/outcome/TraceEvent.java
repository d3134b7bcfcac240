package dev.podpath.sim.outcome;

/**
 * A {@link Step} as the simulation recorded it: when, and for which packet copy.
 *
 * @param timeNanos simulated time
 * @param packetId the IP packet the step concerns (ARP steps carry the packet that needed the
 *     resolution, or 0 when none did)
 * @param copyId the copy of the frame (floods make copies; see {@link PacketLog#parentCopy})
 * @param arp whether the step belongs to an ARP exchange rather than to the packet itself
 */
public record TraceEvent(long timeNanos, long packetId, long copyId, boolean arp, Step step) {}
