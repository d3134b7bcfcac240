package dev.podpath.testing.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podpath.trace.verify.KernelRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Random networks judged by the kernel (issue 15 §1): a fixed set of seeds of {@link
 * RandomScenario}, each verified in the sandbox (as root; skipped, saying why, otherwise), must
 * agree with podpath on every probe, every state fact and every configuration command.
 * Disagreements are saved with their seeds in {@code test/target/random}.
 *
 * <p>More seeds: {@code -Dpodpath.random.first=1 -Dpodpath.random.last=10000} (docs/
 * kernel-agreement.md).
 */
@Tag("kernel")
final class RandomKernelAgreementTest {

  @Test
  void randomScenarios_agreeWithTheKernel() throws Exception {
    try {
      RandomVerify.preflight();
    } catch (KernelRun.Unavailable e) {
      assumeTrue(false, "kernel side unavailable: " + e.getMessage());
    }
    long first = Long.getLong("podpath.random.first", 1);
    long last = Long.getLong("podpath.random.last", first + 7);
    Path out = Path.of(System.getProperty("podpath.random.out", "target/random"));
    RandomVerify.Totals totals = RandomVerify.run(first, last, out, System.out);
    System.out.println(totals.summary());
    assertThat(totals.scenarios()).isEqualTo((int) (last - first + 1));
    assertThat(totals.probes()).isPositive();
    assertThat(totals.disagreements())
        .as("seeds where podpath and the kernel disagree (saved in %s): %s", out, totals.summary())
        .isEmpty();
  }
}
