package dev.podpath.bench;

import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.script.ScriptException;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Session;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Tracer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One ping traced across a flannel host-gw cluster of {@code nodes} nodes ({@link HostGwScript}):
 * from pod a of the first node to pod b of the last node, request and echo reply, ARP included
 * (every trace starts with empty neighbour caches and FDBs, so the node-to-node ARP request is
 * flooded to all {@code nodes} ports of the segment bridge).
 *
 * <p>{@code trace} measures {@link Tracer#trace} only: the script is generated and interpreted once
 * per trial. {@code interpret} measures {@link ScenarioInterpreter#interpret} of the same script
 * (generated once), that is building the topology of the whole cluster.
 *
 * <p>{@code traceWarm} traces the same ping again and again in one {@link Session}, as a scenario's
 * probes run: the neighbour caches and the bridges' FDBs are kept from probe to probe, as the
 * kernel keeps them, so after the first probe no ARP request is flooded to the {@code nodes} ports
 * (entries that went STALE are confirmed by unicast, NUD's DELAY/PROBE). A fresh session is started
 * every iteration so that its log does not grow through the whole benchmark. {@code podpath trace}
 * and {@link Tracer#trace} stay cold (empty caches: the first packet's ARP is part of what they
 * show).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx8g"})
public class TraceBench {

  @Param({"10", "100", "500"})
  public int nodes;

  private String script;
  private Scenario scenario;
  private Probe probe;

  @Setup(Level.Trial)
  public void setUp() throws ScriptException {
    script = HostGwScript.generate(nodes);
    scenario =
        ScenarioInterpreter.interpret("host-gw-" + nodes + ".sh", script, Sysctls.kernelDefaults());
    probe =
        Probe.icmp(NetnsName.of(HostGwScript.podName(0, 0)), ClusterShape.podAddress(nodes - 1, 3));
    Trace t = Tracer.trace(scenario.topology(), probe);
    if (!t.succeeded()) {
      throw new IllegalStateException("the benchmark ping does not succeed: " + t);
    }
  }

  private Session session;

  @Setup(Level.Iteration)
  public void newSession() {
    session = new Session(scenario.topology(), SimConfig.defaults());
    if (!session.trace(probe).succeeded()) {
      throw new IllegalStateException("the benchmark ping does not succeed in a session");
    }
  }

  @Benchmark
  public Trace traceWarm() {
    return session.trace(probe);
  }

  @Benchmark
  public Trace trace() {
    return Tracer.trace(scenario.topology(), probe);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 5, time = 5) // one op takes ~1 s at 500 nodes, 2-3 s until warm
  @Measurement(iterations = 5, time = 5)
  public Scenario interpret() throws ScriptException {
    return ScenarioInterpreter.interpret(
        "host-gw-" + nodes + ".sh", script, Sysctls.kernelDefaults());
  }
}
