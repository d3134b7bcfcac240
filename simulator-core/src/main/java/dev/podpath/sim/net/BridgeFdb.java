package dev.podpath.sim.net;

import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.origin.Origin;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bridge's forwarding database during one run: the configured entries plus what it learns.
 * Learned entries age out {@code ageingNanos} after they were last refreshed (checked when read).
 */
final class BridgeFdb {

  private record Learned(String port, long updatedNanos) {}

  private final Map<MacAddress, FdbEntry> configured = new HashMap<>();
  private final Map<MacAddress, Learned> learned = new HashMap<>();
  private final long ageingNanos;

  BridgeFdb(long ageingNanos) {
    this.ageingNanos = ageingNanos;
  }

  void configure(FdbEntry e) {
    configured.put(e.mac(), e);
  }

  /** Learns {@code mac} on {@code port}; returns whether this is new or a move. */
  boolean learn(MacAddress mac, String port, long now) {
    FdbEntry c = configured.get(mac);
    if (c != null) {
      return false;
    }
    Learned old = learned.put(mac, new Learned(port, now));
    return old == null || !old.port.equals(port) || now - old.updatedNanos > ageingNanos;
  }

  boolean isLocal(MacAddress mac) {
    FdbEntry c = configured.get(mac);
    return c != null && c.kind() == FdbEntry.Kind.PERMANENT;
  }

  /** The entry for {@code mac}: configured, or learned and not yet aged out. */
  Optional<FdbEntry> lookup(MacAddress mac, String bridge, long now) {
    FdbEntry c = configured.get(mac);
    if (c != null) {
      return Optional.of(c);
    }
    Learned l = learned.get(mac);
    if (l == null || now - l.updatedNanos > ageingNanos) {
      return Optional.empty();
    }
    return Optional.of(
        new FdbEntry(
            mac,
            l.port,
            Optional.of(bridge),
            FdbEntry.Kind.DYNAMIC,
            Optional.empty(),
            Origin.KERNEL));
  }

  /** Copies learned entries whose port passes {@code keep} into {@code other}, with their times. */
  void copyLearnedTo(BridgeFdb other, java.util.function.Predicate<String> keep) {
    learned.forEach(
        (mac, l) -> {
          if (keep.test(l.port)) {
            other.learned.put(mac, l);
          }
        });
  }

  /** Learned entries still alive, for {@code bridge fdb show}-style comparisons. */
  Map<MacAddress, String> learnedPorts(long now) {
    Map<MacAddress, String> out = new HashMap<>();
    learned.forEach(
        (m, l) -> {
          if (now - l.updatedNanos <= ageingNanos) {
            out.put(m, l.port);
          }
        });
    return out;
  }
}
