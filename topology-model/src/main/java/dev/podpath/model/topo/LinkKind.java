package dev.podpath.model.topo;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.origin.Origin;
import java.util.Objects;
import java.util.Optional;

/**
 * What kind of device a {@link NetDevice} is: {@code ip link add ... type KIND}.
 *
 * <p>Kinds podpath does not model yet are kept as {@link NotModelled} so that a trace reaching them
 * can say so instead of guessing.
 */
public sealed interface LinkKind {

  /** The name {@code ip -d link} prints for this kind ({@code veth}, {@code bridge}, ...). */
  String typeName();

  /** Which kind this is, without its settings. */
  Type kindType();

  /**
   * The kinds of device, named once for the whole model: the interpreter creates a device of a type
   * ({@code ip link add NAME type veth}), a snapshot reads it ({@code ip -d link}'s {@code kind}),
   * and both decide by this enum, never by the spelling.
   */
  enum Type {
    LOOPBACK("loopback"),
    VETH("veth"),
    BRIDGE("bridge"),
    /** A device without an iproute2 kind: a physical NIC ({@code link/ether}). */
    ETHERNET(""),
    VXLAN("vxlan"),
    IPIP("ipip"),
    GENEVE("geneve"),
    WIREGUARD("wireguard"),
    TUN("tun"),
    /** Any kind podpath keeps but does not simulate ({@link NotModelled} names it). */
    NOT_MODELLED("");

    private final String ipLinkName;

    Type(String ipLinkName) {
      this.ipLinkName = ipLinkName;
    }

    /** The kind's name in {@code ip link add ... type NAME} and {@code ip -d link}. */
    public String ipLinkName() {
      return ipLinkName;
    }

    /**
     * The type iproute2 calls {@code kind} ({@code ip -d link}'s {@code linkinfo.info_kind}, {@code
     * ip link add}'s {@code type}): empty when no kind is named (a physical NIC, or not dumped).
     */
    public static java.util.Optional<Type> ofIpLink(String kind) {
      if (kind.isEmpty()) {
        return java.util.Optional.empty();
      }
      for (Type t : values()) {
        if (t.ipLinkName.equals(kind)) {
          return java.util.Optional.of(t);
        }
      }
      return java.util.Optional.of(NOT_MODELLED);
    }
  }

  /** The loopback device {@code lo} every namespace starts with. */
  record Loopback() implements LinkKind {
    @Override
    public String typeName() {
      return "loopback";
    }

    @Override
    public Type kindType() {
      return Type.LOOPBACK;
    }
  }

  /** One end of a veth pair; frames sent here arrive at {@code peer}. */
  record Veth(DeviceRef peer) implements LinkKind {
    public Veth {
      Objects.requireNonNull(peer, "peer");
    }

    @Override
    public String typeName() {
      return "veth";
    }

    @Override
    public Type kindType() {
      return Type.VETH;
    }
  }

  /**
   * A Linux bridge.
   *
   * @param ageingTimeCentis FDB ageing time in centiseconds (kernel default 30000 = 300 s)
   * @param stp whether STP is on (podpath models STP off only)
   * @param macExplicit whether the MAC was set by the user (otherwise it follows the lowest port)
   * @param mtuExplicit whether the MTU was set by the user (otherwise it follows the smallest port)
   */
  record Bridge(int ageingTimeCentis, boolean stp, boolean macExplicit, boolean mtuExplicit)
      implements LinkKind {
    public static Bridge defaults() {
      return new Bridge(30000, false, false, false);
    }

    @Override
    public String typeName() {
      return "bridge";
    }

    @Override
    public Type kindType() {
      return Type.BRIDGE;
    }
  }

  /**
   * A physical Ethernet device (a node's NIC in a dump); nothing is modelled behind it.
   *
   * @param beyond what is behind it in the real network and was not dumped, and what would be
   *     needed to follow a packet there; empty when nothing is known (a scenario's NIC)
   */
  record Ethernet(String beyond) implements LinkKind {
    public Ethernet {
      Objects.requireNonNull(beyond, "beyond");
    }

    /** A NIC with nothing known behind it. */
    public Ethernet() {
      this("");
    }

    @Override
    public String typeName() {
      return "ether";
    }

    @Override
    public Type kindType() {
      return Type.ETHERNET;
    }
  }

  /**
   * A VXLAN tunnel endpoint ({@code ip link add NAME type vxlan id VNI ...}): Ethernet frames sent
   * here are wrapped in UDP to the VTEP the device's FDB names for the destination MAC.
   *
   * <pre>{@code
   * ip link add flannel.1 type vxlan id 1 local 192.168.2.16 dev enp0s5 dstport 8472 nolearning
   * }</pre>
   *
   * @param vni the VXLAN network identifier (24 bits)
   * @param local the outer source address, if fixed ({@code local})
   * @param group a multicast group for flooding ({@code group}); podpath does not model multicast
   * @param lower the underlay device ({@code dev}), which also caps the MTU at its MTU - 50
   * @param dstPort the UDP destination port (the kernel's default is 8472)
   * @param learning whether the device learns remote MACs from received frames
   * @param ttl the outer TTL: 0 for {@code auto} (the namespace's default TTL), else 1..255
   * @param ttlInherit {@code ttl inherit}: the outer TTL copies the inner packet's
   * @param fdbUnknown why the device's FDB is not known (a snapshot without {@code bridge fdb}); a
   *     frame no entry sends anywhere then leaves the model as not modelled instead of being lost
   */
  record Vxlan(
      int vni,
      Optional<Ipv4Address> local,
      Optional<Ipv4Address> group,
      Optional<String> lower,
      int dstPort,
      boolean learning,
      int ttl,
      boolean ttlInherit,
      Optional<String> fdbUnknown)
      implements LinkKind {
    /**
     * Outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8: what encapsulation adds to the inner packet.
     */
    public static final int OVERHEAD = 50;

    public Vxlan {
      Objects.requireNonNull(local, "local");
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(lower, "lower");
      Objects.requireNonNull(fdbUnknown, "fdbUnknown");
    }

    /** A device whose FDB is known (a scenario's, or a snapshot's with its FDB dumped). */
    public Vxlan(
        int vni,
        Optional<Ipv4Address> local,
        Optional<Ipv4Address> group,
        Optional<String> lower,
        int dstPort,
        boolean learning,
        int ttl,
        boolean ttlInherit) {
      this(vni, local, group, lower, dstPort, learning, ttl, ttlInherit, Optional.empty());
    }

    /** The same device, its FDB not known for {@code why}. */
    public Vxlan withFdbUnknown(String why) {
      return new Vxlan(
          vni, local, group, lower, dstPort, learning, ttl, ttlInherit, Optional.of(why));
    }

    @Override
    public String typeName() {
      return "vxlan";
    }

    @Override
    public Type kindType() {
      return Type.VXLAN;
    }
  }

  /**
   * A Geneve device ({@code ip link add NAME type geneve id VNI remote ADDR}, {@code
   * drivers/net/geneve.c}): every Ethernet frame sent here is wrapped in Geneve/UDP/IPv4 to the one
   * {@code remote}; a datagram to {@code dstPort} is taken by the device whose VNI and remote match
   * the outer packet. No FDB, no learning (OVN's encapsulation; RFC 8926).
   *
   * <pre>{@code
   * ip link add g0 type geneve id 42 remote 192.168.0.2
   * }</pre>
   *
   * @param vni the virtual network identifier (24 bits)
   * @param remote the outer destination
   * @param dstPort the UDP destination port (6081, IANA's)
   * @param ttl the outer TTL: 0 for {@code auto} (the namespace's default TTL), else 1..255
   * @param ttlInherit {@code ttl inherit}: the outer TTL copies the inner packet's
   */
  record Geneve(int vni, Ipv4Address remote, int dstPort, int ttl, boolean ttlInherit)
      implements LinkKind {
    /**
     * Outer IPv4 20 + UDP 8 + Geneve 8 + inner Ethernet 14 ({@code GENEVE_IPV4_HLEN}): what
     * encapsulation adds to the inner packet.
     */
    public static final int OVERHEAD = 50;

    /** IANA's port for Geneve, the kernel's default ({@code GENEVE_UDP_PORT}). */
    public static final int DEFAULT_PORT = 6081;

    public Geneve {
      Objects.requireNonNull(remote, "remote");
    }

    @Override
    public String typeName() {
      return "geneve";
    }

    @Override
    public Type kindType() {
      return Type.GENEVE;
    }
  }

  /**
   * A WireGuard device ({@code ip link add NAME type wireguard}, configured by {@code wg set},
   * {@code drivers/net/wireguard}): a layer-3 device (no ARP, no Ethernet header) whose packets go,
   * encrypted, in UDP to the peer whose allowed-ips hold the destination most specifically
   * (cryptokey routing); a packet received from a peer is taken only if its source is in that
   * peer's allowed-ips.
   *
   * <pre>{@code
   * ip link add wg0 type wireguard
   * wg set wg0 listen-port 51820 private-key ./a.key peer KEY allowed-ips 10.244.2.0/24 endpoint 192.168.0.2:51820
   * }</pre>
   *
   * @param publicKey the device's public key (from its private key), empty until one is set
   * @param listenPort the UDP port it listens on and sends from; 0 until {@code listen-port} is set
   *     (the kernel then picks a random port when the device goes up)
   * @param peers the peers, in the order they were added
   */
  record WireGuard(Optional<String> publicKey, int listenPort, java.util.List<WgPeer> peers)
      implements LinkKind {
    /**
     * Outer IPv4 20 + UDP 8 + the data message's header 16 + its authentication tag 16: what
     * encapsulation adds to the inner packet at least (the inner packet is also padded to a
     * multiple of 16, within the MTU).
     */
    public static final int OVERHEAD = 60;

    /**
     * The MTU a new device has ({@code wg_setup}: 1500 less the IPv6 overhead, 80, so that one MTU
     * fits both families).
     */
    public static final int DEFAULT_MTU = 1420;

    public WireGuard {
      Objects.requireNonNull(publicKey, "publicKey");
      peers = java.util.List.copyOf(peers);
    }

    /** A new device: no key, no port, no peer. */
    public static WireGuard unconfigured() {
      return new WireGuard(Optional.empty(), 0, java.util.List.of());
    }

    /**
     * The peer cryptokey routing sends {@code dst} to ({@code wg_allowedips_lookup_dst}): the one
     * whose allowed-ips hold it with the longest prefix (an allowed-ip belongs to one peer only).
     */
    public Optional<WgPeer> peerFor(Ipv4Address dst) {
      WgPeer best = null;
      int bestLength = -1;
      for (WgPeer p : peers) {
        for (dev.podpath.model.addr.Prefix a : p.allowedIps()) {
          if (a.contains(dst) && a.length() > bestLength) {
            best = p;
            bestLength = a.length();
          }
        }
      }
      return Optional.ofNullable(best);
    }

    /** The peer with public key {@code key}, if the device has it. */
    public Optional<WgPeer> peer(String key) {
      return peers.stream().filter(p -> p.publicKey().equals(key)).findFirst();
    }

    @Override
    public String typeName() {
      return "wireguard";
    }

    @Override
    public Type kindType() {
      return Type.WIREGUARD;
    }
  }

  /**
   * One peer of a {@link WireGuard} device.
   *
   * @param publicKey its public key, as wg prints it (base64)
   * @param endpoint where its packets go, if known ({@code endpoint}, or learned from the last
   *     authenticated packet it sent)
   * @param endpointPort the endpoint's UDP port (0 without an endpoint)
   * @param allowedIps the prefixes it may send from and is sent to
   */
  record WgPeer(
      String publicKey,
      Optional<Ipv4Address> endpoint,
      int endpointPort,
      java.util.List<dev.podpath.model.addr.Prefix> allowedIps) {
    public WgPeer {
      Objects.requireNonNull(publicKey, "publicKey");
      Objects.requireNonNull(endpoint, "endpoint");
      allowedIps = java.util.List.copyOf(allowedIps);
    }
  }

  /**
   * An IPIP tunnel ({@code ip tunnel add NAME mode ipip}, {@code ip link add NAME type ipip}, or
   * the fallback {@code tunl0}): IPv4 packets are wrapped in an outer IPv4 header (protocol 4).
   *
   * @param local the outer source, if fixed ({@code any} otherwise)
   * @param remote the outer destination, if fixed; without one the route's gateway is used (NBMA)
   * @param ttl the outer TTL; 0 = inherit the inner packet's
   * @param fallback whether this is the per-namespace fallback device {@code tunl0}
   * @param pmtudisc path MTU discovery: the outer header always has DF ({@code pmtudisc}: the
   *     default of {@code ip link add type ipip} and of {@code ip tunnel add}); without it ({@code
   *     nopmtudisc}: tunl0, or asked for) DF is copied from the inner packet
   */
  record Ipip(
      Optional<Ipv4Address> local,
      Optional<Ipv4Address> remote,
      int ttl,
      boolean fallback,
      boolean pmtudisc)
      implements LinkKind {
    /** The outer IPv4 header: what encapsulation adds. */
    public static final int OVERHEAD = 20;

    public Ipip {
      Objects.requireNonNull(local, "local");
      Objects.requireNonNull(remote, "remote");
    }

    /** A tunnel with {@code ip link add}'s default: pmtudisc, except for tunl0. */
    public Ipip(
        Optional<Ipv4Address> local, Optional<Ipv4Address> remote, int ttl, boolean fallback) {
      this(local, remote, ttl, fallback, !fallback);
    }

    @Override
    public String typeName() {
      return "ipip";
    }

    @Override
    public Type kindType() {
      return Type.IPIP;
    }
  }

  /**
   * A TUN device ({@code ip tuntap add NAME mode tun}): IP packets routed into it go to the
   * user-space program that holds it open, and what that program writes comes in as received.
   *
   * @param flanneld the program behind it, when it is flannel's UDP backend (modelled); without one
   *     nothing reads the device, unless {@code holderUnknown} says the model cannot know
   * @param holderUnknown why the program reading the device is not known (a snapshot that did not
   *     capture it); packets routed into the device then leave the model as not modelled
   */
  record Tun(Optional<FlanneldUdp> flanneld, Optional<String> holderUnknown) implements LinkKind {
    public Tun {
      Objects.requireNonNull(flanneld, "flanneld");
      Objects.requireNonNull(holderUnknown, "holderUnknown");
    }

    /** A TUN device whose reader is known: {@code flanneld}, or nothing. */
    public Tun(Optional<FlanneldUdp> flanneld) {
      this(flanneld, Optional.empty());
    }

    @Override
    public String typeName() {
      return "tun";
    }

    @Override
    public Type kindType() {
      return Type.TUN;
    }
  }

  /**
   * flanneld's UDP backend behind a TUN device: a packet read from the device whose destination is
   * in a peer's subnet lease is sent, bare, as a UDP datagram from {@code port} to that node's
   * {@code port}; a datagram received on {@code port} is written into the device.
   *
   * @param port flanneld's UDP port (8285)
   * @param leases the subnet lease map: pod subnet -> node address
   * @param origin the line that started the program
   */
  record FlanneldUdp(int port, java.util.List<Lease> leases, Origin origin) {
    public FlanneldUdp {
      leases = java.util.List.copyOf(leases);
      Objects.requireNonNull(origin, "origin");
    }

    /**
     * The lease whose subnet holds {@code dst}, if any (the first that matches, as flanneld's
     * lookup).
     */
    public Optional<Lease> leaseFor(Ipv4Address dst) {
      return leases.stream().filter(l -> l.subnet().contains(dst)).findFirst();
    }
  }

  /** One subnet lease: a node's pod subnet and its public address. */
  record Lease(dev.podpath.model.addr.Prefix subnet, Ipv4Address node) {
    public Lease {
      Objects.requireNonNull(subnet, "subnet");
      Objects.requireNonNull(node, "node");
    }
  }

  /**
   * A kind podpath keeps but does not simulate (e.g. {@code macvlan}); traces reaching it say so.
   */
  record NotModelled(String type) implements LinkKind {
    public NotModelled {
      Objects.requireNonNull(type, "type");
    }

    @Override
    public String typeName() {
      return type;
    }

    @Override
    public Type kindType() {
      return Type.NOT_MODELLED;
    }
  }
}
