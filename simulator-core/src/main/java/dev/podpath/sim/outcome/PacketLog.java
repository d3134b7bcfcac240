package dev.podpath.sim.outcome;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one simulation run recorded: the steps in time order, which packet caused which (an
 * echo reply is caused by its request, an ICMP error by the offending packet), and which frame copy
 * was made from which (floods).
 */
public final class PacketLog {

  private final List<TraceEvent> events = new ArrayList<>();
  private final Map<Long, Long> causes = new HashMap<>();
  private final Map<Long, PacketRole> roles = new HashMap<>();
  private final Map<Long, Long> copyParents = new HashMap<>();

  public void record(TraceEvent event) {
    events.add(event);
  }

  /**
   * Notes that {@code packetId} was created in response to {@code causeId}, as its {@code role} (an
   * echo reply...).
   */
  public void caused(long packetId, long causeId, PacketRole role) {
    causes.put(packetId, causeId);
    roles.put(packetId, role);
  }

  public void copied(long copyId, long parentCopyId) {
    copyParents.put(copyId, parentCopyId);
  }

  public List<TraceEvent> events() {
    return Collections.unmodifiableList(events);
  }

  public Optional<Long> cause(long packetId) {
    return Optional.ofNullable(causes.get(packetId));
  }

  public Optional<PacketRole> role(long packetId) {
    return Optional.ofNullable(roles.get(packetId));
  }

  /** Packets caused by {@code packetId}, in the order they were made. */
  public List<Long> responsesTo(long packetId) {
    List<Long> out = new ArrayList<>();
    causes.forEach(
        (p, c) -> {
          if (c == packetId) {
            out.add(p);
          }
        });
    Collections.sort(out);
    return out;
  }

  public Optional<Long> parentCopy(long copyId) {
    return Optional.ofNullable(copyParents.get(copyId));
  }

  /** {@code copyId} and its ancestors. */
  public List<Long> copyAncestry(long copyId) {
    List<Long> chain = new ArrayList<>();
    Long c = copyId;
    while (c != null) {
      chain.add(c);
      c = copyParents.get(c);
    }
    return chain;
  }
}
