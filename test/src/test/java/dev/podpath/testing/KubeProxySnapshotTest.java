package dev.podpath.testing;

import static dev.podpath.testing.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;

/**
 * The kube-proxy dumps of /work/shared/real-dumps/kube-proxy-host-firewall-reject (its README has
 * the known answers), loaded as snapshots: samples/snapshots/kube-proxy-before and -after.
 *
 * <p>The snapshots load and lint clean today. The expected answers need iptables evaluation (DNAT
 * in nat PREROUTING, REJECT in filter INPUT), which is being built on another branch: until it is
 * merged a trace meeting the rules ends NOT_MODELLED at the netfilter gate, and these tests are
 * SKIPPED with that reason (an assumption, not a pass). They run by themselves once it lands.
 */
final class KubeProxySnapshotTest {

  static final String BEFORE = SnapshotCliTest.snapshot("kube-proxy-before");
  static final String AFTER = SnapshotCliTest.snapshot("kube-proxy-after");

  @Test
  void bothSnapshots_lintClean() {
    for (String s : new String[] {BEFORE, AFTER}) {
      CliTest.Run r = run("lint", s, "--assume-cni-pods");
      assertThat(r.status()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains("0 problems").contains("cni0 is flannel's bridge with 10.1.0.1/24")
          .contains("192.168.1.5");
    }
  }

  /** Today's honest answer: the trace stops where the rules start, and says why. */
  @Test
  void today_theTraceStopsAtTheRules_notModelled_orFollowsThem() {
    CliTest.Run r = trace(BEFORE, "kube-system/coredns-5b8bf7b657-5gjrq", "default/kubernetes", "tcp", "443");
    assertThat(r.err()).contains("podpath: 0 unreadable lines and ").contains(" assumptions in this snapshot; `podpath lint");
    assertThat(r.out()).contains("  1  coredns-5b8bf7b657-5gjrq  out eth0").contains("master-01");
    assertThat(r.out()).satisfiesAnyOf(
        o -> assertThat(o).contains("=> NOT_MODELLED: not modelled: netfilter at PREROUTING"),
        o -> assertThat(o).contains("DNAT"));
  }

  @Test
  void before_podToKubernetesService_isDnatedThenRejectedByInput() {
    CliTest.Run r = trace(BEFORE, "kube-system/coredns-5b8bf7b657-5gjrq", "default/kubernetes", "tcp", "443");
    skipUntilIptablesIsEvaluated(r);
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).contains("KUBE-SERVICES").contains("192.168.1.5:6443").contains("INPUT")
        .contains("REJECT").contains("icmp-host-prohibited").contains("=> DROPPED");
  }

  @Test
  void before_podToKubeDns_isRejectedAsHavingNoEndpoints() {
    CliTest.Run r = trace(BEFORE, "kube-system/coredns-5b8bf7b657-5gjrq", "10.2.0.10", "udp", "53");
    skipUntilIptablesIsEvaluated(r);
    assertThat(r.out()).contains("has no endpoints").contains("REJECT");
  }

  @Test
  void after_podToKubernetesService_isDnatedAndDelivered() {
    CliTest.Run r = trace(AFTER, "kube-system/coredns-857d9ff4c9-7m27z", "default/kubernetes", "tcp", "443");
    skipUntilIptablesIsEvaluated(r);
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(r.out()).contains("192.168.1.5:6443").contains("=> DELIVERED to master-01");
  }

  private static CliTest.Run trace(String snapshot, String from, String to, String proto, String port) {
    return run("trace", snapshot, "--assume-cni-pods", "--from", from, "--to", to, "--proto", proto, "--dport", port);
  }

  private static void skipUntilIptablesIsEvaluated(CliTest.Run r) {
    assumeFalse(r.out().contains("podpath does not evaluate iptables rules yet"),
        "iptables evaluation is not merged yet: the trace ends NOT_MODELLED at the netfilter gate; this expected"
            + " answer (real-dumps/kube-proxy-host-firewall-reject/README.md) runs once it is");
  }
}
