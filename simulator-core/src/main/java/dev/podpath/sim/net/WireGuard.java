package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.packet.Frame;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.packet.UdpPayload;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.EncapBasis;
import dev.podpath.sim.outcome.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * WireGuard devices ({@code drivers/net/wireguard}, kernel-checked in Debian's 6.1 kernel in a VM:
 * samples/wireguard.sh, docs/kernel-agreement.md). Transmit ({@code wg_xmit}): the peer is the one
 * whose allowed-ips hold the destination most specifically; none ({@code ENOKEY}) or a peer without
 * an endpoint ({@code EDESTADDRREQ}): the packet is dropped and ICMP host unreachable sent back
 * ({@code icmp_ndo_send}). With no session yet the packet is queued and a handshake initiation (148
 * bytes) goes to the endpoint; the response (92 bytes) establishes the session and the queued
 * packets leave, each encrypted in a data message (16 bytes of header, the packet padded to 16, a
 * 16-byte tag) in UDP from the device's port to the peer's endpoint, DF unset, the namespace's
 * default TTL. Receive: a datagram to the port of an up device is taken by it; an initiation from a
 * known peer is answered, a data message of a session is decrypted and taken only if its source is
 * in the sending peer's allowed-ips ({@code wg_allowedips_lookup_src}), else dropped without an
 * answer. Every authenticated packet teaches the peer's endpoint (roaming). Timers: a handshake
 * without answer is sent again every 5 s, 20 times in all, then the queued packets are dropped; a
 * data message received and not followed by any sent packet within 10 s is answered by a keepalive
 * (32 bytes); a session is used for 180 s ({@code REJECT_AFTER_TIME}). Not modelled: the
 * handshake's duration (cryptography: microseconds on a real CPU, 0.8 s under a VM's software
 * emulation; podpath takes none), the 15 s new-handshake timer and its random jitter, cookies under
 * load, persistent keepalives.
 */
final class WireGuard {

  static final long REKEY_TIMEOUT_NANOS = 5 * SimConfig.SECONDS;
  static final long KEEPALIVE_TIMEOUT_NANOS = 10 * SimConfig.SECONDS;
  static final long REJECT_AFTER_TIME_NANOS = 180 * SimConfig.SECONDS;

  /** {@code MAX_TIMER_HANDSHAKES} (90 s / 5 s) retries after the first attempt, plus 2. */
  static final int MAX_HANDSHAKE_ATTEMPTS = 20;

  /** The source port podpath stands in for the random one a device without listen-port takes. */
  static final int RANDOM_PORT_STAND_IN = 40000;

  private record PeerKey(NetnsName netns, String dev, String peer) {}

  /** The run-time state of one peer: its session, the queued packets, its timers. */
  private static final class PeerState {
    /** When the current session was made; -1 for none. */
    long sessionSince = -1;

    /** The responder's session waits for the first data message before it sends. */
    boolean confirmed;

    long counter;
    boolean handshakeInFlight;
    int attempts;
    final List<Skb> staged = new ArrayList<>();
    Optional<Ipv4Address> endpoint = Optional.empty();
    int endpointPort;
    long keepaliveTimer;
    boolean keepalivePending;
    boolean needAnotherKeepalive;
  }

  private final Run run;
  private final TunnelUnderlay underlay;
  private final LinkInput links;
  private final IcmpOutput icmp;
  private final Map<PeerKey, PeerState> peers = new HashMap<>();

  WireGuard(Run run, TunnelUnderlay underlay, LinkInput links, IcmpOutput icmp) {
    this.run = run;
    this.underlay = underlay;
    this.links = links;
    this.icmp = icmp;
  }

  /** {@code wg_xmit}: the packet was routed into the device. */
  void transmit(
      DeviceRef ref,
      NetDevice dev,
      LinkKind.WireGuard conf,
      long packetId,
      long copyId,
      Ipv4Packet inner) {
    Skb skb = new Skb(packetId, copyId, new Frame(MacAddress.ZERO, MacAddress.ZERO, inner), false);
    run.log().record(skb, new Step.Transmitted(ref, skb.frame()));
    Optional<LinkKind.WgPeer> peer = conf.peerFor(inner.dst());
    if (peer.isEmpty()) {
      refuse(
          skb,
          ref,
          inner,
          DropReason.NoPeer.Cause.NO_ALLOWED_IPS,
          "",
          "no peer's allowed-ips hold "
              + inner.dst()
              + " (cryptokey routing; wg_xmit: ENOKEY, ICMP host unreachable sent back)");
      return;
    }
    PeerState st = state(ref, peer.get());
    if (st.endpoint.isEmpty()) {
      refuse(
          skb,
          ref,
          inner,
          DropReason.NoPeer.Cause.NO_ENDPOINT,
          peer.get().publicKey(),
          "peer "
              + peer.get().publicKey()
              + " has no endpoint (none set, none learned; wg_xmit: EDESTADDRREQ, ICMP host"
              + " unreachable sent back)");
      return;
    }
    if (usable(st)) {
      sendData(ref, dev, conf, peer.get(), st, skb, false);
      return;
    }
    st.staged.add(skb);
    if (!st.handshakeInFlight) {
      st.attempts = 0;
      initiate(ref, conf, peer.get(), st);
    }
  }

  private void refuse(
      Skb skb,
      DeviceRef ref,
      Ipv4Packet inner,
      DropReason.NoPeer.Cause cause,
      String peerKey,
      String why) {
    run.log().drop(skb, ref, new DropReason.NoPeer(ref, inner.dst(), cause, peerKey, why));
    icmp.sendError(
        ref.netns(), skb.packetId(), inner, L4.Icmp.DEST_UNREACH, L4.Icmp.HOST_UNREACH, 0);
  }

  private boolean usable(PeerState st) {
    return st.sessionSince >= 0
        && st.confirmed
        && run.clock().now() - st.sessionSince < REJECT_AFTER_TIME_NANOS;
  }

  private PeerState state(DeviceRef ref, LinkKind.WgPeer peer) {
    PeerState st =
        peers.computeIfAbsent(
            new PeerKey(ref.netns(), ref.name(), peer.publicKey()), k -> new PeerState());
    if (st.endpoint.isEmpty() && peer.endpoint().isPresent()) {
      st.endpoint = peer.endpoint();
      st.endpointPort = peer.endpointPort();
    }
    return st;
  }

  private static int port(LinkKind.WireGuard conf) {
    return conf.listenPort() != 0 ? conf.listenPort() : RANDOM_PORT_STAND_IN;
  }

  private void sendData(
      DeviceRef ref,
      NetDevice dev,
      LinkKind.WireGuard conf,
      LinkKind.WgPeer peer,
      PeerState st,
      Skb skb,
      boolean queued) {
    Netns ns = run.net().netns(ref.netns());
    Ipv4Packet inner = (Ipv4Packet) skb.frame().payload();
    int padded = Math.min((inner.totalLength() + 15) / 16 * 16, Math.max(dev.mtu(), 0));
    padded = Math.max(padded, inner.totalLength());
    UdpPayload.WireGuard msg =
        new UdpPayload.WireGuard(
            UdpPayload.WgMessage.DATA,
            conf.publicKey().orElse(""),
            0,
            st.counter++,
            Optional.of(inner),
            padded);
    Ipv4Packet outer = outer(ns, conf, st, msg);
    EncapBasis.WireGuard why =
        new EncapBasis.WireGuard(
            peer.publicKey(),
            inner.dst(),
            st.endpoint.get(),
            st.endpointPort,
            queued,
            outer.ttl(),
            inner.totalLength(),
            padded,
            outer.totalLength());
    sent(ref, peer, st);
    underlay.send(
        ns,
        ref,
        skb,
        o ->
            new Step.Encapsulated(
                ref, Step.Tunnel.WIREGUARD, Optional.empty(), inner, o, Optional.empty(), why),
        outer);
  }

  private Ipv4Packet outer(
      Netns ns, LinkKind.WireGuard conf, PeerState st, UdpPayload.WireGuard msg) {
    return new Ipv4Packet(
        Ipv4Address.ANY,
        st.endpoint.get(),
        ns.sysctls().defaultTtl(),
        0,
        false,
        Ipv4Packet.HEADER_BYTES + L4.Udp.HEADER_BYTES + msg.length(),
        0,
        new L4.Udp(port(conf), st.endpointPort, Optional.of(msg)));
  }

  /** A message of the device's own (handshake, keepalive): a packet of its own. */
  private void sendOwn(
      DeviceRef ref, LinkKind.WireGuard conf, PeerState st, UdpPayload.WireGuard msg, String by) {
    Netns ns = run.net().netns(ref.netns());
    Ipv4Packet outer = outer(ns, conf, st, msg);
    Skb skb =
        new Skb(
            run.log().newPacketId(),
            run.log().newCopyId(),
            new Frame(MacAddress.ZERO, MacAddress.ZERO, outer),
            false);
    underlay.send(ns, ref, skb, o -> new Step.Originated(ns.name(), o, by), outer);
  }

  /** {@code wg_packet_send_handshake_initiation}, again every 5 s until answered or given up. */
  private void initiate(
      DeviceRef ref, LinkKind.WireGuard conf, LinkKind.WgPeer peer, PeerState st) {
    st.handshakeInFlight = true;
    st.attempts++;
    int attempt = st.attempts;
    sendOwn(
        ref,
        conf,
        st,
        new UdpPayload.WireGuard(
            UdpPayload.WgMessage.HANDSHAKE_INITIATION,
            conf.publicKey().orElse(""),
            0,
            0,
            Optional.empty(),
            0),
        ref + ": WireGuard handshake initiation to peer " + peer.publicKey());
    sent(ref, peer, st);
    run.clock()
        .schedule(
            REKEY_TIMEOUT_NANOS,
            () -> {
              if (!st.handshakeInFlight || st.attempts != attempt) {
                return;
              }
              if (attempt >= MAX_HANDSHAKE_ATTEMPTS) {
                st.handshakeInFlight = false;
                for (Skb s : st.staged) {
                  run.log()
                      .drop(
                          s,
                          ref,
                          new DropReason.NoPeer(
                              ref,
                              ((Ipv4Packet) s.frame().payload()).dst(),
                              DropReason.NoPeer.Cause.HANDSHAKE_FAILED,
                              peer.publicKey(),
                              "the handshake with peer "
                                  + peer.publicKey()
                                  + " did not complete after "
                                  + MAX_HANDSHAKE_ATTEMPTS
                                  + " attempts (the queued packets are dropped)"));
                }
                st.staged.clear();
                return;
              }
              current(ref)
                  .ifPresent(c -> c.peer(peer.publicKey()).ifPresent(p -> initiate(ref, c, p, st)));
            });
  }

  /** The device's settings now, if it is still a WireGuard device. */
  private Optional<LinkKind.WireGuard> current(DeviceRef ref) {
    return run.net()
        .device(ref)
        .filter(NetDevice::up)
        .map(NetDevice::kind)
        .filter(LinkKind.WireGuard.class::isInstance)
        .map(LinkKind.WireGuard.class::cast);
  }

  /** {@code wg_timers_any_authenticated_packet_sent}: the pending keepalive is not needed. */
  private static void sent(DeviceRef ref, LinkKind.WgPeer peer, PeerState st) {
    st.keepalivePending = false;
    st.keepaliveTimer++;
  }

  /** {@code wg_timers_data_received}: a keepalive in 10 s unless something is sent first. */
  private void dataReceived(DeviceRef ref, LinkKind.WgPeer peer, PeerState st) {
    if (st.keepalivePending) {
      st.needAnotherKeepalive = true;
      return;
    }
    scheduleKeepalive(ref, peer, st);
  }

  private void scheduleKeepalive(DeviceRef ref, LinkKind.WgPeer peer, PeerState st) {
    st.keepalivePending = true;
    long timer = ++st.keepaliveTimer;
    run.clock()
        .schedule(
            KEEPALIVE_TIMEOUT_NANOS,
            () -> {
              if (!st.keepalivePending || st.keepaliveTimer != timer) {
                return;
              }
              st.keepalivePending = false;
              Optional<LinkKind.WireGuard> conf = current(ref);
              if (conf.isEmpty() || !usable(st) || st.endpoint.isEmpty()) {
                return;
              }
              sendOwn(
                  ref,
                  conf.get(),
                  st,
                  new UdpPayload.WireGuard(
                      UdpPayload.WgMessage.DATA,
                      conf.get().publicKey().orElse(""),
                      0,
                      st.counter++,
                      Optional.empty(),
                      0),
                  ref + ": WireGuard keepalive to peer " + peer.publicKey());
              st.keepaliveTimer++;
              if (st.needAnotherKeepalive) {
                st.needAnotherKeepalive = false;
                scheduleKeepalive(ref, peer, st);
              }
            });
  }

  /**
   * {@code wg_receive}: a UDP datagram for a local address; true if an up WireGuard device of this
   * namespace listens on its port (its socket is opened when the device goes up), and the datagram
   * is then consumed here, whatever happens to it.
   */
  boolean receive(Netns ns, String inDev, Skb skb, Ipv4Packet outer, L4.Udp udp) {
    Optional<NetDevice> bound =
        ns.deviceList().stream()
            .filter(
                d -> d.up() && d.kind() instanceof LinkKind.WireGuard w && port(w) == udp.dport())
            .findFirst();
    if (bound.isEmpty()) {
      return false;
    }
    DeviceRef ref = new DeviceRef(ns.name(), bound.get().name());
    LinkKind.WireGuard conf = (LinkKind.WireGuard) bound.get().kind();
    DeviceRef in = new DeviceRef(ns.name(), inDev);
    if (udp.payload().isEmpty() || !(udp.payload().get() instanceof UdpPayload.WireGuard msg)) {
      run.log()
          .drop(
              skb,
              in,
              new DropReason.NoTunnel(
                  ns.name(),
                  "the datagram to UDP "
                      + udp.dport()
                      + " is no WireGuard message (dropped by "
                      + ref
                      + "'s socket)"));
      return true;
    }
    Optional<LinkKind.WgPeer> peer =
        conf.publicKey().isEmpty() ? Optional.empty() : conf.peer(msg.sender());
    if (peer.isEmpty()) {
      run.log()
          .drop(
              skb,
              in,
              new DropReason.NoTunnel(
                  ns.name(),
                  conf.publicKey().isEmpty()
                      ? ref + " has no private key: it takes no WireGuard message"
                      : ref
                          + " has no peer with the sender's key "
                          + msg.sender()
                          + " (the message fails authentication and is dropped)"));
      return true;
    }
    PeerState st = state(ref, peer.get());
    switch (msg.type()) {
      case HANDSHAKE_INITIATION -> {
        learn(st, outer, udp);
        // the responder's session: usable once the initiator's first data message arrives
        st.sessionSince = run.clock().now();
        st.confirmed = false;
        st.counter = 0;
        sendOwn(
            ref,
            conf,
            st,
            new UdpPayload.WireGuard(
                UdpPayload.WgMessage.HANDSHAKE_RESPONSE,
                conf.publicKey().get(),
                0,
                0,
                Optional.empty(),
                0),
            ref + ": WireGuard handshake response to peer " + peer.get().publicKey());
        sent(ref, peer.get(), st);
      }
      case HANDSHAKE_RESPONSE -> {
        if (!st.handshakeInFlight) {
          run.log()
              .drop(
                  skb,
                  in,
                  new DropReason.NoTunnel(
                      ns.name(),
                      "a handshake response from peer "
                          + peer.get().publicKey()
                          + " that "
                          + ref
                          + " did not ask for (dropped)"));
          return true;
        }
        learn(st, outer, udp);
        st.handshakeInFlight = false;
        st.sessionSince = run.clock().now();
        st.confirmed = true;
        st.counter = 0;
        sendStaged(ref, bound.get(), conf, peer.get(), st, true);
      }
      case DATA -> data(ns, in, ref, bound.get(), conf, peer.get(), st, skb, outer, udp, msg);
    }
    return true;
  }

  /** The packets queued for the handshake leave; with none, a keepalive confirms the session. */
  private void sendStaged(
      DeviceRef ref,
      NetDevice dev,
      LinkKind.WireGuard conf,
      LinkKind.WgPeer peer,
      PeerState st,
      boolean keepaliveIfNone) {
    List<Skb> staged = List.copyOf(st.staged);
    st.staged.clear();
    if (staged.isEmpty()) {
      if (keepaliveIfNone) {
        sendOwn(
            ref,
            conf,
            st,
            new UdpPayload.WireGuard(
                UdpPayload.WgMessage.DATA,
                conf.publicKey().orElse(""),
                0,
                st.counter++,
                Optional.empty(),
                0),
            ref + ": WireGuard keepalive to peer " + peer.publicKey() + " (confirms the session)");
        sent(ref, peer, st);
      }
      return;
    }
    for (Skb s : staged) {
      sendData(ref, dev, conf, peer, st, s, true);
    }
  }

  private void data(
      Netns ns,
      DeviceRef in,
      DeviceRef ref,
      NetDevice dev,
      LinkKind.WireGuard conf,
      LinkKind.WgPeer peer,
      PeerState st,
      Skb skb,
      Ipv4Packet outer,
      L4.Udp udp,
      UdpPayload.WireGuard msg) {
    if (st.sessionSince < 0 || run.clock().now() - st.sessionSince >= REJECT_AFTER_TIME_NANOS) {
      run.log()
          .drop(
              skb,
              in,
              new DropReason.NoTunnel(
                  ns.name(),
                  "a data message from peer "
                      + peer.publicKey()
                      + " with no session at "
                      + ref
                      + " (dropped)"));
      return;
    }
    learn(st, outer, udp);
    if (!st.confirmed) {
      st.confirmed = true;
      sendStaged(ref, dev, conf, peer, st, false);
    }
    if (msg.inner().isEmpty()) {
      // a keepalive: authenticated, nothing to deliver (the packet ends here)
      return;
    }
    dataReceived(ref, peer, st);
    Ipv4Packet inner = msg.inner().get();
    Optional<LinkKind.WgPeer> routed = conf.peerFor(inner.src());
    run.log()
        .record(
            skb, new Step.Decapsulated(ref, Step.Tunnel.WIREGUARD, outer, Optional.empty(), inner));
    Skb s = skb.withFrame(new Frame(MacAddress.ZERO, MacAddress.ZERO, inner));
    if (routed.isEmpty() || !routed.get().publicKey().equals(peer.publicKey())) {
      // dropped before the packet reaches the device's receive path: a capture on wg0 does not
      // see it (the VM's kernel: samples/wireguard.sh, verify --pcap)
      run.log()
          .drop(
              s,
              ref,
              new DropReason.NoPeer(
                  ref,
                  inner.src(),
                  DropReason.NoPeer.Cause.SOURCE_NOT_ALLOWED,
                  peer.publicKey(),
                  "the source "
                      + inner.src()
                      + " is not in the allowed-ips of the peer that sent it, "
                      + peer.publicKey()
                      + " (wg: \"Packet has unallowed src IP\"; dropped without an answer)"));
      return;
    }
    links.receiveDecapsulated(ref, s);
  }

  /** Roaming: the peer's endpoint becomes the source of its last authenticated packet. */
  private static void learn(PeerState st, Ipv4Packet outer, L4.Udp udp) {
    st.endpoint = Optional.of(outer.src());
    st.endpointPort = udp.sport();
  }
}
