package dev.podpath.sim.outcome;

/**
 * The terminal fate of a traced packet.
 *
 * <ul>
 *   <li>{@code DELIVERED}: it reached the destination's IP stack and was accepted there;
 *   <li>{@code DROPPED}: something dropped it (see the {@link DropReason});
 *   <li>{@code TTL_EXCEEDED}: a router found its TTL at 1 and answered with ICMP time exceeded;
 *   <li>{@code LOOP}: it circled: a routing loop (its TTL ran out after a repeated hop), a bridge
 *       loop or a broadcast storm, or the simulation's event budget ran out;
 *   <li>{@code EXITED_MODEL}: it left through a device with nothing modelled behind it;
 *   <li>{@code NOT_MODELLED}: it reached a feature podpath does not simulate; nothing is guessed.
 * </ul>
 */
public enum Disposition {
  DELIVERED,
  DROPPED,
  TTL_EXCEEDED,
  LOOP,
  EXITED_MODEL,
  NOT_MODELLED;

  /** Whether the packet got where it was going (or out of the modelled world). */
  public boolean isSuccess() {
    return this == DELIVERED || this == EXITED_MODEL;
  }
}
