package dev.podpath.bench;

import com.sun.management.ThreadMXBean;
import dev.podpath.model.netfilter.parse.IptablesSaveParser;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Session;
import dev.podpath.trace.Tracer;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * Issue 16's trace rows as plain figures, one line each ({@code ROW<TAB>value<TAB>unit}), for
 * {@code bench/run-trace.sh}:
 *
 * <ul>
 *   <li>{@code trace}: a warm {@link Tracer#trace} of a TCP SYN to the last of {@code services}
 *       ClusterIPs ({@link KubeProxyRules}: 110,008 rules at 10,000), DNAT, bridged delivery, the
 *       SYN-ACK back, ARP included: microseconds (wall clock, so read it on a quiet machine) and
 *       bytes allocated per trace (this thread's, exact whatever the load);
 *   <li>{@code session}: one {@link Session} tracing that probe {@code probes} times: the bytes and
 *       microseconds per probe of the second tenth of the session and of its last tenth; then the
 *       same for a {@link Session#dropping} session ({@code dropping-*} rows), whose log forgets
 *       each probe once its trace is assembled, and for both the events their logs hold at the end.
 * </ul>
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.podpath.bench.TraceCheck [services] [probes]
 * </pre>
 */
public final class TraceCheck {

  private TraceCheck() {}

  private static final ThreadMXBean MX = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static long allocated() {
    return MX.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  private static long gcMillis() {
    long ms = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }

  public static void main(String[] args) throws Exception {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int probes = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    var ruleset = IptablesSaveParser.parse("kube.rules", KubeProxyRules.generate(services, 3));
    Topology topology =
        KubeProxyRules.withRules(
            ScenarioInterpreter.interpret(
                    "kube.sh", KubeProxyRules.script(null), Sysctls.kernelDefaults())
                .topology(),
            ruleset);
    Probe probe =
        new Probe(
            NetnsName.of("p1"),
            KubeProxyRules.clusterIp(services - 1),
            Optional.empty(),
            Probe.Protocol.TCP,
            40000,
            80,
            64);
    if (!Tracer.trace(topology, probe).succeeded()) {
      throw new IllegalStateException("the probe does not succeed");
    }
    int sink = 0;
    long end = System.nanoTime() + 20_000_000_000L; // warm up: 20 s or 200,000 traces
    for (int i = 0; i < 200_000 && System.nanoTime() < end; i++) {
      sink += Tracer.trace(topology, probe).succeeded() ? 1 : 0;
    }
    int n = 20_000;
    long bytes = allocated();
    long t = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sink += Tracer.trace(topology, probe).succeeded() ? 1 : 0;
    }
    double us = (System.nanoTime() - t) / 1e3 / n;
    long perTrace = (allocated() - bytes) / n;
    System.out.printf("trace-us\t%.2f\tus per warm trace, %d services%n", us, services);
    System.out.printf("trace-bytes\t%d\tbytes per warm trace%n", perTrace);

    sink += session("session", new Session(topology, SimConfig.defaults()), probe, probes);
    sink += session("dropping", Session.dropping(topology, SimConfig.defaults()), probe, probes);
    if (sink == 42) {
      System.out.println();
    }
  }

  /**
   * One session tracing {@code probe} {@code probes} times: per probe of its second tenth and of
   * its last tenth, wall time, bytes, this thread's CPU, GC pauses; and the events its log holds at
   * the end. Rows named {@code row}: {@code session} keeps its whole log, {@code dropping} is a
   * {@link Session#dropping} session.
   */
  private static int session(String row, Session session, Probe probe, int probes) {
    int sink = 0;
    int tenth = probes / 10;
    long earlyBytes = 0;
    long lateBytes = 0;
    long earlyNanos = 0;
    long lateNanos = 0;
    long earlyCpu = 0;
    long lateCpu = 0;
    long earlyGc = 0;
    long lateGc = 0;
    for (int i = 1; i <= probes; i++) {
      long b = allocated();
      long g = gcMillis();
      long c = MX.getCurrentThreadCpuTime();
      long s = System.nanoTime();
      sink += session.trace(probe).request().hops().size();
      long dn = System.nanoTime() - s;
      long dc = MX.getCurrentThreadCpuTime() - c;
      long dg = gcMillis() - g;
      long db = allocated() - b;
      if (i > tenth && i <= 2 * tenth) {
        earlyBytes += db;
        earlyNanos += dn;
        earlyCpu += dc;
        earlyGc += dg;
      } else if (i > probes - tenth) {
        lateBytes += db;
        lateNanos += dn;
        lateCpu += dc;
        lateGc += dg;
      }
    }
    System.out.printf(
        "%s-us\t%.2f\t%.2f\tus per probe, probes %d-%d vs %d-%d of one session%n",
        row,
        earlyNanos / 1e3 / tenth,
        lateNanos / 1e3 / tenth,
        tenth + 1,
        2 * tenth,
        probes - tenth + 1,
        probes);
    System.out.printf(
        "%s-bytes\t%d\t%d\tbytes per probe, same probes%n",
        row, earlyBytes / tenth, lateBytes / tenth);
    System.out.printf(
        "%s-cpu-us\t%.2f\t%.2f\tthis thread's CPU per probe, same probes%n",
        row, earlyCpu / 1e3 / tenth, lateCpu / 1e3 / tenth);
    System.out.printf(
        "%s-gc-ms\t%d\t%d\tms of GC pauses during those probes, all collectors%n",
        row, earlyGc, lateGc);
    System.out.printf(
        "%s-log-events\t%d\tevents the session's log holds after its %d probes%n",
        row, session.simulation().log().size(), probes);
    return sink;
  }
}
