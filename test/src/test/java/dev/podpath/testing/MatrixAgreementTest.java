package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.finding.Fix;
import dev.podpath.trace.api.LoadOptions;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.api.TraceRequest;
import dev.podpath.trace.api.TraceResult;
import dev.podpath.trace.diagnosis.Diagnosis;
import dev.podpath.trace.matrix.Cell;
import dev.podpath.trace.matrix.Matrix;
import dev.podpath.trace.matrix.MatrixRequest;
import dev.podpath.trace.matrix.ReachabilityMatrix;
import dev.podpath.trace.render.JsonRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample's and committed snapshot's matrix agrees with {@code podpath trace}: seeded random
 * cells, each traced in full on its own, the result ({@code -o json}'s {@code result}), the reason
 * (the diagnosis's code) and the first fix identical.
 */
final class MatrixAgreementTest {

  /** Cells drawn per network. */
  private static final int DRAWN = 40;

  static Stream<Path> networks() {
    try (Stream<Path> snaps = Files.list(Samples.dir().resolve("snapshots"))) {
      List<Path> dirs = snaps.filter(Files::isDirectory).sorted().toList();
      return Stream.concat(Samples.all(), dirs.stream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("networks")
  void randomCells_equalTheFullTrace(Path input) {
    Network net =
        Podpath.load(input, LoadOptions.DEFAULTS.withAssumeCniPods(Files.isDirectory(input)));
    Matrix m = ReachabilityMatrix.of(net, MatrixRequest.ping());
    List<Cell> cells = new ArrayList<>(m.cells());
    Collections.shuffle(cells, new Random(input.getFileName().toString().hashCode()));
    List<Cell> drawn = cells.subList(0, Math.min(DRAWN, cells.size()));

    for (Cell c : drawn) {
      TraceResult full = net.trace(TraceRequest.builder(c.from().label(), c.to().label()).build());
      String result =
          JsonRenderer.tree(full.trace(), net.name(), full.annotations()).get("result").asText();
      Optional<Diagnosis> why = net.diagnose(full.trace());
      String pair = input.getFileName() + ": " + c.from().label() + " -> " + c.to().label();
      assertThat(c.verdict().name()).as(pair).isEqualTo(result);
      assertThat(c.code()).as(pair).isEqualTo(why.map(d -> d.reason().code()));
      assertThat(c.fix().map(Fix::change))
          .as(pair)
          .isEqualTo(why.flatMap(d -> d.fixes().stream().findFirst()).map(Fix::change));
    }
  }
}
