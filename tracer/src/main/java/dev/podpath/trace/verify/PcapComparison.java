package dev.podpath.trace.verify;

import dev.podpath.model.script.ProbeSpec;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.Topology;
import dev.podpath.trace.ProbeAnswer;
import dev.podpath.trace.Trace;
import dev.podpath.trace.render.pcap.PcapNg;
import dev.podpath.trace.render.pcap.PcapNgReader;
import dev.podpath.trace.render.pcap.TracePcap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code verify --pcap}: podpath's frames of each ping and connect of a scenario next to the frames
 * the kernel's wires carried while the same probe ran ({@link KernelCaptures}), device by device,
 * in order, each frame as a {@link FrameSummary} line; and both sides as pcap-ng files to open in
 * Wireshark. A device's frames agree when both lists are equal; else the first frame at which they
 * part is named. MACs are named by the devices that own them on each side (a device whose MAC the
 * script does not set has a random one in the kernel and another in podpath); a bridge's MAC by the
 * bridge alone (without an address of its own it takes its lowest port's, which depends on those
 * random MACs).
 *
 * @param probes the compared probes, in the scenario's order
 * @param podpathPcap podpath's frames of those probes, one after the other (as {@code probes
 *     --pcap})
 * @param kernelPcap the kernel's frames of those probes, one interface per {@code ns/dev}, each
 *     frame commented with its probe
 */
public record PcapComparison(List<ProbeFrames> probes, byte[] podpathPcap, byte[] kernelPcap) {

  public PcapComparison {
    probes = List.copyOf(probes);
    podpathPcap = podpathPcap.clone();
    kernelPcap = kernelPcap.clone();
  }

  @Override
  public byte[] podpathPcap() {
    return podpathPcap.clone();
  }

  @Override
  public byte[] kernelPcap() {
    return kernelPcap.clone();
  }

  /**
   * One probe's frames on both sides.
   *
   * @param index the probe's number among the scenario's probes (1-based)
   * @param devices every device on which either side has a frame, by name ({@code ns/dev})
   * @param notes what to know about the comparison (dumpcap's errors, no trace on podpath's side)
   */
  public record ProbeFrames(
      int index, ProbeSpec probe, List<DeviceFrames> devices, List<String> notes) {
    public ProbeFrames {
      devices = List.copyOf(devices);
      notes = List.copyOf(notes);
    }

    /** Whether the frames agree on every device. */
    public boolean agree() {
      return devices.stream().allMatch(DeviceFrames::agree);
    }
  }

  /** One device's frames during one probe: the kernel's and podpath's, in order. */
  public record DeviceFrames(String device, List<String> kernel, List<String> podpath) {
    public DeviceFrames {
      kernel = List.copyOf(kernel);
      podpath = List.copyOf(podpath);
    }

    public boolean agree() {
      return kernel.equals(podpath);
    }

    /** The 1-based number of the first frame that differs (or that one side lacks); 0 if none. */
    public int firstDifference() {
      int n = Math.max(kernel.size(), podpath.size());
      for (int i = 0; i < n; i++) {
        if (i >= kernel.size() || i >= podpath.size() || !kernel.get(i).equals(podpath.get(i))) {
          return i + 1;
        }
      }
      return 0;
    }

    /** The kernel's frame {@code n} (1-based), or {@code (none)}. */
    public String kernelFrame(int n) {
      return n >= 1 && n <= kernel.size() ? kernel.get(n - 1) : "(none)";
    }

    /** podpath's frame {@code n} (1-based), or {@code (none)}. */
    public String podpathFrame(int n) {
      return n >= 1 && n <= podpath.size() ? podpath.get(n - 1) : "(none)";
    }
  }

  /**
   * The probes whose frames are compared: every ping, {@code nc -z} and {@code traceroute} of the
   * scenario.
   */
  public static Set<Integer> probesToCapture(Scenario sc) {
    Set<Integer> out = new TreeSet<>();
    List<ProbeSpec> probes = sc.probes();
    for (int i = 0; i < probes.size(); i++) {
      if (probes.get(i) instanceof ProbeSpec.Ping
          || probes.get(i) instanceof ProbeSpec.Connect
          || probes.get(i) instanceof ProbeSpec.Traceroute) {
        out.add(i + 1);
      }
    }
    return out;
  }

  /**
   * Compares podpath's {@code answers} to the scenario's probes with the kernel's captures, taking
   * podpath's frames of each probe from {@code frames} (one list of traces per answer): the probes'
   * packets as they stood once the world was quiet again, as {@code verify --pcap}'s sandbox
   * captures them ({@code Network#probeFrames}).
   *
   * @param application the name written into both pcap-ng files' section headers
   * @throws IOException when a capture cannot be read
   */
  public static PcapComparison of(
      Scenario sc,
      List<ProbeAnswer> answers,
      List<List<Trace>> frames,
      KernelCaptures kernel,
      String application)
      throws IOException {
    if (frames.size() != answers.size()) {
      throw new IllegalArgumentException(
          frames.size() + " lists of frames for " + answers.size() + " answers");
    }
    List<ProbeFrames> out = new ArrayList<>();
    List<List<Trace>> traces = new ArrayList<>();
    PcapNg merged = new PcapNg(application + " (the kernel's captures, verify --pcap)");
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (Map.Entry<Integer, Map<String, KernelCaptures.Namespace>> e : kernel.probes().entrySet()) {
      int index = e.getKey();
      if (index < 1 || index > answers.size()) {
        throw new IOException("the kernel's captures name probe " + index + ", which is not there");
      }
      ProbeAnswer answer = answers.get(index - 1);
      Topology topology = sc.topologyAt(index - 1);
      Set<String> bridges = bridges(topology);
      Set<Integer> vxlanPorts = vxlanPorts(topology);
      List<String> notes = new ArrayList<>();

      // the kernel's side, and the merged file
      Map<String, String> kernelMacs = new LinkedHashMap<>();
      e.getValue()
          .forEach(
              (ns, c) ->
                  c.macs()
                      .forEach(
                          (mac, dev) -> kernelMacs.merge(mac, qualified(ns, dev), FramesBy::both)));
      FrameSummary kernelSummary =
          new FrameSummary(vxlanPorts, FramesBy.namer(FramesBy.byBridge(kernelMacs, bridges)));
      Map<String, List<String>> kernelFrames = new TreeMap<>();
      List<Captured> all = new ArrayList<>();
      for (Map.Entry<String, KernelCaptures.Namespace> n : e.getValue().entrySet()) {
        KernelCaptures.Namespace c = n.getValue();
        if (c.pcap().length == 0) {
          if (!c.log().isBlank() && !c.log().startsWith("Capturing on")) {
            notes.add("dumpcap in " + n.getKey() + ": " + KernelPlan.printable(c.log()));
          }
          continue;
        }
        for (PcapNgReader.Packet p :
            PcapNgReader.read(c.pcap(), "probe " + index + "'s capture in " + n.getKey())) {
          String device = n.getKey() + "/" + p.interfaceName();
          all.add(new Captured(device, p));
          kernelSummary
              .of(p.linkType(), p.bytes())
              .ifPresent(s -> kernelFrames.computeIfAbsent(device, k -> new ArrayList<>()).add(s));
        }
      }
      all.sort(Comparator.comparingLong(c -> c.packet().timeNanos()));
      String comment =
          "probe "
              + index
              + ": "
              + answer.probe().origin().text().strip()
              + " ("
              + answer.probe().origin().location()
              + ")";
      for (Captured c : all) {
        Integer id = ids.get(c.device());
        if (id == null) {
          id =
              merged.addInterface(
                  c.packet().linkType(),
                  262_144,
                  c.device(),
                  c.device() + " (the kernel's)",
                  Optional.empty());
          ids.put(c.device(), id);
        }
        byte[] bytes = c.packet().bytes();
        merged.addPacket(id, c.packet().timeNanos(), bytes, bytes.length, comment);
      }

      // podpath's side
      Map<String, List<String>> podpathFrames = new TreeMap<>();
      List<Trace> probeTraces = frames.get(index - 1);
      if (probeTraces.isEmpty()) {
        notes.add("podpath traced no frames for this probe");
      } else {
        traces.add(probeTraces);
        FrameSummary ours =
            new FrameSummary(
                vxlanPorts, FramesBy.namer(FramesBy.byBridge(podpathMacs(topology), bridges)));
        for (PcapNgReader.Packet p :
            PcapNgReader.read(
                TracePcap.ofProbes(List.of(probeTraces), topology, application),
                "podpath's pcap")) {
          ours.of(p.linkType(), p.bytes())
              .ifPresent(
                  s ->
                      podpathFrames
                          .computeIfAbsent(p.interfaceName(), k -> new ArrayList<>())
                          .add(s));
        }
      }
      int kernelRechecks = Rechecks.leaveOut(kernelFrames);
      int podpathRechecks = Rechecks.leaveOut(podpathFrames);
      if (kernelRechecks + podpathRechecks > 0) {
        notes.add(
            "left out: neighbour re-checks (a unicast ARP request and its reply), "
                + kernelRechecks
                + " frames in the kernel's capture and "
                + podpathRechecks
                + " in podpath's: the kernel sends one 5 s after a stale entry's use"
                + " (delay_first_probe_time), so whether it falls while a probe is captured is a"
                + " matter of the run's timing");
      }
      boolean together = answer.probe() instanceof ProbeSpec.Traceroute;
      if (together) {
        notes.add(
            "a traceroute's probes go out together (up to 16 at once) and their answers come back"
                + " in the kernel's timing: each device's frames are compared as a set, sorted,"
                + " not in the order of the wire");
      }
      Set<String> devices = new TreeSet<>(kernelFrames.keySet());
      devices.addAll(podpathFrames.keySet());
      List<DeviceFrames> compared = new ArrayList<>();
      for (String d : devices) {
        List<String> k = kernelFrames.getOrDefault(d, List.of());
        List<String> o = podpathFrames.getOrDefault(d, List.of());
        if (together) {
          k = k.stream().sorted().toList();
          o = o.stream().sorted().toList();
        }
        compared.add(new DeviceFrames(d, k, o));
      }
      out.add(new ProbeFrames(index, answer.probe(), compared, notes));
    }
    return new PcapComparison(
        out, TracePcap.ofProbes(traces, sc.topology(), application), merged.bytes());
  }

  private record Captured(String device, PcapNgReader.Packet packet) {}

  /**
   * A neighbour entry's re-check (NUD_PROBE): a unicast ARP request, and the reply to it on the
   * same device. The kernel sends it {@code delay_first_probe_time} (5 s) after a stale entry was
   * used without confirmation, whatever probe runs by then; capturing around each probe stretches
   * the run, so it may fall into another probe's capture.
   */
  private static final class Rechecks {
    private static final java.util.regex.Pattern REQUEST =
        java.util.regex.Pattern.compile(
            "^\\d+ bytes \\S+ > (\\S+) ARP request from \\S+ (\\S+) for (\\S+)$");
    private static final java.util.regex.Pattern REPLY =
        java.util.regex.Pattern.compile(
            "^\\d+ bytes \\S+ > \\S+ ARP reply from \\S+ (\\S+) for (\\S+)$");

    private Rechecks() {}

    /** Removes the re-checks from each device's frames; returns how many frames it removed. */
    static int leaveOut(Map<String, List<String>> byDevice) {
      int removed = 0;
      for (Map.Entry<String, List<String>> e : byDevice.entrySet()) {
        List<String> kept = new ArrayList<>();
        Set<String> asked = new java.util.HashSet<>();
        for (String f : e.getValue()) {
          java.util.regex.Matcher q = REQUEST.matcher(f);
          java.util.regex.Matcher r = REPLY.matcher(f);
          if (q.matches() && !q.group(1).equals("ff:ff:ff:ff:ff:ff")) {
            asked.add(q.group(2) + " " + q.group(3));
            removed++;
          } else if (r.matches() && asked.remove(r.group(2) + " " + r.group(1))) {
            removed++;
          } else {
            kept.add(f);
          }
        }
        e.setValue(kept);
      }
      byDevice.values().removeIf(List::isEmpty);
      return removed;
    }
  }

  private static String qualified(String ns, String dev) {
    return String.join(
        ",", java.util.Arrays.stream(dev.split(",")).map(d -> ns + "/" + d).toList());
  }

  private static Set<String> bridges(Topology topology) {
    Set<String> out = new TreeSet<>();
    for (Netns ns : topology.netnsList()) {
      for (NetDevice d : ns.deviceList()) {
        if (d.isBridge()) {
          out.add(ns.name() + "/" + d.name());
        }
      }
    }
    return out;
  }

  private static Set<Integer> vxlanPorts(Topology topology) {
    Set<Integer> out = new TreeSet<>(List.of(4789, 8472));
    for (Netns ns : topology.netnsList()) {
      for (NetDevice d : ns.deviceList()) {
        if (d.kind() instanceof LinkKind.Vxlan v) {
          out.add(v.dstPort());
        }
      }
    }
    return out;
  }

  private static Map<String, String> podpathMacs(Topology topology) {
    Map<String, String> macs = new LinkedHashMap<>();
    for (Netns ns : topology.netnsList()) {
      for (NetDevice d : ns.deviceList()) {
        if (!d.isLoopback()) {
          macs.merge(
              d.mac().toString().toLowerCase(Locale.ROOT),
              ns.name() + "/" + d.name(),
              FramesBy::both);
        }
      }
    }
    return macs;
  }

  /** How MACs are named on both sides. */
  private static final class FramesBy {
    private FramesBy() {}

    static String both(String a, String b) {
      TreeSet<String> s = new TreeSet<>(List.of(a.split(",")));
      s.addAll(List.of(b.split(",")));
      return String.join(",", s);
    }

    /** A bridge's MAC named by the bridge alone. */
    static Map<String, String> byBridge(Map<String, String> macs, Set<String> bridges) {
      Map<String, String> out = new LinkedHashMap<>();
      macs.forEach(
          (mac, names) -> {
            List<String> bridge =
                List.of(names.split(",")).stream().filter(bridges::contains).toList();
            out.put(mac, bridge.isEmpty() ? names : String.join(",", bridge));
          });
      return out;
    }

    static java.util.function.UnaryOperator<String> namer(Map<String, String> macs) {
      return mac -> macs.getOrDefault(mac, "unknown " + mac);
    }
  }
}
