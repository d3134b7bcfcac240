package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a route whose gateway is the namespace's own address (flannel#254: host-gw's route to the
 * node's own lease), when a packet takes it, then it is sent as if on-link: ARP asks for the
 * destination itself, not the gateway, as the kernel does (its next hop gets host scope, so the
 * gateway is not used). Kernel-checked with {@code podpath verify} on this script (6.18: the probe
 * and the neighbour state agree: {@code 10.10.176.5 dev va FAILED}).
 */
final class RouteViaOwnAddressTest {

  @TempDir Path tmp;

  private static final String SCRIPT =
      """
      ip netns add a
      ip netns add b
      ip link add va netns a type veth peer name vb netns b
      ip -n a addr add 172.17.8.101/24 dev va
      ip -n a link set va up
      ip -n a link set lo up
      ip -n b addr add 172.17.8.102/24 dev vb
      ip -n b link set vb up
      ip -n a route add 10.10.176.0/20 via 172.17.8.101 dev va
      ip netns exec a ping -c1 -W4 10.10.176.5
      """;

  @Test
  void aRouteViaTheOwnAddress_asksForTheDestination_andEndsHostUnreachable() throws Exception {
    Path script = tmp.resolve("own.sh");
    Files.writeString(script, SCRIPT);

    CliTest.Run r = CliTest.run("trace", script.toString(), "--from", "a", "--to", "10.10.176.5");

    assertThat(r.out())
        .contains("who-has 10.10.176.5 tell 172.17.8.101 on va")
        .doesNotContain("who-has 172.17.8.101")
        .contains("result: NOT REACHABLE")
        .contains("route del 10.10.176.0/20 via 172.17.8.101 dev va");
    assertThat(CliTest.run("probes", script.toString()).out())
        .contains("From 172.17.8.101 icmp_seq=1 Destination Host Unreachable");
  }
}
