package dev.podpath.testing;

import static dev.podpath.testing.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The kube-proxy dumps of ../shared/real-dumps/kube-proxy-host-firewall-reject (its README has the
 * known answers), loaded as snapshots: samples/snapshots/kube-proxy-before and -after.
 *
 * <p>Both are read without a problem; BEFORE's lint finds its firewall's REJECT in front of the API
 * server's endpoint (AFTER has no finding), and the traces give the known answers: BEFORE, the DNAT
 * to the API server on the node itself, then the host firewall's REJECT in filter INPUT; DNS
 * refused as having no endpoints; AFTER, delivered.
 */
final class KubeProxySnapshotTest {

  static final String BEFORE = SnapshotCliTest.snapshot("kube-proxy-before");
  static final String AFTER = SnapshotCliTest.snapshot("kube-proxy-after");

  @Test
  void bothSnapshots_readWithoutProblem_andOnlyBeforeHasTheFindingsOfItsFirewall() {
    for (String s : new String[] {BEFORE, AFTER}) {
      CliTest.Run r = run("lint", s, "--assume-cni-pods");
      assertThat(r.out())
          .contains("0 problems")
          .contains("cni0 is flannel's bridge with 10.1.0.1/24")
          .contains("192.168.1.5");
    }
    CliTest.Run before = run("lint", BEFORE, "--assume-cni-pods");
    assertThat(before.status()).as(before.out()).isEqualTo(1);
    assertThat(before.out())
        .contains(
            "error input-rejects-local-endpoint: master-01: a DNAT sends default/kubernetes to"
                + " 192.168.1.5:6443")
        .contains(
            "evidence: "
                + BEFORE
                + "/master-01/iptables-save.txt:91: master-01: filter -A"
                + " INPUT -j REJECT --reject-with icmp-host-prohibited")
        .contains("fix: on master-01: iptables -I INPUT -p tcp --dport 6443 -j ACCEPT")
        .contains("warning service-without-endpoints: kube-system/kube-dns:");
    CliTest.Run after = run("lint", AFTER, "--assume-cni-pods");
    assertThat(after.status()).as(after.out()).isZero();
    assertThat(after.out()).contains(", 0 findings;");
  }

  @Test
  void before_podToKubernetesService_isDnatedThenRejectedByInput() {
    CliTest.Run r =
        trace(BEFORE, "kube-system/coredns-5b8bf7b657-5gjrq", "default/kubernetes", "tcp", "443");
    assertThat(r.err())
        .contains("podpath: 0 problems and ")
        .contains(" assumptions in this snapshot; `podpath lint");
    assertThat(r.out()).contains("  1  coredns-5b8bf7b657-5gjrq  out eth0").contains("master-01");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out())
        .contains("KUBE-SERVICES")
        .contains("192.168.1.5:6443")
        .contains("INPUT")
        .contains("REJECT")
        .contains("icmp-host-prohibited")
        .contains("=> DROPPED");
  }

  @Test
  void before_podToKubeDns_isRejectedAsHavingNoEndpoints() {
    CliTest.Run r = trace(BEFORE, "kube-system/coredns-5b8bf7b657-5gjrq", "10.2.0.10", "udp", "53");
    assertThat(r.out()).contains("has no endpoints").contains("REJECT");
  }

  @Test
  void after_podToKubernetesService_isDnatedAndDelivered() {
    CliTest.Run r =
        trace(AFTER, "kube-system/coredns-857d9ff4c9-7m27z", "default/kubernetes", "tcp", "443");
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(r.out()).contains("192.168.1.5:6443").contains("=> DELIVERED to master-01");
  }

  private static CliTest.Run trace(
      String snapshot, String from, String to, String proto, String port) {
    return run(
        "trace",
        snapshot,
        "--assume-cni-pods",
        "--from",
        from,
        "--to",
        to,
        "--proto",
        proto,
        "--dport",
        port);
  }
}
