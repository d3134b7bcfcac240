package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.trace.Connect;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Session;
import dev.podpath.trace.render.ConnectLine;
import java.nio.file.Files;
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
    return connect("", dst, port, waitSeconds);
  }

  /** Connects from the client of tcp-connect.sh with {@code extra} commands appended. */
  private static Connect.Result connect(
      String extra, String dst, int port, Optional<Long> waitSeconds) throws Exception {
    String text = Files.readString(Samples.sample("tcp-connect.sh")) + extra;
    Scenario sc = ScenarioInterpreter.interpret("tcp-connect.sh", text, Sysctls.kernelDefaults());
    Session s = new Session(sc.topology(), SimConfig.defaults().withClosedPorts(true));
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
  void theSendersOwnArpFailing_abortsTheConnect_withNoRouteToHost() throws Exception {
    // kernel-verified on 6.18: nc -w5 and -w8 to an on-link address nobody answers ARP for fail
    // after 3.1 s with "No route to host" (arp_error_report -> host unreachable to the sender's
    // own socket -> tcp_v4_err aborts SYN-SENT)
    Connect.Result r = connect("10.0.1.77", 80, Optional.of(8L));
    assertThat(r.outcome()).isEqualTo(Connect.Outcome.FAILED);
    assertThat(r.failure())
        .contains(new Connect.Failure.Answered(dev.podpath.model.errno.Errno.EHOSTUNREACH));
    assertThat(ConnectLine.of(Ipv4Address.parse("10.0.1.77"), 80, false, r))
        .isEqualTo("nc: connect to 10.0.1.77 port 80 (tcp) failed: No route to host");
    assertThat(r.attempts())
        .as("SYNs at 0, 1, 2 and 3 s; the first one's error comes after 3 s")
        .hasSizeBetween(3, 4);
  }

  @Test
  void withoutDashW_theKernelsRetriesDecide() throws Exception {
    // a silent drop: no answer and no error, so the kernel's own SYN retries run out
    Connect.Result r =
        connect(
            "ip netns exec router iptables -A FORWARD -d 10.0.2.9 -j DROP\n",
            "10.0.2.9",
            80,
            Optional.empty());
    assertThat(r.outcome()).isEqualTo(Connect.Outcome.RETRIES_EXHAUSTED);
    assertThat(r.attempts()).as("the first SYN and 10 retransmissions in 127 s").hasSize(11);
    assertThat(ConnectLine.of(Ipv4Address.parse("10.0.2.9"), 80, false, r))
        .isEqualTo("nc: connect to 10.0.2.9 port 80 (tcp) failed: Connection timed out");
  }
}
