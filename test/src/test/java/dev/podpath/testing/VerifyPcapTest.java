package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.Topology;
import dev.podpath.trace.api.InputException;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.render.pcap.PcapNg;
import dev.podpath.trace.render.pcap.PcapNgReader;
import dev.podpath.trace.render.pcap.TracePcap;
import dev.podpath.trace.verify.PcapComparison;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code verify --pcap}'s reading and comparison, without a kernel: a transcript whose captures are
 * podpath's own frames, cut into one dumpcap-like file per namespace (interfaces named by device
 * alone, as dumpcap names them), agrees device by device; the same with one byte of one frame
 * changed names that device and that frame. The kernel itself is {@code VerifyPcapKernelTest}'s.
 */
class VerifyPcapTest {

  @Test
  void podpathsOwnFramesAsTheKernelsCaptures_agreeOnEveryDevice() throws Exception {
    Network net = Podpath.loadScenario(Samples.sample("flannel-vxlan.sh"));
    PcapComparison c = net.comparePcap(transcript(net, -1), "test");
    assertThat(c.probes()).isNotEmpty();
    for (PcapComparison.ProbeFrames p : c.probes()) {
      assertThat(p.agree()).as("probe %d: %s", p.index(), p.devices()).isTrue();
    }
    // (a ping refused before sending, -M do over the MTU, has no frames on either side)
    assertThat(c.probes().stream().filter(p -> !p.devices().isEmpty()).count())
        .as("probes with frames")
        .isGreaterThanOrEqualTo(4);
    // the VXLAN frame on the underlay is read down to the inner header
    assertThat(c.probes().get(0).devices())
        .flatExtracting(PcapComparison.DeviceFrames::kernel)
        .anyMatch(f -> f.contains("UDP > 8472 VXLAN vni 1 [") && f.contains("ICMP type 8"));
    // both files are pcap-ng podpath reads back, the kernel's with one interface per ns/dev
    assertThat(PcapNgReader.read(c.kernelPcap(), "kernel"))
        .extracting(PcapNgReader.Packet::interfaceName)
        .allMatch(n -> n.contains("/"));
    assertThat(PcapNgReader.read(c.podpathPcap(), "podpath")).isNotEmpty();
  }

  @Test
  void aTtlChangedInOneFrame_isThatDevicesFirstDifference() throws Exception {
    Network net = Podpath.loadScenario(Samples.sample("veth-pair.sh"));
    PcapComparison c = net.comparePcap(transcript(net, 1), "test");
    List<PcapComparison.DeviceFrames> differ =
        c.probes().stream().flatMap(p -> p.devices().stream()).filter(d -> !d.agree()).toList();
    assertThat(differ).hasSize(1);
    PcapComparison.DeviceFrames d = differ.get(0);
    // ns1/veth0 during the first ping: ARP request, ARP reply, echo request, echo reply (changed)
    assertThat(d.device()).isEqualTo("ns1/veth0");
    assertThat(d.firstDifference()).isEqualTo(4);
    assertThat(d.kernelFrame(4))
        .contains("ttl 63")
        .isEqualTo(d.podpathFrame(4).replace("ttl 64", "ttl 63"));
  }

  @Test
  void aTranscriptWithoutCaptures_isRefusedSayingHowToRecordOne() {
    Network net = Podpath.loadScenario(Samples.sample("veth-pair.sh"));
    assertThatThrownBy(() -> net.comparePcap("# runner: podpath plan\n", "test"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("--pcap DIR --save-transcript FILE");
  }

  /**
   * A transcript's capture section holding podpath's own frames of every ping and connect; with
   * {@code changeFrame} k >= 0, the k-th IPv4 frame of the first probe gets TTL 63.
   */
  private static String transcript(Network net, int changeFrame) throws Exception {
    StringBuilder sb =
        new StringBuilder("# runner: podpath plan\n### podpath-captured (exit status 0)\n");
    List<List<dev.podpath.trace.Trace>> frames = net.probeFrames();
    int ipv4Seen = 0;
    for (int index : PcapComparison.probesToCapture(net.scenario())) {
      Topology topo = net.scenario().topologyAt(index - 1);
      List<dev.podpath.trace.Trace> t = frames.get(index - 1);
      Map<String, List<PcapNgReader.Packet>> byNs = new TreeMap<>();
      if (!t.isEmpty()) {
        for (PcapNgReader.Packet p :
            PcapNgReader.read(TracePcap.ofProbes(List.of(t), topo, "t"), "t")) {
          String ns = p.interfaceName().substring(0, p.interfaceName().indexOf('/'));
          byNs.computeIfAbsent(ns, k -> new ArrayList<>()).add(p);
        }
      }
      for (Netns ns : topo.netnsList()) {
        StringBuilder links = new StringBuilder("[");
        for (NetDevice d : ns.deviceList()) {
          links
              .append(links.length() > 1 ? "," : "")
              .append("{\"ifname\":\"")
              .append(d.name())
              .append("\",\"address\":\"")
              .append(d.mac().toString().toLowerCase(java.util.Locale.ROOT))
              .append("\"}");
        }
        file(sb, "probe-" + index + "/" + ns.name() + ".links.json", (links + "]").getBytes());
        List<PcapNgReader.Packet> packets = byNs.get(ns.name().toString());
        if (packets == null) {
          continue;
        }
        PcapNg pcap = new PcapNg("dumpcap-like");
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (PcapNgReader.Packet p : packets) {
          String dev = p.interfaceName().substring(p.interfaceName().indexOf('/') + 1);
          Integer id = ids.get(dev);
          if (id == null) {
            id = pcap.addInterface(p.linkType(), 262144, dev, dev, Optional.empty());
            ids.put(dev, id);
          }
          byte[] bytes = p.bytes();
          if (bytes.length > 34
              && bytes[12] == 0x08
              && bytes[13] == 0
              && ipv4Seen++ == changeFrame) {
            bytes[22] = 63;
          }
          pcap.addPacket(id, p.timeNanos(), bytes, bytes.length, "");
        }
        file(sb, "probe-" + index + "/" + ns.name() + ".pcapng", pcap.bytes());
      }
      changeFrame = changeFrame >= 0 ? Integer.MIN_VALUE : changeFrame;
    }
    return sb.toString();
  }

  private static void file(StringBuilder sb, String path, byte[] bytes) {
    sb.append("### file ").append(path).append('\n');
    sb.append(Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(bytes)).append('\n');
  }
}
