package dev.podpath.bench;

import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.matrix.Matrix;
import dev.podpath.trace.matrix.MatrixRequest;
import dev.podpath.trace.matrix.ReachabilityMatrix;
import dev.podpath.trace.matrix.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * Issue 13's matrix row: the node-to-node ping matrix of a K-node flannel host-gw cluster ({@link
 * HostGwScript}: K - 1 host-gw routes per node, every node on one bridged segment), computed with
 * the fast path ({@code podpath matrix}'s default) and, for the smallest K, with {@code --exact} on
 * a sample of rows, to show the cost of a full simulation per cell. Prints, per K, the cells, the
 * cells proved without a simulation, the traces run, the wall time and the microseconds per cell;
 * then the time per cell extrapolated to 5,000 nodes (K² cells), one line per row:
 *
 * <pre>
 * ROW&lt;TAB&gt;what (unit)&lt;TAB&gt;podpath&lt;TAB&gt;reference (the target)&lt;TAB&gt;ratio
 * java -Xmx12g -cp bench/target/benchmarks.jar dev.podpath.bench.MatrixScale 300 1000 [5000]
 * </pre>
 *
 * The model of each K is built by interpreting the generated script (K² lines), which is not part
 * of the matrix's time and is printed apart.
 */
public final class MatrixScale {

  private MatrixScale() {}

  private static final com.sun.management.OperatingSystemMXBean CPU =
      (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  /** Node-to-node: the nodes' namespaces, by name, to their addresses on 172.16.0.0/12. */
  private static MatrixRequest nodes(int k) {
    return new MatrixRequest(
        IntStream.range(0, k).mapToObj(ClusterShape::nodeName).toList(),
        List.of(ClusterShape.NODE_NETWORK.toString()),
        Optional.empty(),
        OptionalInt.empty());
  }

  public static void main(String[] args) {
    int threads = Runtime.getRuntime().availableProcessors();
    double lastPerCell = Double.NaN;
    for (String a : args.length == 0 ? new String[] {"300", "1000"} : args) {
      int k = Integer.parseInt(a);
      long t0 = System.nanoTime();
      Network net = Podpath.loadScenario(Path.of("host-gw-" + k + ".sh"), HostGwScript.generate(k));
      double load = (System.nanoTime() - t0) / 1e9;
      ReachabilityMatrix.of(net, nodes(k), threads); // warm-up: JIT and the segment's index
      long cpu0 = CPU.getProcessCpuTime();
      long t1 = System.nanoTime();
      Matrix m = ReachabilityMatrix.of(net, nodes(k), threads);
      double secs = (System.nanoTime() - t1) / 1e9;
      double cpuSecs = (CPU.getProcessCpuTime() - cpu0) / 1e9;
      long cells = m.cells().size();
      if (m.count(Verdict.REACHABLE) != cells) {
        throw new IllegalStateException(k + " nodes: not every node reaches every node");
      }
      double perCell = secs * 1e6 / cells;
      double cpuPerCell = cpuSecs * 1e6 / cells;
      lastPerCell = cpuPerCell / threads;
      System.err.printf(
          "%d nodes: model %.1f s (not counted); matrix %,d cells, %,d proved by the fast path,"
              + " %,d traced in full, %.2f s wall on %d threads (%.2f us per cell),"
              + " %.2f s of CPU (%.2f us per cell, GC included)%n",
          k, load, cells, m.proved(), m.traces(), secs, threads, perCell, cpuSecs, cpuPerCell);
      System.out.printf(
          "ROW\tnode-to-node matrix, %d host-gw nodes, CPU per cell (us)\t%.2f\t-\t-%n",
          k, cpuPerCell);
      System.out.printf(
          "ROW\tnode-to-node matrix, %d host-gw nodes (s)\t%.2f\t%s\t%s%n",
          k, secs, k == 5000 ? "60" : "-", k == 5000 ? String.format("%.2f", secs / 60) : "-");
      if (k <= 300) {
        exactSample(net, threads);
      }
    }
    // the CPU per cell of the largest K, spread over the cores: what a quiet machine's wall is
    double at5000 = lastPerCell * 5000.0 * 4999 / 1e6;
    System.out.printf(
        "ROW\tnode-to-node matrix, 5000 nodes: largest K's CPU per cell x 5000*4999 / %d cores"
            + " (s)\t%.1f\t60\t%.2f%n",
        threads, at5000, at5000 / 60);
  }

  /** The same rows, ten of them, every cell traced in full: what the fast path saves per cell. */
  private static void exactSample(Network net, int threads) {
    MatrixRequest ten =
        new MatrixRequest(
            IntStream.range(0, 5).mapToObj(ClusterShape::nodeName).toList(),
            List.of(ClusterShape.NODE_NETWORK.toString()),
            Optional.empty(),
            OptionalInt.empty(),
            true);
    ReachabilityMatrix.of(net, ten, threads);
    long t = System.nanoTime();
    Matrix m = ReachabilityMatrix.of(net, ten, threads);
    double us = (System.nanoTime() - t) / 1e3 / m.cells().size();
    System.err.printf(
        "  --exact on 5 rows: %,d cells, %,d traces, %.1f us per cell%n",
        m.cells().size(), m.traces(), us);
    System.out.printf("ROW\tone cell traced in full, --exact (us)\t%.1f\t-\t-%n", us);
  }
}
