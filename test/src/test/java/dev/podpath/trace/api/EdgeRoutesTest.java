package dev.podpath.trace.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.sim.net.EdgeAssumption;
import dev.podpath.trace.render.TextRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --edge=routes}: two nodes on two subnets, each with a default route to a gateway no dump
 * holds and no route to the other's pod bridge (a cloud that routes each node's pod CIDR). By
 * default the packet leaves the model; with the assumption it comes back to the node that owns the
 * destination, through the router {@code edge}, and the rest still leaves the model.
 */
final class EdgeRoutesTest {

  private static void node(Path dir, String name, int n) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    Files.writeString(
        d.resolve("ip-addr.txt"),
        """
        1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
            link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
            inet 127.0.0.1/8 scope host lo
               valid_lft forever preferred_lft forever
        2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
            link/ether 02:00:00:00:0N:10 brd ff:ff:ff:ff:ff:ff
            inet 10.0.N.10/24 brd 10.0.N.255 scope global eth0
               valid_lft forever preferred_lft forever
        3: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
            link/ether 02:00:00:00:0N:01 brd ff:ff:ff:ff:ff:ff
            inet 10.244.N.1/24 brd 10.244.N.255 scope global cni0
               valid_lft forever preferred_lft forever
        """
            .replace("N", Integer.toString(n)));
    Files.writeString(
        d.resolve("ip-route.txt"),
        """
        default via 10.0.N.1 dev eth0
        10.0.N.0/24 dev eth0 proto kernel scope link src 10.0.N.10
        10.244.N.0/24 dev cni0 proto kernel scope link src 10.244.N.1
        """
            .replace("N", Integer.toString(n)));
    Files.writeString(d.resolve("iptables-save.txt"), "");
  }

  private static Path snapshot(Path dir) throws IOException {
    node(dir, "node1", 1);
    node(dir, "node2", 2);
    return dir;
  }

  private static TraceResult trace(Network net, String to) {
    return net.trace(TraceRequest.builder("node1", to).build());
  }

  @Test
  void routes_bringsThePacketBackToTheNodeThatOwnsTheDestination(@TempDir Path dir)
      throws IOException {
    Path s = snapshot(dir);
    Network unknown = Podpath.load(s);
    assertThat(trace(unknown, "10.244.2.1").trace().succeeded()).isFalse();

    Network routes = Podpath.load(s, LoadOptions.DEFAULTS.withEdge(EdgeAssumption.Mode.ROUTES));
    TraceResult r = trace(routes, "10.244.2.1");
    String text = TextRenderer.render(r.trace(), "x");
    assertThat(r.trace().succeeded()).as(text).isTrue();
    assertThat(text).contains("edge").contains("node2");
    assertThat(routes.assumptions())
        .anySatisfy(
            a ->
                assertThat(a.toString())
                    .contains("--edge=routes")
                    .contains("10.244.2.0/24 via 10.0.2.10 (node2)"));
  }

  @Test
  void routes_leavesWhatNoDumpedHostOwns_outOfTheModel(@TempDir Path dir) throws IOException {
    Network routes =
        Podpath.load(snapshot(dir), LoadOptions.DEFAULTS.withEdge(EdgeAssumption.Mode.ROUTES));
    TraceResult r = trace(routes, "8.8.8.8");
    String text = TextRenderer.render(r.trace(), "x");
    assertThat(r.trace().succeeded()).isFalse();
    assertThat(text).contains("UNKNOWN").contains("beyond");
  }
}
