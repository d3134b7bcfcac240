package dev.podpath.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.packet.L4;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Given h - r - s with r's link to s at a smaller MTU, when h sends DF packets too big for it, then
 * h learns the path MTU per destination (kernel-semantics.md 8, 15-mtu-l2.sh: "From 10.1.0.254 ...
 * Frag needed and DF set (mtu = 1400)", then "local error: message too long, mtu=1400", "cache
 * expires 599sec mtu 1400").
 */
final class PathMtuTest {

  private static Topology topo(int mtu) throws Exception {
    String script =
        String.join(
            "\n",
            "ip netns add r",
            "ip netns add h",
            "ip netns add s",
            "ip -n r link add eth0 type veth peer name eth0 netns h",
            "ip -n r link add eth1 mtu "
                + mtu
                + " type veth peer name eth0 mtu "
                + mtu
                + " netns s",
            "ip -n r addr add 10.1.0.254/24 dev eth0",
            "ip -n r addr add 10.2.0.254/24 dev eth1",
            "ip -n h addr add 10.1.0.1/24 dev eth0",
            "ip -n s addr add 10.2.0.1/24 dev eth0",
            "ip -n s addr add 10.2.0.2/24 dev eth0",
            "ip -n r link set eth0 up",
            "ip -n r link set eth1 up",
            "ip -n h link set eth0 up",
            "ip -n s link set eth0 up",
            "ip -n r link set lo up",
            "ip -n h link set lo up",
            "ip -n s link set lo up",
            "ip -n h route add default via 10.1.0.254",
            "ip -n s route add default via 10.2.0.254",
            "ip netns exec r sysctl -w net.ipv4.ip_forward=1",
            "");
    return ScenarioInterpreter.interpret("pmtu.sh", script, Sysctls.kernelDefaults()).topology();
  }

  private static long ping(Simulation sim, String dst, int payload) {
    long id =
        sim.send(
            new LocalSend(
                NetnsName.of("h"),
                Ipv4Address.parse(dst),
                Optional.empty(),
                L4.Icmp.echoRequest(7, 1),
                64,
                payload,
                true));
    sim.runUntilAnswered(id, SimConfig.SECONDS);
    return id;
  }

  @Test
  void fragNeeded_setsThePathMtuForThatDestinationOnly_andTheNextDfSendFailsLocally()
      throws Exception {
    Simulation sim = new Simulation(topo(1400), SimConfig.defaults());
    long first = ping(sim, "10.2.0.1", 1472);
    assertThat(sim.localError(first)).isEmpty();
    assertThat(sim.pathMtu(NetnsName.of("h"), Ipv4Address.parse("10.2.0.1")))
        .hasValueSatisfying(c -> assertThat(c.mtu()).isEqualTo(1400));
    assertThat(sim.pathMtu(NetnsName.of("h"), Ipv4Address.parse("10.2.0.2"))).isEmpty();
    long second = ping(sim, "10.2.0.1", 1472);
    assertThat(sim.localError(second))
        .hasValueSatisfying(
            e -> {
              assertThat(e).isEqualTo(new dev.podpath.sim.outcome.SocketError.MessageTooLong(1400));
              assertThat(e.errno()).isEqualTo(dev.podpath.model.errno.Errno.EMSGSIZE);
              assertThat(e.explain()).isEqualTo("local error: message too long, mtu=1400");
            });
    long fits = ping(sim, "10.2.0.1", 1372);
    assertThat(sim.localError(fits)).isEmpty();
  }

  @Test
  void aPathMtuBelowMinPmtu_isRaisedTo552() throws Exception {
    Simulation sim = new Simulation(topo(500), SimConfig.defaults());
    ping(sim, "10.2.0.1", 1000);
    assertThat(sim.pathMtu(NetnsName.of("h"), Ipv4Address.parse("10.2.0.1")))
        .hasValueSatisfying(c -> assertThat(c.mtu()).isEqualTo(PathMtu.MIN_PMTU));
  }

  @Test
  void theException_expiresAfter600Seconds() throws Exception {
    Simulation sim = new Simulation(topo(1400), SimConfig.defaults());
    ping(sim, "10.2.0.1", 1472);
    assertThat(
            sim.pathMtu(NetnsName.of("h"), Ipv4Address.parse("10.2.0.1"))
                .orElseThrow()
                .expiresInSeconds())
        .isBetween(599, 600);
    sim.advance(601 * SimConfig.SECONDS);
    assertThat(sim.pathMtu(NetnsName.of("h"), Ipv4Address.parse("10.2.0.1"))).isEmpty();
  }
}
