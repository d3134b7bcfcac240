package dev.podpath.sim.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.topo.NetnsName;
import org.junit.jupiter.api.Test;

/** The log's indexes answer as a scan of the whole log would. */
final class PacketLogTest {

  private static final NetnsName NS = NetnsName.of("ns1");

  private static TraceEvent event(long packet, String what) {
    return new TraceEvent(0, packet, packet, false, new Step.NotModelled(NS, what));
  }

  @Test
  void eventsOfAPacket_areItsOwnInOrder() {
    PacketLog log = new PacketLog();
    TraceEvent a1 = event(1, "a");
    TraceEvent b1 = event(2, "b");
    TraceEvent a2 = event(1, "c");
    log.record(a1);
    log.record(b1);
    log.record(a2);
    assertThat(log.events(1)).containsExactly(a1, a2);
    assertThat(log.events(2)).containsExactly(b1);
    assertThat(log.events(3)).isEmpty();
    assertThat(log.events()).containsExactly(a1, b1, a2);
  }

  @Test
  void responses_areByCauseInIdOrder() {
    PacketLog log = new PacketLog();
    log.caused(5, 1, PacketRole.ECHO_REPLY);
    log.caused(3, 1, PacketRole.ICMP_ERROR);
    log.caused(4, 2, PacketRole.ECHO_REPLY);
    assertThat(log.responsesTo(1)).containsExactly(3L, 5L);
    assertThat(log.responsesTo(2)).containsExactly(4L);
    assertThat(log.responsesTo(9)).isEmpty();
    log.caused(5, 2, PacketRole.ECHO_REPLY); // noted again with another cause: the last counts
    assertThat(log.responsesTo(1)).containsExactly(3L);
    assertThat(log.responsesTo(2)).containsExactly(4L, 5L);
    assertThat(log.cause(5)).contains(2L);
  }

  @Test
  void notModelled_isEachTextOnceInTheOrderFirstRecorded() {
    PacketLog log = new PacketLog();
    log.record(event(1, "x"));
    log.record(event(2, "y"));
    log.record(event(3, "x"));
    assertThat(log.notModelled()).containsExactly("x", "y");
  }

  @Test
  void forgetUpTo_dropsOlderPacketsAndTheirLinks_keepsNewer() {
    PacketLog log = new PacketLog();
    TraceEvent a = event(1, "a");
    TraceEvent unowned = new TraceEvent(0, 0, 0, true, new Step.NotModelled(NS, "arp"));
    TraceEvent b = new TraceEvent(0, 2, 7, false, new Step.NotModelled(NS, "b")); // a flood's copy
    TraceEvent c = event(3, "c");
    log.record(a);
    log.record(unowned);
    log.record(b);
    log.record(c);
    log.caused(2, 1, PacketRole.ECHO_REPLY);
    log.caused(3, 2, PacketRole.ICMP_ERROR);
    log.copied(7, 2);
    assertThat(log.forgetUpTo(2)).isEqualTo(3);
    assertThat(log.events()).containsExactly(c);
    assertThat(log.events(1)).isEmpty();
    assertThat(log.events(0)).isEmpty();
    assertThat(log.responsesTo(1)).isEmpty();
    assertThat(log.role(2)).isEmpty();
    assertThat(log.parentCopy(7)).isEmpty();
    assertThat(log.cause(3)).contains(2L); // a newer packet keeps its own links
    assertThat(log.notModelled()).containsExactly("a", "arp", "b", "c");
    assertThat(log.size()).isEqualTo(1);
  }
}
