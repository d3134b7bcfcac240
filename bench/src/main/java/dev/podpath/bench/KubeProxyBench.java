package dev.podpath.bench;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.parse.IptablesSaveParser;
import dev.podpath.model.netfilter.parse.NetfilterParseException;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.script.ScriptException;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.netfilter.HookInput;
import dev.podpath.sim.netfilter.HookResult;
import dev.podpath.sim.netfilter.Netfilter;
import dev.podpath.sim.netfilter.StatisticChoice;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Tracer;
import java.util.Optional;
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
 * A kube-proxy (iptables mode) node with {@code services} ClusterIP Services of 3 endpoints each
 * ({@link KubeProxyRules}: 11 rules per Service, 110,008 rules at 10,000 Services).
 *
 * <ul>
 *   <li>{@code traceLastService}: {@link Tracer#trace} of a TCP SYN from a pod to the ClusterIP
 *       whose rule is last in KUBE-SERVICES, and its SYN-ACK back (un-DNATed), ARP included: the
 *       time per traced packet a user waits for;
 *   <li>{@code traceFirstService}: the same to the first Service's ClusterIP;
 *   <li>{@code natPreroutingLastService}: the netfilter PREROUTING hook alone (raw/conntrack/nat:
 *       KUBE-SERVICES, KUBE-SVC, statistic, KUBE-SEP, DNAT) for that packet, a fresh conntrack each
 *       time.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx8g"})
public class KubeProxyBench {

  @Param({"100", "10000"})
  public int services;

  private Topology topology;
  private Netns node;
  private Probe first;
  private Probe last;
  private Ipv4Packet lastSyn;

  @Setup(Level.Trial)
  public void setUp() throws ScriptException, NetfilterParseException {
    var ruleset = IptablesSaveParser.parse("kube.rules", KubeProxyRules.generate(services, 3));
    topology =
        KubeProxyRules.withRules(
            ScenarioInterpreter.interpret(
                    "kube.sh", KubeProxyRules.script(null), Sysctls.kernelDefaults())
                .topology(),
            ruleset);
    node = topology.require(NetnsName.of("n1"));
    first = probe(KubeProxyRules.clusterIp(0));
    last = probe(KubeProxyRules.clusterIp(services - 1));
    lastSyn =
        new Ipv4Packet(
            Ipv4Address.parse("10.244.0.2"),
            last.dst(),
            64,
            0,
            true,
            60,
            0,
            new L4.Tcp(40000, 80, dev.podpath.model.packet.TcpFlags.SYN_ONLY));
    for (Probe p : new Probe[] {first, last}) {
      Trace t = Tracer.trace(topology, p);
      if (!t.succeeded()) {
        throw new IllegalStateException("the benchmark probe does not succeed: " + t);
      }
    }
  }

  private static Probe probe(Ipv4Address clusterIp) {
    return new Probe(
        NetnsName.of("p1"), clusterIp, Optional.empty(), Probe.Protocol.TCP, 40000, 80, 64);
  }

  @Benchmark
  public Trace traceLastService() {
    return Tracer.trace(topology, last);
  }

  @Benchmark
  public Trace traceFirstService() {
    return Tracer.trace(topology, first);
  }

  @Benchmark
  public HookResult natPreroutingLastService() {
    return new Netfilter(StatisticChoice.random(1))
        .hook(node, Hook.PREROUTING, HookInput.of(1, lastSyn, "cni0", ""));
  }
}
