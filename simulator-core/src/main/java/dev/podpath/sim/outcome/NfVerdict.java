package dev.podpath.sim.outcome;

/**
 * How a packet's traversal of one table at one hook ended. ACCEPT lets the next table (or hook) see
 * it; DROP and REJECT end the packet; NOT_MODELLED means a match or target podpath does not
 * simulate was reached and nothing is guessed.
 */
public enum NfVerdict {
  ACCEPT,
  DROP,
  REJECT,
  NOT_MODELLED
}
