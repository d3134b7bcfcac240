package dev.podpath.sim.outcome;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one simulation run recorded: the steps in time order, which packet caused which (an
 * echo reply is caused by its request, an ICMP error by the offending packet), and which frame copy
 * was made from which (floods).
 *
 * <p>Indexed as it is written: the events of each packet, the packets each packet caused, and what
 * was not modelled, so that reading one probe's trace out of a long {@code Session}'s log costs the
 * same at the 10,000th probe as at the first ({@code SessionCostTest}).
 */
public final class PacketLog {

  private final List<TraceEvent> events = new ArrayList<>(128); // a trace has ~80
  private final Map<Long, Long> causes = new HashMap<>();
  private final Map<Long, PacketRole> roles = new HashMap<>();
  private final Map<Long, Long> copyParents = new HashMap<>();
  private final Map<Long, List<TraceEvent>> byPacket = new HashMap<>();
  private final Map<Long, List<Long>> responses = new HashMap<>();
  private final LinkedHashSet<String> notModelled = new LinkedHashSet<>();

  public void record(TraceEvent event) {
    events.add(event);
    byPacket.computeIfAbsent(event.packetId(), p -> new ArrayList<>(64)).add(event);
    if (event.step() instanceof Step.NotModelled nm) {
      notModelled.add(nm.what());
    }
  }

  /**
   * Notes that {@code packetId} was created in response to {@code causeId}, as its {@code role} (an
   * echo reply...).
   */
  public void caused(long packetId, long causeId, PacketRole role) {
    Long before = causes.put(packetId, causeId);
    if (before != null) {
      responses.get(before).remove(Long.valueOf(packetId));
    }
    responses.computeIfAbsent(causeId, c -> new ArrayList<>()).add(packetId);
    roles.put(packetId, role);
  }

  public void copied(long copyId, long parentCopyId) {
    copyParents.put(copyId, parentCopyId);
  }

  public List<TraceEvent> events() {
    return Collections.unmodifiableList(events);
  }

  /** The events of one packet (its own steps, its ARP and its flooded copies), in time order. */
  public List<TraceEvent> events(long packetId) {
    List<TraceEvent> of = byPacket.get(packetId);
    return of == null ? List.of() : Collections.unmodifiableList(of);
  }

  /**
   * What every {@link Step.NotModelled} step recorded so far said, each once, in the order first
   * recorded.
   */
  public List<String> notModelled() {
    return List.copyOf(notModelled);
  }

  public Optional<Long> cause(long packetId) {
    return Optional.ofNullable(causes.get(packetId));
  }

  public Optional<PacketRole> role(long packetId) {
    return Optional.ofNullable(roles.get(packetId));
  }

  /** Packets caused by {@code packetId}, in the order they were made. */
  public List<Long> responsesTo(long packetId) {
    List<Long> of = responses.get(packetId);
    if (of == null) {
      return new ArrayList<>();
    }
    List<Long> out = new ArrayList<>(of);
    Collections.sort(out);
    return out;
  }

  public Optional<Long> parentCopy(long copyId) {
    return Optional.ofNullable(copyParents.get(copyId));
  }

  /**
   * Drops everything the log holds about {@code packetIds}: their events (their ARP and flooded
   * copies included), which packet caused them and what they caused, their frame copies' parents. A
   * {@code Session} that answers probe after probe calls it for a probe whose trace is assembled
   * (the trace holds its events), so that the log holds what is in flight, not the session's
   * history. The not-modelled texts stay: each is kept once, and a later trace lists them.
   *
   * @return how many events were dropped
   */
  public int forget(Collection<Long> packetIds) {
    Set<Long> gone = new HashSet<>(packetIds);
    int dropped = 0;
    for (Long p : gone) {
      List<TraceEvent> of = byPacket.remove(p);
      if (of != null) {
        dropped += of.size();
        for (TraceEvent e : of) {
          copyParents.remove(e.copyId());
        }
      }
      Long cause = causes.remove(p);
      if (cause != null && !gone.contains(cause)) {
        List<Long> siblings = responses.get(cause);
        if (siblings != null) {
          siblings.remove(p);
        }
      }
      responses.remove(p);
      roles.remove(p);
    }
    if (dropped > 0) {
      events.removeIf(e -> gone.contains(e.packetId()));
    }
    return dropped;
  }

  /**
   * {@link #forget}s every packet up to {@code lastPacketId} (ids grow as packets are made) and the
   * ARP that no packet needed (id 0): what a session drops once the probes that made them have
   * returned their traces, late events of earlier probes included.
   */
  public int forgetUpTo(long lastPacketId) {
    Set<Long> ids = new HashSet<>();
    ids.add(0L);
    for (Map<Long, ?> m : List.of(byPacket, causes, responses, roles)) {
      for (Long p : m.keySet()) {
        if (p <= lastPacketId) {
          ids.add(p);
        }
      }
    }
    return forget(ids);
  }

  /** How many events the log holds now (all of them, unless packets were forgotten). */
  public int size() {
    return events.size();
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
