package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Given a snapshot whose packets leave through a gateway no dump holds, when {@code --edge} says
 * what that gateway does, then the verdict rests on it and says so; by default it stays UNKNOWN.
 */
final class EdgeAssumptionTest {

  private static CliTest.Run trace(String to, String... more) throws Exception {
    String[] base = {
      "trace",
      Samples.dir().resolve("snapshots/seed-flannel-host-gw").toString(),
      "--from",
      "10.10.1.6",
      "--to",
      to
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return CliTest.run(all);
  }

  @Test
  void dropsPrivate_makesAPrivateDestinationBeyondTheGateway_notReachable_sayingWhy()
      throws Exception {
    CliTest.Run r = trace("172.20.0.9", "--edge=drops-private");

    assertThat(r.status()).as(r.err()).isEqualTo(1);
    assertThat(r.out())
        .contains("assumed: --edge=drops-private: a gateway no dump holds")
        .contains("192.168.2.0/24")
        .contains("result: NOT REACHABLE")
        .contains("why: EDGE_DROPS_PRIVATE: sent to the gateway 192.168.2.1")
        .contains("culprit: worker1/ip-route.txt:1");
  }

  @Test
  void dropsPrivate_leavesThePublicInternetAndTheGatewaysOwnNetwork_unknown() throws Exception {
    assertThat(trace("8.8.8.8", "--edge=drops-private").out()).contains("result: UNKNOWN");
    assertThat(trace("192.168.2.200", "--edge=drops-private").out()).contains("result: UNKNOWN");
  }

  @Test
  void byDefault_nothingIsAssumed_andThePacketLeavesTheModel() throws Exception {
    CliTest.Run r = trace("172.20.0.9");

    assertThat(r.out()).contains("result: UNKNOWN").doesNotContain("--edge");
  }

  @Test
  void theAssumptionIsInTheJson_withTheTypedReason() throws Exception {
    CliTest.Run r = trace("172.20.0.9", "--edge=drops-private", "-o", "json");

    assertThat(r.out())
        .contains("\"assumptions\"")
        .contains("--edge=drops-private")
        .contains("\"EDGE_DROPS_PRIVATE\"");
  }

  @Test
  void aTraceroute_saysWhereItsProbesAreAssumedDropped_notRowsOfStars() throws Exception {
    CliTest.Run r =
        CliTest.run(
            "traceroute",
            Samples.dir().resolve("snapshots/seed-flannel-host-gw").toString(),
            "--from",
            "10.10.1.6",
            "--to",
            "172.20.0.9",
            "--edge=drops-private");

    assertThat(r.out())
        .contains("(the probes leave the model: sent to the gateway 192.168.2.1")
        .contains("no answer under that assumption")
        .doesNotContain(" *");
  }

  @Test
  void routes_aDestinationNoDumpedHostOwns_stillLeavesTheModel_andTheAssumptionIsSaid()
      throws Exception {
    CliTest.Run r = trace("172.20.0.9", "--edge=routes");

    assertThat(r.status()).as(r.err()).isNotEqualTo(2);
    assertThat(r.out()).contains("assumed: --edge=routes").contains("result: UNKNOWN");
  }
}
