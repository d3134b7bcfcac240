package dev.podpath.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.packet.L4;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.SocketError;
import dev.podpath.sim.outcome.Step;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Given a namespace with routes that refuse, when a socket sends, then it gets the errno the kernel
 * gives (kernel-semantics.md 5: unreachable EHOSTUNREACH, prohibit EACCES, blackhole EINVAL, no
 * route ENETUNREACH; a bind to an address it does not have EADDRNOTAVAIL), typed, and no packet
 * leaves.
 */
final class LocalErrorsTest {

  private static Topology topo() throws Exception {
    String script =
        String.join(
            "\n",
            "ip netns add h",
            "ip netns add s",
            "ip -n h link add eth0 type veth peer name eth0 netns s",
            "ip -n h addr add 10.1.0.1/24 dev eth0",
            "ip -n s addr add 10.1.0.2/24 dev eth0",
            "ip -n h link set eth0 up",
            "ip -n s link set eth0 up",
            "ip -n h link set lo up",
            "ip -n h route add unreachable 10.40.2.0/24",
            "ip -n h route add prohibit 10.40.3.0/24",
            "ip -n h route add blackhole 10.40.4.0/24",
            "");
    return ScenarioInterpreter.interpret("local-errors.sh", script, Sysctls.kernelDefaults())
        .topology();
  }

  private static Optional<SocketError> send(Simulation sim, String dst, Optional<String> src) {
    long id =
        sim.send(
            new LocalSend(
                NetnsName.of("h"),
                Ipv4Address.parse(dst),
                src.map(Ipv4Address::parse),
                L4.Icmp.echoRequest(7, 1),
                64,
                56,
                true));
    sim.run();
    return sim.localError(id);
  }

  @Test
  void refusingRoutes_giveTheirErrno() throws Exception {
    Simulation sim = new Simulation(topo(), SimConfig.defaults());
    assertThat(send(sim, "10.40.2.1", Optional.empty()))
        .contains(new SocketError.Unroutable(Errno.EHOSTUNREACH));
    assertThat(send(sim, "10.40.3.1", Optional.empty()))
        .contains(new SocketError.Unroutable(Errno.EACCES));
    assertThat(send(sim, "10.40.4.1", Optional.empty()))
        .contains(new SocketError.Unroutable(Errno.EINVAL));
    assertThat(send(sim, "10.99.0.1", Optional.empty()))
        .contains(new SocketError.Unroutable(Errno.ENETUNREACH));
    assertThat(send(sim, "10.99.0.1", Optional.empty()).orElseThrow().explain())
        .isEqualTo("connect: Network is unreachable");
  }

  @Test
  void bindingAnAddressItDoesNotHave_isEaddrnotavail_inTheErrorAndInTheDrop() throws Exception {
    Simulation sim = new Simulation(topo(), SimConfig.defaults());
    long id =
        sim.send(
            new LocalSend(
                NetnsName.of("h"),
                Ipv4Address.parse("10.1.0.2"),
                Optional.of(Ipv4Address.parse("10.1.0.9")),
                L4.Icmp.echoRequest(7, 1),
                64,
                56,
                true));
    sim.run();
    assertThat(sim.localError(id)).contains(new SocketError.AddressNotAvailable());
    assertThat(sim.localError(id).orElseThrow().errno()).isEqualTo(Errno.EADDRNOTAVAIL);
    DropReason why =
        sim.log().events().stream()
            .filter(e -> e.packetId() == id)
            .map(e -> e.step())
            .filter(Step.Dropped.class::isInstance)
            .map(s -> ((Step.Dropped) s).reason())
            .findFirst()
            .orElseThrow();
    assertThat(why)
        .isEqualTo(
            new DropReason.LocalError(
                NetnsName.of("h"), Errno.EADDRNOTAVAIL, "bind: Cannot assign requested address"));
  }

  @Test
  void aBroadcastDestination_isNotModelled_notGuessed() throws Exception {
    Simulation sim = new Simulation(topo(), SimConfig.defaults());
    assertThat(send(sim, "10.1.0.255", Optional.empty()))
        .contains(new SocketError.NotModelled(RouteType.BROADCAST));
  }
}
