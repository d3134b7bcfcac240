package dev.podpath.trace.diff;

import dev.podpath.model.io.TextFiles;
import dev.podpath.model.io.UnreadableFileException;
import dev.podpath.model.origin.Origin;
import dev.podpath.trace.Trace;
import dev.podpath.trace.api.InputException;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.TraceRequest;
import dev.podpath.trace.matrix.Cell;
import dev.podpath.trace.matrix.Matrix;
import dev.podpath.trace.matrix.MatrixEndpoint;
import dev.podpath.trace.matrix.MatrixRequest;
import dev.podpath.trace.matrix.ReachabilityMatrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
    return compare(before, after, after.name(), request, Optional.empty());
  }

  /**
   * {@return what the changes file {@code changes} ({@code ip}, {@code iptables}, {@code sysctl}
   * lines, as {@link Network#apply(Path)} takes them) does to the reachability of {@code input}:
   * {@link #of} of {@code input} and {@code input} with the changes applied, each changed pair with
   * the command that turned it ({@link PairChange#changedBy()})}
   *
   * @throws dev.podpath.trace.api.InputException when the changes file cannot be read or a line of
   *     it fails (file:line and the tool's complaint), or for a selector that selects nothing
   */
  public static Diff ofChanges(Network input, Path changes, MatrixRequest request) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(changes, "changes");
    Objects.requireNonNull(request, "request");
    String text;
    try {
      text = TextFiles.read(changes);
    } catch (UnreadableFileException e) {
      throw new InputException(
          InputException.Input.FILE,
          InputException.Problem.UNREADABLE,
          changes.toString(),
          e.getMessage(),
          List.of());
    }
    Network after = input.apply(changes, text);
    ChangeSteps steps = ChangeSteps.of(input, changes, text);
    return compare(
        input, after, input.name() + " with " + changes + " applied", request, Optional.of(steps));
  }

  private static Diff compare(
      Network before,
      Network after,
      String afterName,
      MatrixRequest request,
      Optional<ChangeSteps> steps) {
    Matrix mb = ReachabilityMatrix.of(before, request);
    Matrix ma = ReachabilityMatrix.of(after, request);
    List<Recreated> recreated = new ArrayList<>();
    Map<String, String> renamed = Workloads.match(endpoints(mb), endpoints(ma), recreated);
    Renaming renaming = Renaming.of(recreated);
    Map<Pair, Cell> cellsAfter = byPair(ma);
    Map<Pair, Cell> cellsBefore = byPair(mb);
    Set<Pair> matched = new HashSet<>();
    List<PairChange> changed = new ArrayList<>();
    List<String> onlyBefore = new ArrayList<>();
    int unchanged = 0;
    for (Map.Entry<Pair, Cell> e : cellsBefore.entrySet()) {
      Pair p = e.getKey();
      Pair q =
          new Pair(renamed.getOrDefault(p.from(), p.from()), renamed.getOrDefault(p.to(), p.to()));
      Cell a = cellsAfter.get(q);
      Cell b = e.getValue();
      if (a == null) {
        onlyBefore.add(p.text());
        continue;
      }
      matched.add(q);
      if (a.verdict() == b.verdict()) {
        unchanged++;
      } else {
        changed.add(change(before, after, request, p, q, b, a, steps, renaming));
      }
    }
    List<String> onlyAfter =
        cellsAfter.keySet().stream().filter(p -> !matched.contains(p)).map(Pair::text).toList();
    boolean services =
        java.util.stream.Stream.concat(mb.columns().stream(), ma.columns().stream())
            .anyMatch(c -> c.kind() == MatrixEndpoint.Kind.SERVICE);
    return new Diff(
        before.name(),
        afterName,
        request,
        changed,
        unchanged,
        onlyBefore,
        onlyAfter,
        services,
        steps.map(ChangeSteps::changes),
        recreated);
  }

  private static List<MatrixEndpoint> endpoints(Matrix m) {
    List<MatrixEndpoint> out = new ArrayList<>(m.rows());
    out.addAll(m.columns());
    return out;
  }

  /** {@return where the two traces of a pair part, or empty when every decision is alike} */
  public static Optional<FirstDifference> firstDifference(Trace before, Trace after) {
    return firstDifference(before, after, Renaming.NONE);
  }

  /** As {@link #firstDifference(Trace, Trace)}, BEFORE's recreated pods named as in AFTER. */
  static Optional<FirstDifference> firstDifference(Trace before, Trace after, Renaming renaming) {
    List<Decision> b = Decisions.of(before);
    List<Decision> a = Decisions.of(after);
    int n = Math.min(b.size(), a.size());
    for (int i = 0; i < n; i++) {
      Decision x = b.get(i);
      Decision y = a.get(i);
      if (x.leg() != y.leg() || !renaming.apply(x.key()).equals(y.key())) {
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
      Network before,
      Network after,
      MatrixRequest request,
      Pair pair,
      Pair pairAfter,
      Cell b,
      Cell a,
      Optional<ChangeSteps> steps,
      Renaming renaming) {
    Trace tb = before.trace(traceRequest(pair, request)).trace();
    TraceRequest asked = traceRequest(pairAfter, request);
    Trace ta = after.trace(asked).trace();
    Optional<Origin> by = steps.flatMap(s -> s.turnedBy(asked, a.verdict()));
    return new PairChange(
        pair.from(),
        pair.to(),
        pairAfter.from(),
        pairAfter.to(),
        b,
        a,
        firstDifference(tb, ta, renaming),
        by);
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
