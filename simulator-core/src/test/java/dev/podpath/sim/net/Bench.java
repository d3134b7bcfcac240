package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.packet.ArpMessage;
import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.engine.Scheduler;
import dev.podpath.sim.netfilter.HookInput;
import dev.podpath.sim.outcome.Step;
import dev.podpath.sim.outcome.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A bench for one subsystem of the datapath: a hand-built topology (the commands a scenario types),
 * a clock and a step log of its own, and recorders standing in for the subsystems around the one
 * under test (what it transmitted, passed up, asked the neighbour layer, sent as ICMP). No {@link
 * Simulation}, no other subsystem: a test wires the one it tests to these.
 */
final class Bench {

  /** A frame handed to a device (transmitted, passed up, received). */
  record Handed(DeviceRef dev, Skb skb) {
    Frame frame() {
      return skb.frame();
    }
  }

  /** An ICMP error the subsystem asked for. */
  record IcmpError(NetnsName ns, long offendingId, Ipv4Packet offending, int type, int code) {}

  /** An outer packet a tunnel handed to the underlay, with the step it made for it. */
  record Underlaid(DeviceRef tunnel, Skb skb, Step step, Ipv4Packet outer) {}

  /** A neighbour-cache update ARP made. */
  record NeighbourUpdate(DeviceRef dev, Ipv4Address ip, MacAddress mac, boolean fromRequest) {}

  final Scheduler scheduler = new Scheduler();
  final LiveTopology network;
  final RunLog log;
  final Run run;

  final List<Handed> transmitted = new ArrayList<>();
  final List<Handed> passedUp = new ArrayList<>();
  final List<Handed> decapsulated = new ArrayList<>();
  final List<Handed> bridged = new ArrayList<>();
  final List<Handed> arpIn = new ArrayList<>();
  final List<Handed> ipIn = new ArrayList<>();
  final List<IcmpError> icmpErrors = new ArrayList<>();
  final List<NeighbourUpdate> neighbourUpdates = new ArrayList<>();
  final List<Underlaid> underlaid = new ArrayList<>();

  /** ARP requests that left the model (written by the links and the tunnels). */
  final ArpExits arpExits = new ArpExits();

  private Bench(Topology topology) {
    this.network = new LiveTopology(topology);
    Clock clock = Clock.of(scheduler);
    this.log = new RunLog(clock);
    this.run = new Run(clock, log, network, SimConfig.defaults());
  }

  /**
   * The kernel experiments' node n1: 192.168.50.11/24 on eth0, up, a veth whose other end eth0 is
   * in n2 (kernel-experiments/05-flannel-vxlan.sh, 07-flannel-udp-tun.sh...).
   */
  static final List<String> N1 =
      List.of(
          "ip netns add n1",
          "ip netns add n2",
          "ip -n n1 link add eth0 type veth peer name eth0 netns n2",
          "ip -n n1 addr add 192.168.50.11/24 dev eth0",
          "ip -n n1 link set eth0 up");

  /** {@link #N1}, and n2 192.168.50.12/24 on its eth0, up: two nodes on one segment. */
  static final List<String> N1_N2 =
      concat(
          N1, List.of("ip -n n2 addr add 192.168.50.12/24 dev eth0", "ip -n n2 link set eth0 up"));

  /** The commands of {@code nodes}, then of {@code setup}, then {@code extra}: one scenario. */
  static String[] script(List<String> nodes, List<String> setup, String... extra) {
    return concat(concat(nodes, setup), List.of(extra)).toArray(String[]::new);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> c = new ArrayList<>(a);
    c.addAll(b);
    return List.copyOf(c);
  }

  /** Given the network these commands build (as a scenario script, one command a line). */
  static Bench given(String... commands) {
    return new Bench(topology(commands));
  }

  static Topology topology(String... commands) {
    try {
      return ScenarioInterpreter.interpret(
              "bench.sh", String.join("\n", commands) + "\n", Sysctls.kernelDefaults())
          .topology();
    } catch (Exception e) {
      throw new IllegalArgumentException("bad bench topology: " + e.getMessage(), e);
    }
  }

  // ---- recorders for the subsystems around the one under test ----

  final LinkOutput links = (dev, skb) -> transmitted.add(new Handed(dev, skb));

  final LinkInput host =
      new LinkInput() {
        @Override
        public void receiveDecapsulated(DeviceRef dev, Skb skb) {
          decapsulated.add(new Handed(dev, skb));
        }

        @Override
        public void passUp(DeviceRef ref, NetDevice dev, Skb skb) {
          passedUp.add(new Handed(ref, skb));
        }
      };

  final BridgeLayer bridges =
      new BridgeLayer() {
        @Override
        public void portInput(DeviceRef bridge, NetDevice port, Skb skb) {
          bridged.add(new Handed(new DeviceRef(bridge.netns(), port.name()), skb));
        }

        @Override
        public void transmitFromHost(DeviceRef bridgeRef, NetDevice bridge, Skb skb) {
          bridged.add(new Handed(bridgeRef, skb));
        }
      };

  /**
   * The underlay of a tunnel: records the outer packet as handed over (source {@code 0.0.0.0} =
   * left to the route) and the encapsulation step made for it; nothing is routed or sent.
   */
  final TunnelUnderlay underlay =
      (ns, dev, skb, step, outer) ->
          underlaid.add(new Underlaid(dev, skb, step.apply(outer), outer));

  final ArpInput arp = (ref, dev, skb, msg) -> arpIn.add(new Handed(ref, skb));

  final IpInput ip = (ref, dev, skb, packet) -> ipIn.add(new Handed(ref, skb));

  final IcmpOutput icmp =
      new IcmpOutput() {
        @Override
        public void sendError(
            NetnsName ns, long offendingId, Ipv4Packet offending, int type, int code, int mtu) {
          icmpErrors.add(new IcmpError(ns, offendingId, offending, type, code));
        }

        @Override
        public void sendErrorAboutBridged(
            NetnsName ns, long offendingId, Ipv4Packet offending, int type, int code) {
          icmpErrors.add(new IcmpError(ns, offendingId, offending, type, code));
        }

        @Override
        public boolean routeErrorAllowed(
            NetnsName ns, long offendingId, Ipv4Packet offending, int code) {
          return true;
        }

        @Override
        public boolean redirect(
            NetnsName ns,
            long offendingId,
            Ipv4Packet offending,
            dev.podpath.model.addr.Ipv4Address gateway) {
          return false;
        }

        @Override
        public void echoReply(NetnsName ns, long requestId, Ipv4Packet request) {}
      };

  final NeighbourUpdates neighbours =
      new NeighbourUpdates() {
        @Override
        public void confirmed(DeviceRef dev, Ipv4Address ip, MacAddress mac) {
          neighbourUpdates.add(new NeighbourUpdate(dev, ip, mac, false));
        }

        @Override
        public void learnedFromRequest(DeviceRef dev, Ipv4Address ip, MacAddress mac) {
          neighbourUpdates.add(new NeighbourUpdate(dev, ip, mac, true));
        }
      };

  /** A neighbour layer that must not be asked (a test whose subsystem should resolve nothing). */
  final NeighbourOutput noNeighbours =
      new NeighbourOutput() {
        @Override
        public void output(
            DeviceRef devRef,
            NetDevice dev,
            Ipv4Address nextHop,
            long packetId,
            long copyId,
            boolean arp,
            Ipv4Packet packet) {
          throw new AssertionError("unexpected neighbour output on " + devRef);
        }

        @Override
        public void resolve(
            DeviceRef devRef,
            NetDevice dev,
            Ipv4Address nextHop,
            long packetId,
            long copyId,
            boolean arp,
            Ipv4Packet packet,
            Consumer<MacAddress> then) {
          throw new AssertionError("unexpected neighbour resolution on " + devRef);
        }
      };

  /** Tunnels that must not be used (a test without tunnel devices). */
  final TunnelTransmit noTunnels =
      new TunnelTransmit() {
        @Override
        public void vxlan(DeviceRef ref, NetDevice dev, LinkKind.Vxlan conf, Skb skb) {
          throw new AssertionError("unexpected VXLAN transmit on " + ref);
        }

        @Override
        public void geneve(DeviceRef ref, LinkKind.Geneve conf, Skb skb) {
          throw new AssertionError("unexpected Geneve transmit on " + ref);
        }

        @Override
        public void ipip(
            DeviceRef ref,
            NetDevice dev,
            LinkKind.Ipip conf,
            Ipv4Address nextHop,
            long packetId,
            long copyId,
            Ipv4Packet inner) {
          throw new AssertionError("unexpected IPIP transmit on " + ref);
        }

        @Override
        public void wireguard(
            DeviceRef ref,
            NetDevice dev,
            LinkKind.WireGuard conf,
            long packetId,
            long copyId,
            Ipv4Packet inner) {
          throw new AssertionError("unexpected WireGuard transmit on " + ref);
        }

        @Override
        public void tun(DeviceRef ref, NetDevice dev, long packetId, long copyId, Ipv4Packet p) {
          throw new AssertionError("unexpected TUN transmit on " + ref);
        }
      };

  /** TCP that must not be reached (a test of ICMP or UDP traffic). */
  final TcpInput noTcp =
      new TcpInput() {
        @Override
        public void receive(Netns ns, String dev, Skb skb, Ipv4Packet p, L4.Tcp tcp) {
          throw new AssertionError("unexpected TCP segment");
        }

        @Override
        public void connected(NetnsName ns, long synAckId, Ipv4Packet synAck, L4.Tcp tcp) {
          throw new AssertionError("unexpected TCP connect");
        }

        @Override
        public void rawAnswered(NetnsName ns, String dev, Skb skb, Ipv4Packet p, L4.Tcp tcp) {
          throw new AssertionError("unexpected raw TCP answer");
        }

        @Override
        public void reset(NetnsName ns, long causeId, Ipv4Packet to, L4.Tcp tcp) {
          throw new AssertionError("unexpected TCP reset");
        }
      };

  /** Tunnels' receive that must not be reached (a test without tunnel traffic). */
  final TunnelReceive noTunnelReceive =
      new TunnelReceive() {
        @Override
        public boolean udp(Netns ns, String inDev, Skb skb, Ipv4Packet outer, L4.Udp udp) {
          return false;
        }

        @Override
        public void ipip(Netns ns, String inDev, Skb skb, Ipv4Packet outer, L4.Ipip ipip) {
          throw new AssertionError("unexpected IPIP packet");
        }

        @Override
        public void ipipError(Netns ns, String inDev, Skb skb, L4.Icmp icmp) {
          throw new AssertionError("unexpected IPIP error");
        }

        @Override
        public void udpError(Netns ns, String inDev, Skb skb, L4.Icmp icmp) {
          throw new AssertionError("unexpected UDP tunnel error");
        }
      };

  /** Netfilter as in a namespace without any table: every packet passes unchanged, no steps. */
  final Hooks noIptables =
      new Hooks() {
        @Override
        public Optional<Ipv4Packet> run(
            Netns ns, Hook hook, long packetId, long copyId, boolean arp, HookInput in) {
          return Optional.of(in.packet());
        }

        @Override
        public boolean bridgeCallsIptables(Netns ns) {
          return false;
        }

        @Override
        public void markBridgedPrerouting(NetnsName ns, long packetId, String port) {}

        @Override
        public Optional<String> bridgedPort(NetnsName ns, long packetId) {
          return Optional.empty();
        }

        @Override
        public boolean bridgedPrerouting(NetnsName ns, long packetId) {
          return false;
        }

        @Override
        public void done(NetnsName ns, long packetId) {}

        @Override
        public void forget(NetnsName ns, long packetId) {}
      };

  // ---- the network, frames, and what happened ----

  static DeviceRef dev(String ns, String name) {
    return new DeviceRef(NetnsName.of(ns), name);
  }

  NetDevice device(String ns, String name) {
    return network.requireDevice(dev(ns, name));
  }

  MacAddress mac(String ns, String name) {
    return device(ns, name).mac();
  }

  /** Switches to the network these commands build (a script changed it between probes). */
  void reconfigure(String... commands) {
    network.set(topology(commands));
  }

  /** An echo request from {@code src} to {@code dst}, TTL 64. */
  static Ipv4Packet ping(String src, String dst) {
    return new Ipv4Packet(
        Ipv4Address.parse(src),
        Ipv4Address.parse(dst),
        64,
        0,
        true,
        84,
        0,
        L4.Icmp.echoRequest(1, 1));
  }

  /** A new frame of packet {@code packetId}, as its host made it. */
  Skb frame(long packetId, MacAddress src, MacAddress dst, Ipv4Packet p) {
    return new Skb(packetId, log.newCopyId(), new Frame(src, dst, p), false);
  }

  /** A broadcast ARP request from {@code senderMac}/{@code senderIp} for {@code target}. */
  Skb arpRequest(MacAddress senderMac, String senderIp, String target) {
    ArpMessage req =
        ArpMessage.request(senderMac, Ipv4Address.parse(senderIp), Ipv4Address.parse(target));
    return new Skb(0, log.newCopyId(), new Frame(senderMac, MacAddress.BROADCAST, req), true);
  }

  /** Lets {@code nanos} pass: the timers due meanwhile run. */
  void advance(long nanos) {
    long until = scheduler.now() + nanos;
    scheduler.run(until, 100_000);
    scheduler.advanceTo(until);
  }

  /** Every step recorded so far, in order. */
  List<Step> steps() {
    return log.packetLog().events().stream().map(TraceEvent::step).toList();
  }

  /** The steps of one kind, in order. */
  <S extends Step> List<S> steps(Class<S> kind) {
    return steps().stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /** The devices frames were transmitted on, in order. */
  List<DeviceRef> transmittedOn() {
    return transmitted.stream().map(Handed::dev).toList();
  }
}
