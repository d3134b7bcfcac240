package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Given a snapshot, when a traceroute leaves what was dumped, then the output says where it left
 * and what lies beyond, once, instead of a row of {@code *} per remaining hop.
 */
final class TracerouteEdgeTest {

  @Test
  void aTracerouteLeavingTheSnapshot_saysWhereItLeft_notRowsOfStars() throws Exception {
    CliTest.Run r =
        CliTest.run(
            "traceroute",
            Samples.dir().resolve("snapshots/seed-flannel-host-gw").toString(),
            "--from",
            "10.10.1.6",
            "--to",
            "8.8.8.8");

    assertThat(r.status()).as(r.err()).isEqualTo(1);
    assertThat(r.out().lines().toList())
        .as(r.out())
        .hasSize(4)
        .element(2)
        .asString()
        .startsWith(" 2  (the probes leave the model: the packet left through segment/outside")
        .contains("the gateway 192.168.2.1 (worker1/ip-route.txt:1)");
    assertThat(r.out()).contains("hops 2 to 30: not known").doesNotContain(" *");
  }

  @Test
  void aTracerouteInsideTheScenario_isPrintedAsTheToolPrintsIt() throws Exception {
    CliTest.Run r =
        CliTest.run(
            "traceroute",
            Samples.sample("router.sh").toString(),
            "--from",
            "ns1",
            "--to",
            "10.1.2.2");

    assertThat(r.out().lines().toList())
        .containsExactly(
            "traceroute to 10.1.2.2 (10.1.2.2), 30 hops max, 60 byte packets",
            " 1  10.1.1.1",
            " 2  10.1.2.2");
  }
}
