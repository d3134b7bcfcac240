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
final class Links implements LinkOutput, LinkInput {

  private final Run run;
  private final BridgeLayer bridges;
  private final ArpInput arp;
  private final IpInput ip;
  private final TunnelTransmit tunnels;
  private final ArpExits arpExits;

  /**
   * @param bridges where a bridge port's frame goes, and a frame the host sends on a bridge
   * @param arp where an ARP message for this host goes
   * @param ip where an IPv4 packet for this host goes
   * @param tunnels where a frame sent on a VXLAN device goes
   * @param arpExits where an ARP request that leaves the model is noted
   */
  Links(
      Run run,
      BridgeLayer bridges,
      ArpInput arp,
      IpInput ip,
      TunnelTransmit tunnels,
      ArpExits arpExits) {
    this.run = run;
    this.bridges = bridges;
    this.arp = arp;
    this.ip = ip;
    this.tunnels = tunnels;
    this.arpExits = arpExits;
  }

  /** Sends a frame out of {@code ref}. */
  @Override
  public void transmit(DeviceRef ref, Skb skb) {
    Optional<NetDevice> found = run.net().device(ref);
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
      bridges.transmitFromHost(ref, dev, skb);
      return;
    }
    run.log().record(skb, new Step.Transmitted(ref, skb.frame()));
    if (kind instanceof LinkKind.Veth v) {
      Optional<NetDevice> peer = run.net().device(v.peer());
      if (peer.isEmpty()) {
        drop(
            skb,
            ref,
            new DropReason.NotModelled(
                ref.netns(), "the peer " + v.peer() + " of " + ref + " is not in the model"));
      } else if (!peer.get().up()) {
        drop(skb, ref, new DropReason.NoCarrier(ref, Optional.of(v.peer())));
      } else {
        run.clock().schedule(run.config().vethDelayNanos(), () -> receive(v.peer(), skb));
      }
    } else if (kind instanceof LinkKind.Loopback) {
      run.clock().schedule(0, () -> receive(ref, skb));
    } else if (kind instanceof LinkKind.Vxlan vx) {
      tunnels.vxlan(ref, dev, vx, skb);
    } else if (kind instanceof LinkKind.Geneve g) {
      tunnels.geneve(ref, g, skb);
    } else if (kind instanceof LinkKind.Ipip
        || kind instanceof LinkKind.Tun
        || kind instanceof LinkKind.WireGuard) {
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
        arpExits.leftModel(skb.packetId(), a.targetIp(), ref, e.beyond());
      }
      drop(skb, ref, new DropReason.LeftModel(ref, e.beyond()));
    } else if (kind instanceof LinkKind.NotModelled n) {
      DropReason.NotModelled why =
          new DropReason.NotModelled(ref.netns(), n.type() + " device " + ref);
      if (skb.frame().payload() instanceof ArpMessage a) {
        arpExits.notModelled(skb.packetId(), a.targetIp(), why);
      }
      drop(skb, ref, why);
    } else {
      throw new AssertionError(kind);
    }
  }

  /** A frame arrives on {@code ref}. */
  void receive(DeviceRef ref, Skb skb) {
    NetDevice dev = run.net().requireDevice(ref);
    run.log().record(skb, new Step.Received(ref, skb.frame()));
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
      bridges.portInput(bridge, dev, skb);
      return;
    }
    passUp(ref, dev, skb);
  }

  @Override
  public void receiveDecapsulated(DeviceRef ref, Skb skb) {
    NetDevice dev = run.net().requireDevice(ref);
    run.log().record(skb, new Step.Received(ref, skb.frame()));
    if (!dev.up()) {
      drop(skb, ref, new DropReason.DeviceDown(ref));
      return;
    }
    if (dev.master().isPresent()) {
      bridges.portInput(new DeviceRef(ref.netns(), dev.master().get()), dev, skb);
      return;
    }
    passUp(ref, dev, skb);
  }

  @Override
  public void passUp(DeviceRef ref, NetDevice dev, Skb skb) {
    var frame = skb.frame();
    boolean forUs = dev.isLoopback() || frame.dst().equals(dev.mac()) || frame.dst().isMulticast();
    if (!forUs) {
      drop(skb, ref, new DropReason.NotForThisHost(ref, frame.dst()));
      return;
    }
    if (frame.payload() instanceof ArpMessage a) {
      arp.receive(ref, dev, skb, a);
    } else if (frame.payload() instanceof Ipv4Packet p) {
      ip.receive(ref, dev, skb, p);
    } else {
      throw new AssertionError(frame.payload());
    }
  }

  void drop(Skb skb, DeviceRef where, DropReason reason) {
    run.log().record(skb, new Step.Dropped(where.netns(), reason));
  }
}
