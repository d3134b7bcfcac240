package dev.podpath.model.script;

import static dev.podpath.model.script.Scripts.fails;
import static dev.podpath.model.script.Scripts.ns;
import static dev.podpath.model.script.Scripts.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.script.ProbeSpec.Connect;
import dev.podpath.model.topo.ListeningSocket;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Sockets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@code nc -lk PORT &} opens a port; {@code nc -zv DEST PORT} is a TCP connect probe. */
final class NetcatTest {

  private static final String[] SETUP = {
    "ip netns add ns1",
    "ip -n ns1 link add eth0 type veth peer name h0",
    "ip -n ns1 link set eth0 up",
    "ip -n ns1 addr add 10.0.0.2/24 dev eth0"
  };

  private static String[] with(String... lines) {
    String[] all = Arrays.copyOf(SETUP, SETUP.length + lines.length);
    System.arraycopy(lines, 0, all, SETUP.length, lines.length);
    return all;
  }

  @Test
  void connect_probe_withItsOptions() {
    Scenario s = run(with("ip netns exec ns1 nc -zv -w 2 -s 10.0.0.2 -p 40001 10.0.0.1 8080"));
    Connect c = (Connect) s.probes().get(0);
    assertThat(c.numeric()).isFalse();
    assertThat(c.netns()).isEqualTo(NetnsName.of("ns1"));
    assertThat(c.destination()).isEqualTo(Ipv4Address.parse("10.0.0.1"));
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.waitMillis()).contains(2000L);
    assertThat(c.source()).contains(Ipv4Address.parse("10.0.0.2"));
    assertThat(c.sourcePort()).contains(40001);
    assertThat(c.verbose()).isTrue();
    assertThat(c.origin().line()).isEqualTo(5);
  }

  @Test
  void connect_withoutWait_usesTheKernelsRetries() {
    Connect c = (Connect) run(with("ip netns exec ns1 nc -z 10.0.0.1 80")).probes().get(0);
    assertThat(c.waitMillis()).isEmpty();
    assertThat(c.verbose()).isFalse();
  }

  @Test
  void listener_inTheBackground_opensThePort() {
    Scenario s =
        run(with("ip netns exec ns1 nc -lk 8080 &", "ip netns exec ns1 nc -l -k 10.0.0.2 9090 &"));
    Sockets sockets = ns(s, "ns1").sockets();
    assertThat(sockets.known()).isTrue();
    assertThat(sockets.listening())
        .extracting(ListeningSocket::toString)
        .containsExactly("tcp 0.0.0.0:8080", "tcp 10.0.0.2:9090");
    assertThat(sockets.accepts(ListeningSocket.TCP, Ipv4Address.parse("10.0.0.2"), 8080))
        .contains(true);
    assertThat(sockets.accepts(ListeningSocket.TCP, Ipv4Address.parse("127.0.0.1"), 9090))
        .contains(false);
    assertThat(sockets.accepts(ListeningSocket.UDP, Ipv4Address.parse("10.0.0.2"), 8080))
        .contains(false);
  }

  @Test
  void aScriptsNamespaces_knowTheyHaveNoServers() {
    Scenario s = run(SETUP);
    assertThat(ns(s, "ns1").sockets()).isEqualTo(Sockets.NONE);
  }

  @Test
  void eachProbe_seesTheServersStartedBeforeIt() {
    Scenario s =
        run(
            with(
                "ip netns exec ns1 nc -zv -w1 10.0.0.2 80",
                "ip netns exec ns1 nc -lk 80 &",
                "ip netns exec ns1 nc -zv -w1 10.0.0.2 80"));
    assertThat(s.topologyAt(0).require(NetnsName.of("ns1")).sockets().listening()).isEmpty();
    assertThat(s.topologyAt(1).require(NetnsName.of("ns1")).sockets().listening()).hasSize(1);
  }

  @Test
  void listener_withoutKeep_isNotedAsServingOneConnection() {
    Scenario s = run(with("ip netns exec ns1 nc -l 8080 &"));
    assertThat(s.notes())
        .anySatisfy(n -> assertThat(n.toString()).contains("without -k serves one connection"));
  }

  @Test
  void mistakes_areNamed() {
    assertThat(fails(with("ip netns exec ns1 nc -lk 8080")).getMessage())
        .contains("start the server in the background");
    assertThat(
            fails(with("ip netns exec ns1 nc -lk 8080 &", "ip netns exec ns1 nc -lk 8080 &"))
                .getMessage())
        .contains("Address already in use");
    assertThat(fails(with("ip netns exec ns1 nc -lk 10.9.9.9 8080 &")).getMessage())
        .contains("Cannot assign requested address");
    assertThat(fails(with("ip netns exec ns1 nc -zv 10.0.0.1")).getMessage())
        .contains("missing port number");
    assertThat(fails(with("ip netns exec ns1 nc -zv 10.0.0.1 70000")).getMessage())
        .contains("port number invalid");
    assertThat(fails(with("ip netns exec ns1 nc -zv 10.0.0.1 80-90")).getMessage())
        .contains("one port at a time");
    assertThat(fails(with("ip netns exec ns1 nc -zv web 80")).getMessage())
        .contains("Name or service not known");
    assertThat(fails(with("ip netns exec ns1 nc -X 5 -x proxy:1080 10.0.0.1 80")).getMessage())
        .contains("option not modelled");
  }

  @Test
  void udp_isAProbe_ofOneDatagram() {
    Scenario s = run(with("ip netns exec ns1 nc -u -zv -w1 10.0.0.1 53"));
    assertThat(s.probes()).hasSize(1);
    ProbeSpec.Connect c = (ProbeSpec.Connect) s.probes().get(0);
    assertThat(c.udp()).isTrue();
    assertThat(c.port()).isEqualTo(53);
    assertThat(c.waitMillis()).contains(1000L);
    assertThat(c.verbose()).isTrue();
    ProbeSpec.Connect tcp =
        (ProbeSpec.Connect) run(with("ip netns exec ns1 nc -zv 10.0.0.1 53")).probes().get(0);
    assertThat(tcp.udp()).isFalse();
  }

  @Test
  void udpServer_withoutK_saysItAnswersOnlyItsFirstPeer() {
    Scenario once = run(with("ip netns exec ns1 nc -u -l 5353 &"));
    assertThat(once.notes())
        .anySatisfy(n -> assertThat(n.toString()).contains("answers only its first peer"));
    Scenario kept = run(with("ip netns exec ns1 nc -u -lk 5353 &"));
    assertThat(kept.notes()).noneSatisfy(n -> assertThat(n.toString()).contains("first peer"));
  }
}
