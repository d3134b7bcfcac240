package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.render.pcap.TracePcap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * podpath's pcap against captures in the kernel. A sample's commands up to its first probe run in a
 * sandbox that vanishes with its process ({@code unshare --net --mount}); Wireshark's {@code
 * dumpcap} captures on every device of every namespace, without promiscuous mode (as {@code tcpdump
 * -p}: a bridge device shows what the host sends and receives through it, not what it forwards from
 * port to port); one {@code ping -c1} runs. Then the devices that saw a frame are those podpath's
 * pcap has, and on each the frames are podpath's, in the same order: length, MACs, EtherType, ARP
 * operation and addresses, every IPv4 header's addresses, TTL and length (the outer and the inner
 * one of a VXLAN frame), ICMP type, UDP destination port and VNI.
 *
 * <p>MACs are compared by the devices that own them ({@code ns2/veth1}): where a script does not
 * set one, the kernel picks a random MAC and podpath another. A bridge without an address of its
 * own takes its lowest port's, and which port that is depends on the random MACs: it is named by
 * the bridge alone. Left out: the kernel's own chatter on a new link (IPv6 router and neighbour
 * solicitations, MLD, a bridge's IGMP membership reports), which podpath does not model, and the
 * VXLAN UDP source port (a hash of the inner flow). Root, unshare, dumpcap and tshark needed;
 * skipped, saying which is missing, otherwise.
 */
@Tag("kernel")
class PcapKernelTest {

  private static final String FIELDS =
      String.join(
          " -e ",
          "",
          "frame.interface_name",
          "frame.len",
          "eth.src",
          "eth.dst",
          "eth.type",
          "arp.opcode",
          "arp.src.hw_mac",
          "arp.src.proto_ipv4",
          "arp.dst.proto_ipv4",
          "ip.src",
          "ip.dst",
          "ip.ttl",
          "ip.len",
          "icmp.type",
          "udp.dstport",
          "vxlan.vni");

  private static final Pattern MAC =
      Pattern.compile("\\b[0-9a-f]{2}(:[0-9a-f]{2}){5}\\b", Pattern.CASE_INSENSITIVE);

  @ParameterizedTest(name = "{0}: {1} pings {2}")
  @CsvSource({
    "veth-pair.sh, ns1, 10.1.1.2",
    "bridge.sh, ns2, 10.1.1.2",
    "flannel-host-gw.sh, busybox-jpnb6, 10.10.2.4",
    "flannel-vxlan.sh, busybox-jpnb6, 10.10.2.4",
    "flannel-vxlan.sh, busybox-pg7ps, 10.10.1.6",
  })
  void aPing_isTheFramesTheKernelCaughtOnEachDevice(
      String sample, String from, String to, @TempDir Path dir) throws Exception {
    assumeTrue(run("id -u").strip().equals("0"), "root is needed for the kernel sandbox");
    String missing =
        run("for c in unshare dumpcap tshark; do command -v $c >/dev/null || echo $c; done");
    assumeTrue(missing.isBlank(), "not installed: " + missing.strip());

    Network net = Podpath.load(Samples.sample(sample));
    Trace t =
        dev.podpath.trace.Tracer.trace(
            net.topology(), Probe.icmp(NetnsName.of(from), Ipv4Address.parse(to)));
    Path ours = dir.resolve("podpath.pcapng");
    Files.write(ours, TracePcap.of(t, net.topology(), "podpath test"));
    java.util.Set<String> bridges = new TreeSet<>();
    net.topology()
        .netnsList()
        .forEach(
            ns ->
                ns.deviceList().stream()
                    .filter(NetDevice::isBridge)
                    .forEach(d -> bridges.add(ns.name() + "/" + d.name())));
    Map<String, List<String>> traced = byDevice(frames(ours), byBridge(podpathMacs(net), bridges));
    assertThat(traced).as("podpath's pcap").isNotEmpty();

    // every device of the scenario is captured: one podpath leaves out would show as missing
    java.util.Set<String> all = new TreeSet<>();
    net.topology()
        .netnsList()
        .forEach(
            ns ->
                ns.deviceList().stream()
                    .filter(d -> !d.isLoopback())
                    .forEach(d -> all.add(ns.name() + "/" + d.name())));
    Map<String, List<String>> caught = kernel(sample, from, to, all, bridges, dir);
    assertThat(caught.keySet()).as("the devices captured").isEqualTo(traced.keySet());
    for (String device : traced.keySet()) {
      assertThat(traced.get(device))
          .as("the frames on %s: the kernel's (expected) and podpath's (actual)", device)
          .isEqualTo(caught.get(device));
    }
  }

  /** The sample's commands up to its first probe, then the captures and the ping, in a sandbox. */
  private static Map<String, List<String>> kernel(
      String sample,
      String from,
      String to,
      java.util.Set<String> devices,
      java.util.Set<String> bridges,
      Path dir)
      throws Exception {
    List<String> lines = Files.readAllLines(Samples.sample(sample));
    int firstProbe =
        Podpath.load(Samples.sample(sample)).scenario().probes().get(0).origin().line();
    Path setup = dir.resolve("setup.sh");
    Files.createDirectories(dir.resolve("kernel"));
    Files.write(setup, lines.subList(0, firstProbe - 1));
    Map<String, List<String>> byNetns = new TreeMap<>();
    for (String d : devices) {
      int slash = d.indexOf('/');
      byNetns
          .computeIfAbsent(d.substring(0, slash), k -> new ArrayList<>())
          .add(d.substring(slash + 1));
    }
    List<String> script = new ArrayList<>();
    script.add("mkdir -p /run/netns; mount -t tmpfs none /run/netns; mount -t sysfs none /sys");
    script.add("bash " + setup + " >" + dir.resolve("setup.log") + " 2>&1");
    script.add("pids=''");
    for (Map.Entry<String, List<String>> e : byNetns.entrySet()) {
      String in = inNetns(e.getKey());
      String ifs = e.getValue().stream().map(d -> "-i " + d).collect(Collectors.joining(" "));
      script.add(in + "ip -o link >" + dir.resolve(e.getKey() + ".links"));
      script.add(
          in
              + "dumpcap -q -p "
              + ifs
              + " -w "
              + dir.resolve("kernel").resolve(e.getKey() + ".pcapng")
              + " -a duration:120 2>/dev/null & pids=\"$pids $!\"");
    }
    // dumpcap creates its file once it captures: wait for all of them (a loaded machine is slow)
    script.add(
        "for i in $(seq 200); do n=0; for f in "
            + dir.resolve("kernel")
            + "/*.pcapng; do [ -e \"$f\" ] && n=$((n+1)); done; [ $n = "
            + byNetns.size()
            + " ] && break; sleep 0.1; done; sleep 1");
    script.add(inNetns(from) + "ping -c1 -W1 " + to + " >/dev/null");
    script.add("sleep 1; kill -INT $pids; wait");
    Path sandbox = dir.resolve("sandbox.sh");
    Files.writeString(sandbox, String.join("\n", script) + "\n");
    String out = run("timeout 90 unshare --net --mount --propagation private bash " + sandbox);
    Map<String, String> macs = new LinkedHashMap<>();
    Map<String, List<String>> caught = new TreeMap<>();
    for (String ns : byNetns.keySet()) {
      Path links = dir.resolve(ns + ".links");
      assumeTrue(Files.exists(links), "the sandbox did not run: " + out);
      for (String l : Files.readAllLines(links)) {
        Matcher m = Pattern.compile("^\\d+: ([^:@ ]+)[^ ]*: .* link/ether (\\S+)").matcher(l);
        if (m.find()) {
          macs.merge(
              m.group(2).toLowerCase(java.util.Locale.ROOT),
              ns + "/" + m.group(1),
              PcapKernelTest::both);
        }
      }
    }
    for (String ns : byNetns.keySet()) {
      Path pcap = dir.resolve("kernel").resolve(ns + ".pcapng");
      assertThat(pcap).as("dumpcap's capture in " + ns + " (" + out + ")").exists();
      byDevice(frames(pcap), byBridge(macs, bridges))
          .forEach((dev, frames) -> caught.put(ns + "/" + dev, frames));
    }
    return caught;
  }

  /**
   * A bridge's MAC named by the bridge alone: without an address of its own it takes its lowest
   * port's, and which port that is depends on the random MACs the kernel gave them.
   */
  private static Map<String, String> byBridge(
      Map<String, String> macs, java.util.Set<String> bridges) {
    Map<String, String> out = new LinkedHashMap<>();
    macs.forEach(
        (mac, names) -> {
          List<String> bridge =
              List.of(names.split(",")).stream().filter(bridges::contains).toList();
          out.put(mac, bridge.isEmpty() ? names : String.join(",", bridge));
        });
    return out;
  }

  private static String inNetns(String ns) {
    return ns.equals(NetnsName.ROOT.toString()) ? "" : "ip netns exec " + ns + " ";
  }

  private static String both(String a, String b) {
    TreeSet<String> s = new TreeSet<>(List.of(a.split(",")));
    s.addAll(List.of(b.split(",")));
    return String.join(",", s);
  }

  /** Every MAC of the scenario's devices, with the devices that have it. */
  private static Map<String, String> podpathMacs(Network net) {
    Map<String, String> macs = new LinkedHashMap<>();
    for (Netns ns : net.topology().netnsList()) {
      for (NetDevice d : ns.deviceList()) {
        macs.merge(
            d.mac().toString().toLowerCase(java.util.Locale.ROOT),
            ns.name() + "/" + d.name(),
            PcapKernelTest::both);
      }
    }
    return macs;
  }

  private static List<String> frames(Path pcap) throws Exception {
    return run("tshark -n -r "
            + pcap
            + " -d udp.port==8472,vxlan -Y 'not ipv6 and not igmp' -T fields"
            + FIELDS
            + " 2>/dev/null")
        .lines()
        .toList();
  }

  /** The frames by device (the first field), each with its MACs named by their devices. */
  private static Map<String, List<String>> byDevice(List<String> frames, Map<String, String> macs) {
    Map<String, List<String>> out = new TreeMap<>();
    for (String f : frames) {
      int tab = f.indexOf('\t');
      Matcher m = MAC.matcher(f.substring(tab + 1));
      StringBuilder named = new StringBuilder();
      while (m.find()) {
        String mac = m.group().toLowerCase(java.util.Locale.ROOT);
        m.appendReplacement(
            named,
            Matcher.quoteReplacement(
                macs.getOrDefault(
                    mac,
                    mac.equals("ff:ff:ff:ff:ff:ff") || mac.equals("00:00:00:00:00:00")
                        ? mac
                        : "unknown " + mac)));
      }
      m.appendTail(named);
      out.computeIfAbsent(f.substring(0, tab), k -> new ArrayList<>()).add(named.toString());
    }
    return out;
  }

  private static String run(String command) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
