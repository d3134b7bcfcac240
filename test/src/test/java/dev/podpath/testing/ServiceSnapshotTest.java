package dev.podpath.testing;

import static dev.podpath.testing.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Services and their endpoints in a snapshot
 * (test/src/test/resources/snapshots/kube-proxy-services: the real kube-proxy-after dumps with
 * kubectl's Services and EndpointSlices as JSON): {@code --to SERVICE} picks the ClusterIP and the
 * Service's port, the DNAT hop names the endpoint, and lint cross-checks kube-proxy's rules against
 * the endpoints.
 */
final class ServiceSnapshotTest {

  private static final String COREDNS = "kube-system/coredns-857d9ff4c9-7m27z";

  static Path snapshot() {
    try {
      return Path.of(
          ServiceSnapshotTest.class.getResource("/snapshots/kube-proxy-services").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static CliTest.Run trace(Path snapshot, String to, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "trace", snapshot.toString(), "--assume-cni-pods", "--from", COREDNS, "--to", to));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  @Test
  void toKubernetes_withoutProtoOrPort_isTcp443_andTheDnatHopNamesTheEndpoint() {
    CliTest.Run r = trace(snapshot(), "default/kubernetes");
    assertThat(r.status()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("trace: tcp 40000 -> 443 from coredns-857d9ff4c9-7m27z (10.1.0.67) to 10.2.0.1")
        .contains(
            "to Service default/kubernetes: ClusterIP 10.2.0.1, port https 443/TCP (kubectl-get-services.json:")
        .contains("DNAT: dst 10.2.0.1:443 -> 192.168.1.5:6443")
        .contains(
            "192.168.1.5:6443 is an endpoint of default/kubernetes:https (kubectl-get-endpointslices.json:")
        .contains("=> DELIVERED to master-01");
    assertThat(r.out()).doesNotContain("assumed:");
    assertThat(r.err()).doesNotContain("podpath: assumed").doesNotContain("warning");
  }

  @Test
  void toKubeDnsPortName_dnatNamesTheCorednsPodBehindIt() {
    CliTest.Run r = trace(snapshot(), "kube-system/kube-dns:dns-tcp", "--endpoint", "10.1.0.64:53");
    assertThat(r.out())
        .as(r.err())
        .contains("tcp 40000 -> 53")
        .contains("-> 10.1.0.64:53")
        .contains(
            "10.1.0.64:53 is pod kube-system/coredns-857d9ff4c9-wwczd, an endpoint of kube-system/kube-dns:dns-tcp");
  }

  @Test
  void toKubeDns_withoutPort_takesTheFirstPortAndSaysSo() {
    CliTest.Run r = trace(snapshot(), "kube-system/kube-dns");
    assertThat(r.out())
        .contains("udp 40000 -> 53")
        .contains(
            "assumed: the first port of kube-system/kube-dns that fits, dns 53/UDP, of dns 53/UDP, dns-tcp 53/TCP,"
                + " metrics 9153/TCP");
    assertThat(r.err()).contains("podpath: assumed: the first port of kube-system/kube-dns");
  }

  @Test
  void toKubeDns_withDport_picksTheProtocolOfThatPort() {
    CliTest.Run r = trace(snapshot(), "kube-system/kube-dns", "--dport", "9153");
    assertThat(r.out()).contains("tcp 40000 -> 9153").doesNotContain("assumed:");
  }

  @Test
  void userPortNotOfTheService_isAWarning_andTheTraceRuns() {
    CliTest.Run r = trace(snapshot(), "default/kubernetes", "--proto", "tcp", "--dport", "8080");
    assertThat(r.err())
        .contains(
            "podpath: warning: 8080/TCP is not a port of default/kubernetes (its ports: https 443/TCP");
    assertThat(r.out())
        .contains("warning: 8080/TCP is not a port")
        .contains("tcp 40000 -> 8080")
        .doesNotContain("DNAT");
  }

  /**
   * traceroute -U to a Service probes its UDP port (DNATed); the default method's ports are none of
   * its, said so.
   */
  @Test
  void tracerouteUdp_toKubeDns_probesItsUdpPort_theDefaultMethodIsWarned() {
    CliTest.Run u =
        run(
            "traceroute",
            snapshot().toString(),
            "--assume-cni-pods",
            "--from",
            COREDNS,
            "--to",
            "kube-system/kube-dns",
            "-U",
            "-m",
            "4");
    assertThat(u.status()).as(u.err()).isZero();
    assertThat(u.out()).endsWith(" 1  10.2.0.10\n");
    assertThat(u.err()).doesNotContain("warning").doesNotContain("podpath: assumed");
    CliTest.Run d =
        run(
            "traceroute",
            snapshot().toString(),
            "--assume-cni-pods",
            "--from",
            COREDNS,
            "--to",
            "kube-system/kube-dns",
            "-m",
            "2",
            "-w",
            "1");
    assertThat(d.err())
        .contains("podpath: warning: UDP to ports 33434 and up is no port of kube-system/kube-dns");
    assertThat(d.out()).endsWith(" 2  *\n");
  }

  @Test
  void json_saysTheServiceAndTheEndpoint() throws IOException {
    CliTest.Run r = trace(snapshot(), "default/kubernetes", "-o", "json");
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.at("/service/name").asText()).isEqualTo("default/kubernetes");
    assertThat(root.at("/service/clusterIP").asText()).isEqualTo("10.2.0.1");
    assertThat(root.at("/service/port").asInt()).isEqualTo(443);
    assertThat(root.at("/service/portName").asText()).isEqualTo("https");
    assertThat(root.at("/probe/dport").asInt()).isEqualTo(443);
    List<String> endpoints = new ArrayList<>();
    root.at("/hops")
        .forEach(
            h ->
                h.get("steps")
                    .forEach(
                        s -> {
                          if (s.has("endpoint")) {
                            endpoints.add(
                                s.at("/endpoint/address").asText()
                                    + " "
                                    + s.at("/endpoint/is").asText());
                          }
                        }));
    assertThat(endpoints)
        .singleElement()
        .asString()
        .startsWith("192.168.1.5:6443 an endpoint of default/kubernetes:https");
  }

  @Test
  void headlessOrExternalName_isAClearError() {
    CliTest.Run r = trace(snapshot(), "default/db");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .contains("--to default/db: an ExternalName Service")
        .doesNotContain("Exception");
    CliTest.Run p = trace(snapshot(), "default/kubernetes:http");
    assertThat(p.status()).isEqualTo(2);
    assertThat(p.err()).contains("the Service has no port http; its ports are https 443/TCP");
  }

  @Test
  void lint_rulesAgreeWithTheEndpoints_isClean() {
    CliTest.Run r = run("lint", snapshot().toString(), "--assume-cni-pods");
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(r.out()).contains("0 problems");
  }

  @Test
  void lint_staleRules_dnatToAGonePodAndNotToTheNewOne_isAProblemAtTheRule(@TempDir Path tmp)
      throws IOException {
    Path s = copy(snapshot(), tmp);
    Path slices = s.resolve("kubectl-get-endpointslices.json");
    Files.writeString(slices, Files.readString(slices).replace("10.1.0.67", "10.1.0.70"));
    CliTest.Run r = run("lint", s.toString(), "--assume-cni-pods");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "master-01/iptables-save.txt:76:1: kube-proxy's rules on master-01 for"
                + " kube-system/kube-dns:metrics DNAT to 10.1.0.64:9153, 10.1.0.67:9153, but kubectl-get-endpointslices.json:")
        .contains(
            "lists ready endpoints 10.1.0.64:9153, 10.1.0.70:9153: not DNATed to 10.1.0.70:9153; DNATed to"
                + " 10.1.0.67:9153, which is not a ready endpoint; kube-proxy on master-01 has not synced")
        .contains("kube-system/kube-dns:dns DNAT to")
        .contains("kube-system/kube-dns:dns-tcp DNAT to")
        .contains("3 problems");
  }

  @Test
  void lint_rejectAsHavingNoEndpointsWhileEndpointsAreReady_isAProblem(@TempDir Path tmp)
      throws IOException {
    Path s = copy(snapshot(), tmp);
    Files.copy(
        Path.of(SnapshotCliTest.snapshot("kube-proxy-before"), "master-01", "iptables-save.txt"),
        s.resolve("master-01/iptables-save.txt"),
        StandardCopyOption.REPLACE_EXISTING);
    CliTest.Run r = run("lint", s.toString(), "--assume-cni-pods");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "kube-proxy's rule on master-01 REJECTs kube-system/kube-dns:dns as having no"
                + " endpoints, but kubectl-get-endpointslices.json:")
        .contains("lists ready endpoints 10.1.0.64:53, 10.1.0.67:53");
    assertThat(r.out()).doesNotContain("default/kubernetes:https DNAT");
  }

  /** The real dumps: the user's kubectl tables (no port names, endpoints as IP:PORT). */
  @Test
  void realDumpsBefore_toKubernetes_isTcp443_dnatNamedFromTheEndpointsTable() {
    CliTest.Run r =
        run(
            "trace",
            SnapshotCliTest.snapshot("kube-proxy-before"),
            "--assume-cni-pods",
            "--from",
            "kube-system/coredns-5b8bf7b657-5gjrq",
            "--to",
            "default/kubernetes");
    assertThat(r.out())
        .as(r.err())
        .contains("tcp 40000 -> 443")
        .contains(
            "to Service default/kubernetes: ClusterIP 10.2.0.1, port 443/TCP (kubectl-get-services.txt:2)")
        .contains(
            "192.168.1.5:6443 is an endpoint of default/kubernetes (kubectl-get-endpoints.txt:2)")
        .contains("icmp-host-prohibited");
  }

  @Test
  void realDumpsBefore_toKubeDns_firstPortAssumed_rejectedAsHavingNoEndpoints() {
    CliTest.Run r =
        run(
            "trace",
            SnapshotCliTest.snapshot("kube-proxy-before"),
            "--assume-cni-pods",
            "--from",
            "kube-system/coredns-5b8bf7b657-5gjrq",
            "--to",
            "kube-system/kube-dns");
    assertThat(r.out())
        .as(r.err())
        .contains("udp 40000 -> 53")
        .contains(
            "assumed: the first port of kube-system/kube-dns that fits, 53/UDP, of 53/UDP, 53/TCP, 9153/TCP")
        .contains("has no endpoints")
        .contains("REJECT");
    CliTest.Run named =
        run(
            "trace",
            SnapshotCliTest.snapshot("kube-proxy-before"),
            "--assume-cni-pods",
            "--from",
            "kube-system/coredns-5b8bf7b657-5gjrq",
            "--to",
            "kube-system/kube-dns:dns");
    assertThat(named.status()).isEqualTo(2);
    assertThat(named.err()).contains("kubectl's table shows no port names: give the number");
  }

  @Test
  void toAClusterIpAddress_isThatService_probedAsAsked() {
    CliTest.Run r = trace(snapshot(), "10.2.0.10", "--proto", "tcp", "--dport", "9153");
    assertThat(r.out())
        .contains("tcp 40000 -> 9153")
        .contains("to Service kube-system/kube-dns: ClusterIP 10.2.0.10, port metrics 9153/TCP")
        .doesNotContain("assumed:");
    CliTest.Run ping = trace(snapshot(), "10.2.0.1");
    assertThat(ping.out())
        .contains("trace: ping from")
        .contains("to Service default/kubernetes: ClusterIP 10.2.0.1 (")
        .contains(
            "warning: ICMP to the ClusterIP of default/kubernetes: kube-proxy DNATs only the Service's ports");
  }

  @Test
  void headlessService_isAnErrorNamingItsEndpoints(@TempDir Path tmp) throws IOException {
    Path s = copy(snapshot(), tmp);
    Path services = s.resolve("kubectl-get-services.json");
    Files.writeString(services, Files.readString(services).replace("\"10.2.0.10\"", "\"None\""));
    CliTest.Run r = trace(s, "kube-system/kube-dns");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "--to kube-system/kube-dns: a headless Service (ClusterIP None) (kubectl-get-services.json:")
        .contains(
            "Trace to one of its endpoints instead: 10.1.0.64 (kube-system/coredns-857d9ff4c9-wwczd),"
                + " 10.1.0.67 (kube-system/coredns-857d9ff4c9-7m27z)")
        .doesNotContain("Exception");
  }

  @Test
  void bothEndpointsAndSlices_theSlicesAreUsed_saidAsAnAssumption(@TempDir Path tmp)
      throws IOException {
    Path s = copy(snapshot(), tmp);
    Files.copy(
        Path.of(SnapshotCliTest.snapshot("kube-proxy-after"), "kubectl-get-endpoints.txt"),
        s.resolve("kubectl-get-endpoints.txt"));
    CliTest.Run r = run("lint", s.toString(), "--assume-cni-pods");
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(r.out())
        .contains("assumed: the endpoints of Services are those of the EndpointSlices");
  }

  private static Path copy(Path from, Path to) {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
