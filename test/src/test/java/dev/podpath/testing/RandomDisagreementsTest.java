package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.Step;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Tracer;
import dev.podpath.trace.verify.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The disagreements random networks found (issue 15), each reduced to a scenario in test resources
 * random/*.sh with the kernel's transcript recorded by {@code podpath verify --save-transcript}:
 * given the scenario, when its probes run in podpath, then every probe and every state fact agrees
 * with what the kernel did.
 */
final class RandomDisagreementsTest {

  private static final Path DIR = Path.of("src/test/resources/random");

  private static Verifier.Report compare(String name) throws Exception {
    Path script = DIR.resolve(name);
    Scenario sc = ScenarioInterpreter.interpret(script);
    String transcript = Files.readString(DIR.resolve(name.replace(".sh", ".kernel.txt")));
    return Verifier.compare(script.toString(), sc, transcript);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "reject-bridged-local.sh",
        "traceroute-output-dropped.sh",
        "answer-to-address-twin.sh",
        "traceroute-no-route.sh",
        "conntrack-reset-unreplied.sh",
        "dnat-to-own-address.sh",
        "route-get-table-local.sh",
        "df-too-big-local.sh",
        "redirect-arp-fails.sh",
        "redirect-nat-dropped.sh",
        "rp-filter-mark.sh"
      })
  void everyProbeAndStateFact_agreesWithTheKernelTranscript(String name) throws Exception {
    Verifier.Report report = compare(name);
    String differences =
        report.probes().stream()
            .filter(p -> !p.agree())
            .map(
                p ->
                    p.probe().origin().location()
                        + "\n      kernel:  "
                        + p.kernel()
                        + "\n      podpath: "
                        + p.podpath())
            .collect(Collectors.joining("\n"));
    assertThat(report.probes()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(report.probes())
        .as("probes where podpath and the kernel differ:%n%s", differences)
        .allMatch(Verifier.ProbeResult::agree);
    assertThat(report.state().differences()).isEmpty();
  }

  /** br_netfilter's route is not local: the REJECT's error comes from cni0, not from 10.9.0.1. */
  @Test
  void rejectOfABridgedPacketForTheBridgingHost_comesFromTheRouteBack() throws Exception {
    Verifier.Report report = compare("reject-bridged-local.sh");
    assertThat(report.probes().get(0).podpath())
        .containsExactly("From 10.244.0.1 icmp_seq=1 Destination Port Unreachable");
    assertThat(report.probes().get(1).podpath()).containsExactly(" 1  10.244.0.1");
  }

  /** OUTPUT drops or rejects the first probe: sendto fails, traceroute prints no hop. */
  @Test
  void tracerouteWhoseProbeOutputRefuses_printsTheSendErrorAndNoHop() throws Exception {
    Verifier.Report report = compare("traceroute-output-dropped.sh");
    assertThat(report.probes().get(0).podpath()).containsExactly("send: Operation not permitted");
    assertThat(report.probes().get(1).podpath()).containsExactly(" 1  10.1.1.2");
    assertThat(report.probes().get(2).podpath()).containsExactly("send: Operation not permitted");
  }

  /** r routes h1's address to x, which owns it too: h1 sees no hop and no reply. */
  @Test
  void answersDeliveredToTheAddressTwin_areNotTheSendersHops() throws Exception {
    Verifier.Report report = compare("answer-to-address-twin.sh");
    assertThat(report.probes().get(1).podpath()).containsExactly(" 1  *", " 2  *", " 3  *");
    assertThat(report.probes().get(3).podpath()).containsExactly("no reply");
  }

  /** No route: connect() fails, traceroute prints its error and no hop, whatever the method. */
  @Test
  void tracerouteWithNoRoute_printsTheConnectErrorAndNoHop() throws Exception {
    Verifier.Report report = compare("traceroute-no-route.sh");
    assertThat(report.probes().get(0).podpath()).containsExactly("connect: Network is unreachable");
    assertThat(report.probes().get(2).podpath()).containsExactly("connect: Network is unreachable");
    assertThat(report.probes().get(3).podpath()).containsExactly("connect: No route to host");
  }

  /**
   * The sender's own neighbour resolution fails: the host unreachable it sends itself aborts a
   * connect (also one that joined the resolution late), and traceroute shows it only while it
   * waits.
   */
  @Test
  void theSendersOwnArpFailure_abortsConnects_andShowsInTracerouteOnlyWhileItWaits()
      throws Exception {
    Verifier.Report report = compare("connect-own-arp-fails.sh");
    assertThat(report.probes()).hasSize(7);
    assertThat(report.probes().subList(0, 6)).allMatch(Verifier.ProbeResult::agree);
    assertThat(report.state().differences()).isEmpty();
    assertThat(report.probes().get(0).podpath())
        .containsExactly(
            "nc: connect to 192.168.8.1 port 8080 (tcp) timed out: Operation now in progress");
    assertThat(report.probes().get(1).podpath())
        .containsExactly("nc: connect to 192.168.8.4 port 8080 (tcp) failed: No route to host");
    assertThat(report.probes().get(3).podpath()).containsExactly(" 1  *", " 2  *", " 3  *");
    assertThat(report.probes().get(4).podpath()).containsExactly(" 1  10.0.5.5 !H");
    // joining a resolution 2 s old: the !H comes 1.00 s later, at the edge of -w1 (seed 65)
    assertThat(report.probes().get(6).notModelled()).isTrue();
    assertThat(report.probes().get(6).podpath())
        .allSatisfy(line -> assertThat(line).contains("a timing race"));
  }

  /**
   * OUTPUT's DNAT to the namespace's own address: the packet loops through lo keeping its
   * connection, so the answer is un-DNATed for the socket and conntrack holds one entry, not two.
   */
  @Test
  void dnatToTheNamespacesOwnAddress_keepsOneConnectionThroughLoopback() throws Exception {
    Verifier.Report report = compare("dnat-to-own-address.sh");
    assertThat(report.probes().get(0).podpath())
        .containsExactly("Connection to 10.96.0.1 443 port [tcp/https] succeeded!");
    assertThat(report.probes().get(1).podpath())
        .containsExactly("nc: connect to 10.96.0.1 port 444 (tcp) failed: Connection refused");
    Probe probe =
        new Probe(
            NetnsName.of("n1"),
            Ipv4Address.parse("10.96.0.1"),
            Optional.empty(),
            Probe.Protocol.TCP,
            40000,
            443,
            64);
    Trace trace =
        Tracer.trace(
            ScenarioInterpreter.interpret(DIR.resolve("dnat-to-own-address.sh")).topology(), probe);
    assertThat(trace.request().hops().stream().flatMap(h -> h.steps().stream()).map(e -> e.step()))
        .filteredOn(Step.Conntrack.class::isInstance)
        .as("one lookup, at OUTPUT: PREROUTING finds the looped packet tracked")
        .hasSize(1);
  }

  /**
   * A router forwarding a packet back out of the device it came in on sends the sender a redirect,
   * and ping prints it before the reply ("From 10.1.0.1: icmp_seq=1 Redirect Host(New nexthop:
   * 10.1.0.3)" in the kernel's transcript). podpath sends the redirect and models what the sender
   * does with it (sim.net.Redirects), but not ping's line: it says so for a ping that crosses such
   * a hop rather than answer wrongly. The redirect's charge on r's peer entry for h1 shares that
   * entry's clock and tokens with r's ICMP errors, so the traceroute right after the ping gets no
   * time-exceeded from r (" 1 *"), as in the kernel.
   */
  @Test
  void packetARouterSendsBackOutItsInputDevice_isNotModelled_butSilencesTheNextError()
      throws Exception {
    Verifier.Report report = compare("redirect.sh");
    assertThat(report.probes().get(0).agree()).isTrue();
    assertThat(report.probes().get(1).kernel())
        .containsExactly("From 10.1.0.1: icmp_seq=1 Redirect Host(New nexthop: 10.1.0.3)");
    assertThat(report.probes().get(1).notModelled()).isTrue();
    assertThat(report.probes().get(1).podpath())
        .singleElement()
        .asString()
        .contains("ICMP redirect");
    assertThat(report.probes().get(2).kernel()).containsExactly(" 1  *", " 2  10.2.0.1");
    assertThat(report.probes().get(2).agree()).as("%s", report.probes().get(2)).isTrue();
  }
}
