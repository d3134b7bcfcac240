package dev.podpath.sim.netfilter;

import static dev.podpath.sim.netfilter.FilterTableTest.tcp;
import static dev.podpath.sim.netfilter.Scenarios.answers;
import static dev.podpath.sim.netfilter.Scenarios.delivered;
import static dev.podpath.sim.netfilter.Scenarios.deliveredPacket;
import static dev.podpath.sim.netfilter.Scenarios.dropped;
import static dev.podpath.sim.netfilter.Scenarios.steps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.net.LocalSend;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.sim.net.Simulation;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * kube-proxy's iptables mode as experiment 09-kube-proxy-dnat-masq.sh saw it (kernel-semantics.md
 * 9.4): ClusterIP 10.96.0.10:80 -> pa 10.244.0.3, pb .4 (n1) and pc 10.244.1.2 (n2) on :8080,
 * NodePort 30080, flannel's masquerade rules, ext 192.168.50.100 on the nodes' LAN.
 */
final class KubeProxyTest {

  private static final String[] ENDPOINTS = {"pa", "pb", "pc"};

  private static Scenarios cluster(String... extra) {
    Scenarios s =
        Scenarios.twoNodes()
            .ns("ext")
            .lanPort("lan", "br50", "ext", "eth0", "192.168.50.100/24")
            .add(
                "ip -n n1 route add default via 192.168.50.100",
                "ip -n n2 route add default via 192.168.50.100",
                "ip netns exec n1 iptables-restore --noflush kube-proxy.rules",
                "ip netns exec n2 iptables-restore --noflush flannel.rules")
            .listen("pa", 8080)
            .listen("pb", 8080)
            .listen("pc", 8080)
            .listen("ext", 80);
    return s.add(extra);
  }

  private static Simulation pinned(String sep, String... extra) throws Exception {
    return cluster(extra)
        .simulation(SimConfig.defaults().withStatistic(StatisticChoice.pinned(sep)));
  }

  /** Which endpoint got the SYN, and what source it saw. */
  private static Optional<String> saw(Simulation sim, long syn) {
    for (String ep : ENDPOINTS) {
      Optional<Ipv4Packet> p = deliveredPacket(sim, syn, ep);
      if (p.isPresent()) {
        return Optional.of(ep + " saw " + p.get().src());
      }
    }
    return Optional.empty();
  }

  /** The SYN-ACK as the client got it. */
  private static Ipv4Packet synAckAt(Simulation sim, long syn, String client) {
    return deliveredPacket(sim, answers(sim, syn).get(0), client)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no SYN-ACK delivered to "
                        + client
                        + ": "
                        + steps(sim, answers(sim, syn).get(0))));
  }

  @Test
  void clusterIp_fromPod_endpointSeesThePod_andTheReplyComesFromTheClusterIp() throws Exception {
    for (String ep : ENDPOINTS) {
      Simulation sim = pinned("KUBE-SEP-" + ep.substring(1).toUpperCase());
      long syn = tcp(sim, "p1", "10.96.0.10", 52238, 80);
      assertThat(saw(sim, syn)).contains(ep + " saw 10.244.0.2");
      Ipv4Packet synAck = synAckAt(sim, syn, "p1");
      assertThat(synAck.src().toString()).isEqualTo("10.96.0.10");
      assertThat(((L4.Tcp) synAck.l4()).sport()).isEqualTo(80);
      String reply = ep.equals("pc") ? "10.244.1.2" : ep.equals("pa") ? "10.244.0.3" : "10.244.0.4";
      assertThat(sim.conntrack(NetnsName.of("n1")))
          .extracting(ConntrackEntry::line)
          .containsExactly(
              "tcp      6 119 TIME_WAIT src=10.244.0.2 dst=10.96.0.10 sport=52238 dport=80 src="
                  + reply
                  + " dst=10.244.0.2 sport=8080 dport=52238 [ASSURED] mark=0 use=1");
    }
  }

  @Test
  void statisticCascade_isUniformOverConnections() throws Exception {
    Simulation sim =
        cluster().simulation(SimConfig.defaults().withStatistic(StatisticChoice.random(42)));
    Map<String, Integer> count = new TreeMap<>();
    for (int i = 0; i < 600; i++) {
      long syn = tcp(sim, "p1", "10.96.0.10", 20000 + i, 80);
      count.merge(saw(sim, syn).orElseThrow().substring(0, 2), 1, Integer::sum);
    }
    assertThat(count.keySet()).containsExactly("pa", "pb", "pc");
    // 600 draws of 1/3: a standard deviation of 11.5; 4 of them either side
    count.values().forEach(n -> assertThat(n).isBetween(154, 246));
    assertThat(Scenarios.counters(sim, "n1", NetfilterTable.NAT, "PREROUTING"))
        .isEqualTo("[0:0] [[600:36000]]");
  }

  @Test
  void natIsConsultedOncePerFlow_fiveDatagramsOneCounterHitOneEntry() throws Exception {
    Simulation sim = cluster().simulation();
    String first = null;
    for (int i = 0; i < 5; i++) {
      long id =
          sim.send(
              new LocalSend(
                  NetnsName.of("p1"),
                  Ipv4Address.parse("10.96.0.10"),
                  Optional.empty(),
                  new L4.Udp(57296, 80),
                  64,
                  1,
                  true));
      sim.run();
      String ep = null;
      for (String e : ENDPOINTS) {
        ep = delivered(sim, id, e) ? e : ep;
      }
      first = first == null ? ep : first;
      assertThat(ep).as("datagram %s", i).isEqualTo(first);
    }
    assertThat(Scenarios.counters(sim, "n1", NetfilterTable.NAT, "PREROUTING"))
        .isEqualTo("[0:0] [[1:29]]");
    assertThat(sim.conntrack(NetnsName.of("n1"))).hasSize(1);
    assertThat(sim.conntrack(NetnsName.of("n1")).get(0).line())
        .startsWith(
            "udp      17 29 src=10.244.0.2 dst=10.96.0.10 sport=57296 dport=80 [UNREPLIED] src=");
  }

  @Test
  void hairpin_endpointToItsOwnService_lostWithoutHairpin_masqueradedToTheBridgeWithIt()
      throws Exception {
    Simulation off = pinned("KUBE-SEP-A");
    long syn = tcp(off, "pa", "10.96.0.10", 38710, 80);
    assertThat(saw(off, syn)).isEmpty();
    assertThat(dropped(off, syn)).get().isInstanceOf(DropReason.BridgeNoPort.class);

    Simulation on = pinned("KUBE-SEP-A", "ip -n n1 link set veth-pa type bridge_slave hairpin on");
    long syn2 = tcp(on, "pa", "10.96.0.10", 38880, 80);
    assertThat(saw(on, syn2)).contains("pa saw 10.244.0.1");
    assertThat(synAckAt(on, syn2, "pa").src().toString()).isEqualTo("10.96.0.10");
    assertThat(on.conntrack(NetnsName.of("n1")))
        .extracting(ConntrackEntry::line)
        .containsExactly(
            "tcp      6 119 TIME_WAIT src=10.244.0.3 dst=10.96.0.10 sport=38880 dport=80 src=10.244.0.3 dst=10.244.0.1"
                + " sport=8080 dport=38880 [ASSURED] mark=0 use=1");
  }

  @Test
  void nodePort_fromOutside_dnatAndMasquerade_remoteEndpointMasqueradedTwice() throws Exception {
    Simulation a = pinned("KUBE-SEP-A");
    long syn = tcp(a, "ext", "192.168.50.11", 40060, 30080);
    assertThat(saw(a, syn)).contains("pa saw 10.244.0.1");
    Ipv4Packet back = synAckAt(a, syn, "ext");
    assertThat(back.src().toString() + ":" + ((L4.Tcp) back.l4()).sport())
        .isEqualTo("192.168.50.11:30080");

    Simulation c = pinned("KUBE-SEP-C");
    long syn2 = tcp(c, "ext", "192.168.50.11", 40038, 30080);
    assertThat(saw(c, syn2)).contains("pc saw 10.244.1.1");
    assertThat(c.conntrack(NetnsName.of("n1")))
        .extracting(ConntrackEntry::line)
        .containsExactly(
            "tcp      6 119 TIME_WAIT src=192.168.50.100 dst=192.168.50.11 sport=40038 dport=30080 src=10.244.1.2"
                + " dst=192.168.50.11 sport=8080 dport=40038 [ASSURED] mark=0 use=1");
    assertThat(synAckAt(c, syn2, "ext").src().toString()).isEqualTo("192.168.50.11");
  }

  @Test
  void podEgress_masqueradedToTheNodeAddress_keepingTheSourcePort() throws Exception {
    Simulation sim = cluster().simulation();
    long syn = tcp(sim, "p1", "192.168.50.100", 41616, 80);
    Ipv4Packet atExt = deliveredPacket(sim, syn, "ext").orElseThrow();
    assertThat(atExt.src().toString()).isEqualTo("192.168.50.11");
    assertThat(((L4.Tcp) atExt.l4()).sport()).isEqualTo(41616);
    assertThat(synAckAt(sim, syn, "p1").src().toString()).isEqualTo("192.168.50.100");
  }

  @Test
  void masquerade_ignoresTheRouteSrcHint_theNodeItselfUsesIt() throws Exception {
    Simulation sim =
        cluster(
                "ip -n n1 addr add 192.168.50.21/24 dev eth0",
                "ip -n n1 route replace 192.168.50.100/32 dev eth0 src 192.168.50.21")
            .simulation();
    long fromPod = tcp(sim, "p1", "192.168.50.100", 35538, 80);
    assertThat(deliveredPacket(sim, fromPod, "ext").orElseThrow().src().toString())
        .isEqualTo("192.168.50.11");
    long fromNode = tcp(sim, "n1", "192.168.50.100", 51448, 80);
    assertThat(deliveredPacket(sim, fromNode, "ext").orElseThrow().src().toString())
        .isEqualTo("192.168.50.21");
  }

  @Test
  void nodeToClusterIp_sourceChosenBeforeDnat_thenMasqueraded() throws Exception {
    Simulation a = pinned("KUBE-SEP-A");
    long syn = tcp(a, "n1", "10.96.0.10", 50000, 80);
    Step.Originated sent = steps(a, syn, Step.Originated.class).get(0);
    assertThat(sent.packet().src().toString()).isEqualTo("192.168.50.11");
    assertThat(saw(a, syn)).contains("pa saw 10.244.0.1");
    assertThat(synAckAt(a, syn, "n1").src().toString()).isEqualTo("10.96.0.10");

    Simulation c = pinned("KUBE-SEP-C");
    long syn2 = tcp(c, "n1", "10.96.0.10", 50001, 80);
    assertThat(saw(c, syn2)).contains("pc saw 10.244.1.1");
  }

  @Test
  void nodeToClusterIp_withoutACoveringRoute_networkIsUnreachable_podsStillWork() throws Exception {
    Simulation sim = cluster("ip -n n1 route del default").simulation();
    long syn = tcp(sim, "n1", "10.96.0.10", 50000, 80);
    assertThat(sim.localError(syn))
        .get()
        .extracting(dev.podpath.sim.outcome.SocketError::explain)
        .isEqualTo("connect: Network is unreachable");
    long fromPod = tcp(sim, "p1", "10.96.0.10", 50002, 80);
    assertThat(saw(sim, fromPod)).isPresent();
  }
}
