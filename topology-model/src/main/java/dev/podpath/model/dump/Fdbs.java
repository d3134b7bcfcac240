package dev.podpath.model.dump;

import dev.podpath.model.bridge.FdbEntry;
import java.util.Optional;

/** The FDB entry kinds of {@code bridge fdb}'s state word. Package-private. */
final class Fdbs {

  private Fdbs() {}

  /** {@code permanent}/{@code local} -> PERMANENT, {@code static} -> STATIC, else DYNAMIC. */
  static Optional<FdbEntry.Kind> kind(String state) {
    return switch (state) {
      case "permanent", "local" -> Optional.of(FdbEntry.Kind.PERMANENT);
      case "static", "noarp" -> Optional.of(FdbEntry.Kind.STATIC);
      case "", "stale", "dynamic", "reachable" -> Optional.of(FdbEntry.Kind.DYNAMIC);
      default -> Optional.empty();
    };
  }
}
