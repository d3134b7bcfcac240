package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a node whose only LAN is up and whose default route is gone (harvester/harvester#709: the
 * route was not moved onto the bridge that took the NIC's address), when a public address is
 * traced, then the diagnosis points at the missing default route on that LAN, not only at a route
 * to that one address; a private address keeps the route-to-it fix alone.
 */
final class NoDefaultRouteTest {

  @TempDir Path tmp;

  private static final String PASTE =
      """
      $ ip a
      1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
          link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
          inet 127.0.0.1/8 scope host lo
             valid_lft forever preferred_lft forever
      2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
          link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff
          inet 192.168.1.5/24 brd 192.168.1.255 scope global eth0
             valid_lft forever preferred_lft forever
      $ ip route
      192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.5
      """;

  private Path snap;

  @BeforeEach
  void importPaste() throws Exception {
    Path paste = tmp.resolve("paste.md");
    Files.writeString(paste, PASTE);
    snap = tmp.resolve("snap");
    CliTest.Run r = CliTest.run("import", paste.toString(), "--node", "n1", "-o", snap.toString());
    assertThat(r.status()).as(r.err()).isZero();
  }

  @Test
  void aPublicAddress_isMissingTheDefaultRouteOnTheLan() {
    CliTest.Run r = CliTest.run("trace", snap.toString(), "--from", "n1", "--to", "1.1.1.1");

    assertThat(r.out())
        .contains("result: NOT REACHABLE")
        .contains("192.168.1.0/24 dev eth0")
        .contains("route add default via GATEWAY dev eth0");
  }

  @Test
  void aPrivateAddress_keepsTheRouteToIt() {
    CliTest.Run r = CliTest.run("trace", snap.toString(), "--from", "n1", "--to", "10.9.0.1");

    assertThat(r.out()).contains("result: NOT REACHABLE").doesNotContain("default via GATEWAY");
  }
}
