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
