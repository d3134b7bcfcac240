package dev.podpath.trace.matrix;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.Disposition;
import dev.podpath.trace.Hop;
import dev.podpath.trace.PacketTrace;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.api.Destination;
import dev.podpath.trace.api.InputException;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Source;
import dev.podpath.trace.api.TracePlan;
import dev.podpath.trace.api.TraceRequest;
import dev.podpath.trace.diagnosis.Diagnosis;
import dev.podpath.trace.matrix.MatrixEndpoint.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Computes a {@link Matrix} over the public API: each pair is planned as {@code podpath trace
 * --from ROW --to COLUMN} would plan it, identical probes are traced once, and the distinct ones
 * are traced on every core (a {@link Network} is immutable and its traces independent).
 *
 * <pre>{@code
 * Matrix m = ReachabilityMatrix.of(Podpath.load(Path.of("samples/blackhole.sh")), MatrixRequest.ping());
 * }</pre>
 */
public final class ReachabilityMatrix {

  private ReachabilityMatrix() {}

  /**
   * {@return the matrix the request asks of the network}
   *
   * @throws InputException for a selector that matches nothing and names nothing the network knows
   */
  public static Matrix of(Network network, MatrixRequest request) {
    return of(network, request, Runtime.getRuntime().availableProcessors());
  }

  /** As {@link #of(Network, MatrixRequest)}, on {@code threads} threads. */
  public static Matrix of(Network network, MatrixRequest request, int threads) {
    return of(network, request, threads, Counter.NONE);
  }

  /**
   * What a caller is told while the matrix is traced (a progress line): how many distinct probes
   * there are, then each one traced, from any of the threads.
   */
  public interface Counter {
    Counter NONE =
        new Counter() {
          @Override
          public void probes(int total) {}

          @Override
          public void traced() {}
        };

    void probes(int total);

    void traced();
  }

  /** As {@link #of(Network, MatrixRequest)}, telling {@code counter} how far it is. */
  public static Matrix of(Network network, MatrixRequest request, Counter counter) {
    return of(network, request, Runtime.getRuntime().availableProcessors(), counter);
  }

  /** As {@link #of(Network, MatrixRequest, Counter)}, on {@code threads} threads. */
  public static Matrix of(Network network, MatrixRequest request, int threads, Counter counter) {
    Objects.requireNonNull(counter, "counter");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(request, "request");
    Candidates all = Candidates.of(network);
    List<MatrixEndpoint> rows =
        request.sources().isEmpty()
            ? all.rows()
            : select(network, all.rows(), request.sources(), InputException.Input.FROM);
    List<MatrixEndpoint> columns =
        request.destinations().isEmpty()
            ? all.columns()
            : select(network, all.columns(), request.destinations(), InputException.Input.TO);
    List<Matrix.Skipped> skipped = new ArrayList<>();
    all.skipped().stream().filter(s -> request.sources().isEmpty()).forEach(skipped::add);
    Map<Probe, List<Pair>> byProbe = new LinkedHashMap<>();
    List<Pair> pairs = new ArrayList<>();
    List<Cell> cells = new ArrayList<>();
    FastPath fast = FastPath.of(network, request, rows, columns, threads);
    for (int i = 0; i < rows.size(); i++) {
      MatrixEndpoint from = rows.get(i);
      for (int j = 0; j < columns.size(); j++) {
        MatrixEndpoint to = columns.get(j);
        if (from.netns().isPresent() && from.netns().equals(to.netns())) {
          continue;
        }
        if (fast.proved(i, j)) {
          cells.add(Cell.proved(from, to));
          continue;
        }
        try {
          TracePlan plan = network.plan(request(from, to, request));
          Pair p = new Pair(from, to, plan, cells.size());
          cells.add(null);
          pairs.add(p);
          byProbe.computeIfAbsent(plan.probe(), k -> new ArrayList<>()).add(p);
        } catch (InputException e) {
          skipped.add(new Matrix.Skipped(from.label() + " -> " + to.label(), e.getMessage()));
        }
      }
    }
    // the diagnoser runs lint over the whole network: only when a cell is traced in full
    Function<Trace, Optional<Diagnosis>> diagnoser =
        byProbe.isEmpty() ? t -> Optional.empty() : network.diagnoser();
    counter.probes(byProbe.size());
    Map<Probe, Outcome> outcomes = traceAll(network, byProbe, diagnoser, threads, counter);
    for (Pair p : pairs) {
      Outcome o = outcomes.get(p.plan().probe());
      cells.set(p.index(), new Cell(p.from(), p.to(), o.verdict(), o.reason(), o.where(), o.fix()));
    }
    return new Matrix(
        network.name(),
        request,
        rows,
        columns,
        cells,
        skipped,
        byProbe.size(),
        fast.count(),
        fast.undecided());
  }

  /** A pair of the matrix traced in full, its plan, and the index of its cell. */
  private record Pair(MatrixEndpoint from, MatrixEndpoint to, TracePlan plan, int index) {}

  /** What a probe's trace says, as a cell holds it. */
  private record Outcome(
      Verdict verdict,
      Optional<dev.podpath.sim.outcome.DropReason> reason,
      Optional<DropSite> where,
      Optional<dev.podpath.model.finding.Fix> fix) {}

  private static Map<Probe, Outcome> traceAll(
      Network network,
      Map<Probe, List<Pair>> byProbe,
      Function<Trace, Optional<Diagnosis>> diagnoser,
      int threads,
      Counter counter) {
    List<TracePlan> plans = byProbe.values().stream().map(l -> l.get(0).plan()).toList();
    ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
    try {
      List<Outcome> done =
          pool.submit(
                  () ->
                      plans.parallelStream()
                          .map(
                              p -> {
                                Outcome o = outcome(network.trace(p).trace(), diagnoser);
                                counter.traced();
                                return o;
                              })
                          .toList())
              .get();
      Map<Probe, Outcome> out = new LinkedHashMap<>();
      for (int i = 0; i < plans.size(); i++) {
        out.put(plans.get(i).probe(), done.get(i));
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while tracing the matrix", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  /** The verdict of a trace, as {@code podpath trace} says it in its result line. */
  public static Verdict verdict(Trace t) {
    boolean unknown = unknown(t.request()) || t.response().filter(r -> unknown(r)).isPresent();
    if (unknown) {
      return Verdict.UNKNOWN;
    }
    return t.succeeded() ? Verdict.REACHABLE : Verdict.NOT_REACHABLE;
  }

  private static boolean unknown(PacketTrace p) {
    return p.disposition() == Disposition.EXITED_MODEL
        || p.disposition() == Disposition.NOT_MODELLED;
  }

  private static Outcome outcome(Trace t, Function<Trace, Optional<Diagnosis>> diagnoser) {
    Verdict v = verdict(t);
    if (v == Verdict.REACHABLE) {
      return new Outcome(v, Optional.empty(), Optional.empty(), Optional.empty());
    }
    Optional<PacketTrace> failed =
        Stream.concat(Stream.of(t.request()), t.response().stream())
            .filter(p -> p.disposition() != Disposition.DELIVERED)
            .findFirst();
    Optional<DropSite> where = failed.flatMap(p -> site(p, t.probe().from()));
    return new Outcome(
        v,
        failed.flatMap(PacketTrace::reason),
        where,
        diagnoser.apply(t).flatMap(d -> d.fixes().stream().findFirst()));
  }

  private static Optional<DropSite> site(PacketTrace p, NetnsName sender) {
    if (p.hops().isEmpty()) {
      return Optional.of(new DropSite(p.endedIn().orElse(sender), Optional.empty()));
    }
    Hop last = p.hops().get(p.hops().size() - 1);
    return Optional.of(new DropSite(last.netns(), last.in()));
  }

  private static TraceRequest request(MatrixEndpoint from, MatrixEndpoint to, MatrixRequest r) {
    TraceRequest.Builder b = TraceRequest.builder(from.label(), to.label());
    r.protocol().ifPresent(b::protocol);
    if (r.dport().isPresent()) {
      b.dport(r.dport().getAsInt());
    }
    return b.build();
  }

  /** The endpoints the selectors pick, in the order given; a name not among them is resolved. */
  private static List<MatrixEndpoint> select(
      Network network,
      List<MatrixEndpoint> universe,
      List<String> selectors,
      InputException.Input which) {
    Set<MatrixEndpoint> out = new LinkedHashSet<>();
    String option = which == InputException.Input.FROM ? "--sources" : "--destinations";
    for (String text : selectors) {
      Selector s = Selector.parse(text);
      List<MatrixEndpoint> hits = universe.stream().filter(s::matches).toList();
      if (!hits.isEmpty()) {
        out.addAll(hits);
      } else if (s instanceof Selector.Name n) {
        try {
          out.add(resolve(network, n.text(), which));
        } catch (InputException e) {
          String asked = (which == InputException.Input.FROM ? "--from " : "--to ") + text + ": ";
          String why =
              e.getMessage().startsWith(asked)
                  ? e.getMessage().substring(asked.length())
                  : e.getMessage();
          throw new InputException(
              which, e.problem(), text, option + " " + text + ": " + why, e.candidates());
        }
      } else {
        List<String> nodes =
            universe.stream().flatMap(e -> e.node().stream()).distinct().sorted().toList();
        throw new InputException(
            which,
            InputException.Problem.UNKNOWN,
            text,
            option
                + " "
                + text
                + ": selects nothing"
                + (s instanceof Selector.OnNode
                    ? nodes.isEmpty() ? " (no nodes are known)" : "; nodes are: " + nodes
                    : " (no "
                        + (which == InputException.Input.FROM ? "source" : "destination")
                        + " has an address in it)"),
            nodes);
      }
    }
    return List.copyOf(out);
  }

  /** A name no default endpoint has, as {@code trace --from}/{@code --to} resolves it. */
  private static MatrixEndpoint resolve(Network network, String name, InputException.Input which) {
    if (which == InputException.Input.FROM) {
      Source src = network.source(name);
      Kind kind = src.address().isPresent() ? Kind.ADDRESS : Kind.NAMESPACE;
      return new MatrixEndpoint(
          name, kind, src.address(), Optional.of(src.netns()), Optional.empty());
    }
    Destination dst = network.destination(name);
    Ipv4Address a = dst.address();
    Kind kind = dst.service().isPresent() ? Kind.SERVICE : Kind.ADDRESS;
    return new MatrixEndpoint(
        name,
        kind,
        Optional.of(a),
        kind == Kind.SERVICE ? Optional.empty() : Candidates.owner(Candidates.owners(network), a),
        Optional.empty());
  }
}
