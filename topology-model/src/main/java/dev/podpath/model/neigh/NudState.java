package dev.podpath.model.neigh;

import java.util.Optional;

/** Neighbour (ARP) entry states, as {@code ip neigh} prints them. */
public enum NudState {
  PERMANENT,
  NOARP,
  REACHABLE,
  STALE,
  DELAY,
  PROBE,
  INCOMPLETE,
  FAILED,
  NONE;

  public static Optional<NudState> parse(String text) {
    try {
      return Optional.of(valueOf(text.toUpperCase(java.util.Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether an entry in this state has a usable link-layer address. */
  public boolean isValid() {
    return this == PERMANENT
        || this == NOARP
        || this == REACHABLE
        || this == STALE
        || this == DELAY
        || this == PROBE;
  }
}
