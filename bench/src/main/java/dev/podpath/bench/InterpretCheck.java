package dev.podpath.bench;

import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.script.ScriptException;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Tracer;
import java.util.Locale;

/**
 * One cold run of the whole pipeline for a host-gw cluster too large for a JMH loop: generate the
 * script ({@link HostGwScript}), interpret it, keep the {@link Scenario} (the script text is
 * dropped), force GC and print heap used, then trace the {@link TraceBench} ping once cold and 20
 * more times. Not a JMH benchmark: single-shot timings, JIT included.
 *
 * <pre>
 * java -Xmx16g -cp bench/target/benchmarks.jar dev.podpath.bench.InterpretCheck [nodes]
 * </pre>
 */
public final class InterpretCheck {

  private InterpretCheck() {}

  public static void main(String[] args) throws ScriptException {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT,
        "InterpretCheck: host-gw cluster of %d nodes, %d pods; max heap %,d MiB%n",
        nodes,
        2 * nodes,
        rt.maxMemory() >> 20);
    long t0 = System.nanoTime();
    String script = HostGwScript.generate(nodes);
    long t1 = System.nanoTime();
    long lines = script.chars().filter(c -> c == '\n').count();
    System.out.printf(
        Locale.ROOT,
        "script: %,d lines, %,d chars, generated in %.1f s%n",
        lines,
        script.length(),
        (t1 - t0) / 1e9);
    long t2 = System.nanoTime();
    Scenario scenario =
        ScenarioInterpreter.interpret("host-gw-" + nodes + ".sh", script, Sysctls.kernelDefaults());
    long t3 = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "interpreted in %.1f s (%.1f us/line)%n",
        (t3 - t2) / 1e9,
        (t3 - t2) / 1e3 / lines);
    script = null;
    long routes =
        scenario.topology().netnsList().stream()
            .mapToLong(n -> n.routing().allRoutes().size())
            .sum();
    long used = usedAfterGc();
    System.out.printf(
        Locale.ROOT,
        "topology: %,d namespaces, %,d routes (all tables); heap used %,d MiB = %.0f bytes/route%n",
        scenario.topology().namespaces().size(),
        routes,
        used >> 20,
        (double) used / routes);
    Probe probe =
        Probe.icmp(NetnsName.of(HostGwScript.podName(0, 0)), ClusterShape.podAddress(nodes - 1, 3));
    long t4 = System.nanoTime();
    Trace trace = Tracer.trace(scenario.topology(), probe);
    long t5 = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "first trace (cold): %.1f ms, succeeded: %s%n",
        (t5 - t4) / 1e6,
        trace.succeeded());
    int n = 20;
    long t6 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      trace = Tracer.trace(scenario.topology(), probe);
    }
    long t7 = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "next %d traces: %.2f ms each, succeeded: %s%n",
        n,
        (t7 - t6) / 1e6 / n,
        trace.succeeded());
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
