package dev.podpath.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podpath.model.packet.ArpMessage;
import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.packet.UdpPayload;
import dev.podpath.trace.Trace;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.render.pcap.TracePcap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample's probes written as one pcap-ng capture (as {@code podpath probes --pcap} writes it)
 * and read back by Wireshark's {@code tshark} with every checksum checked: no malformed frame, no
 * expert item of severity error (a bad checksum is one), nothing on tshark's standard error, and
 * the fields tshark dissects (interface, time, MACs, ARP, every IPv4 header's addresses, TTL and
 * length down into tunnels and ICMP errors' quotes, ICMP type and code, VXLAN and Geneve VNIs,
 * ports, TCP flags, frame length) equal the typed frames podpath traced. Skipped, saying so, where
 * tshark is not installed (Debian's {@code tshark} package).
 */
class PcapTsharkTest {

  /** Wireshark's expert severity "error" (PI_ERROR): bad checksums, malformed fields. */
  private static final long PI_ERROR = 0x00800000L;

  private static final String[] FIELDS = {
    "frame.interface_name",
    "frame.len",
    "frame.time_epoch",
    "eth.src",
    "eth.dst",
    "arp.opcode",
    "arp.src.proto_ipv4",
    "arp.dst.proto_ipv4",
    "ip.src",
    "ip.dst",
    "ip.ttl",
    "ip.len",
    "icmp.type",
    "icmp.code",
    "vxlan.vni",
    "geneve.vni",
    "udp.srcport",
    "udp.dstport",
    "tcp.flags",
    "_ws.expert.severity",
    "_ws.malformed",
  };

  @TempDir static Path dir;

  @BeforeAll
  static void tshark() {
    assumeTrue(tsharkRuns(), "tshark is not installed (apt-get install tshark)");
  }

  static Stream<Path> samples() {
    return Samples.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void tsharkReadsEveryFrame_asPodpathTracedIt(Path sample) throws Exception {
    Network net = Podpath.load(sample);
    List<Trace> traces = net.probes().stream().flatMap(a -> a.trace().stream()).toList();
    assumeTrue(!traces.isEmpty(), "no probe with a trace in " + sample.getFileName());
    List<String> expected = new ArrayList<>();
    for (TracePcap.Capture c : TracePcap.captures(traces)) {
      expected.add(expectedLine(c, net));
    }
    Path pcap = dir.resolve(sample.getFileName() + ".pcapng");
    Files.write(pcap, TracePcap.of(traces, net.topology(), "podpath test"));

    List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString()));
    // UDP 53 as plain data: a UDP probe carries what `nc -u -z` sends, the one byte "X", which
    // no DNS dissector could read as a message (samples/udp-dns.sh; the kernel's wire holds it too)
    cmd.addAll(List.of("-d", "udp.port==8472,vxlan", "-d", "udp.port==53,data"));
    cmd.addAll(List.of("-o", "ip.check_checksum:TRUE"));
    cmd.addAll(List.of("-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE"));
    cmd.addAll(List.of("-T", "fields", "-E", "separator=|", "-E", "occurrence=a"));
    for (String f : FIELDS) {
      cmd.add("-e");
      cmd.add(f);
    }
    Result r = run(cmd);
    assertEquals("", r.err, "tshark's standard error on " + pcap.getFileName());
    List<String> lines = r.out.lines().toList();
    assertEquals(expected.size(), lines.size(), "frames read by tshark");
    for (int i = 0; i < lines.size(); i++) {
      String[] got = lines.get(i).split("\\|", -1);
      int n = FIELDS.length;
      for (String severity : got[n - 2].split(",")) {
        if (!severity.isEmpty()) {
          assertTrue(
              Long.parseLong(severity) < PI_ERROR,
              "frame " + (i + 1) + " has an expert error: " + lines.get(i));
        }
      }
      assertEquals("", got[n - 1], "frame " + (i + 1) + " malformed: " + lines.get(i));
      String dissected = String.join("|", java.util.Arrays.copyOf(got, n - 2));
      assertEquals(expected.get(i), dissected, "frame " + (i + 1) + " of " + pcap.getFileName());
    }
  }

  /** What tshark should print for a capture, field by field, from the typed frame. */
  private static String expectedLine(TracePcap.Capture c, Network net) {
    Fields f = new Fields();
    boolean raw =
        net.topology()
            .device(c.dev())
            .map(
                d ->
                    d.kind() instanceof dev.podpath.model.topo.LinkKind.Tun
                        || d.kind() instanceof dev.podpath.model.topo.LinkKind.Ipip
                        || d.kind() instanceof dev.podpath.model.topo.LinkKind.WireGuard)
            .orElse(false);
    int len;
    if (raw && c.frame().payload() instanceof Ipv4Packet p) {
      f.ipv4(p);
      len = p.totalLength();
    } else {
      f.frame(c.frame());
      len = Frame.HEADER_BYTES + c.frame().l3Length();
    }
    return String.join(
        "|",
        c.dev().toString(),
        Integer.toString(len),
        String.format(
            java.util.Locale.ROOT,
            "%d.%09d",
            c.timeNanos() / 1_000_000_000L,
            c.timeNanos() % 1_000_000_000L),
        String.join(",", f.ethSrc),
        String.join(",", f.ethDst),
        String.join(",", f.arpOp),
        String.join(",", f.arpSrc),
        String.join(",", f.arpDst),
        String.join(",", f.ipSrc),
        String.join(",", f.ipDst),
        String.join(",", f.ttl),
        String.join(",", f.ipLen),
        String.join(",", f.icmpType),
        String.join(",", f.icmpCode),
        String.join(",", f.vni),
        String.join(",", f.geneveVni),
        String.join(",", f.sport),
        String.join(",", f.dport),
        String.join(",", f.tcpFlags));
  }

  /** The fields of every header in a frame, outer first, as tshark lists their occurrences. */
  private static final class Fields {
    final List<String> ethSrc = new ArrayList<>();
    final List<String> ethDst = new ArrayList<>();
    final List<String> arpOp = new ArrayList<>();
    final List<String> arpSrc = new ArrayList<>();
    final List<String> arpDst = new ArrayList<>();
    final List<String> ipSrc = new ArrayList<>();
    final List<String> ipDst = new ArrayList<>();
    final List<String> ttl = new ArrayList<>();
    final List<String> ipLen = new ArrayList<>();
    final List<String> icmpType = new ArrayList<>();
    final List<String> icmpCode = new ArrayList<>();
    final List<String> vni = new ArrayList<>();
    final List<String> geneveVni = new ArrayList<>();
    final List<String> sport = new ArrayList<>();
    final List<String> dport = new ArrayList<>();
    final List<String> tcpFlags = new ArrayList<>();

    void frame(Frame frame) {
      ethSrc.add(frame.src().toString());
      ethDst.add(frame.dst().toString());
      if (frame.payload() instanceof ArpMessage a) {
        arpOp.add(a.op() == ArpMessage.Op.REQUEST ? "1" : "2");
        arpSrc.add(a.senderIp().toString());
        arpDst.add(a.targetIp().toString());
      } else if (frame.payload() instanceof Ipv4Packet p) {
        ipv4(p);
      }
    }

    void ipv4(Ipv4Packet p) {
      ipSrc.add(p.src().toString());
      ipDst.add(p.dst().toString());
      ttl.add(Integer.toString(p.ttl()));
      ipLen.add(Integer.toString(p.totalLength()));
      if (p.l4() instanceof L4.Icmp i) {
        icmpType.add(Integer.toString(i.type()));
        icmpCode.add(Integer.toString(i.code()));
        i.quoted().ifPresent(this::ipv4);
      } else if (p.l4() instanceof L4.Udp u) {
        sport.add(Integer.toString(u.sport()));
        dport.add(Integer.toString(u.dport()));
        if (u.payload().isPresent() && u.payload().get() instanceof UdpPayload.Vxlan v) {
          vni.add(Integer.toString(v.vni()));
          frame(v.inner());
        } else if (u.payload().isPresent() && u.payload().get() instanceof UdpPayload.Geneve g) {
          // tshark shows a Geneve VNI in hex
          geneveVni.add(String.format("0x%06x", g.vni()));
          frame(g.inner());
        }
      } else if (p.l4() instanceof L4.Tcp t) {
        tcpFlags.add(String.format("0x%04x", t.flags().bits()));
      } else if (p.l4() instanceof L4.Ipip ipip) {
        ipv4(ipip.inner());
      }
    }
  }

  private record Result(String out, String err) {}

  private static Result run(List<String> cmd) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "tshark", ".out");
    Path err = Files.createTempFile(dir, "tshark", ".err");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "tshark finished");
    String errText =
        Files.readString(err, StandardCharsets.UTF_8)
            .lines()
            // tshark's note when it runs as root (the tests do in CI), not about the file
            .filter(l -> !l.startsWith("Running as user \"root\""))
            .reduce("", (a, b) -> a + b + "\n");
    return new Result(Files.readString(out, StandardCharsets.UTF_8), errText);
  }

  private static boolean tsharkRuns() {
    try {
      Process p =
          new ProcessBuilder("tshark", "--version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
