package dev.podpath.gui.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.gui.Samples;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.PacketRole;
import dev.podpath.sim.outcome.Step;
import dev.podpath.trace.Trace;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.api.TraceRequest;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The moving packet's timeline, without rendering: which device and marker at which step. */
final class PacketTimelineTest {

  private static List<StepRow> rows(String sample, String from, String to) {
    Trace t =
        Podpath.load(Samples.sample(sample)).trace(TraceRequest.builder(from, to).build()).trace();
    return StepRows.of(t);
  }

  private static int first(List<StepRow> rows, Class<? extends Step> kind, PacketRole role) {
    return IntStream.range(0, rows.size())
        .filter(i -> rows.get(i).role() == role && kind.isInstance(rows.get(i).step()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void flannelVxlan_thePacketLeavesThePod_travelsWrappedFromEncapToDecap_andArrives() {
    List<StepRow> rows = rows("flannel-vxlan.sh", "busybox-jpnb6", "10.10.2.4");
    PacketTimeline t = PacketTimeline.of(rows);
    int encap = first(rows, Step.Encapsulated.class, PacketRole.REQUEST);
    int decap = first(rows, Step.Decapsulated.class, PacketRole.REQUEST);
    int replyEncap = first(rows, Step.Encapsulated.class, PacketRole.ECHO_REPLY);
    int replyDecap = first(rows, Step.Decapsulated.class, PacketRole.ECHO_REPLY);

    assertThat(t.moments()).hasSize(rows.size());
    PacketTimeline.Moment start = t.at(0).orElseThrow();
    assertThat(start.role()).isEqualTo(PacketRole.REQUEST);
    assertThat(t.moments().stream().filter(m -> m.packetAt().isPresent()).findFirst())
        .map(m -> m.packetAt().orElseThrow().netns())
        .contains(NetnsName.of("busybox-jpnb6"));
    assertThat(t.at(encap).orElseThrow().packetAt())
        .contains(new DeviceRef(NetnsName.of("worker1"), "flannel.1"));
    for (int i = 0; i < rows.size(); i++) {
      PacketTimeline.Moment m = t.at(i).orElseThrow();
      boolean inside = (i >= encap && i < decap) || (i >= replyEncap && i < replyDecap);
      assertThat(m.wrapped())
          .as("row %d %s", i, rows.get(i).verb())
          .isEqualTo(inside ? Optional.of(Step.Tunnel.VXLAN) : Optional.empty());
      if (m.role() == PacketRole.REQUEST && inside && rows.get(i).device().isPresent()) {
        // wrapped, it crosses worker1's enp0s5, the lan segment and worker2's enp0s5
        assertThat(List.of("worker1", "lan", "worker2"))
            .contains(m.packetAt().orElseThrow().netns().value());
      }
    }
    assertThat(t.at(decap).orElseThrow().packetAt())
        .contains(new DeviceRef(NetnsName.of("worker2"), "flannel.1"));
    int lastRequest =
        IntStream.range(0, rows.size())
            .filter(i -> rows.get(i).role() == PacketRole.REQUEST)
            .max()
            .orElseThrow();
    assertThat(t.at(lastRequest).orElseThrow().packetAt().orElseThrow().netns())
        .isEqualTo(NetnsName.of("busybox-pg7ps"));
    // the reply starts over from its sender, and is wrapped on its own way back
    assertThat(t.at(lastRequest + 1).orElseThrow().role()).isEqualTo(PacketRole.ECHO_REPLY);
    assertThat(t.at(lastRequest + 1).orElseThrow().wrapped()).isEmpty();
    assertThat(t.at(replyEncap).orElseThrow().wrapped()).contains(Step.Tunnel.VXLAN);
    assertThat(t.at(-1)).isEmpty();
    assertThat(t.at(rows.size())).isEmpty();
  }

  @Test
  void bridge_theArpExchange_isASideEvent_andThePacketWaitsWhereItWas() {
    List<StepRow> rows = rows("bridge.sh", "ns2", "10.1.1.2");
    PacketTimeline t = PacketTimeline.of(rows);

    List<PacketTimeline.Moment> arp =
        t.moments().stream().filter(m -> rows.get(m.row()).arp()).toList();
    assertThat(arp).isNotEmpty();
    for (PacketTimeline.Moment m : arp) {
      assertThat(m.packetAt())
          .as("an ARP row does not move the packet")
          .isEqualTo(m.row() == 0 ? Optional.empty() : t.at(m.row() - 1).orElseThrow().packetAt());
    }
    assertThat(arp)
        .anyMatch(m -> m.side().map(s -> s.kind() == PacketTimeline.SideKind.ARP).orElse(false));
    // the ARP request is a broadcast: the bridge floods copies of it out of its other ports
    assertThat(arp)
        .anyMatch(
            m ->
                m.side()
                    .map(s -> s.kind() == PacketTimeline.SideKind.FLOOD && !s.copies().isEmpty())
                    .orElse(false));
  }

  @Test
  void aDrop_isMarkedAtItsRow() {
    List<StepRow> rows = rows("missing-route.sh", "ns1", "10.1.3.5");
    PacketTimeline t = PacketTimeline.of(rows);
    int drop =
        IntStream.range(0, rows.size()).filter(i -> rows.get(i).drop()).findFirst().orElseThrow();

    assertThat(t.at(drop).orElseThrow().dropped()).isTrue();
    assertThat(t.moments().stream().filter(PacketTimeline.Moment::dropped)).hasSize(1);
  }
}
