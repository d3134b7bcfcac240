package dev.podpath.model.script;

import static dev.podpath.model.script.Scripts.fails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.topo.LinkKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wg set}: read as wg reads it, the private key taken from a file of the scenario's folder
 * and handed to the kernel side's wg on its standard input (never by its path), and the device
 * configured as the kernel's netlink handler configures it (its public key, port and peers).
 */
final class WgTest {

  private static final String A_PUB = "Y2FD6uTgrq+/bbBAXCNOtE+PGk8Papoh7qaWBpQUXn0=";
  private static final String A_KEY = "YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
  private static final String OTHER_PUB = "4XBXjAqk/bVjAhPwCqpmrZb8EGirTY8kBKhknpeksFE=";
  private static final String THIRD_PUB = "TptPhf/IRNZfKImmpqxITQu/C5OqMAhj9tTQ7534zDw=";

  private static Scenario interpret(Path dir, String... lines) throws ScriptException {
    return ScenarioInterpreter.interpret(
        dir.resolve("t.sh").toString(),
        String.join("\n", lines),
        dev.podpath.model.sysctl.Sysctls.kernelDefaults());
  }

  @Test
  void wgSet_runsWithTheKeyOnStandardInput_andConfiguresTheDevice(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("a.key"), A_KEY + "\n");
    Scenario s =
        interpret(
            dir,
            "ip netns add a",
            "ip -n a link add wg0 type wireguard",
            "ip netns exec a wg set wg0 listen-port 51820 private-key a.key peer "
                + OTHER_PUB
                + " allowed-ips 10.0.2.0/24,10.0.3.0/24 endpoint 192.168.0.2:51820"
                + " persistent-keepalive 25");
    KernelStep wg =
        s.kernelSteps().stream().filter(k -> k.command().get(0).equals("wg")).findFirst().get();
    assertThat(wg.command())
        .containsExactly(
            "wg",
            "set",
            "wg0",
            "listen-port",
            "51820",
            "private-key",
            "/proc/self/fd/0",
            "peer",
            OTHER_PUB,
            "allowed-ips",
            "10.0.2.0/24,10.0.3.0/24",
            "endpoint",
            "192.168.0.2:51820",
            "persistent-keepalive",
            "25");
    assertThat(wg.stdin()).contains(A_KEY + "\n");
    LinkKind.WireGuard conf = wireguard(s, "a");
    // wg pubkey < a.key
    assertThat(conf.publicKey()).contains(A_PUB);
    assertThat(conf.listenPort()).isEqualTo(51820);
    assertThat(conf.peers())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.publicKey()).isEqualTo(OTHER_PUB);
              assertThat(p.endpoint()).contains(Ipv4Address.parse("192.168.0.2"));
              assertThat(p.endpointPort()).isEqualTo(51820);
              assertThat(p.allowedIps())
                  .containsExactly(Prefix.parse("10.0.2.0/24"), Prefix.parse("10.0.3.0/24"));
            });
    // a persistent keepalive's timer is not modelled, and said so
    assertThat(s.notes().toString()).contains("persistent-keepalive 25", "not modelled");
  }

  @Test
  void allowedIps_replaceThePeersList_andAPrefixMovesToTheLastPeerGivenIt(@TempDir Path dir)
      throws Exception {
    Scenario s =
        interpret(
            dir,
            "ip netns add a",
            "ip -n a link add wg0 type wireguard",
            "ip netns exec a wg set wg0 peer " + A_PUB + " allowed-ips 10.0.2.0/24,10.0.3.7/24",
            "ip netns exec a wg set wg0 peer " + OTHER_PUB + " allowed-ips 10.0.2.0/24",
            "ip netns exec a wg set wg0 peer " + A_PUB + " allowed-ips 10.0.4.0/24,10.0.3.0/24",
            "ip netns exec a wg set wg0 peer " + OTHER_PUB + " remove peer " + THIRD_PUB);
    LinkKind.WireGuard conf = wireguard(s, "a");
    assertThat(conf.peers())
        .extracting(LinkKind.WgPeer::publicKey)
        .containsExactly(A_PUB, THIRD_PUB);
    // host bits cleared, as the kernel keeps them
    assertThat(conf.peers().get(0).allowedIps())
        .containsExactly(Prefix.parse("10.0.4.0/24"), Prefix.parse("10.0.3.0/24"));
    assertThat(conf.peers().get(1).allowedIps()).isEmpty();
    assertThat(conf.peers().get(1).endpoint()).isEmpty();
  }

  @Test
  void thePeerWithTheDevicesOwnKey_isIgnored(@TempDir Path dir) throws Exception {
    // set_peer: a peer whose key is the device's own public key is skipped without an error
    Files.writeString(dir.resolve("a.key"), A_KEY + "\n");
    Scenario s =
        interpret(
            dir,
            "ip netns add a",
            "ip -n a link add wg0 type wireguard",
            "ip netns exec a wg set wg0 private-key a.key peer "
                + A_PUB
                + " allowed-ips 10.0.2.0/24");
    assertThat(wireguard(s, "a").peers()).isEmpty();
  }

  private static LinkKind.WireGuard wireguard(Scenario s, String ns) {
    return (LinkKind.WireGuard)
        s.topology()
            .netns(dev.podpath.model.topo.NetnsName.of(ns))
            .orElseThrow()
            .device("wg0")
            .orElseThrow()
            .kind();
  }

  @Test
  void aKeyFileOutsideTheScenariosFolder_isRefused(@TempDir Path dir) {
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    interpret(
                        dir,
                        "ip link add wg0 type wireguard",
                        "wg set wg0 private-key /etc/shadow")))
        .hasMessageContaining("only from the scenario's folder");
  }

  @Test
  void mistakes_stopTheScript_asWgSays() {
    for (List<String> bad :
        List.of(
            List.of("wg set wg0 listen-port 1"),
            List.of("ip link add wg0 type wireguard", "wg set wg0 peer notakey"),
            List.of("ip link add wg0 type wireguard", "wg set wg0 allowed-ips 10.0.0.0/8"),
            List.of(
                "ip link add wg0 type wireguard", "wg set wg0 peer " + A_PUB + " endpoint nowhere"),
            List.of("ip link add wg0 type wireguard", "wg set wg0 listen-port 70000"),
            List.of("ip link add wg0 type wireguard", "wg setconf wg0 wg0.conf"),
            List.of("ip link add v0 type veth peer name v1", "wg set v0 listen-port 1"))) {
      assertThat(fails(bad.toArray(String[]::new)).getMessage()).as(bad.toString()).isNotEmpty();
    }
    assertThat(fails("wg set wg0 listen-port 1").getMessage()).contains("No such device");
    assertThat(
            fails("ip link add v0 type veth peer name v1", "wg set v0 listen-port 1").getMessage())
        .contains("not a WireGuard device");
  }

  @Test
  void displays_runAndChangeNothing() {
    Scenario s = Scripts.run("ip link add wg0 type wireguard", "wg show", "wg show wg0");
    assertThat(s.kernelSteps()).extracting(k -> String.join(" ", k.command())).contains("wg show");
  }
}
