package dev.podpath.model.script;

import static dev.podpath.model.script.Scripts.fails;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wg set}: read as wg reads it, the private key taken from a file of the scenario's folder
 * and handed to the kernel side's wg on its standard input (never by its path), and the WireGuard
 * device said to be not modelled.
 */
final class WgTest {

  private static final String A_PUB = "Y2FD6uTgrq+/bbBAXCNOtE+PGk8Papoh7qaWBpQUXn0=";
  private static final String A_KEY = "YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";

  private static Scenario interpret(Path dir, String... lines) throws ScriptException {
    return ScenarioInterpreter.interpret(
        dir.resolve("t.sh").toString(),
        String.join("\n", lines),
        dev.podpath.model.sysctl.Sysctls.kernelDefaults());
  }

  @Test
  void wgSet_runsWithTheKeyOnStandardInput_andTheDeviceIsNotModelled(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("a.key"), A_KEY + "\n");
    Scenario s =
        interpret(
            dir,
            "ip netns add a",
            "ip -n a link add wg0 type wireguard",
            "ip netns exec a wg set wg0 listen-port 51820 private-key a.key peer "
                + A_PUB
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
            A_PUB,
            "allowed-ips",
            "10.0.2.0/24,10.0.3.0/24",
            "endpoint",
            "192.168.0.2:51820",
            "persistent-keepalive",
            "25");
    assertThat(wg.stdin()).contains(A_KEY + "\n");
    assertThat(s.notes().toString()).contains("WireGuard device a/wg0", "not modelled");
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
