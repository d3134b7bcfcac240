package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl podpath collect} (collect/kubectl-podpath) on a cluster whose kubectl is replayed
 * from recordings of real kubectl runs (test resources kubectl/, README.md there): the nodes of
 * seed 001's cluster from its {@code kubectl get nodes -o wide}, the debugging pod's line from
 * kubectl's documentation, and on worker2 the failure a non-privileged debugging pod gets from
 * {@code chroot /host} (kubernetes/kubectl#1230). What runs on a node runs for real: the node
 * collector, in a kernel sandbox of its own holding the veth pair sample. Root and unshare needed.
 */
@Tag("kernel")
class KubectlPluginTest {

  @Test
  void collectsEveryNode_andSaysWhichFailedAndWhy(@TempDir Path dir) throws Exception {
    assumeTrue(run(List.of("id", "-u"), dir, "").strip().equals("0"), "root is needed");
    assumeTrue(!run(List.of("bash", "-c", "command -v unshare"), dir, "").isBlank(), "no unshare");
    Path recordings =
        Path.of(KubectlPluginTest.class.getResource("/kubectl/kubectl").toURI()).getParent();
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path kubectl = bin.resolve("kubectl");
    Files.copy(recordings.resolve("kubectl"), kubectl);
    Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> lines = Files.readAllLines(Samples.sample("veth-pair.sh"));
    int firstProbe =
        Podpath.load(Samples.sample("veth-pair.sh")).scenario().probes().get(0).origin().line();
    Path setup = dir.resolve("node-setup.sh");
    Files.write(setup, lines.subList(0, firstProbe - 1));
    Path log = dir.resolve("kubectl.log");
    Path out = dir.resolve("snap");

    String env =
        "PATH="
            + bin
            + ":$PATH FAKE_KUBECTL_RECORDINGS="
            + recordings
            + " FAKE_KUBECTL_LOG="
            + log
            + " FAKE_KUBECTL_NODE_SETUP="
            + setup
            + " FAKE_KUBECTL_DENIED=worker2 ";
    String err =
        run(
            List.of(
                "bash",
                "-c",
                env
                    + "sh "
                    + Samples.root().resolve("collect/kubectl-podpath")
                    + " collect "
                    + out
                    + "; echo \"exit $?\""),
            dir,
            "");

    assertThat(err)
        .contains("kubectl podpath: [1/3] master: ok (")
        .contains("kubectl podpath: [2/3] worker1: ok (")
        .contains(
            "kubectl podpath: [3/3] worker2: FAILED: chroot: cannot change root directory to"
                + " '/host': Operation not permitted")
        .contains("kubectl podpath: 2 of 3 nodes collected into " + out + "; failed:")
        .contains("worker2: chroot: cannot change root directory")
        .contains("kubectl get pods: fake kubectl: no recording of 'kubectl get pods -A -o json'")
        .endsWith("exit 1\n");
    for (String node : List.of("master", "worker1")) {
      assertThat(out.resolve(node + "/collect.log")).exists();
      assertThat(out.resolve(node + "/ip-link.json")).exists();
      assertThat(out.resolve(node + "/netns/ns1/ip-addr.json")).exists();
    }
    assertThat(out.resolve("worker2")).doesNotExist();
    assertThat(out.resolve("collect-worker2.err")).exists();
    assertThat(Files.readString(log))
        .contains(
            "kubectl debug node/master --image busybox:1.36 --profile=sysadmin -i -- chroot /host sh -c")
        .contains("kubectl delete pod node-debugger-master-pdx84 --wait=false")
        .contains("kubectl delete pod node-debugger-worker1-pdx84 --wait=false")
        .contains("kubectl delete pod node-debugger-worker2-xnmxh --wait=false");

    // podpath reads what came back (lint: 0 or 1, the missing kubectl files being findings)
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int status =
        Main.run(new String[] {"lint", out.toString()}, new PrintWriter(o), new PrintWriter(e));
    assertThat(status).as(o + " " + e).isNotEqualTo(2);
    assertThat(o.toString()).contains("master").contains("worker1");
  }

  /**
   * The cluster-level download ({@code kubectl get nodes|pods|services|endpointslices -o json})
   * replayed from real API lists of a minikube cluster and a kind cluster (test resources
   * kubectl/minikube-m01, README.md there): the files come back byte for byte, podpath reads every
   * object in them (the pod's owner Node and the slice's targetRef Pod do not make them another
   * command's output), and a trace runs on the snapshot, to the Service by its name.
   */
  @Test
  void downloadsTheClustersJson_andPodpathReadsIt(@TempDir Path dir) throws Exception {
    assumeTrue(run(List.of("id", "-u"), dir, "").strip().equals("0"), "root is needed");
    assumeTrue(!run(List.of("bash", "-c", "command -v unshare"), dir, "").isBlank(), "no unshare");
    Path recordings =
        Path.of(KubectlPluginTest.class.getResource("/kubectl/kubectl").toURI()).getParent();
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path kubectl = bin.resolve("kubectl");
    Files.copy(recordings.resolve("kubectl"), kubectl);
    Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> lines = Files.readAllLines(Samples.sample("veth-pair.sh"));
    int firstProbe =
        Podpath.load(Samples.sample("veth-pair.sh")).scenario().probes().get(0).origin().line();
    Path setup = dir.resolve("node-setup.sh");
    Files.write(setup, lines.subList(0, firstProbe - 1));
    Path out = dir.resolve("snap");
    String err =
        run(
            List.of(
                "bash",
                "-c",
                "PATH="
                    + bin
                    + ":$PATH FAKE_KUBECTL_RECORDINGS="
                    + recordings
                    + " FAKE_KUBECTL_CLUSTER=minikube-m01 FAKE_KUBECTL_NODE_SETUP="
                    + setup
                    + " sh "
                    + Samples.root().resolve("collect/kubectl-podpath")
                    + " collect "
                    + out
                    + "; echo \"exit $?\""),
            dir,
            "");
    // describe nodes has no recording: the one failure, said so
    assertThat(err)
        .contains("kubectl podpath: [1/1] m01: ok (")
        .contains("kubectl describe nodes: fake kubectl: no recording")
        .doesNotContain("kubectl get ")
        .endsWith("exit 1\n");
    for (String what : List.of("nodes", "pods", "services", "endpointslices")) {
      assertThat(out.resolve("kubectl-get-" + what + ".json"))
          .as("kubectl get %s -o json, as kubectl printed it", what)
          .hasSameBinaryContentAs(recordings.resolve("minikube-m01/get-" + what + ".json"));
    }

    dev.podpath.model.snapshot.Snapshot snap =
        dev.podpath.model.snapshot.Snapshot.load(
            out, dev.podpath.model.snapshot.Snapshot.Options.DEFAULTS);
    assertThat(snap.warnings()).as("what podpath could not read").isEmpty();
    assertThat(snap.nodes())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.name()).isEqualTo("m01");
              assertThat(n.internalIp())
                  .hasValueSatisfying(ip -> assertThat(ip).hasToString("172.17.0.2"));
              assertThat(n.podCidrs())
                  .extracting(Object::toString)
                  .containsExactly("10.244.0.0/24");
            });
    assertThat(snap.pods())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.name()).isEqualTo("etcd-m01");
              assertThat(p.node()).contains("m01");
              assertThat(p.hostNetwork()).contains(true);
            });
    assertThat(snap.services())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.name()).isEqualTo("kube-dns");
              assertThat(s.clusterIp())
                  .hasValueSatisfying(ip -> assertThat(ip).hasToString("10.96.0.10"));
              assertThat(s.ports()).hasSize(3);
            });
    assertThat(snap.endpoints())
        .extracting(dev.podpath.model.kube.KubeEndpoints::service)
        .containsExactlyInAnyOrder("kubernetes", "kube-dns");

    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int status =
        Main.run(
            new String[] {"trace", out.toString(), "--from", "ns1", "--to", "10.1.1.2"},
            new PrintWriter(o),
            new PrintWriter(e));
    assertThat(status).as(o + " " + e).isZero();
    assertThat(o.toString()).contains("ns2  in veth1");
    o = new StringWriter();
    e = new StringWriter();
    Main.run(
        new String[] {"trace", out.toString(), "--from", "ns1", "--to", "kube-system/kube-dns:53"},
        new PrintWriter(o),
        new PrintWriter(e));
    assertThat(o.toString())
        .contains("to Service kube-system/kube-dns: ClusterIP 10.96.0.10, port dns 53/UDP");
  }

  private static String run(List<String> command, Path dir, String input) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
