package dev.podpath.trace.render.pcap;

import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.outcome.Step;
import dev.podpath.sim.outcome.TraceEvent;
import dev.podpath.trace.Hop;
import dev.podpath.trace.PacketTrace;
import dev.podpath.trace.Trace;
import dev.podpath.trace.render.StepText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link Trace} as a pcap-ng capture (docs/pcap.md): every frame the trace sent or received on a
 * device (the request's, the response's, the segments that followed it, the ARP exchanges made for
 * them, the copies a bridge flooded), on one interface per (namespace, device), named {@code
 * ns/dev}, at its simulated time, with a comment naming the step that produced it. A frame is
 * captured where tcpdump would see it: once as it leaves a device ({@code out}) and once as it
 * arrives on the next ({@code in}); a tunnel's inner frame on the tunnel device, its outer frame on
 * the underlay's device. TUN and IPIP devices carry bare IPv4 packets (LINKTYPE_RAW), every other
 * device Ethernet frames.
 */
public final class TracePcap {

  private TracePcap() {}

  /** One captured frame: where, when, its bytes and why it was there. */
  public record Capture(DeviceRef dev, long timeNanos, boolean received, Frame frame, String why) {}

  /** The pcap-ng file of {@code trace}, its devices described from {@code topology}. */
  public static byte[] of(Trace trace, Topology topology, String application) {
    return of(List.of(trace), topology, application);
  }

  /**
   * The pcap-ng file of several traces one after the other (a scenario's probes), on one set of
   * interfaces; a trace whose clock starts before the previous one ended is moved on to the next
   * whole second after it.
   */
  public static byte[] of(List<Trace> traces, Topology topology, String application) {
    return write(captures(traces), topology, application);
  }

  /**
   * As {@link #of(List, Topology, String)}, for probes each made of several traces sent together (a
   * connect's SYN and its retransmissions): each probe's frames in time order ({@link
   * #capturesTogether(List)}), the probes one after the other.
   */
  public static byte[] ofProbes(List<List<Trace>> probes, Topology topology, String application) {
    return write(
        sequential(probes.stream().map(TracePcap::capturesTogether).toList()),
        topology,
        application);
  }

  private static byte[] write(List<Capture> captures, Topology topology, String application) {
    PcapNg file = new PcapNg(application);
    Map<DeviceRef, Integer> ids = new LinkedHashMap<>();
    Map<DeviceRef, Integer> snaps = new LinkedHashMap<>();
    for (Capture c : captures) {
      DeviceRef ref = c.dev();
      if (!ids.containsKey(ref)) {
        Optional<NetDevice> dev = topology.device(ref);
        boolean raw = dev.map(d -> isRaw(d.kind())).orElse(false);
        int mtu = dev.map(NetDevice::mtu).orElse(1500);
        int snap = raw ? mtu : mtu + Frame.HEADER_BYTES;
        String description =
            ref
                + " ("
                + dev.map(d -> d.kind().typeName()).orElse("not in the topology")
                + ", mtu "
                + mtu
                + ")";
        Optional<byte[]> mac =
            raw ? Optional.empty() : dev.map(NetDevice::mac).map(TracePcap::macBytes);
        ids.put(
            ref,
            file.addInterface(
                raw ? PcapNg.LINKTYPE_RAW : PcapNg.LINKTYPE_ETHERNET,
                snap,
                ref.toString(),
                description,
                mac));
        snaps.put(ref, snap);
      }
      byte[] bytes = bytes(c.frame(), topology, ref);
      int snap = snaps.get(ref);
      byte[] captured = bytes.length > snap ? java.util.Arrays.copyOf(bytes, snap) : bytes;
      file.addPacket(ids.get(ref), c.timeNanos(), captured, bytes.length, c.why());
    }
    return file.bytes();
  }

  /** The frames of several traces, one after the other ({@link #of(List, Topology, String)}). */
  public static List<Capture> captures(List<Trace> traces) {
    return sequential(traces.stream().map(TracePcap::captures).toList());
  }

  /** Groups of frames one after the other, a group that starts too early moved on. */
  private static List<Capture> sequential(List<List<Capture>> groups) {
    List<Capture> out = new ArrayList<>();
    long end = -1;
    for (List<Capture> these : groups) {
      if (these.isEmpty()) {
        continue;
      }
      long start = these.get(0).timeNanos();
      long shift = 0;
      if (start <= end) {
        long second = 1_000_000_000L;
        shift = (end / second + 1) * second - start;
      }
      for (Capture c : these) {
        Capture moved =
            new Capture(c.dev(), c.timeNanos() + shift, c.received(), c.frame(), c.why());
        out.add(moved);
        end = Math.max(end, moved.timeNanos());
      }
    }
    return out;
  }

  /** The frames of {@code trace} in time order (equal times in the order they were recorded). */
  public static List<Capture> captures(Trace trace) {
    return capturesTogether(List.of(trace));
  }

  /**
   * The frames of traces made in one simulation run at once (a connect's SYN and its
   * retransmissions, each a trace), in time order, each frame once: an ARP exchange two of them
   * waited for is on the wire once.
   */
  public static List<Capture> capturesTogether(List<Trace> traces) {
    List<TraceEvent> events = events(traces);
    List<Capture> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      TraceEvent e = events.get(i);
      if (e.step() instanceof Step.Transmitted t) {
        out.add(
            new Capture(
                t.dev(), e.timeNanos(), false, t.frame(), comment(events, i, "out", t.dev())));
      } else if (e.step() instanceof Step.Received r) {
        out.add(
            new Capture(
                r.dev(), e.timeNanos(), true, r.frame(), comment(events, i, "in", r.dev())));
      } else if (e.step() instanceof Step.BridgeForwarded b && passedUp(b)) {
        // what a port received and the bridge passed up to the host's stack is on the bridge
        // device too, as tcpdump -i cni0 shows it (checked against the kernel: PcapKernelTest)
        DeviceRef port = new DeviceRef(b.bridge().netns(), b.inPort());
        Optional<Frame> frame = lastReceived(events, i, port);
        if (frame.isPresent()) {
          out.add(
              new Capture(
                  b.bridge(),
                  e.timeNanos(),
                  true,
                  frame.get(),
                  comment(events, i, "in", b.bridge())));
        }
      }
    }
    return out;
  }

  /** A frame a port received that the bridge hands to the host: for its address, or broadcast. */
  private static boolean passedUp(Step.BridgeForwarded b) {
    return !b.inPort().equals(b.bridge().name())
        && (b.decision() == Step.BridgeDecision.TO_HOST
            || b.decision() == Step.BridgeDecision.FLOOD_BROADCAST);
  }

  /** The frame of the same packet {@code port} received last before event {@code at}. */
  private static Optional<Frame> lastReceived(List<TraceEvent> events, int at, DeviceRef port) {
    TraceEvent e = events.get(at);
    for (int i = at - 1; i >= 0; i--) {
      TraceEvent prev = events.get(i);
      if (prev.packetId() == e.packetId()
          && prev.arp() == e.arp()
          && prev.step() instanceof Step.Received r
          && r.dev().equals(port)) {
        return Optional.of(r.frame());
      }
    }
    return Optional.empty();
  }

  /**
   * The frame's bytes as the device carries them: Ethernet, or the bare packet on TUN, IPIP and
   * WireGuard.
   */
  static byte[] bytes(Frame frame, Topology topology, DeviceRef ref) {
    boolean raw = topology.device(ref).map(d -> isRaw(d.kind())).orElse(false);
    if (raw && frame.payload() instanceof Ipv4Packet p) {
      return WireBytes.ipv4(p);
    }
    return WireBytes.frame(frame);
  }

  private static boolean isRaw(LinkKind kind) {
    return kind instanceof LinkKind.Tun
        || kind instanceof LinkKind.Ipip
        || kind instanceof LinkKind.WireGuard;
  }

  /**
   * Every step of the request, the response and what followed it (a connect's ACK and close), with
   * the ARP exchanges and the flooded copies, each once, in time order.
   */
  private static List<TraceEvent> events(List<Trace> traces) {
    Set<TraceEvent> all = new LinkedHashSet<>();
    List<PacketTrace> packets = new ArrayList<>();
    for (Trace trace : traces) {
      packets.add(trace.request());
      trace.response().ifPresent(packets::add);
      packets.addAll(trace.followUps());
    }
    for (PacketTrace p : packets) {
      for (Hop h : p.hops()) {
        all.addAll(h.arp());
        all.addAll(h.steps());
        h.branches().forEach(b -> all.addAll(b.steps()));
      }
    }
    List<TraceEvent> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingLong(TraceEvent::timeNanos));
    return sorted;
  }

  /**
   * {@code ns/dev out|in}, and for a frame sent the decision that sent it: the packet's last step
   * before it in that namespace that was not itself a frame on a wire.
   */
  private static String comment(List<TraceEvent> events, int at, String verb, DeviceRef dev) {
    TraceEvent e = events.get(at);
    String head = dev + " " + verb;
    if (verb.equals("in")) {
      return head;
    }
    for (int i = at - 1; i >= 0; i--) {
      TraceEvent prev = events.get(i);
      Step s = prev.step();
      if (prev.packetId() == e.packetId()
          && prev.arp() == e.arp()
          && s.netns().equals(dev.netns())
          && !(s instanceof Step.Transmitted)
          && !(s instanceof Step.Received)) {
        return head + ", after " + StepText.verb(s) + ": " + StepText.describe(s);
      }
    }
    return head;
  }

  private static byte[] macBytes(dev.podpath.model.addr.MacAddress mac) {
    byte[] b = new byte[6];
    for (int i = 0; i < 6; i++) {
      b[i] = (byte) (mac.bits() >>> (40 - 8 * i));
    }
    return b;
  }
}
