package dev.podpath.sim.net;

import dev.podpath.model.packet.ArpMessage;
import dev.podpath.model.packet.Frame;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.sim.outcome.Step;

/**
 * Answering ARP ({@code arp_process}, section 4 of kernel-semantics.md): a request is answered when
 * an input route lookup for its target, as if the sender had sent a packet through the ingress
 * device, says "local" (weak host: any address of the namespace, subject to arp_ignore), or by
 * proxy ARP when it says "forward" through another device with proxy_arp on. rp_filter and the
 * ingress device's forwarding flag apply, because the same input lookup decides.
 */
final class Arp implements ArpInput {

  private final Run run;
  private final LinkOutput links;
  private final NeighbourUpdates neighbours;

  /**
   * @param links where replies are sent
   * @param neighbours the cache a reply confirms and an answered request refreshes
   */
  Arp(Run run, LinkOutput links, NeighbourUpdates neighbours) {
    this.run = run;
    this.links = links;
    this.neighbours = neighbours;
  }

  @Override
  public void receive(DeviceRef ref, NetDevice dev, Skb skb, ArpMessage msg) {
    if (msg.op() == ArpMessage.Op.REPLY) {
      neighbours.confirmed(ref, msg.senderIp(), msg.senderMac());
      return;
    }
    Netns ns = run.net().netns(ref.netns());
    if (msg.targetIp().isLoopback()
        || msg.targetIp().isMulticast()
        || msg.senderIp().isMulticast()) {
      run.log()
          .record(skb, new Step.ArpIgnored(ref, msg.targetIp(), "invalid address in the request"));
      return;
    }
    InputDecision d = RouteInput.decide(ns, msg.targetIp(), msg.senderIp(), ref.name(), 0);
    if (d instanceof InputDecision.Local) {
      String ignored = arpIgnore(ns.sysctls(), dev, msg);
      if (ignored != null) {
        run.log().record(skb, new Step.ArpIgnored(ref, msg.targetIp(), ignored));
        return;
      }
      neighbours.learnedFromRequest(ref, msg.senderIp(), msg.senderMac());
      reply(ref, dev, skb, msg, false);
    } else if (d instanceof InputDecision.Forward f) {
      boolean otherDevice = !f.hop().dev().equals(ref.name());
      boolean proxyEntry =
          ns.neighbours().stream()
              .anyMatch(
                  n ->
                      n.proxy()
                          && n.dev().equals(ref.name())
                          && n.address().equals(msg.targetIp()));
      if ((otherDevice && ns.sysctls().proxyArp(ref.name())) || proxyEntry) {
        neighbours.learnedFromRequest(ref, msg.senderIp(), msg.senderMac());
        int delayCentis = ns.sysctls().neigh(ref.name(), "proxy_delay", 80);
        // The kernel waits a random 0..proxy_delay; podpath takes the middle, deterministically.
        long delay = delayCentis * 10L * SimConfig.MILLIS / 2;
        run.clock().schedule(delay, () -> reply(ref, dev, skb, msg, true));
      } else {
        String why =
            msg.targetIp()
                + " is not an address of "
                + ref.netns()
                + (!otherDevice ? "" : " (and proxy_arp is off on " + ref.name() + ")");
        run.log().record(skb, new Step.ArpIgnored(ref, msg.targetIp(), why));
      }
    } else if (d instanceof InputDecision.Drop drop) {
      String why =
          drop.reason() instanceof dev.podpath.sim.outcome.DropReason.ForwardingDisabled
              ? msg.targetIp() + " is not an address of " + ref.netns()
              : drop.reason().explain();
      run.log().record(skb, new Step.ArpIgnored(ref, msg.targetIp(), why));
    } else {
      throw new AssertionError(d);
    }
  }

  /** Returns why arp_ignore suppresses the reply, or null when it does not. */
  private static String arpIgnore(Sysctls s, NetDevice dev, ArpMessage msg) {
    int mode = s.arpIgnore(dev.name());
    if (mode == 0) {
      return null;
    }
    IfAddress own =
        dev.addresses().stream()
            .filter(a -> a.address().equals(msg.targetIp()))
            .findFirst()
            .orElse(null);
    if (mode == 1) {
      return own != null
          ? null
          : "arp_ignore=1: " + msg.targetIp() + " is not configured on " + dev.name();
    }
    if (mode == 2) {
      return own != null && own.connectedPrefix().contains(msg.senderIp())
          ? null
          : "arp_ignore=2: "
              + msg.targetIp()
              + " is not on "
              + dev.name()
              + " in the sender's subnet";
    }
    return "arp_ignore=" + mode + " (not modelled beyond 2: no reply assumed)";
  }

  private void reply(DeviceRef ref, NetDevice dev, Skb request, ArpMessage msg, boolean proxy) {
    ArpMessage rep =
        new ArpMessage(
            ArpMessage.Op.REPLY, dev.mac(), msg.targetIp(), msg.senderMac(), msg.senderIp());
    long copy = run.log().newCopyId();
    Skb skb = new Skb(request.packetId(), copy, new Frame(dev.mac(), msg.senderMac(), rep), true);
    run.log().record(skb, new Step.ArpReply(ref, msg.targetIp(), dev.mac(), proxy, msg.senderIp()));
    links.transmit(ref, skb);
  }
}
