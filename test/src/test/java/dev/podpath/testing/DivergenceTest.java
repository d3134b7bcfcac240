package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.trace.verify.Divergence;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What verify says about where a differing probe parts, from the two locating traceroutes. */
final class DivergenceTest {

  @Test
  void theFirstHopThatDiffers_isNamedWithBothSides() {
    Divergence.Result r =
        new Divergence.Result(
            List.of(" 1  10.1.1.1", " 2  10.1.2.2"),
            List.of(" 1  *"),
            Optional.of(1),
            Optional.empty());
    assertThat(r.describe())
        .isEqualTo(
            "they part at hop 1: the kernel's traceroute shows \"1  10.1.1.1\", podpath's \"1  *\"");
  }

  @Test
  void aKernelRunThatStoppedEarly_isSaid_notReadAsAnEmptyPath() {
    Divergence.Result r =
        new Divergence.Result(
            List.of(),
            List.of(" 1  10.244.0.1"),
            Optional.of(1),
            Optional.of(
                "the kernel run of the script up to that probe stopped before its traceroute (exit status 1)"));
    assertThat(r.describe())
        .isEqualTo(
            "not located: the kernel run of the script up to that probe stopped before its traceroute (exit status 1)");
  }
}
