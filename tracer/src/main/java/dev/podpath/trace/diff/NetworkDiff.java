package dev.podpath.trace.diff;

import dev.podpath.trace.Trace;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.TraceRequest;
import dev.podpath.trace.matrix.Cell;
import dev.podpath.trace.matrix.Matrix;
import dev.podpath.trace.matrix.MatrixEndpoint;
import dev.podpath.trace.matrix.MatrixRequest;
import dev.podpath.trace.matrix.ReachabilityMatrix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares two networks over the public API: the same matrix of each ({@link ReachabilityMatrix}),
 * its pairs matched by the names {@code trace} takes (a namespace, an address, a pod or Service as
 * {@code namespace/name}), and for each pair whose verdict changed, both traces compared decision
 * by decision ({@link Decisions}: typed steps, origins aside) to the first that differs.
 *
 * <p>The two networks are any two {@link Network}s: two scenarios, two snapshots, one of each, or
 * one network and the same with changes applied on top of it.
 *
 * <pre>{@code
 * Diff d = NetworkDiff.of(
 *     Podpath.load(Path.of("samples/snapshots/kube-proxy-before")),
 *     Podpath.load(Path.of("samples/snapshots/kube-proxy-after")),
 *     MatrixRequest.ping());
 * }</pre>
 */
public final class NetworkDiff {

  private NetworkDiff() {}

  /**
   * {@return the pairs of the request's matrix whose reachability differs between the networks}
   *
   * @throws dev.podpath.trace.api.InputException for a selector that selects nothing in either
   */
  public static Diff of(Network before, Network after, MatrixRequest request) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(request, "request");
    Matrix mb = ReachabilityMatrix.of(before, request);
    Matrix ma = ReachabilityMatrix.of(after, request);
    Map<Pair, Cell> cellsAfter = byPair(ma);
    Map<Pair, Cell> cellsBefore = byPair(mb);
    List<PairChange> changed = new ArrayList<>();
    List<String> onlyBefore = new ArrayList<>();
    int unchanged = 0;
    for (Map.Entry<Pair, Cell> e : cellsBefore.entrySet()) {
      Cell a = cellsAfter.get(e.getKey());
      Cell b = e.getValue();
      if (a == null) {
        onlyBefore.add(e.getKey().text());
      } else if (a.verdict() == b.verdict()) {
        unchanged++;
      } else {
        changed.add(change(before, after, request, e.getKey(), b, a));
      }
    }
    List<String> onlyAfter =
        cellsAfter.keySet().stream()
            .filter(p -> !cellsBefore.containsKey(p))
            .map(Pair::text)
            .toList();
    boolean services =
        java.util.stream.Stream.concat(mb.columns().stream(), ma.columns().stream())
            .anyMatch(c -> c.kind() == MatrixEndpoint.Kind.SERVICE);
    return new Diff(
        before.name(), after.name(), request, changed, unchanged, onlyBefore, onlyAfter, services);
  }

  /** {@return where the two traces of a pair part, or empty when every decision is alike} */
  public static Optional<FirstDifference> firstDifference(Trace before, Trace after) {
    List<Decision> b = Decisions.of(before);
    List<Decision> a = Decisions.of(after);
    int n = Math.min(b.size(), a.size());
    for (int i = 0; i < n; i++) {
      if (!b.get(i).sameAs(a.get(i))) {
        return Optional.of(new FirstDifference(i, Optional.of(b.get(i)), Optional.of(a.get(i))));
      }
    }
    if (b.size() == a.size()) {
      return Optional.empty();
    }
    return Optional.of(
        new FirstDifference(
            n,
            b.size() > n ? Optional.of(b.get(n)) : Optional.empty(),
            a.size() > n ? Optional.of(a.get(n)) : Optional.empty()));
  }

  private static PairChange change(
      Network before, Network after, MatrixRequest request, Pair pair, Cell b, Cell a) {
    Trace tb = before.trace(traceRequest(pair, request)).trace();
    Trace ta = after.trace(traceRequest(pair, request)).trace();
    return new PairChange(pair.from(), pair.to(), b, a, firstDifference(tb, ta));
  }

  private static TraceRequest traceRequest(Pair pair, MatrixRequest r) {
    TraceRequest.Builder b = TraceRequest.builder(pair.from(), pair.to());
    r.protocol().ifPresent(b::protocol);
    if (r.dport().isPresent()) {
      b.dport(r.dport().getAsInt());
    }
    return b.build();
  }

  private static Map<Pair, Cell> byPair(Matrix m) {
    Map<Pair, Cell> out = new LinkedHashMap<>();
    for (Cell c : m.cells()) {
      out.putIfAbsent(new Pair(c.from().label(), c.to().label()), c);
    }
    return out;
  }

  /** A pair as both matrices name it. */
  private record Pair(String from, String to) {
    String text() {
      return from + " -> " + to;
    }
  }
}
