package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.packet.ArpMessage;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.netfilter.HookInput;
import dev.podpath.sim.netfilter.Netfilter;
import dev.podpath.sim.outcome.SocketError;
import dev.podpath.sim.outcome.Step;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The kernel's subsystems of one run, wired together. Each subsystem is built with the narrow
 * interfaces of those it calls (a bridge gets {@link LinkOutput}, {@link LinkInput}, {@link
 * NeighbourOutput} and {@link Hooks}, nothing else) and never names another's class; their calls go
 * round in circles (the links call the bridge, which calls the links), so this class ties the knot:
 * it is every one of those interfaces, and forwards each call to the subsystem that provides it, as
 * the kernel's function pointers do. Nothing but this class and {@link Simulation} knows the
 * subsystems' classes ({@code ArchitectureTest}).
 */
final class Datapath
    implements LinkOutput,
        LinkInput,
        BridgeLayer,
        ArpInput,
        IpInput,
        NeighbourOutput,
        NeighbourUpdates,
        IcmpOutput,
        StackOutput,
        LocalOutput,
        TcpInput,
        Hooks,
        TunnelTransmit,
        TunnelReceive,
        TunnelUnderlay {

  final Netfilter netfilter;
  final PathMtu pathMtu;
  final LocalSockets sockets;
  final Links links;
  final Bridging bridging;
  final Neighbours neighbours;
  final Redirects redirects;
  final Arp arp;
  final IpStack ip;
  final LocalOut localOut;
  final Icmp icmp;
  final Tcp tcp;
  final NetfilterHooks hooks;
  final Vxlan vxlan;
  final Geneve geneve;
  final Ipip ipip;
  final WireGuard wireguard;
  final Tun tun;
  final TunnelOutput tunnelOutput;

  Datapath(Run run) {
    ArpExits arpExits = new ArpExits();
    this.netfilter = new Netfilter(run.config().statistic());
    this.pathMtu = new PathMtu(run.clock());
    this.sockets = new LocalSockets(run.log());
    this.links = new Links(run, this, this, this, this, arpExits);
    this.bridging = new Bridging(run, this, this, this, this);
    this.neighbours = new Neighbours(run, this, this, this, arpExits);
    this.redirects = new Redirects(run, neighbours::validOrSolicit);
    this.arp = new Arp(run, this, this);
    this.ip = new IpStack(run, this, this, this, this, this, this, pathMtu, redirects, sockets);
    this.localOut = new LocalOut(run, this, this, this, pathMtu, redirects, sockets);
    this.icmp = new Icmp(run, this);
    this.tcp = new Tcp(run, this);
    this.hooks = new NetfilterHooks(run, netfilter, this, this);
    this.vxlan = new Vxlan(run, this, this, arpExits);
    this.geneve = new Geneve(run, this, this);
    this.ipip = new Ipip(run, this, this, this, pathMtu);
    this.wireguard = new WireGuard(run, this, this, this);
    this.tun = new Tun(run, this, this);
    this.tunnelOutput = new TunnelOutput(run, this, pathMtu);
  }

  // ---- the links ----

  @Override
  public void transmit(DeviceRef dev, Skb skb) {
    links.transmit(dev, skb);
  }

  @Override
  public void receiveDecapsulated(DeviceRef dev, Skb skb) {
    links.receiveDecapsulated(dev, skb);
  }

  @Override
  public void passUp(DeviceRef ref, NetDevice dev, Skb skb) {
    links.passUp(ref, dev, skb);
  }

  // ---- the bridge ----

  @Override
  public void portInput(DeviceRef bridge, NetDevice port, Skb skb) {
    bridging.portInput(bridge, port, skb);
  }

  @Override
  public void transmitFromHost(DeviceRef bridgeRef, NetDevice bridge, Skb skb) {
    bridging.transmitFromHost(bridgeRef, bridge, skb);
  }

  // ---- ARP and the neighbour cache ----

  @Override
  public void receive(DeviceRef ref, NetDevice dev, Skb skb, ArpMessage msg) {
    arp.receive(ref, dev, skb, msg);
  }

  @Override
  public void output(
      DeviceRef devRef,
      NetDevice dev,
      Ipv4Address nextHop,
      long packetId,
      long copyId,
      boolean arp,
      Ipv4Packet packet) {
    neighbours.output(devRef, dev, nextHop, packetId, copyId, arp, packet);
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
    neighbours.resolve(devRef, dev, nextHop, packetId, copyId, arp, packet, then);
  }

  @Override
  public void confirmed(DeviceRef dev, Ipv4Address ip, MacAddress mac) {
    neighbours.confirmed(dev, ip, mac);
  }

  @Override
  public void learnedFromRequest(DeviceRef dev, Ipv4Address ip, MacAddress mac) {
    neighbours.learnedFromRequest(dev, ip, mac);
  }

  // ---- the IP stack, ICMP, TCP ----

  @Override
  public void receive(DeviceRef ref, NetDevice dev, Skb skb, Ipv4Packet packet) {
    ip.receive(ref, dev, skb, packet);
  }

  @Override
  public void sendFromStack(NetnsName ns, long id, Ipv4Packet packet) {
    ip.sendFromStack(ns, id, packet);
  }

  @Override
  public void output(
      Netns ns,
      long id,
      long copy,
      boolean arp,
      Ipv4Packet packet,
      FibResult.Found found,
      Sender sender) {
    localOut.output(ns, id, copy, arp, packet, found, sender);
  }

  @Override
  public void failed(long id, NetnsName ns, SocketError error) {
    localOut.failed(id, ns, error);
  }

  @Override
  public void sendError(
      NetnsName ns, long offendingId, Ipv4Packet offending, int type, int code, int mtu) {
    icmp.sendError(ns, offendingId, offending, type, code, mtu);
  }

  @Override
  public void sendErrorAboutBridged(
      NetnsName ns, long offendingId, Ipv4Packet offending, int type, int code) {
    icmp.sendErrorAboutBridged(ns, offendingId, offending, type, code);
  }

  @Override
  public boolean routeErrorAllowed(NetnsName ns, long offendingId, Ipv4Packet offending, int code) {
    return icmp.routeErrorAllowed(ns, offendingId, offending, code);
  }

  @Override
  public boolean redirect(
      NetnsName ns, long offendingId, Ipv4Packet offending, Ipv4Address gateway) {
    return icmp.redirect(ns, offendingId, offending, gateway);
  }

  @Override
  public void echoReply(NetnsName ns, long requestId, Ipv4Packet request) {
    icmp.echoReply(ns, requestId, request);
  }

  @Override
  public void receive(Netns ns, String dev, Skb skb, Ipv4Packet p, L4.Tcp segment) {
    tcp.receive(ns, dev, skb, p, segment);
  }

  @Override
  public void connected(NetnsName ns, long synAckId, Ipv4Packet synAck, L4.Tcp segment) {
    tcp.connected(ns, synAckId, synAck, segment);
  }

  @Override
  public void rawAnswered(NetnsName ns, String dev, Skb skb, Ipv4Packet p, L4.Tcp segment) {
    tcp.rawAnswered(ns, dev, skb, p, segment);
  }

  @Override
  public void reset(NetnsName ns, long causeId, Ipv4Packet to, L4.Tcp segment) {
    tcp.reset(ns, causeId, to, segment);
  }

  // ---- netfilter ----

  @Override
  public Optional<Ipv4Packet> run(
      Netns ns, Hook hook, long packetId, long copyId, boolean arp, HookInput in) {
    return hooks.run(ns, hook, packetId, copyId, arp, in);
  }

  @Override
  public boolean bridgeCallsIptables(Netns ns) {
    return hooks.bridgeCallsIptables(ns);
  }

  @Override
  public void markBridgedPrerouting(NetnsName ns, long packetId, String port) {
    hooks.markBridgedPrerouting(ns, packetId, port);
  }

  @Override
  public Optional<String> bridgedPort(NetnsName ns, long packetId) {
    return hooks.bridgedPort(ns, packetId);
  }

  @Override
  public boolean bridgedPrerouting(NetnsName ns, long packetId) {
    return hooks.bridgedPrerouting(ns, packetId);
  }

  @Override
  public void done(NetnsName ns, long packetId) {
    hooks.done(ns, packetId);
  }

  @Override
  public void forget(NetnsName ns, long packetId) {
    hooks.forget(ns, packetId);
  }

  // ---- the tunnels ----

  @Override
  public void vxlan(DeviceRef ref, NetDevice dev, LinkKind.Vxlan conf, Skb skb) {
    vxlan.transmit(ref, dev, conf, skb);
  }

  @Override
  public void geneve(DeviceRef ref, LinkKind.Geneve conf, Skb skb) {
    geneve.transmit(ref, conf, skb);
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
    ipip.transmit(ref, dev, conf, nextHop, packetId, copyId, inner);
  }

  @Override
  public void wireguard(
      DeviceRef ref,
      NetDevice dev,
      LinkKind.WireGuard conf,
      long packetId,
      long copyId,
      Ipv4Packet inner) {
    wireguard.transmit(ref, dev, conf, packetId, copyId, inner);
  }

  @Override
  public void tun(DeviceRef ref, NetDevice dev, long packetId, long copyId, Ipv4Packet inner) {
    tun.transmit(ref, dev, packetId, copyId, inner);
  }

  /**
   * The UDP sockets of the tunnels, VXLAN's first (a port both claim is VXLAN's), then Geneve's,
   * then WireGuard's.
   */
  @Override
  public boolean udp(Netns ns, String inDev, Skb skb, Ipv4Packet outer, L4.Udp udp) {
    return vxlan.receive(ns, inDev, skb, outer, udp)
        || geneve.receive(ns, inDev, skb, outer, udp)
        || wireguard.receive(ns, inDev, skb, outer, udp)
        || tun.receive(ns, inDev, skb, outer, udp);
  }

  @Override
  public void ipip(Netns ns, String inDev, Skb skb, Ipv4Packet outer, L4.Ipip packet) {
    ipip.receive(ns, inDev, skb, outer, packet);
  }

  @Override
  public void ipipError(Netns ns, String inDev, Skb skb, L4.Icmp error) {
    ipip.errorReceived(ns, inDev, skb, error);
  }

  @Override
  public void udpError(Netns ns, String inDev, Skb skb, L4.Icmp error) {
    tunnelOutput.errorReceived(ns, inDev, skb, error);
  }

  @Override
  public void send(
      Netns ns, DeviceRef dev, Skb skb, Function<Ipv4Packet, Step> step, Ipv4Packet outer) {
    tunnelOutput.send(ns, dev, skb, step, outer);
  }
}
