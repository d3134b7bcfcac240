package dev.podpath.trace.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.trace.Probe;
import dev.podpath.trace.render.TextRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot's dumped state a trace starts from: the connections of {@code conntrack -L} (a packet
 * of a dumped flow keeps the NAT the kernel bound, even to an endpoint that is gone) and the
 * listening sockets of {@code ss} (a TCP probe to a port nobody listens on gets the kernel's RST).
 */
final class DumpedStateTest {

  /** One node, one DNS Service DNAT'd by kube-proxy's rule to 10.0.0.2 (conntrack in use). */
  private static Path node(Path dir) throws IOException {
    Path n = Files.createDirectories(dir.resolve("node1"));
    Files.writeString(
        n.resolve("ip-addr.txt"),
        """
        1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
            link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
            inet 127.0.0.1/8 scope host lo
               valid_lft forever preferred_lft forever
        2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
            link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff
            inet 10.0.0.1/24 brd 10.0.0.255 scope global eth0
               valid_lft forever preferred_lft forever
        """);
    Files.writeString(
        n.resolve("ip-route.txt"),
        "default via 10.0.0.254 dev eth0\n10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1\n");
    Files.writeString(
        n.resolve("iptables-save.txt"),
        """
        *nat
        :PREROUTING ACCEPT [0:0]
        :INPUT ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :POSTROUTING ACCEPT [0:0]
        -A OUTPUT -d 10.96.0.10/32 -p udp -m udp --dport 53 -j DNAT --to-destination 10.0.0.2:53
        COMMIT
        """);
    return n;
  }

  private static String dns(Path snapshot) throws IOException {
    Network net = Podpath.load(snapshot);
    TraceRequest r =
        TraceRequest.builder("node1", "10.96.0.10")
            .protocol(Probe.Protocol.UDP)
            .sport(40000)
            .dport(53)
            .build();
    return TextRenderer.render(net.trace(r).trace(), "x");
  }

  @Test
  void aDumpedConntrackEntry_keepsItsDnat_toTheEndpointItWasBoundTo(@TempDir Path dir)
      throws IOException {
    Path n = node(dir);
    assertThat(dns(dir)).contains("10.0.0.2").doesNotContain("10.0.0.9");
    // conntrack-tools 1.4.7's line for a DNS query DNAT'd to an endpoint since deleted
    Files.writeString(
        n.resolve("conntrack-L.txt"),
        "udp      17 28 src=10.0.0.1 dst=10.96.0.10 sport=40000 dport=53 [UNREPLIED] src=10.0.0.9"
            + " dst=10.0.0.1 sport=53 dport=40000 mark=0 use=1\n"
            + "conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n");
    String withEntry = dns(dir);
    assertThat(withEntry).contains("10.0.0.9");
    assertThat(withEntry.lines().filter(l -> l.contains("DNAT") && l.contains("10.0.0.2")))
        .isEmpty();
  }

  @Test
  void dockerNetworkInspect_givesTheBridgeAndItsContainers_whereNoDumpShowsThem(@TempDir Path dir)
      throws IOException {
    Path n = node(dir);
    // docker/cli's documented output (topology-model test resources dump/docker-cli-docs)
    Files.writeString(
        n.resolve("docker-network-inspect.json"),
        """
        [
          {
            "Name": "bridge",
            "Id": "b2b1a2cba717161d984383fd68218cf70bbbd17d328496885f7c921333228b0f",
            "Driver": "bridge",
            "IPAM": {
              "Driver": "default",
              "Config": [
                {
                  "Subnet": "172.17.42.1/16",
                  "Gateway": "172.17.42.1"
                }
              ]
            },
            "Containers": {
              "bda12f8922785d1f160be70736f26c1e331ab8aaf8ed8d56728508f2e2fd4727": {
                "Name": "container2",
                "MacAddress": "02:42:ac:11:00:02",
                "IPv4Address": "172.17.0.2/16",
                "IPv6Address": ""
              }
            },
            "Options": {
              "com.docker.network.bridge.name": "docker0"
            }
          }
        ]
        """);
    Network net = Podpath.load(dir);
    assertThat(net.assumptions())
        .anySatisfy(
            a ->
                assertThat(a.toString()).contains("docker0 is the bridge of Docker network bridge"))
        .anySatisfy(a -> assertThat(a.toString()).contains("container container2"));
    TraceResult r = net.trace(TraceRequest.builder("node1", "172.17.0.2").build());
    assertThat(r.trace().succeeded()).isTrue();
    assertThat(TextRenderer.render(r.trace(), "x")).contains("docker0").contains("container2");
    TraceResult back = net.trace(TraceRequest.builder("container2", "10.0.0.1").build());
    assertThat(back.trace().succeeded()).isTrue();
  }

  @Test
  void aTcpProbeToAPortNoSocketListensOn_getsTheRst_whenSsWasPasted(@TempDir Path dir)
      throws IOException {
    Path n = node(dir);
    Files.writeString(
        n.resolve("ss-ltun.txt"),
        """
        # ss -ltnp
        State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
        LISTEN 0      1          127.0.0.1:6443      0.0.0.0:*    users:(("nc",pid=13399,fd=3))
        """);
    Network net = Podpath.load(dir);
    TraceResult closed =
        net.trace(
            TraceRequest.builder("node1", "10.0.0.1")
                .protocol(Probe.Protocol.TCP)
                .dport(80)
                .build());
    assertThat(closed.trace().succeeded()).isFalse();
    assertThat(TextRenderer.render(closed.trace(), "x")).containsIgnoringCase("refused");
    TraceResult open =
        net.trace(
            TraceRequest.builder("node1", "127.0.0.1")
                .protocol(Probe.Protocol.TCP)
                .dport(6443)
                .build());
    assertThat(open.trace().succeeded()).isTrue();
  }
}
