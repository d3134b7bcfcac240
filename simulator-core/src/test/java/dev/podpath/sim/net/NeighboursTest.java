package dev.podpath.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.neigh.NudState;
import dev.podpath.model.packet.ArpMessage;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import dev.podpath.sim.outcome.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The neighbour cache on its own (kernel-semantics.md section 4; kernel-experiments/16-neigh-arp.sh
 * and 02-bridge-same-node.sh "veth peer down"): given a node n1 (eth0 192.168.50.11/24, cni0
 * 10.244.0.1/24), when a routed packet must go to a next hop on eth0, then the ARP requests, the
 * NUD states, and what becomes of the packet. The links and ICMP are recorders ({@link Bench}).
 */
final class NeighboursTest {

  private static final DeviceRef ETH0 = Bench.dev("n1", "eth0");
  private static final Ipv4Address PEER = Ipv4Address.parse("192.168.50.12");
  private static final MacAddress PEER_MAC = MacAddress.parse("4a:bb:86:dc:6e:fb");

  private static String[] n1(String... extra) {
    return Bench.script(
        Bench.N1,
        List.of(
            "ip -n n1 link set lo up",
            "ip -n n1 link add cni0 type bridge",
            "ip -n n1 addr add 10.244.0.1/24 dev cni0",
            "ip -n n1 link set cni0 up"),
        extra);
  }

  private final Bench bench = Bench.given(n1());
  private final Neighbours neighbours = neighbours(bench);

  private static Neighbours neighbours(Bench b) {
    return new Neighbours(b.run, b.links, b.noTunnels, b.icmp, new ArpExits());
  }

  /** Packet {@code id} from {@code src} is sent out of n1's eth0 to the next hop {@link #PEER}. */
  private void send(Neighbours n, Bench b, long id, String src) {
    n.output(ETH0, b.device("n1", "eth0"), PEER, id, 1, false, Bench.ping(src, "192.168.50.12"));
  }

  private void send(long id, String src) {
    send(neighbours, bench, id, src);
  }

  private List<TraceEvent> events(Class<? extends Step> kind) {
    return bench.log.packetLog().events().stream().filter(e -> kind.isInstance(e.step())).toList();
  }

  private NudState state() {
    return neighbours.snapshot().stream()
        .filter(s -> s.ip().equals(PEER))
        .findFirst()
        .orElseThrow()
        .state();
  }

  @Test
  void noAnswer_threeBroadcastRequestsOneSecondApart_thenFailed_hostUnreachableToTheSender() {
    // section 4: mcast_solicit=3, retrans_time 1 s; then the waiting packet is dropped and the
    // sender gets Destination Host Unreachable (02-bridge-same-node.sh "veth peer down")
    send(7, "192.168.50.11");
    bench.advance(5 * SimConfig.SECONDS);

    assertThat(events(Step.ArpRequest.class))
        .extracting(TraceEvent::timeNanos)
        .containsExactly(0L, SimConfig.SECONDS, 2 * SimConfig.SECONDS);
    assertThat(bench.steps(Step.ArpRequest.class))
        .extracting(Step.ArpRequest::attempt)
        .containsExactly(1, 2, 3);
    assertThat(bench.transmitted)
        .allSatisfy(h -> assertThat(h.frame().dst()).isEqualTo(MacAddress.BROADCAST));
    assertThat(events(Step.Dropped.class))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.timeNanos()).isEqualTo(3 * SimConfig.SECONDS);
              assertThat(e.packetId()).isEqualTo(7);
              assertThat(((Step.Dropped) e.step()).reason())
                  .isEqualTo(new DropReason.NeighbourFailed(ETH0, PEER, 3));
            });
    assertThat(bench.icmpErrors)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.offendingId()).isEqualTo(7);
              assertThat(i.type()).isEqualTo(L4.Icmp.DEST_UNREACH);
              assertThat(i.code()).isEqualTo(L4.Icmp.HOST_UNREACH);
            });
    assertThat(state()).isEqualTo(NudState.FAILED);
  }

  @Test
  void anAnswer_makesTheEntryReachable_andSendsEveryWaitingPacketToTheMac() {
    // 16-neigh-arp.sh: "192.168.50.12 lladdr 4a:bb:86:dc:6e:fb REACHABLE" after one request
    send(7, "192.168.50.11");
    send(8, "192.168.50.11");
    assertThat(state()).isEqualTo(NudState.INCOMPLETE);
    bench.advance(SimConfig.MICROS);
    neighbours.confirmed(ETH0, PEER, PEER_MAC);

    assertThat(bench.steps(Step.ArpRequest.class)).hasSize(1);
    assertThat(bench.steps(Step.NeighbourResolved.class))
        .extracting(Step.NeighbourResolved::mac, Step.NeighbourResolved::waitedNanos)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(PEER_MAC, SimConfig.MICROS));
    List<Bench.Handed> data = bench.transmitted.stream().filter(h -> !h.skb().arp()).toList();
    assertThat(data).extracting(h -> h.skb().packetId()).containsExactly(7L, 8L);
    assertThat(data).allSatisfy(h -> assertThat(h.frame().dst()).isEqualTo(PEER_MAC));
    assertThat(data)
        .allSatisfy(h -> assertThat(h.frame().src()).isEqualTo(bench.mac("n1", "eth0")));
    assertThat(state()).isEqualTo(NudState.REACHABLE);

    bench.advance(5 * SimConfig.SECONDS);
    assertThat(bench.steps(Step.ArpRequest.class)).hasSize(1);
    assertThat(bench.icmpErrors).isEmpty();
  }

  @Test
  void aPermanentEntry_isUsedWithoutArp() {
    Bench b =
        Bench.given(
            n1(
                "ip -n n1 neigh add 192.168.50.12 lladdr 4a:bb:86:dc:6e:fb dev eth0"
                    + " nud permanent"));
    Neighbours n = neighbours(b);
    send(n, b, 7, "192.168.50.11");

    assertThat(b.steps(Step.ArpRequest.class)).isEmpty();
    assertThat(b.steps(Step.NeighbourUsed.class))
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.state()).isEqualTo(NudState.PERMANENT);
              assertThat(u.configured()).isPresent();
            });
    assertThat(b.transmitted)
        .singleElement()
        .satisfies(h -> assertThat(h.frame().dst()).isEqualTo(PEER_MAC));
  }

  @Test
  void anEntryLearnedFromARequest_isStale_usedItTurnsDelay_thenAUnicastProbe() {
    // 16-neigh-arp.sh: n2 learned n1 from the request it answered (DELAY once used); 5 s later a
    // UNICAST request re-confirms it ("Request who-has 192.168.50.11 tell 192.168.50.12" to the
    // known MAC)
    neighbours.learnedFromRequest(ETH0, PEER, PEER_MAC);
    assertThat(state()).isEqualTo(NudState.STALE);

    send(7, "192.168.50.11");
    assertThat(bench.steps(Step.NeighbourUsed.class))
        .singleElement()
        .satisfies(u -> assertThat(u.state()).isEqualTo(NudState.STALE));
    assertThat(state()).isEqualTo(NudState.DELAY);
    assertThat(bench.transmitted)
        .singleElement()
        .satisfies(h -> assertThat(h.frame().dst()).isEqualTo(PEER_MAC));

    bench.advance(5 * SimConfig.SECONDS);
    assertThat(state()).isEqualTo(NudState.PROBE);
    Bench.Handed probe = bench.transmitted.get(1);
    assertThat(probe.skb().arp()).isTrue();
    assertThat(probe.frame().dst()).isEqualTo(PEER_MAC);
    assertThat(((ArpMessage) probe.frame().payload()).op()).isEqualTo(ArpMessage.Op.REQUEST);

    neighbours.confirmed(ETH0, PEER, PEER_MAC);
    assertThat(state()).isEqualTo(NudState.REACHABLE);
  }

  @Test
  void anUnansweredProbe_endsFailed_afterUcastSolicitRequests() {
    // section 4: PROBE sends ucast_solicit=3 unicast requests, then FAILED
    neighbours.learnedFromRequest(ETH0, PEER, PEER_MAC);
    send(7, "192.168.50.11");
    bench.advance(5 * SimConfig.SECONDS + 4 * SimConfig.SECONDS);

    assertThat(bench.steps(Step.ArpRequest.class)).hasSize(3);
    assertThat(state()).isEqualTo(NudState.FAILED);
  }

  @Test
  void arpAnnounce0_theRequestsSenderIsTheLocalSourceOfThePacket() {
    // section 4: the source of the triggering packet if it is local (here cni0's address)
    send(7, "10.244.0.1");

    assertThat(bench.steps(Step.ArpRequest.class))
        .extracting(Step.ArpRequest::sender)
        .containsExactly(Ipv4Address.parse("10.244.0.1"));
  }

  @Test
  void aForwardedPacket_theRequestsSenderIsTheNodesOwnAddressOnThatLink() {
    // 16-neigh-arp.sh "ARP request source IP when forwarding a pod packet": tell 192.168.50.11
    send(7, "10.244.0.2");

    assertThat(bench.steps(Step.ArpRequest.class))
        .extracting(Step.ArpRequest::sender)
        .containsExactly(Ipv4Address.parse("192.168.50.11"));
    ArpMessage req = (ArpMessage) bench.transmitted.get(0).frame().payload();
    assertThat(req.senderIp()).isEqualTo(Ipv4Address.parse("192.168.50.11"));
  }

  @Test
  void arpAnnounce2_alwaysThePrimaryAddressOfTheDevice() {
    Bench b = Bench.given(n1("ip netns exec n1 sysctl -w net.ipv4.conf.all.arp_announce=2"));
    send(neighbours(b), b, 7, "10.244.0.1");

    assertThat(b.steps(Step.ArpRequest.class))
        .extracting(Step.ArpRequest::sender)
        .containsExactly(Ipv4Address.parse("192.168.50.11"));
  }

  @Test
  void aRequestThatLeftTheModel_failsWithThatExit_notHostUnreachable() {
    // docs/architecture.md: an ARP request that left through a snapshot's edge makes a failed
    // resolution EXITED_MODEL
    ArpExits exits = new ArpExits();
    Neighbours n = new Neighbours(bench.run, bench.links, bench.noTunnels, bench.icmp, exits);
    send(n, bench, 7, "192.168.50.11");
    exits.leftModel(7, PEER, ETH0, "the node's uplink");
    bench.advance(5 * SimConfig.SECONDS);

    assertThat(bench.steps(Step.Dropped.class))
        .extracting(Step.Dropped::reason)
        .containsExactly(new DropReason.LeftModel(ETH0, "the node's uplink"));
    assertThat(bench.icmpErrors).isEmpty();
  }

  @Test
  void onLoopback_noArp_theFrameGoesStraightToLo() {
    // section 1: local delivery through lo, which has no neighbours
    neighbours.output(
        Bench.dev("n1", "lo"),
        bench.device("n1", "lo"),
        Ipv4Address.parse("127.0.0.1"),
        7,
        1,
        false,
        Bench.ping("127.0.0.1", "127.0.0.1"));

    assertThat(bench.steps(Step.ArpRequest.class)).isEmpty();
    assertThat(bench.transmittedOn()).containsExactly(Bench.dev("n1", "lo"));
    Ipv4Packet p = (Ipv4Packet) bench.transmitted.get(0).frame().payload();
    assertThat(p.dst()).isEqualTo(Ipv4Address.parse("127.0.0.1"));
  }
}
