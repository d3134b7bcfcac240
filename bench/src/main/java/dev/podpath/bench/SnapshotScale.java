package dev.podpath.bench;

import dev.podpath.model.snapshot.LoadWork;
import dev.podpath.model.snapshot.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code Snapshot.load} of a generated K-node flannel host-gw snapshot ({@link HostGwSnapshot}),
 * stage by stage, at each size given: wall time and the assembly's lookups per stage, the heap
 * after a GC, and at the end how each stage grows from the smallest size to the largest (a linear
 * stage grows like the routes, K², since each node has K + 2). One row per size for {@code
 * bench/run-scale.sh}: {@code ROW<TAB>snapshot-K<TAB>load seconds<TAB>60 s target<TAB>ratio}.
 *
 * <pre>
 *   java -Xmx8g -cp bench/target/benchmarks.jar dev.podpath.bench.SnapshotScale 500 1000 2000
 * </pre>
 */
final class SnapshotScale {

  private SnapshotScale() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (String a : args) {
      sizes.add(Integer.parseInt(a));
    }
    if (sizes.isEmpty()) {
      sizes = List.of(500, 1000, 2000);
    }
    Path tmp = Files.createTempDirectory("podpath-snapshot-scale");
    List<LoadWork> works = new ArrayList<>();
    try {
      for (int k : sizes) {
        Path dir = tmp.resolve("host-gw-" + k);
        long t0 = System.nanoTime();
        HostGwSnapshot.write(k, dir);
        long written = System.nanoTime() - t0;
        System.gc();
        LoadWork work = LoadWork.recording();
        long t1 = System.nanoTime();
        Snapshot s = Snapshot.load(dir, Snapshot.Options.DEFAULTS, work);
        long load = System.nanoTime() - t1;
        works.add(work);
        long heap = heapAfterGc();
        int namespaces = s.topology().namespaces().size();
        long routes = (long) k * (k + 2);
        System.out.printf(
            Locale.ROOT,
            "%d nodes (%d namespaces, %,d dumped routes): written in %.1f s, loaded in %.2f s,"
                + " %,d lookups, heap after GC %.0f MiB (%.0f B per route)%n",
            k,
            namespaces,
            routes,
            written / 1e9,
            load / 1e9,
            work.lookups(),
            heap / 1048576.0,
            (double) heap / routes);
        for (LoadWork.Stage st : work.stages()) {
          System.out.printf(
              Locale.ROOT,
              "  %-24s %9.1f ms %,14d lookups%n",
              st.name(),
              st.nanos() / 1e6,
              st.lookups());
        }
        System.out.printf(
            Locale.ROOT,
            "ROW\tsnapshot load, %d nodes (s)\t%.2f\t60\t%.3f%n",
            k,
            load / 1e9,
            load / 1e9 / 60);
        HostGwSnapshot.delete(dir);
        s = null;
      }
      if (works.size() > 1) {
        int first = sizes.get(0);
        int last = sizes.get(sizes.size() - 1);
        double routeGrowth = (double) last * (last + 2) / ((double) first * (first + 2));
        System.out.printf(
            Locale.ROOT,
            "growth %d -> %d nodes (routes grow %.1fx): time and lookups per stage%n",
            first,
            last,
            routeGrowth);
        List<LoadWork.Stage> a = works.get(0).stages();
        List<LoadWork.Stage> b = works.get(works.size() - 1).stages();
        for (int i = 0; i < a.size(); i++) {
          System.out.printf(
              Locale.ROOT,
              "  %-24s time %6.1fx  lookups %6.1fx%n",
              a.get(i).name(),
              (double) b.get(i).nanos() / Math.max(1, a.get(i).nanos()),
              (double) b.get(i).lookups() / Math.max(1, a.get(i).lookups()));
        }
      }
    } finally {
      HostGwSnapshot.delete(tmp);
    }
  }

  private static long heapAfterGc() {
    Runtime r = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return r.totalMemory() - r.freeMemory();
  }
}
