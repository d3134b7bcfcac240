package dev.podpath.testing.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.api.InputException;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.verify.KernelPlan;
import dev.podpath.trace.verify.KernelRun;
import dev.podpath.trace.verify.Reducer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code podpath verify --reduce} on a scenario made to disagree, not found by luck: the kernel
 * runs each candidate as it is, podpath reads it with the router's {@code ip_forward=1} set to 0.
 * So the two sides disagree on the ping exactly as long as the kernel's ping works, and the reducer
 * must end with the commands that ping needs in the kernel (and the forwarding line itself), none
 * of the padding (a second router, a bridge, an iptables rule, other probes). Real kernel, as root;
 * skipped, saying why, otherwise.
 */
@Tag("kernel")
final class ReduceKernelTest {

  private static final String FORWARD = "ip netns exec r sysctl -w net.ipv4.ip_forward=1";
  private static final String FORWARD_OFF = "ip netns exec r sysctl -w net.ipv4.ip_forward=0";

  @Test
  void reducesAPaddedScenario_toWhatThePingNeeds() throws Exception {
    try {
      RandomVerify.preflight();
    } catch (KernelRun.Unavailable e) {
      assumeTrue(false, "kernel side unavailable: " + e.getMessage());
    }
    Path file = Path.of("src/test/resources/random/reduce-padded.sh");
    KernelRun kernel = KernelRun.sandbox();
    Reducer.Judge judge =
        candidate -> {
          Network kernelSide;
          Network podpathSide;
          try {
            kernelSide = Podpath.loadScenario(file, candidate, kernel.inherited());
            podpathSide =
                Podpath.loadScenario(
                    file, candidate.replace(FORWARD, FORWARD_OFF), kernel.inherited());
          } catch (InputException e) {
            return Optional.empty();
          }
          if (kernelSide.scenario().probes().isEmpty()) {
            return Optional.empty();
          }
          KernelPlan plan =
              KernelPlan.of(
                  kernelSide.scenario(),
                  kernelSide.topology().namespaces().keySet().stream()
                      .map(NetnsName::value)
                      .toList());
          KernelRun.Result run;
          try {
            run = kernel.execute(plan, Duration.ofMinutes(2));
          } catch (KernelRun.Unavailable e) {
            throw new IOException(e);
          }
          assertThat(run.timedOut()).isFalse();
          // the kernel side ran FORWARD, podpath's FORWARD_OFF in its place: the steps line up
          return Optional.of(
              new Reducer.Judged(
                  Reducer.disagreements(podpathSide.verify(run.transcript())), run.transcript()));
        };
    StringWriter log = new StringWriter();
    Reducer.Result r =
        Reducer.reduce(file.toString(), Files.readString(file), judge, new PrintWriter(log));

    assertThat(r.disagreement())
        .startsWith("probe `ip netns exec a ping -c 1 -W1 10.0.2.2`: the kernel 64 bytes from");
    assertThat(r.script())
        .contains(FORWARD)
        .contains("ip -n a route add default via 10.0.1.1")
        .contains("ip -n b route add default via 10.0.2.1")
        .doesNotContain("ip netns add r2")
        .doesNotContain("iptables")
        .doesNotContain("traceroute")
        .doesNotContain("br0");
    assertThat(r.commandsBefore()).isEqualTo(31);
    assertThat(r.commandsAfter()).as("the 17 the ping needs: %s", r.script()).isEqualTo(17);
    assertThat(r.judged().transcript()).contains("+ " + FORWARD);
    System.out.println(log);
    System.out.println(r.script());
  }
}
