package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.testing.CliTest.Run;
import org.junit.jupiter.api.Test;

/**
 * Given kube-proxy.sh, when a pod connects to a Service, then the trace names the endpoint the
 * statistic rules chose; --endpoint forces one and --all-branches shows every one with its
 * probability.
 */
final class ServiceBranchesTest {

  private static Run trace(String... extra) {
    String[] base = {
      "trace",
      CliTest.sample("kube-proxy.sh"),
      "--from",
      "p1",
      "--to",
      "10.96.0.10",
      "--proto",
      "tcp"
    };
    String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return CliTest.run(all);
  }

  @Test
  void allBranches_areTheThreeEndpoints_eachAThird() {
    Run r = trace("--all-branches");
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains(
            "=== branch 1 of 3, p=0.333: KUBE-SEP-TCD3IFXQZW3ZEZQU ===",
            "=== branch 2 of 3, p=0.333: KUBE-SEP-MQPSSF2DIKDEHI3U ===",
            "=== branch 3 of 3, p=0.333: KUBE-SEP-UIQK3OSOSTRHRPBX ===",
            "DNAT: dst 10.96.0.10:80 -> 10.244.0.3:8080",
            "DNAT: dst 10.96.0.10:80 -> 10.244.0.4:8080",
            "DNAT: dst 10.96.0.10:80 -> 10.244.1.2:8080");
  }

  @Test
  void anEndpoint_byAddress_pinsTheChainsThatDnatToIt() {
    Run r = trace("--endpoint", "10.244.1.2:8080");
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains("DNAT: dst 10.96.0.10:80 -> 10.244.1.2:8080")
        .doesNotContain("-> 10.244.0.3:8080");
    Run byChain = trace("--endpoint", "KUBE-SEP-MQPSSF2DIKDEHI3U");
    assertThat(byChain.out()).contains("DNAT: dst 10.96.0.10:80 -> 10.244.0.4:8080");
  }

  @Test
  void anEndpointNoRuleKnows_isABadInput() {
    Run r = trace("--endpoint", "10.9.9.9");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("--endpoint 10.9.9.9: no nat rule DNATs to it");
  }

  @Test
  void allBranches_json_hasEachBranchWithItsProbability() {
    Run r = trace("--all-branches", "-o", "json");
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains(
            "\"branches\"",
            "\"probability\" : 0.3333",
            "\"pins\" : [ \"KUBE-SEP-UIQK3OSOSTRHRPBX\" ]");
  }

  /**
   * kube-proxy's nftables mode picks an endpoint with {@code numgen random mod 2 vmap { 0 : goto
   * endpoint-A, 1 : goto endpoint-B }}: --all-branches traces each element's chain, p=1/2.
   */
  @Test
  void allBranches_overAnNftNumgenVmap_areItsTwoEndpointChains_eachAHalf() {
    Run r =
        CliTest.run(
            "trace",
            CliTest.sample("nft-kube-proxy.sh"),
            "--from",
            "p1",
            "--to",
            "10.96.0.10",
            "--proto",
            "tcp",
            "--dport",
            "80",
            "--all-branches");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "=== branch 1 of 2, p=0.500: endpoint-7WRLQ3ZK-default/web/tcp/http__10.244.0.3/8080 ===",
            "=== branch 2 of 2, p=0.500: endpoint-QGXE2FMN-default/web/tcp/http__10.244.0.4/8080 ===",
            "-> 10.244.0.3:8080",
            "-> 10.244.0.4:8080");
  }
}
