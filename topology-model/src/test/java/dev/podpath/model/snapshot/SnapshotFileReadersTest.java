package dev.podpath.model.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.dump.ParseResult;
import dev.podpath.model.topo.ListeningSocket;
import dev.podpath.model.topo.Sockets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The snapshot's own small readers: ss -ltun, ip netns list-id, kubectl get services. */
final class SnapshotFileReadersTest {

  @Test
  void ssLtun_listenersWithTheirAddresses_ipv6WildcardsAreDualStack() {
    ParseResult<Sockets> r =
        SsListeners.parse(
            "ss-ltun.txt",
            String.join(
                "\n",
                "Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess",
                "udp   UNCONN 0      0      127.0.0.53%lo:53        0.0.0.0:*",
                "tcp   LISTEN 0      1            0.0.0.0:8080      0.0.0.0:*",
                "tcp   LISTEN 0      4096               *:10250           *:*",
                "tcp   LISTEN 0      128             [::]:22           [::]:*",
                "tcp   LISTEN 0      128      [fe80::1]:23             [::]:*",
                "garbage here"));
    assertThat(r.value().known()).isTrue();
    assertThat(r.value().listening())
        .extracting(ListeningSocket::toString)
        .containsExactly(
            "udp 127.0.0.53:53", "tcp 0.0.0.0:8080", "tcp 0.0.0.0:10250", "tcp 0.0.0.0:22");
    assertThat(r.value().accepts(ListeningSocket.TCP, Ipv4Address.parse("10.0.0.1"), 22))
        .contains(true);
    assertThat(r.value().accepts(ListeningSocket.TCP, Ipv4Address.parse("10.0.0.1"), 23))
        .contains(false);
    assertThat(r.warnings())
        .singleElement()
        .satisfies(w -> assertThat(w.location()).isEqualTo("ss-ltun.txt:7:1"));
  }

  private static String captured(String name) throws java.io.IOException {
    try (var in =
        SnapshotFileReadersTest.class.getResourceAsStream(
            "/dev/podpath/model/dump/iproute2-6.1.0-ss-conntrack-1.4.7/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void ssLtnp_oneProtocolWithoutNetid_knowsOnlyTcp_andItsCommandLineSaysSo() throws Exception {
    Ipv4Address any = Ipv4Address.parse("127.0.0.1");
    // without a command line, the rows tell the protocol: LISTEN is TCP
    Sockets bare = SsListeners.parse("ss-ltun.txt", captured("ss-ltnp.txt")).value();
    assertThat(bare.protocols()).containsExactly(ListeningSocket.TCP);
    assertThat(bare.accepts(ListeningSocket.TCP, any, 6443)).contains(true);
    assertThat(bare.accepts(ListeningSocket.TCP, any, 80)).contains(false);
    assertThat(bare.accepts(ListeningSocket.UDP, any, 53)).isEmpty();
    // two pasted commands: TCP's listing is empty, UDP's has port 53; both known
    Sockets two =
        SsListeners.parse(
                "ss-ltun.txt",
                "# ss -ltnp\nState  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"
                    + "# ss -lunp\n"
                    + captured("ss-lunp.txt"))
            .value();
    assertThat(two.known()).isTrue();
    assertThat(two.accepts(ListeningSocket.TCP, any, 6443)).contains(false);
    assertThat(two.accepts(ListeningSocket.UDP, any, 53)).contains(true);
    // ss -tan: the connection is no listener, the listener is
    ParseResult<Sockets> all =
        SsListeners.parse("ss-ltun.txt", "# ss -tan\n" + captured("ss-tan.txt"));
    assertThat(all.warnings()).isEmpty();
    assertThat(all.value().listening())
        .extracting(ListeningSocket::toString)
        .containsExactly("tcp 127.0.0.1:6443");
    assertThat(all.value().protocols()).containsExactly(ListeningSocket.TCP);
    // -tulpn's Netid layout: both protocols
    assertThat(SsListeners.parse("ss-ltun.txt", captured("ss-tulpn.txt")).value().known()).isTrue();
    // a filter or a grep leaves the namespace's sockets unknown
    assertThat(SsListeners.protocolsOf(" -ltnp sport = :80")).isEmpty();
    assertThat(SsListeners.protocolsOf(" -ltnp | grep 80")).isEmpty();
    assertThat(SsListeners.protocolsOf(" -tn")).isEmpty();
    assertThat(SsListeners.protocolsOf(" -lnp"))
        .containsExactlyInAnyOrder(ListeningSocket.TCP, ListeningSocket.UDP);
  }

  @Test
  void netnsListId_namedAndUnnamed() {
    ParseResult<Map<Integer, Optional<String>>> r =
        NetnsIds.parse("ids.txt", "nsid 0 (iproute2 netns name: pod5)\nnsid 1\nnsid x\n");
    assertThat(r.value())
        .containsEntry(0, Optional.of("pod5"))
        .containsEntry(1, Optional.empty())
        .hasSize(2);
    assertThat(r.warnings()).singleElement().satisfies(w -> assertThat(w.line()).isEqualTo(3));
  }
}
