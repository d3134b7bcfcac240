package dev.podpath.model.dump;

import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.BridgePort;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a dump says about one network device: {@code ip -j -d link}, {@code ip -j addr}, {@code ip
 * addr}, {@code ip -d link} or {@code ifconfig}. Each source fills what it shows; the rest stays
 * empty. A veth's peer is only named here ({@link #link}); the snapshot assembler resolves it
 * across namespaces and then calls {@link #toNetDevice}.
 *
 * <pre>{@code
 * 4: veth-pod5@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master cni0 state UP
 *     link/ether e2:01:40:4b:41:82 brd ff:ff:ff:ff:ff:ff link-netns pod5
 *  -> name veth-pod5, index 4, type veth, master cni0, link = ifindex 2 in netns pod5
 * }</pre>
 *
 * @param name the interface name ({@code ifname}), without the {@code @peer} suffix
 * @param index the ifindex; 0 when the source does not show one ({@code ifconfig})
 * @param type the kind {@code ip -d link} names ({@code linkinfo.info_kind}: veth, bridge, vxlan,
 *     ...); empty when the dump has no kinds (no {@code -d}, {@code ifconfig})
 * @param linkType the link-layer type ({@code link/ether}, {@code link/loopback}, {@code
 *     link/none}): {@code ether}, {@code loopback}, {@code none}, ...; empty when not shown
 * @param mac the device address, when it has one
 * @param mtu the MTU, when shown
 * @param flags the interface flags as printed ({@code UP}, {@code LOWER_UP}, {@code NO-CARRIER};
 *     ifconfig's {@code RUNNING})
 * @param operstate {@code UP}, {@code DOWN}, {@code UNKNOWN}, {@code LOWERLAYERDOWN}; empty when
 *     not shown
 * @param master the bridge (or other master) this device is enslaved to
 * @param port the bridge-port settings, when the dump shows them ({@code -d})
 * @param details the kind's own settings, when the dump shows them ({@code -d}): a bridge's ageing
 *     time and STP ({@link LinkKind.Bridge}), a VXLAN device's VNI, addresses, lower device, port,
 *     learning and TTL ({@link LinkKind.Vxlan}), a TUN device ({@link LinkKind.Tun}), or a kind
 *     podpath keeps without modelling it ({@link LinkKind.NotModelled}: a TAP device, a VXLAN
 *     device in external mode)
 * @param link the peer of a veth, or the lower device of a macvlan/vlan/vxlan
 * @param addresses the IPv4 addresses, primary first (empty from {@code ip link})
 * @param origin where the device's entry starts in the dump
 * @param stateShown whether the dump shows the device's flags and state: {@code ip -o addr} lists
 *     addresses without them ({@code 2: eth0 inet 10.0.0.5/24 ...}), so a device only such a dump
 *     shows is neither up nor down to podpath ({@link #up} is then false and means nothing)
 */
public record LinkFacts(
    String name,
    int index,
    String type,
    String linkType,
    Optional<MacAddress> mac,
    OptionalInt mtu,
    List<String> flags,
    String operstate,
    Optional<String> master,
    Optional<BridgePort> port,
    Optional<LinkKind> details,
    Optional<LinkRef> link,
    List<IfAddress> addresses,
    Origin origin,
    boolean stateShown) {

  public LinkFacts {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(linkType, "linkType");
    Objects.requireNonNull(mac, "mac");
    Objects.requireNonNull(mtu, "mtu");
    flags = List.copyOf(flags);
    Objects.requireNonNull(operstate, "operstate");
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(details, "details");
    Objects.requireNonNull(link, "link");
    addresses = List.copyOf(addresses);
    Objects.requireNonNull(origin, "origin");
  }

  /** A device whose dump shows its flags and state. */
  public LinkFacts(
      String name,
      int index,
      String type,
      String linkType,
      Optional<MacAddress> mac,
      OptionalInt mtu,
      List<String> flags,
      String operstate,
      Optional<String> master,
      Optional<BridgePort> port,
      Optional<LinkKind> details,
      Optional<LinkRef> link,
      List<IfAddress> addresses,
      Origin origin) {
    this(
        name, index, type, linkType, mac, mtu, flags, operstate, master, port, details, link,
        addresses, origin, true);
  }

  /**
   * The other end of a link: by name in the same namespace ({@code "link":"vdown-peer"}), or by
   * ifindex in the namespace with id {@code netnsId} ({@code "link_index":2,"link_netnsid":1}, text
   * {@code @if2 ... link-netnsid 1} or {@code link-netns pod5}).
   */
  public record LinkRef(
      Optional<String> name, OptionalInt index, OptionalInt netnsId, Optional<String> netns) {
    public LinkRef {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(index, "index");
      Objects.requireNonNull(netnsId, "netnsId");
      Objects.requireNonNull(netns, "netns");
    }

    /** Whether the other end lives in another namespace. */
    public boolean isInOtherNetns() {
      return netnsId.isPresent() || netns.isPresent();
    }
  }

  /** Administratively up ({@code ip link set X up}): the {@code UP} flag. */
  public boolean up() {
    return flags.contains("UP");
  }

  /** The device has a carrier: {@code LOWER_UP} (iproute2) or {@code RUNNING} (ifconfig). */
  public boolean hasCarrier() {
    return flags.contains("LOWER_UP") || flags.contains("RUNNING");
  }

  public boolean isVeth() {
    return type.equals("veth");
  }

  /**
   * The model's kind of this device. A veth needs its peer, which only the assembler can resolve;
   * without one it is kept as {@code NotModelled("veth")}. A device whose dump shows no kind (no
   * {@code -d}, or {@code ifconfig}) is an {@code Ethernet} when its link type is Ethernet.
   */
  public LinkKind kind(Optional<DeviceRef> vethPeer) {
    switch (type) {
      case "veth":
        return vethPeer.<LinkKind>map(LinkKind.Veth::new).orElse(new LinkKind.NotModelled("veth"));
      case "bridge":
        return details.filter(LinkKind.Bridge.class::isInstance).orElse(LinkKind.Bridge.defaults());
      case "vxlan", "tun", "ipip", "geneve":
        return details.orElse(new LinkKind.NotModelled(type));
      case "":
        if (linkType.equals("loopback") || name.equals("lo")) {
          return new LinkKind.Loopback();
        }
        if (linkType.equals("ether") || linkType.isEmpty()) {
          return new LinkKind.Ethernet();
        }
        return new LinkKind.NotModelled(linkType);
      default:
        return new LinkKind.NotModelled(type);
    }
  }

  /**
   * The model device: MAC {@code 00:00:00:00:00:00} when the dump shows none, MTU 1500 when it
   * shows none, and the bridge-port defaults when the dump has no port settings.
   */
  public NetDevice toNetDevice(Optional<DeviceRef> vethPeer) {
    int m = mtu.orElse(1500);
    return new NetDevice(
        name,
        index,
        kind(vethPeer),
        mac.orElse(MacAddress.ZERO),
        m > 0 ? m : 1500,
        up(),
        master,
        port.orElse(BridgePort.DEFAULTS),
        addresses,
        origin);
  }

  /** The same device with {@code addresses} (from an address dump of the same node). */
  public LinkFacts withAddresses(List<IfAddress> newAddresses) {
    return new LinkFacts(
        name,
        index,
        type,
        linkType,
        mac,
        mtu,
        flags,
        operstate,
        master,
        port,
        details,
        link,
        newAddresses,
        origin,
        stateShown);
  }
}
