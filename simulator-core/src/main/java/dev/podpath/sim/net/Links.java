package dev.podpath.sim.net;

import dev.podpath.model.packet.ArpMessage;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.Step;
import java.util.Optional;

/**
 * Moving frames across devices: a veth delivers to its peer, {@code lo} back to its own stack, a
 * bridge port hands the frame to its bridge; the receiving side checks the device is up, the frame
 * fits its MTU, and the destination MAC is its own (section 2 of kernel-semantics.md).
 */
final class Links {

  /**
   * The kernel accepts frames up to MTU + Ethernet header + one VLAN tag ({@code
   * is_skb_forwardable}).
   */
  static final int VLAN_SLACK = 4;

  private final Simulation sim;

  Links(Simulation sim) {
    this.sim = sim;
  }

  /** Sends a frame out of {@code ref}. */
  void transmit(DeviceRef ref, Skb skb) {
    Optional<NetDevice> found = sim.device(ref);
    if (found.isEmpty()) {
      drop(skb, ref, new DropReason.NotModelled(ref.netns(), "device " + ref + " does not exist"));
      return;
    }
    NetDevice dev = found.get();
    if (!dev.up()) {
      drop(skb, ref, new DropReason.DeviceDown(ref));
      return;
    }
    LinkKind kind = dev.kind();
    if (kind instanceof LinkKind.Bridge) {
      sim.bridging.transmitFromHost(ref, dev, skb);
      return;
    }
    sim.record(skb, new Step.Transmitted(ref, skb.frame()));
    if (kind instanceof LinkKind.Veth v) {
      Optional<NetDevice> peer = sim.device(v.peer());
      if (peer.isEmpty()) {
        drop(
            skb,
            ref,
            new DropReason.NotModelled(
                ref.netns(), "the peer " + v.peer() + " of " + ref + " is not in the model"));
      } else if (!peer.get().up()) {
        drop(skb, ref, new DropReason.NoCarrier(ref, Optional.of(v.peer())));
      } else {
        sim.scheduler.schedule(sim.config.vethDelayNanos(), () -> receive(v.peer(), skb));
      }
    } else if (kind instanceof LinkKind.Loopback) {
      sim.scheduler.schedule(0, () -> receive(ref, skb));
    } else if (kind instanceof LinkKind.Vxlan vx) {
      sim.vxlan.transmit(ref, dev, vx, skb);
    } else if (kind instanceof LinkKind.Ipip || kind instanceof LinkKind.Tun) {
      // Packets reach these devices through Neighbours (no ARP, no Ethernet header); a frame
      // sent to one directly (e.g. bridged) is not something podpath simulates.
      drop(
          skb,
          ref,
          new DropReason.NotModelled(
              ref.netns(),
              "an Ethernet frame sent on the "
                  + kind.typeName()
                  + " device "
                  + ref
                  + ", which carries bare IP packets"));
    } else if (kind instanceof LinkKind.Ethernet e) {
      if (skb.frame().payload() instanceof ArpMessage a) {
        sim.arpLeftModel(skb.packetId(), a.targetIp(), ref, e.beyond());
      }
      drop(skb, ref, new DropReason.LeftModel(ref, e.beyond()));
    } else if (kind instanceof LinkKind.NotModelled n) {
      DropReason.NotModelled why =
          new DropReason.NotModelled(ref.netns(), n.type() + " device " + ref);
      if (skb.frame().payload() instanceof ArpMessage a) {
        sim.arpNotModelled(skb.packetId(), a.targetIp(), why);
      }
      drop(skb, ref, why);
    } else {
      throw new AssertionError(kind);
    }
  }

  /** A frame arrives on {@code ref}. */
  void receive(DeviceRef ref, Skb skb) {
    NetDevice dev = sim.requireDevice(ref);
    sim.record(skb, new Step.Received(ref, skb.frame()));
    if (!dev.up()) {
      drop(skb, ref, new DropReason.DeviceDown(ref));
      return;
    }
    if (!dev.isLoopback() && skb.frame().l3Length() > dev.mtu() + VLAN_SLACK) {
      drop(skb, ref, new DropReason.FrameTooBig(ref, skb.frame().l3Length(), dev.mtu()));
      return;
    }
    if (dev.master().isPresent()) {
      DeviceRef bridge = new DeviceRef(ref.netns(), dev.master().get());
      sim.bridging.portInput(bridge, dev, skb);
      return;
    }
    stackInput(ref, dev, skb);
  }

  /**
   * A tunnel's inner frame arrives on the tunnel device {@code ref}: as {@link #receive}, without
   * the receive-side MTU check of veth (a tunnel has none).
   */
  void receiveDecapsulated(DeviceRef ref, Skb skb) {
    NetDevice dev = sim.requireDevice(ref);
    sim.record(skb, new Step.Received(ref, skb.frame()));
    if (!dev.up()) {
      drop(skb, ref, new DropReason.DeviceDown(ref));
      return;
    }
    if (dev.master().isPresent()) {
      sim.bridging.portInput(new DeviceRef(ref.netns(), dev.master().get()), dev, skb);
      return;
    }
    stackInput(ref, dev, skb);
  }

  /**
   * The frame reaches the IP/ARP layer of the namespace on {@code ref} (a bridge device included).
   */
  void stackInput(DeviceRef ref, NetDevice dev, Skb skb) {
    var frame = skb.frame();
    boolean forUs = dev.isLoopback() || frame.dst().equals(dev.mac()) || frame.dst().isMulticast();
    if (!forUs) {
      drop(skb, ref, new DropReason.NotForThisHost(ref, frame.dst()));
      return;
    }
    if (frame.payload() instanceof ArpMessage a) {
      sim.arp.receive(ref, dev, skb, a);
    } else if (frame.payload() instanceof Ipv4Packet p) {
      sim.ip.receive(ref, dev, skb, p);
    } else {
      throw new AssertionError(frame.payload());
    }
  }

  void drop(Skb skb, DeviceRef where, DropReason reason) {
    sim.record(skb, new Step.Dropped(where.netns(), reason));
  }
}
