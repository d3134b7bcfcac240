package dev.podpath.sim.net;

import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.sim.outcome.PacketLog;
import dev.podpath.sim.outcome.PacketRole;
import dev.podpath.sim.outcome.Step;
import dev.podpath.sim.outcome.TraceEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link StepLog} of one run over a {@link PacketLog}: every step stamped with the clock's
 * time, and the answers delivered so far noted by the packet they answer (a command waits for
 * them).
 */
final class RunLog implements StepLog {

  private final Clock clock;
  private final PacketLog log = new PacketLog();
  private final Set<Long> answered = new HashSet<>();
  private final Map<Long, Ipv4Packet> answers = new HashMap<>();
  private long nextPacketId = 1;
  private long nextCopyId = 1;

  RunLog(Clock clock) {
    this.clock = clock;
  }

  PacketLog packetLog() {
    return log;
  }

  @Override
  public void record(long packetId, long copyId, boolean arp, Step step) {
    log.record(new TraceEvent(clock.now(), packetId, copyId, arp, step));
    // a redirect a router sent on the way answers nothing: the packet went on
    if (step instanceof Step.LocalDelivery d
        && !arp
        && log.role(packetId)
            .filter(dev.podpath.sim.outcome.PacketRole.ICMP_REDIRECT::equals)
            .isEmpty()) {
      log.cause(packetId).ifPresent(answered::add);
      log.cause(packetId).ifPresent(c -> answers.putIfAbsent(c, d.packet()));
    }
  }

  @Override
  public long newPacketId() {
    return nextPacketId++;
  }

  @Override
  public long newCopyId() {
    return nextCopyId++;
  }

  @Override
  public void copied(long copyId, long parentCopyId) {
    log.copied(copyId, parentCopyId);
  }

  @Override
  public void caused(long packetId, long causeId, PacketRole role) {
    log.caused(packetId, causeId, role);
  }

  @Override
  public Optional<Long> cause(long packetId) {
    return log.cause(packetId);
  }

  /** Whether an answer to {@code packetId} was delivered since {@link #forgetAnswers}. */
  boolean answered(long packetId) {
    return answered.contains(packetId);
  }

  /** The answer delivered to {@code packetId}, as its receiver saw it. */
  Optional<Ipv4Packet> answer(long packetId) {
    return Optional.ofNullable(answers.get(packetId));
  }

  /** Forgets the answers to {@code packetIds}: a command starts waiting for them anew. */
  void forgetAnswers(java.util.Collection<Long> packetIds) {
    answered.removeAll(packetIds);
  }

  /**
   * Drops the log's events of the packets up to {@code lastPacketId} and the answers noted for them
   * ({@link PacketLog#forgetUpTo}); returns how many events were dropped.
   */
  int forgetUpTo(long lastPacketId) {
    answered.removeIf(p -> p <= lastPacketId);
    answers.keySet().removeIf(p -> p <= lastPacketId);
    return log.forgetUpTo(lastPacketId);
  }

  /** Forgets the answer packets of {@code packetIds} (traceroute's next round). */
  void forgetAnswerPackets(java.util.Collection<Long> packetIds) {
    packetIds.forEach(answers::remove);
  }
}
