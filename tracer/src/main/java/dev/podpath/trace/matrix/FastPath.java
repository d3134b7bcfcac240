package dev.podpath.trace.matrix;

import dev.podpath.sim.net.EchoProof;
import dev.podpath.trace.Probe;
import dev.podpath.trace.api.Destination;
import dev.podpath.trace.api.InputException;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Source;
import dev.podpath.trace.api.TracePlan;
import dev.podpath.trace.api.TraceRequest;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The cells of a ping matrix proved reachable without a simulation ({@link EchoProof}), computed
 * before any pair is planned: each row's source and each column's destination are resolved once (a
 * Service column, or any probe but ping, is left to the full trace), then every row is walked to
 * every eligible column on every core. A cell not proved is traced in full by {@link
 * ReachabilityMatrix}; {@code --exact} proves nothing.
 */
final class FastPath {

  private static final FastPath NONE = new FastPath(new BitSet[0], 0, 0);

  private final BitSet[] proved;
  private final int count;
  private final int undecided;

  private FastPath(BitSet[] proved, int count, int undecided) {
    this.proved = proved;
    this.count = count;
    this.undecided = undecided;
  }

  /** {@return whether the cell of row {@code row} and column {@code column} is proved reachable} */
  boolean proved(int row, int column) {
    return row < proved.length && proved[row] != null && proved[row].get(column);
  }

  /** {@return how many cells are proved} */
  int count() {
    return count;
  }

  /** {@return how many cells a netfilter rule not decided by the packet left unproved} */
  int undecided() {
    return undecided;
  }

  static FastPath of(
      Network network,
      MatrixRequest request,
      List<MatrixEndpoint> rows,
      List<MatrixEndpoint> columns,
      int threads) {
    if (request.exact()
        || request.protocol().filter(p -> p != Probe.Protocol.ICMP).isPresent()
        || rows.isEmpty()
        || columns.isEmpty()) {
      return NONE;
    }
    Source[] sources = new Source[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      try {
        sources[i] = network.source(rows.get(i).label());
      } catch (InputException e) {
        sources[i] = null;
      }
    }
    Optional<Source> anySource =
        java.util.Arrays.stream(sources).filter(s -> s != null).findFirst();
    if (anySource.isEmpty()) {
      return NONE;
    }
    String someRow = rows.get(java.util.Arrays.asList(sources).indexOf(anySource.get())).label();
    Probe[] probes = new Probe[columns.size()];
    for (int j = 0; j < columns.size(); j++) {
      probes[j] = pingTo(network, someRow, columns.get(j), request).orElse(null);
    }
    EchoProof proof = new EchoProof(network.topology());
    BitSet[] proved = new BitSet[rows.size()];
    ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
    try {
      pool.submit(
              () ->
                  IntStream.range(0, rows.size())
                      .parallel()
                      .forEach(
                          i -> proved[i] = row(proof, sources[i], rows.get(i), columns, probes)))
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while proving the matrix", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdown();
    }
    int count = 0;
    for (BitSet b : proved) {
      count += b == null ? 0 : b.cardinality();
    }
    return new FastPath(proved, count, (int) proof.undecided());
  }

  private static BitSet row(
      EchoProof proof,
      Source src,
      MatrixEndpoint from,
      List<MatrixEndpoint> columns,
      Probe[] probes) {
    if (src == null) {
      return null;
    }
    BitSet out = new BitSet(columns.size());
    for (int j = 0; j < columns.size(); j++) {
      Probe p = probes[j];
      MatrixEndpoint to = columns.get(j);
      if (p == null || (from.netns().isPresent() && from.netns().equals(to.netns()))) {
        continue;
      }
      // the column's probe was planned from another row: only the sender differs
      // ping's echo id, as Tracer.localSend makes it
      int echoId = p.sport() != 0 ? p.sport() : 0x1234;
      if (proof.reachable(
          src.netns(),
          src.address(),
          p.dst(),
          p.ttl(),
          20 + 8 + p.payloadBytes(),
          echoId,
          p.dontFragment())) {
        out.set(j);
      }
    }
    return out;
  }

  /**
   * The ping a column gets, planned as {@code trace} plans it from some row; empty for a column
   * that is a Service or that the probe turns into another protocol, or that does not resolve.
   */
  private static Optional<Probe> pingTo(
      Network network, String row, MatrixEndpoint to, MatrixRequest request) {
    try {
      Destination dst = network.destination(to.label());
      if (dst.service().isPresent()) {
        return Optional.empty();
      }
      TraceRequest.Builder b = TraceRequest.builder(row, to.label());
      request.protocol().ifPresent(b::protocol);
      TracePlan plan = network.plan(b.build());
      if (plan.protocol() != Probe.Protocol.ICMP
          || plan.annotations().service().isPresent()
          || !plan.warnings().isEmpty()
          || !plan.assumptions().isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(plan.probe());
    } catch (InputException e) {
      return Optional.empty();
    }
  }
}
