package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given the seed's real host-gw snapshot cut down to one node (worker2's dumps and the two routes
 * flanneld wrote on worker1 removed) and kubectl's nodes as JSON (podCIDRs, flannel's annotations),
 * when linted and traced, then the routes come back as assumptions naming the kubectl line, and a
 * pod on worker1 pinging a pod on worker2 goes through the inferred route and leaves the model at
 * worker1's uplink, naming worker2, where before it went to worker2's dumps.
 */
final class FlannelPeersTraceTest {

  @TempDir Path snap;

  @BeforeEach
  void oneNodeOfTheSeed() throws Exception {
    Path seed = Samples.dir().resolve("snapshots/seed-flannel-host-gw");
    try (Stream<Path> files = Files.walk(seed.resolve("worker1"))) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        Path to = snap.resolve(seed.relativize(p).toString());
        Files.createDirectories(to.getParent());
        Files.copy(p, to);
      }
    }
    Files.copy(seed.resolve("kubectl-get-pods.txt"), snap.resolve("kubectl-get-pods.txt"));
    Files.copy(
        Samples.dir()
            .getParent()
            .resolve("topology-model/src/test/resources/dev/podpath/model/dump/kubectl")
            .resolve("get-nodes.json"),
        snap.resolve("kubectl-get-nodes.json"));
    Path routes = snap.resolve("worker1/ip-route.txt");
    List<String> kept =
        Files.readAllLines(routes).stream()
            .filter(l -> !l.startsWith("10.10.0.0/24") && !l.startsWith("10.10.2.0/24"))
            .toList();
    Files.write(routes, kept);
  }

  @Test
  void lint_listsTheInferredRoutes() throws Exception {
    CliTest.Run r = CliTest.run("lint", snap.toString());

    assertThat(r.out())
        .contains(
            "assumed: route 10.10.2.0/24 via 192.168.2.15 dev enp0s5: what flanneld (host-gw)"
                + " installs for node worker2 (kubectl-get-nodes.json:")
        .contains("assumed: route 10.10.0.0/24 via 192.168.2.17 dev enp0s5");
  }

  @Test
  void trace_goesThroughTheInferredRoute_andLeavesTheModelTowardsWorker2() throws Exception {
    CliTest.Run r =
        CliTest.run("trace", snap.toString(), "--from", "10.10.1.6", "--to", "10.10.2.4");

    assertThat(r.out())
        .contains("-> 10.10.2.0/24 via 192.168.2.15 dev enp0s5  [kubectl-get-nodes.json:")
        .contains("forward  cni0 -> enp0s5")
        .contains("=> EXITED_MODEL: the packet left through worker1/enp0s5")
        .contains("node worker2 (192.168.2.15, kubectl-get-nodes.json:")
        .contains("result: UNKNOWN");
  }
}
