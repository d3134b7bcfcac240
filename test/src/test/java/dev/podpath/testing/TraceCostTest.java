package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Session;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Tracer;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cost guard of issue 16, counted in bytes allocated by this thread (ThreadMXBean), never in
 * time: a warm trace of samples/kube-proxy.sh's TCP SYN to a ClusterIP (DNAT, bridged delivery, the
 * SYN-ACK back, ARP included) stays under a generous bound, and one {@link Session}'s probes cost
 * the same late in the session as early (its packet log is indexed, not scanned). The trace's bound
 * is a third above what the code allocates now and below what it allocated before issue 16
 * (docs/benchmarks.md), so a JIT's escape analysis deciding otherwise does not fail it, and a
 * regression of that size (a stream or a text rendered per packet again) does. The speed itself is
 * measured in bench/ (KubeProxyBench, TraceCheck).
 */
final class TraceCostTest {

  /**
   * Bytes per warm trace: ~168,800 before issue 16, ~117,700 after its first changes, ~98,000 since
   * sysctls are parsed once per device and the rule walk allocates no iterator or stream, less
   * again since a conntrack step records its entry typed and the renderers compose its line;
   * ~101,800 on main before session 10, ~84,000 since tunnel steps record what they chose typed,
   * TraceAssembly reads the log without streams, a one-prefix route lookup returns the prefix's own
   * list and a hook without nftables reuses its stations.
   */
  private static final long TRACE_BOUND = 100_000;

  private static Topology topology;
  private static Probe probe;

  @BeforeAll
  static void load() throws Exception {
    topology = ScenarioInterpreter.interpret(Samples.sample("kube-proxy.sh")).topology();
    probe =
        new Probe(
            NetnsName.of("p1"),
            Ipv4Address.parse("10.96.0.10"),
            Optional.empty(),
            Probe.Protocol.TCP,
            41001,
            80,
            64);
    assertThat(Tracer.trace(topology, probe).succeeded()).isTrue();
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  @Test
  void aWarmTrace_allocatesUnderItsBound() {
    int sink = 0;
    for (int i = 0; i < 3_000; i++) {
      sink += Tracer.trace(topology, probe).succeeded() ? 1 : 0;
    }
    int n = 1_000;
    long before = allocated();
    for (int i = 0; i < n; i++) {
      sink += Tracer.trace(topology, probe).succeeded() ? 1 : 0;
    }
    long perTrace = (allocated() - before) / n;
    assertThat(sink).isEqualTo(4_000);
    assertThat(perTrace).as("bytes allocated per warm trace").isLessThan(TRACE_BOUND);
  }

  /**
   * Probes 1,001-2,000 and 9,001-10,000 of one session allocate alike: nothing per probe grows with
   * the log (before issue 16 the trace of each probe was read by filtering the session's whole
   * log).
   */
  @Test
  void aLongSession_costsTheSamePerProbe() {
    Session session = new Session(topology, SimConfig.defaults());
    long early = 0;
    long late = 0;
    for (int i = 1; i <= 10_000; i++) {
      long before = allocated();
      Trace t = session.trace(probe);
      long used = allocated() - before;
      assertThat(t.request().hops()).isNotEmpty();
      if (i > 1_000 && i <= 2_000) {
        early += used;
      } else if (i > 9_000) {
        late += used;
      }
    }
    assertThat(late).as("bytes of probes 9,001-10,000 vs 1,001-2,000").isLessThan(early * 3 / 2);
  }

  /**
   * A dropping session ({@link Session#dropping}) keeps in its log only what is in flight: after
   * each of 10,000 probes its log holds no event (a kept session's holds every probe's), and its
   * traces are the ones a kept session returns, probe for probe. Counted in events, exact.
   */
  @Test
  void aDroppingSession_keepsNoFinishedProbeInItsLog() {
    Session kept = new Session(topology, SimConfig.defaults());
    Session dropping = Session.dropping(topology, SimConfig.defaults());
    int most = 0;
    for (int i = 1; i <= 10_000; i++) {
      Trace t = dropping.trace(probe);
      most = Math.max(most, dropping.simulation().log().size());
      if (i <= 20) {
        assertThat(t).as("probe %d", i).isEqualTo(kept.trace(probe));
      }
    }
    assertThat(kept.simulation().log().size()).as("a kept session's log").isGreaterThan(20 * 40);
    assertThat(most).as("events held by a dropping session's log after a probe").isZero();
  }
}
