package dev.podpath.bench;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteTable;
import dev.podpath.model.route.TableIds;
import java.util.List;
import java.util.Random;
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
 * Longest-prefix match and build time of one namespace's main table in a host-gw cluster of {@code
 * routes} nodes (see {@link ClusterShape}): default via a gateway, two connected routes, and one
 * /24 via each other node.
 *
 * <ul>
 *   <li>{@code lookupHit}: a random address inside a random node's pod /24; the answer is that /24
 *       then the default route.
 *   <li>{@code lookupMiss}: a random address in 192.168.0.0/16, covered by no specific route; the
 *       answer is the default route alone.
 *   <li>{@code build}: {@link RouteTable#of} over the prepared route list (the trie only; the
 *       {@link Route} objects exist already).
 * </ul>
 *
 * Addresses come from a {@code Random} seeded with 42, 4,096 of each, drawn before measuring.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1) // build(100000) is ~6x slower for ~5 s while the heap grows
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouteTableBench {

  private static final int SAMPLES = 4096;

  @Param({"100", "5000", "100000"})
  public int routes;

  private List<Route> routeList;
  private RouteTable table;
  private Ipv4Address[] hits;
  private Ipv4Address[] misses;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    routeList = ClusterShape.hostGwMainTable(0, routes, "cluster.sh");
    table = RouteTable.of(TableIds.MAIN, routeList);
    Random random = new Random(42);
    hits = new Ipv4Address[SAMPLES];
    misses = new Ipv4Address[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      hits[i] = ClusterShape.podAddress(random.nextInt(routes), 1 + random.nextInt(254));
      misses[i] = Ipv4Address.of(192, 168, random.nextInt(256), random.nextInt(256));
    }
    // the shape is what the javadoc says, or the numbers mean nothing
    for (int i = 0; i < SAMPLES; i++) {
      List<Route> h = table.matches(hits[i]);
      if (h.size() != 2
          || h.get(0).destination().length() != 24
          || !h.get(1).destination().isDefault()) {
        throw new IllegalStateException("unexpected hit answer for " + hits[i] + ": " + h);
      }
      List<Route> m = table.matches(misses[i]);
      if (m.size() != 1 || !m.get(0).destination().isDefault()) {
        throw new IllegalStateException("unexpected miss answer for " + misses[i] + ": " + m);
      }
    }
  }

  @Benchmark
  public List<Route> lookupHit() {
    return table.matches(hits[next++ & (SAMPLES - 1)]);
  }

  @Benchmark
  public List<Route> lookupMiss() {
    return table.matches(misses[next++ & (SAMPLES - 1)]);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public RouteTable build() {
    return RouteTable.of(TableIds.MAIN, routeList);
  }
}
