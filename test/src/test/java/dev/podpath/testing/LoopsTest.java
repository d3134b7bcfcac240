package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.Disposition;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Tracer;
import dev.podpath.trace.render.TextRenderer;
import dev.podpath.trace.verify.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Loops end quickly, and the verdict says which loop: a routing loop (the TTL runs out between two
 * routers), a broadcast storm (a bridge loop copies a flooded frame round and round).
 */
final class LoopsTest {

  private static final Path STORM = Path.of("src/test/resources/loops/bridge-storm.sh");

  /**
   * Given two bridges joined twice, when a pings b, then its ARP request storms round the loop: the
   * kernel forwarded hundreds of thousands of frames over one link during the one-second ping, and
   * the ping got no reply; podpath follows each copy until it comes back to a port it entered, and
   * says "broadcast storm" with the loop.
   */
  @Test
  void bridgeLoop_ping_isABroadcastStorm_asInTheKernel() throws Exception {
    String kernel = Files.readString(STORM.resolveSibling("bridge-storm.kernel.txt"));
    List<String> lines = kernel.lines().toList();
    int tx =
        lines.indexOf(
            lines.stream().filter(l -> l.trim().startsWith("TX:")).findFirst().orElseThrow());
    long framesOverL1a = Long.parseLong(lines.get(tx + 1).trim().split("\\s+")[1]);
    assertThat(framesOverL1a)
        .as("frames the kernel sent over l1a during the ping")
        .isGreaterThan(100_000);

    Scenario sc = ScenarioInterpreter.interpret(STORM);
    Verifier.Report report = Verifier.compare(STORM.toString(), sc, kernel);
    assertThat(report.probes()).hasSize(1);
    assertThat(report.probes().get(0).kernel()).containsExactly("no reply");
    assertThat(report.differing()).isZero();

    Trace t =
        Tracer.trace(
            sc.topologyAt(0), Probe.icmp(NetnsName.of("a"), Ipv4Address.parse("10.0.0.2")));
    assertThat(t.request().disposition()).isEqualTo(Disposition.LOOP);
    DropReason.BroadcastStorm storm =
        (DropReason.BroadcastStorm) t.request().reason().orElseThrow();
    assertThat(storm.loop().bridges())
        .containsExactly(
            new DeviceRef(NetnsName.of("sw"), "br0"), new DeviceRef(NetnsName.of("sw"), "br1"));
    assertThat(storm.arpFor()).contains(Ipv4Address.parse("10.0.0.2"));
    assertThat(storm.copies()).isGreaterThan(4);
    assertThat(TextRenderer.render(t, "bridge-storm.sh"))
        .contains(
            "=> LOOP: broadcast storm: bridge loop sw/br0 <-> sw/br1, the ARP request for 10.0.0.2 was copied ")
        .contains("result: NOT REACHABLE: broadcast storm on the bridge loop sw/br0 <-> sw/br1");
  }

  /**
   * Given policy-routing.sh, when h1 pings h3's 10.1.2.2, then r and up2 send the request back and
   * forth until its TTL runs out at up2 (the kernel: "From 10.9.2.2 icmp_seq=1 Time to live
   * exceeded", in samples/expected/policy-routing.kernel.txt): the verdict is the routing loop.
   */
  @Test
  void policyRouting_pingBetweenTwoRoutersSendingItBack_isARoutingLoop() throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(Samples.sample("policy-routing.sh"));
    Trace t =
        Tracer.trace(sc.topology(), Probe.icmp(NetnsName.of("h1"), Ipv4Address.parse("10.1.2.2")));
    assertThat(t.request().disposition()).isEqualTo(Disposition.LOOP);
    DropReason.RoutingLoop loop = (DropReason.RoutingLoop) t.request().reason().orElseThrow();
    assertThat(loop.cycle()).containsExactly(NetnsName.of("r"), NetnsName.of("up2"));
    assertThat(loop.hops()).isEqualTo(65);
    assertThat(loop.expired()).isEqualTo(new DropReason.TtlExceeded(NetnsName.of("up2"), 1));
    assertThat(TextRenderer.render(t, "policy-routing.sh"))
        .contains(
            "=> LOOP: routing loop between r and up2: TTL exceeded after 65 hops (TTL 1 expired in up2)")
        .contains("ping would print: From 10.9.2.2 icmp_seq=1 Time to live exceeded")
        .contains("result: NOT REACHABLE: routing loop between r and up2");
  }

  /** A TTL that runs out on a path without a repeated hop is no loop. */
  @Test
  void ttlRunningOutOnAStraightPath_isNoLoop() throws Exception {
    Scenario sc = ScenarioInterpreter.interpret(Samples.sample("ttl-chain.sh"));
    Trace t =
        Tracer.trace(
            sc.topology(),
            Probe.icmp(NetnsName.of("h1"), Ipv4Address.parse("10.1.4.2")).withTtl(2));
    assertThat(t.request().disposition()).isEqualTo(Disposition.TTL_EXCEEDED);
    assertThat(t.request().reason())
        .isEqualTo(Optional.of(new DropReason.TtlExceeded(NetnsName.of("r2"), 1)));
  }
}
