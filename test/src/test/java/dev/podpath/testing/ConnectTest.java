package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.trace.Connect;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Session;
import dev.podpath.trace.render.ConnectLine;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Given tcp-connect.sh, when nc connects, then the SYNs the kernel would send and the line nc
 * prints. (What nc prints for each probe of the sample is checked against the kernel by
 * KernelAgreementTest; this pins the SYN counts, which a transcript does not show.)
 */
final class ConnectTest {

  private static Connect.Result connect(String dst, int port, Optional<Long> waitSeconds)
      throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(Samples.sample("tcp-connect.sh"));
    Session s = new Session(sc.topologyAt(0), SimConfig.defaults().withClosedPorts(true));
    Probe p =
        new Probe(
            NetnsName.of("client"),
            Ipv4Address.parse(dst),
            Optional.empty(),
            Probe.Protocol.TCP,
            40000,
            port,
            64);
    return Connect.run(s, p, waitSeconds.map(w -> w * 1_000_000_000L));
  }

  @Test
  void aListeningServer_answersTheFirstSyn() throws Exception {
    Connect.Result r = connect("10.0.2.2", 8080, Optional.of(2L));
    assertThat(r.outcome()).isEqualTo(Connect.Outcome.CONNECTED);
    assertThat(r.attempts()).hasSize(1);
    assertThat(r.decisive().response().orElseThrow().role())
        .isEqualTo(dev.podpath.sim.outcome.PacketRole.SYN_ACK);
    assertThat(ConnectLine.of(Ipv4Address.parse("10.0.2.2"), 8080, false, r))
        .isEqualTo("Connection to 10.0.2.2 8080 port [tcp/http-alt] succeeded!");
    assertThat(ConnectLine.of(Ipv4Address.parse("10.0.2.2"), 8080, true, r))
        .isEqualTo("Connection to 10.0.2.2 8080 port [tcp/*] succeeded!");
  }

  @Test
  void nobodyAnswering_ncDashW_sendsOneSynPerSecond() throws Exception {
    // kernel-verified: nc -w N to a dropping firewall counted N SYNs for N = 1..5
    Connect.Result r = connect("10.0.2.9", 80, Optional.of(2L));
    assertThat(r.outcome()).isEqualTo(Connect.Outcome.TIMED_OUT);
    assertThat(r.attempts()).hasSize(2);
  }

  @Test
  void theRoutersHostUnreachable_abortsTheConnect_afterItsArpFails() throws Exception {
    Connect.Result r = connect("10.0.2.9", 80, Optional.of(5L));
    assertThat(r.outcome()).isEqualTo(Connect.Outcome.FAILED);
    assertThat(r.failure())
        .contains(new Connect.Failure.Answered(dev.podpath.model.errno.Errno.EHOSTUNREACH));
    assertThat(ConnectLine.of(Ipv4Address.parse("10.0.2.9"), 80, false, r))
        .isEqualTo("nc: connect to 10.0.2.9 port 80 (tcp) failed: No route to host");
    assertThat(r.attempts())
        .as("SYNs at 0, 1, 2 and 3 s; the first one's ICMP arrives after 3 s")
        .hasSizeBetween(3, 4);
  }

  @Test
  void withoutDashW_theKernelsRetriesDecide() throws Exception {
    Connect.Result r = connect("10.0.1.77", 80, Optional.empty());
    assertThat(r.outcome()).isEqualTo(Connect.Outcome.RETRIES_EXHAUSTED);
    assertThat(r.attempts()).as("the first SYN and 10 retransmissions in 127 s").hasSize(11);
    assertThat(ConnectLine.of(Ipv4Address.parse("10.0.1.77"), 80, false, r))
        .isEqualTo("nc: connect to 10.0.1.77 port 80 (tcp) failed: Connection timed out");
  }
}
