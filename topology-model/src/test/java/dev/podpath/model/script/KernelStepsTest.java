package dev.podpath.model.script;

import static dev.podpath.model.script.Scripts.fails;
import static dev.podpath.model.script.Scripts.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the kernel side of verify runs for a script: the argument vectors of the commands podpath
 * understood, innermost first through wrappers, never a display command, never the script's text.
 */
final class KernelStepsTest {

  private static List<String> commands(Scenario s) {
    return s.kernelSteps().stream()
        .map(
            k ->
                (k.mode() == KernelStep.Mode.SETUP
                        ? "setup: "
                        : k.mode() == KernelStep.Mode.BACKGROUND ? "bg: " : "")
                    + String.join(" ", k.argv()))
        .toList();
  }

  @Test
  void newNamespace_isFollowedByTurningItsIpv6Off() {
    assertThat(commands(run("ip netns add a", "ip -n a link set lo up")))
        .containsExactly(
            "ip netns add a",
            "setup: ip netns exec a sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1",
            "ip -n a link set lo up");
  }

  @Test
  void wrappers_recordTheirInnermostCommand_inItsNamespace() {
    Scenario s =
        run(
            "ip netns add a",
            "ip -n a link set lo up",
            "sudo ip netns exec a sh -c 'ip link set lo up && ping -c1 -W1 127.0.0.1' || true",
            "nsenter --net=/run/netns/a ip route get 127.0.0.1");
    assertThat(commands(s))
        .containsSubsequence(
            "ip netns exec a ip link set lo up",
            "ip netns exec a ping -c1 -W1 127.0.0.1",
            "ip netns exec a ip route get 127.0.0.1");
    assertThat(s.kernelSteps())
        .filteredOn(KernelStep::isProbe)
        .extracting(KernelStep::probe)
        .containsExactly(1, 2);
  }

  @Test
  void displayAndHousekeepingCommands_doNotRunInTheKernel() {
    Scenario s =
        run(
            "echo hello",
            "cat /etc/hostname",
            "hostname evil",
            "kill %1",
            "ls /",
            "true",
            "tcpdump -i any",
            "ethtool -K eth0 tx off",
            "modprobe br_netfilter",
            "arp -n");
    // the ones that might have mattered on a real host are said (verify lists them), displays are
    // not
    assertThat(s.kernelSteps())
        .allSatisfy(k -> assertThat(k.mode()).isEqualTo(KernelStep.Mode.NOT_RUN))
        .extracting(k -> String.join(" ", k.command()))
        .containsExactly(
            "hostname evil",
            "kill %1",
            "tcpdump -i any",
            "ethtool -K eth0 tx off",
            "modprobe br_netfilter");
  }

  @Test
  void procSysWrites_runAsSysctlWithThePathForm() {
    Scenario s =
        run(
            "ip link add br0.5 type bridge",
            "echo 1 > /proc/sys/net/ipv4/ip_forward",
            "echo 2 | tee /proc/sys/net/ipv4/conf/br0.5/rp_filter >/dev/null");
    assertThat(commands(s))
        .containsExactly(
            "ip link add br0.5 type bridge",
            "sysctl -w net/ipv4/ip_forward=1",
            "sysctl -w net/ipv4/conf/br0.5/rp_filter=2");
  }

  @Test
  void aRestoreReadsTheTextPodpathRead_onItsStandardInput() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("kernel-steps");
    java.nio.file.Path rules = dir.resolve("rules.txt");
    java.nio.file.Files.writeString(
        rules, "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p icmp -j DROP\nCOMMIT\n");
    try {
      Scenario s =
          ScenarioInterpreter.interpret(
              dir.resolve("t.sh").toString(),
              "iptables-restore < rules.txt\niptables-restore --noflush rules.txt",
              dev.podpath.model.sysctl.Sysctls.kernelDefaults());
      assertThat(commands(s)).containsExactly("iptables-restore", "iptables-restore --noflush");
      assertThat(s.kernelSteps())
          .allSatisfy(
              k ->
                  assertThat(k.stdin()).hasValueSatisfying(t -> assertThat(t).contains("-j DROP")));
    } finally {
      java.nio.file.Files.delete(rules);
      java.nio.file.Files.delete(dir);
    }
  }

  @Test
  void serversInTheBackground_runInTheBackground() {
    Scenario s = run("ip netns add a", "ip -n a link set lo up", "ip netns exec a nc -lk 8080 &");
    assertThat(commands(s)).last().isEqualTo("bg: ip netns exec a nc -lk 8080");
  }

  @Test
  void pingWithoutACount_isBoundedToOneRequest_andSaysSo() {
    Scenario s = run("ip link set lo up", "ip addr add 10.0.0.1/8 dev lo", "ping 10.0.0.1");
    assertThat(commands(s)).last().isEqualTo("ping -c 1 10.0.0.1");
    assertThat(s.notes()).anySatisfy(n -> assertThat(n.message()).contains("never ends"));
  }

  @Test
  void aFailedCommandOfAnOrList_isRecordedAsFailed_andItsAlternativeRuns() {
    Scenario s = run("ip link show dev nope || ip link add nope type bridge");
    assertThat(s.kernelSteps()).extracting(KernelStep::failed).containsExactly(true, false);
    assertThat(commands(s))
        .containsExactly("ip link show dev nope", "ip link add nope type bridge");
  }

  @Test
  void writingFiles_isRefused_atItsLine() {
    assertThat(fails("ip link show > /etc/motd").getMessage())
        .contains("t.sh:1")
        .contains("writes no files")
        .contains("/etc/motd");
    assertThat(fails("echo x >> /tmp/x").getMessage()).contains("writes no files");
    assertThat(fails("ip -j link | tee /root/out.json").getMessage()).contains("writes no files");
    assertThat(fails("ip link 2> /var/log/x").getMessage()).contains("writes no files");
    assertThat(fails("ip link &> /tmp/all").getMessage()).contains("writes no files");
    assertThat(fails("ip link >& /tmp/both").getMessage()).contains("writes no files");
    assertThat(commands(run("ip link show >/dev/null 2>&1", "ip link show 2>/dev/null >&2")))
        .hasSize(2);
  }

  @Test
  void anUnknownCommand_isRefused_evenInABranchThatWouldNotRun() {
    assertThat(fails("true || rm -rf /tmp/x").getMessage())
        .contains("t.sh:1")
        .contains("unknown command \"rm\"");
    assertThat(fails("ip link show dev nope || rm -rf /tmp/x").getMessage())
        .contains("unknown command \"rm\"");
    assertThat(fails("ip link show && curl http://example.com").getMessage())
        .contains("unknown command \"curl\"");
  }

  @Test
  void ipLinkShow_ofAMissingDevice_failsAsIpDoes() {
    assertThat(fails("ip link show dev nope").getMessage())
        .contains("Device \"nope\" does not exist.");
    assertThat(fails("ip link show nope").getMessage()).contains("Device \"nope\" does not exist.");
    assertThat(run("ip link show lo", "ip link show up", "ip link show type bridge").kernelSteps())
        .hasSize(3);
  }
}
