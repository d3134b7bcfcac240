package dev.podpath.bench;

import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.matrix.Matrix;
import dev.podpath.trace.matrix.MatrixRequest;
import dev.podpath.trace.matrix.ReachabilityMatrix;
import dev.podpath.trace.matrix.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Issue 13's second matrix row: the pod-to-pod ping matrix of {@link KubeProxyCluster} (K nodes of
 * P pods, S Services with three endpoints each; kube-proxy's and flannel's rules on every node,
 * br_netfilter on), rows and columns the pods: every cell crosses the rules of its nodes' hooks
 * (bridged and routed). Prints the rules per node, the cells, the cells proved by the fast path
 * (through the rules), the wall and CPU time, one {@code ROW} line per figure:
 *
 * <pre>
 * java -Xmx12g -cp bench/target/benchmarks.jar dev.podpath.bench.KubeProxyMatrix 100 10 100
 * </pre>
 *
 * The model is built by interpreting the generated script (timed apart, not counted).
 */
public final class KubeProxyMatrix {

  private KubeProxyMatrix() {}

  private static final com.sun.management.OperatingSystemMXBean CPU =
      (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  public static void main(String[] args) throws IOException {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int pods = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int services = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    int threads = Runtime.getRuntime().availableProcessors();
    Path dir = Files.createTempDirectory("podpath-kube-proxy-matrix");
    Path rules = dir.resolve("kube-proxy.rules");
    Path script = dir.resolve("cluster.sh");
    String text = KubeProxyCluster.rules(nodes, pods, services);
    Files.writeString(rules, text);
    Files.writeString(script, KubeProxyCluster.script(nodes, pods, rules.toString()));
    long ruleCount = text.lines().filter(l -> l.startsWith("-A ")).count();
    long t0 = System.nanoTime();
    Network net = Podpath.load(script);
    double load = (System.nanoTime() - t0) / 1e9;
    List<String> all = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      for (int p = 0; p < pods; p++) {
        all.add(KubeProxyCluster.pod(i, p));
      }
    }
    MatrixRequest request = new MatrixRequest(all, all, Optional.empty(), OptionalInt.empty());
    ReachabilityMatrix.of(net, request, threads); // warm-up: JIT, segments and their ways
    long cpu0 = CPU.getProcessCpuTime();
    long t1 = System.nanoTime();
    Matrix m = ReachabilityMatrix.of(net, request, threads);
    double secs = (System.nanoTime() - t1) / 1e9;
    double cpuSecs = (CPU.getProcessCpuTime() - cpu0) / 1e9;
    long cells = m.cells().size();
    if (m.count(Verdict.REACHABLE) != cells) {
      throw new IllegalStateException("not every pod reaches every pod");
    }
    System.err.printf(
        "%d nodes x %d pods, %d Services (%,d rules a node): model %.1f s (not counted); matrix"
            + " %,d cells, %,d proved by the fast path, %,d undecided, %,d traced in full, %.2f s"
            + " wall on %d"
            + " threads, %.2f s of CPU (%.2f us per cell, GC included)%n",
        nodes,
        pods,
        services,
        ruleCount,
        load,
        cells,
        m.proved(),
        m.undecided(),
        m.traces(),
        secs,
        threads,
        cpuSecs,
        cpuSecs * 1e6 / cells);
    System.out.printf(
        "ROW\tpod-to-pod matrix, %d pods on %d nodes, %d Services, CPU per cell (us)\t%.2f\t-\t-%n",
        nodes * pods, nodes, services, cpuSecs * 1e6 / cells);
    double quiet = cpuSecs / threads;
    System.out.printf(
        "ROW\tpod-to-pod matrix, %d pods on %d nodes with kube-proxy Services: CPU / %d cores"
            + " (s)\t%.2f\t30\t%.2f%n",
        nodes * pods, nodes, threads, quiet, quiet / 30);
    System.out.printf(
        "ROW\tpod-to-pod matrix, %d pods on %d nodes with kube-proxy Services, wall (s)\t%.2f\t30"
            + "\t%.2f%n",
        nodes * pods, nodes, secs, secs / 30);
  }
}
