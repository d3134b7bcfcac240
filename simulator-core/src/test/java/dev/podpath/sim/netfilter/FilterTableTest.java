package dev.podpath.sim.netfilter;

import static dev.podpath.sim.netfilter.Scenarios.answers;
import static dev.podpath.sim.netfilter.Scenarios.delivered;
import static dev.podpath.sim.netfilter.Scenarios.deliveredPacket;
import static dev.podpath.sim.netfilter.Scenarios.dropped;
import static dev.podpath.sim.netfilter.Scenarios.ping;
import static dev.podpath.sim.netfilter.Scenarios.steps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.CtState;
import dev.podpath.model.netfilter.IptablesSave;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.net.LocalSend;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.sim.net.Simulation;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The filter table on a router, as experiment 08-iptables-filter.sh saw it (kernel-semantics.md
 * 9.2, 9.3): h 10.1.0.1 -- r (10.1.0.254 | 10.2.0.254) -- s 10.2.0.1.
 */
final class FilterTableTest {

  private static Simulation router(SimConfig config, String... rules) throws Exception {
    Scenarios s = Scenarios.router();
    for (String r : rules) {
      s.add(r);
    }
    return s.simulation(config);
  }

  private static Simulation router(String... rules) throws Exception {
    return router(SimConfig.defaults(), rules);
  }

  /** The packet the answer to {@code id} was when it was made. */
  private static Ipv4Packet answer(Simulation sim, long id) {
    long a = answers(sim, id).get(0);
    return steps(sim, a, Step.Originated.class).get(0).packet();
  }

  private static String chain(Simulation sim, String ns, String chain) {
    return IptablesSave.print(sim.ruleset(NetnsName.of(ns)), true)
        .lines()
        .filter(l -> l.startsWith(":" + chain + " ") || l.contains("-A " + chain + " "))
        .toList()
        .toString();
  }

  static long tcp(Simulation sim, String from, String to, int sport, int dport) {
    long id =
        sim.send(
            new LocalSend(
                NetnsName.of(from),
                Ipv4Address.parse(to),
                Optional.empty(),
                new L4.Tcp(sport, dport, dev.podpath.model.packet.TcpFlags.SYN_ONLY),
                64,
                20,
                true));
    sim.run();
    return id;
  }

  @Test
  void freshNamespace_noRules_noConntrack() throws Exception {
    Simulation sim = router();
    long id = ping(sim, "h", "10.2.0.1");
    assertThat(delivered(sim, answers(sim, id).get(0), "h")).isTrue();
    assertThat(sim.conntrack(NetnsName.of("r"))).isEmpty();
    assertThat(steps(sim, id, Step.Netfilter.class)).isEmpty();
  }

  @Test
  void forwardPolicyDrop_isSilent_andCountedOnThePolicy() throws Exception {
    Simulation sim = router("ip netns exec r iptables -P FORWARD DROP");
    long first = ping(sim, "h", "10.2.0.1");
    long second = ping(sim, "h", "10.2.0.1");
    assertThat(dropped(sim, first)).get().isInstanceOf(DropReason.PolicyDrop.class);
    assertThat(answers(sim, first)).isEmpty();
    assertThat(answers(sim, second)).isEmpty();
    assertThat(chain(sim, "r", "FORWARD")).isEqualTo("[:FORWARD DROP [2:168]]");
    assertThat(sim.conntrack(NetnsName.of("r"))).isEmpty();
  }

  @Test
  void statefulForward_newOneWay_establishedBack_countersAndConntrack() throws Exception {
    Simulation sim =
        router(
            SimConfig.defaults(),
            "ip netns exec r iptables -P FORWARD DROP",
            "ip netns exec r iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
            "ip netns exec r iptables -A FORWARD -i eth0 -o eth1 -m conntrack --ctstate NEW -j ACCEPT");
    for (int i = 0; i < 3; i++) {
      long id = ping(sim, "h", "10.2.0.1");
      assertThat(delivered(sim, answers(sim, id).get(0), "h")).as("echo reply %s", i).isTrue();
    }
    long syn = tcp(sim, "h", "10.2.0.1", 38968, 80);
    assertThat(delivered(sim, answers(sim, syn).get(0), "h")).as("SYN-ACK back").isTrue();
    // 3 echo requests (1 NEW, 2 ESTABLISHED) + 3 replies; the SYN (NEW, 60 bytes), then the SYN-ACK
    // (60) and the close of a connect that ends at once: ACK, FIN, FIN, ACK (52 each), ESTABLISHED
    assertThat(chain(sim, "r", "FORWARD"))
        .isEqualTo(
            "[:FORWARD DROP [0:0], "
                + "[10:688] -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT, "
                + "[2:144] -A FORWARD -i eth0 -o eth1 -m conntrack --ctstate NEW -j ACCEPT]");
    assertThat(sim.conntrack(NetnsName.of("r")))
        .extracting(ConntrackEntry::line)
        .containsExactly(
            "icmp     1 29 src=10.1.0.1 dst=10.2.0.1 type=8 code=0 id=4660 src=10.2.0.1 dst=10.1.0.1 type=0 code=0 id=4660"
                + " mark=0 use=1",
            // as experiment 08's conntrack -L shows it, once nc has closed
            "tcp      6 119 TIME_WAIT src=10.1.0.1 dst=10.2.0.1 sport=38968 dport=80 src=10.2.0.1 dst=10.1.0.1 sport=80"
                + " dport=38968 [ASSURED] mark=0 use=1");
    long back = ping(sim, "s", "10.1.0.1");
    assertThat(dropped(sim, back)).get().isInstanceOf(DropReason.PolicyDrop.class);
  }

  @Test
  void dropRule_countsItsPackets() throws Exception {
    Simulation sim = router("ip netns exec r iptables -I FORWARD 1 -p icmp -d 10.2.0.1 -j DROP");
    for (int i = 0; i < 3; i++) {
      long id = ping(sim, "h", "10.2.0.1");
      DropReason.RuleDrop d = (DropReason.RuleDrop) dropped(sim, id).orElseThrow();
      assertThat(d.number()).isEqualTo(1);
      assertThat(answers(sim, id)).isEmpty();
    }
    assertThat(chain(sim, "r", "FORWARD"))
        .isEqualTo("[:FORWARD ACCEPT [0:0], [3:252] -A FORWARD -d 10.2.0.1/32 -p icmp -j DROP]");
  }

  @Test
  void rejectInForward_answersFromTheRouter_tos0xc0_ttl64_quotingTheDecrementedTtl()
      throws Exception {
    for (String[] c :
        List.of(
            new String[] {"", "3"},
            new String[] {" --reject-with icmp-host-prohibited", "10"},
            new String[] {" --reject-with icmp-admin-prohibited", "13"},
            new String[] {" --reject-with icmp-net-unreachable", "0"},
            new String[] {" --reject-with icmp-host-unreachable", "1"},
            new String[] {" --reject-with icmp-proto-unreachable", "2"},
            new String[] {" --reject-with icmp-net-prohibited", "9"})) {
      Simulation sim =
          router("ip netns exec r iptables -I FORWARD 1 -p icmp -d 10.2.0.1 -j REJECT" + c[0]);
      long id = ping(sim, "h", "10.2.0.1");
      assertThat(dropped(sim, id)).get().isInstanceOf(DropReason.RuleReject.class);
      Ipv4Packet err = answer(sim, id);
      L4.Icmp icmp = (L4.Icmp) err.l4();
      assertThat(err.src().toString()).as(c[0]).isEqualTo("10.1.0.254");
      assertThat(icmp.type()).isEqualTo(3);
      assertThat(icmp.code()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
      assertThat(err.tos()).isEqualTo(0xc0);
      assertThat(err.ttl()).isEqualTo(64);
      assertThat(icmp.quoted().orElseThrow().ttl()).isEqualTo(63);
      assertThat(delivered(sim, answers(sim, id).get(0), "h")).isTrue();
    }
  }

  @Test
  void rejectWithTcpReset_isForgedFromTheDestination_withTheRoutersTtl64() throws Exception {
    Simulation sim =
        router(
            SimConfig.defaults().withClosedPorts(true),
            "ip netns exec r iptables -I FORWARD 1 -p tcp -d 10.2.0.1 --dport 80 -j REJECT --reject-with tcp-reset");
    long id = tcp(sim, "h", "10.2.0.1", 58966, 80);
    long rst = answers(sim, id).get(0);
    Ipv4Packet atH = deliveredPacket(sim, rst, "h").orElseThrow();
    assertThat(atH.src().toString()).isEqualTo("10.2.0.1");
    assertThat(((L4.Tcp) atH.l4()).sport()).isEqualTo(80);
    assertThat(((L4.Tcp) atH.l4()).flags()).isEqualTo(dev.podpath.model.packet.TcpFlags.RST_ACK);
    assertThat(atH.ttl()).isEqualTo(64);
    // without the rule, the closed port's own RST crosses r: TTL 63
    long genuine = tcp(sim, "h", "10.2.0.1", 39888, 81);
    assertThat(deliveredPacket(sim, answers(sim, genuine).get(0), "h").orElseThrow().ttl())
        .isEqualTo(63);
  }

  @Test
  void rejectInInput_answersFromTheDestinationAddress() throws Exception {
    Simulation sim = router("ip netns exec s iptables -A INPUT -p icmp -j REJECT");
    long id = ping(sim, "h", "10.2.0.1");
    Ipv4Packet err = answer(sim, id);
    assertThat(err.src().toString()).isEqualTo("10.2.0.1");
    assertThat(((L4.Icmp) err.l4()).code()).isEqualTo(3);
    DropReason.RuleReject r = (DropReason.RuleReject) dropped(sim, id).orElseThrow();
    assertThat(r.table()).isEqualTo(NetfilterTable.FILTER);
    assertThat(r.chain()).isEqualTo("INPUT");
  }

  @Test
  void icmpErrorAboutAUdpFlow_isRelated_andTheEntryStaysUnreplied() throws Exception {
    Simulation sim =
        router(
            SimConfig.defaults().withClosedPorts(true),
            "ip netns exec r iptables -P FORWARD DROP",
            "ip netns exec r iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
            "ip netns exec r iptables -A FORWARD -i eth0 -o eth1 -m conntrack --ctstate NEW -j ACCEPT",
            "ip netns exec r iptables -I FORWARD 1 -m conntrack --ctstate RELATED -j ACCEPT");
    long id =
        sim.send(
            new LocalSend(
                NetnsName.of("h"),
                Ipv4Address.parse("10.2.0.1"),
                Optional.empty(),
                new L4.Udp(43485, 5555),
                64,
                2,
                true));
    sim.run();
    long err = answers(sim, id).get(0);
    assertThat(delivered(sim, err, "h")).isTrue();
    assertThat(steps(sim, err, Step.Conntrack.class))
        .extracting(Step.Conntrack::state)
        .contains(CtState.RELATED);
    assertThat(chain(sim, "r", "FORWARD"))
        .isEqualTo(
            "[:FORWARD DROP [0:0], "
                + "[1:58] -A FORWARD -m conntrack --ctstate RELATED -j ACCEPT, "
                + "[0:0] -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT, "
                + "[1:30] -A FORWARD -i eth0 -o eth1 -m conntrack --ctstate NEW -j ACCEPT]");
    assertThat(sim.conntrack(NetnsName.of("r")))
        .extracting(ConntrackEntry::line)
        .containsExactly(
            "udp      17 29 src=10.1.0.1 dst=10.2.0.1 sport=43485 dport=5555 [UNREPLIED] src=10.2.0.1 dst=10.1.0.1"
                + " sport=5555 dport=43485 mark=0 use=1");
  }
}
