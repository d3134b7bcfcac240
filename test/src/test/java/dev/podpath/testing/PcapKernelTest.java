package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.render.pcap.TracePcap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * podpath's pcap against a capture in the kernel: the veth pair sample built in a sandbox that
 * vanishes with its process ({@code unshare --net --mount}), Wireshark's {@code dumpcap} capturing
 * on ns1's veth0 while ns1 pings ns2 once, and the frames it caught (length, EtherType, ARP
 * operation, IPv4 addresses, TTL and length, ICMP type), in order, equal the frames podpath's trace
 * puts on {@code ns1/veth0}. The kernel's own IPv6 chatter on a new link (router and neighbour
 * solicitations), which podpath does not model, is left out. Root, unshare and dumpcap needed;
 * skipped, saying why, otherwise.
 */
@Tag("kernel")
class PcapKernelTest {

  private static final String FIELDS =
      "-e frame.len -e eth.type -e arp.opcode -e ip.src -e ip.dst -e ip.ttl -e ip.len -e icmp.type";

  @Test
  void aPingOverAVethPair_isTheFramesTheKernelSends(@TempDir Path dir) throws Exception {
    assumeTrue(run("id -u").strip().equals("0"), "root is needed for the kernel sandbox");
    String missing =
        run("for c in unshare dumpcap tshark; do command -v $c >/dev/null || echo $c; done");
    assumeTrue(missing.isBlank(), "not installed: " + missing.strip());
    Path kernel = dir.resolve("kernel.pcapng");
    String sandbox =
        String.join(
            "\n",
            "mkdir -p /run/netns; mount -t tmpfs none /run/netns; mount -t sysfs none /sys",
            "ip netns add ns1; ip netns add ns2",
            "ip link add veth0 type veth peer name veth1",
            "ip link set veth0 netns ns1; ip link set veth1 netns ns2",
            "ip netns exec ns1 ip addr add 10.1.1.1/24 dev veth0",
            "ip netns exec ns2 ip addr add 10.1.1.2/24 dev veth1",
            "ip netns exec ns1 ip link set veth0 up; ip netns exec ns2 ip link set veth1 up",
            "ip netns exec ns1 dumpcap -q -i veth0 -w " + kernel + " -a duration:3 2>/dev/null &",
            "sleep 1.5",
            "ip netns exec ns1 ping -c1 -W1 10.1.1.2 >/dev/null",
            "wait");
    Path script = dir.resolve("sandbox.sh");
    Files.writeString(script, sandbox);
    String out = run("timeout 60 unshare --net --mount --propagation private bash " + script);
    assumeTrue(Files.exists(kernel), "the sandbox did not run: " + out);
    List<String> caught =
        run("tshark -n -r " + kernel + " -Y 'not ipv6' -T fields " + FIELDS + " 2>/dev/null")
            .lines()
            .toList();

    Network net = Podpath.load(Samples.sample("veth-pair.sh"));
    Trace t =
        dev.podpath.trace.Tracer.trace(
            net.topology(), Probe.icmp(NetnsName.of("ns1"), Ipv4Address.parse("10.1.1.2")));
    Path ours = dir.resolve("podpath.pcapng");
    Files.write(ours, TracePcap.of(t, net.topology(), "podpath test"));
    List<String> traced =
        run("tshark -n -r "
                + ours
                + " -Y 'frame.interface_name == \"ns1/veth0\"' -T fields "
                + FIELDS
                + " 2>/dev/null")
            .lines()
            .toList();

    assertThat(caught).as("the kernel's capture").hasSize(4);
    assertThat(traced).isEqualTo(caught);
  }

  private static String run(String command) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
