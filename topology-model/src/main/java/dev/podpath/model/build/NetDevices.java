package dev.podpath.model.build;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.topo.BridgePort;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The lifecycle of net_devices ({@code net/core/dev.c}, {@code rtnl_newlink}) with the kernel's
 * side effects: creating veth pairs, bridges and other devices, deleting them (a veth takes its
 * peer along), bringing them up and down, renaming, moving between namespaces, enslaving to
 * bridges, and the bridge's MAC and MTU following its ports.
 */
public final class NetDevices {

  public static final int DEFAULT_MTU = 1500;

  /** A Geneve device's {@code max_mtu}: IP_MAX_MTU less UDP 8, Geneve 8 and Ethernet 14. */
  private static final int GENEVE_MAX_MTU = 65535 - 30;

  /** What {@code ip link add} says about one device (name and optional attributes). */
  public record Spec(String name, Optional<MacAddress> mac, Optional<Integer> mtu) {
    public static Spec named(String name) {
      return new Spec(name, Optional.empty(), Optional.empty());
    }
  }

  private NetDevices() {}

  public static DeviceBuilder createLoopback(NetnsBuilder ns, Origin origin) {
    DeviceBuilder lo =
        new DeviceBuilder(
            LinkKind.Type.LOOPBACK, LinkKind.Type.LOOPBACK.ipLinkName(), "lo", origin);
    lo.index(ns.allocateIndex());
    lo.mac(MacAddress.ZERO, false);
    lo.mtu(65536, false);
    ns.attach(lo);
    return lo;
  }

  /**
   * A bridge, a TUN device or a not-modelled device ({@code ip link add NAME type TYPE}); the kinds
   * with settings of their own have their own operations ({@link #createVeth}, {@link
   * #createVxlan}, {@link #createIpip}).
   */
  public static DeviceBuilder create(
      MacSource macs, NetnsBuilder ns, LinkKind.Type kind, String type, Spec spec, Origin origin) {
    if (kind != LinkKind.Type.BRIDGE
        && kind != LinkKind.Type.TUN
        && kind != LinkKind.Type.NOT_MODELLED) {
      throw new IllegalArgumentException("a " + kind + " device has its own create operation");
    }
    return createDevice(macs, ns, kind, type, spec, origin);
  }

  private static DeviceBuilder createDevice(
      MacSource macs, NetnsBuilder ns, LinkKind.Type kind, String type, Spec spec, Origin origin) {
    checkName(spec.name());
    if (ns.has(spec.name())) {
      throw KernelError.of(Errno.EEXIST);
    }
    return make(macs, ns, kind, type, spec, origin);
  }

  /** {@code ip link add NAME type veth peer name PEER}: the peer is made first (lower ifindex). */
  public static DeviceBuilder createVeth(
      MacSource macs, NetnsBuilder ns, Spec main, NetnsBuilder peerNs, Spec peer, Origin origin) {
    checkName(main.name());
    checkName(peer.name());
    if (ns.has(main.name())
        || peerNs.has(peer.name())
        || ns == peerNs && main.name().equals(peer.name())) {
      throw KernelError.of(Errno.EEXIST);
    }
    DeviceBuilder p =
        make(macs, peerNs, LinkKind.Type.VETH, LinkKind.Type.VETH.ipLinkName(), peer, origin);
    DeviceBuilder m =
        make(macs, ns, LinkKind.Type.VETH, LinkKind.Type.VETH.ipLinkName(), main, origin);
    p.pairWith(m);
    return m;
  }

  private static DeviceBuilder make(
      MacSource macs, NetnsBuilder ns, LinkKind.Type kind, String type, Spec spec, Origin origin) {
    DeviceBuilder d = new DeviceBuilder(kind, type, spec.name(), origin);
    boolean noLinkLayer =
        kind == LinkKind.Type.TUN || kind == LinkKind.Type.IPIP || kind == LinkKind.Type.WIREGUARD;
    d.mac(
        noLinkLayer
            ? MacAddress.ZERO
            : spec.mac().orElseGet(() -> macs.next(ns.name(), spec.name())),
        spec.mac().isPresent());
    // rtnl_create_link writes an MTU given at creation straight into dev->mtu, without
    // ndo_change_mtu: a bridge's BROPT_MTU_SET_BY_USER stays off and its MTU still follows its
    // ports (the kernel's dumps of flannel-vxlan-mtu.sh show cni0 at its port's 1500)
    d.mtu(spec.mtu().orElse(DEFAULT_MTU), false);
    d.index(ns.allocateIndex());
    ns.attach(d);
    return d;
  }

  /**
   * {@code ip link add NAME type vxlan ...} ({@code vxlan_newlink}): one device per VNI and port in
   * a namespace; without an MTU it takes its lower device's less the encapsulation; a {@code
   * remote} becomes the all-zero default FDB entry.
   */
  public static DeviceBuilder createVxlan(
      MacSource macs, NetnsBuilder ns, Spec spec, VxlanConf conf, Origin origin) {
    if (ns.has(spec.name())) {
      throw KernelError.of(Errno.EEXIST);
    }
    boolean clash =
        ns.devices().stream()
            .flatMap(o -> o.vxlan().stream())
            .anyMatch(o -> o.vni() == conf.vni() && o.dstPort() == conf.dstPort());
    if (clash) {
      throw KernelError.of(Errno.EEXIST, "A VXLAN device with the specified VNI already exists");
    }
    Optional<Integer> mtu =
        spec.mtu().isPresent() || conf.lower() == null
            ? spec.mtu()
            : Optional.of(conf.lower().mtu() - LinkKind.Vxlan.OVERHEAD);
    DeviceBuilder d =
        createDevice(
            macs,
            ns,
            LinkKind.Type.VXLAN,
            LinkKind.Type.VXLAN.ipLinkName(),
            new Spec(spec.name(), spec.mac(), mtu),
            origin);
    d.vxlan(conf);
    conf.remote()
        .ifPresent(
            r ->
                ns.fdbList()
                    .add(
                        new FdbEntry(
                            MacAddress.ZERO,
                            d.name(),
                            Optional.empty(),
                            FdbEntry.Kind.PERMANENT,
                            Optional.of(r),
                            origin)));
    return d;
  }

  /**
   * {@code ip link add NAME type geneve id VNI remote ADDR ...} ({@code geneve_newlink}): refused
   * with {@code EBUSY} when a device with the same VNI, remote and port exists ({@code
   * geneve_find_dev}); without an MTU it takes the MTU of the device the route to the remote leaves
   * by, less the encapsulation ({@code geneve_link_config}), or keeps 1500 when there is no route.
   */
  public static DeviceBuilder createGeneve(
      MacSource macs, NetnsBuilder ns, Spec spec, LinkKind.Geneve conf, Origin origin) {
    if (ns.has(spec.name())) {
      throw KernelError.of(Errno.EEXIST);
    }
    boolean clash =
        ns.devices().stream()
            .flatMap(o -> o.geneve().stream())
            .anyMatch(
                o ->
                    o.vni() == conf.vni()
                        && o.remote().equals(conf.remote())
                        && o.dstPort() == conf.dstPort());
    if (clash) {
      throw KernelError.of(Errno.EBUSY);
    }
    Optional<Integer> mtu = spec.mtu();
    if (mtu.isEmpty()
        && FibTableLookup.full(ns, conf.remote(), 0, Optional.empty())
            instanceof FibTableLookup.Found f) {
      int lower =
          f.route().type() == dev.podpath.model.route.RouteType.LOCAL
              ? GENEVE_MAX_MTU
              : ns.device(f.hop().dev()).map(DeviceBuilder::mtu).orElse(DEFAULT_MTU);
      mtu =
          Optional.of(
              Math.max(
                  DeviceBuilder.ETH_MIN_MTU,
                  Math.min(GENEVE_MAX_MTU, lower - LinkKind.Geneve.OVERHEAD)));
    }
    DeviceBuilder d =
        createDevice(
            macs,
            ns,
            LinkKind.Type.GENEVE,
            LinkKind.Type.GENEVE.ipLinkName(),
            new Spec(spec.name(), spec.mac(), mtu),
            origin);
    d.geneve(conf);
    return d;
  }

  /**
   * {@code ip link add NAME type wireguard} ({@code wg_newlink}, {@code wg_setup}): a layer-3
   * device (no MAC), MTU 1420 unless given, no key, port or peer until {@code wg set}.
   */
  public static DeviceBuilder createWireGuard(
      MacSource macs, NetnsBuilder ns, Spec spec, Origin origin) {
    DeviceBuilder d =
        createDevice(
            macs,
            ns,
            LinkKind.Type.WIREGUARD,
            LinkKind.Type.WIREGUARD.ipLinkName(),
            new Spec(
                spec.name(),
                Optional.empty(),
                Optional.of(spec.mtu().orElse(LinkKind.WireGuard.DEFAULT_MTU))),
            origin);
    d.wireguard(LinkKind.WireGuard.unconfigured());
    return d;
  }

  /**
   * {@code wg set} ({@code WG_CMD_SET_DEVICE}): the device's new key, port and peers. Refused with
   * {@code EADDRINUSE} when another WireGuard device of the namespace, up, listens on the port
   * ({@code wg_socket_init}).
   */
  public static void configureWireGuard(DeviceBuilder d, LinkKind.WireGuard conf) {
    if (d.wireguard().isEmpty()) {
      throw KernelError.of(Errno.EOPNOTSUPP);
    }
    boolean clash =
        conf.listenPort() != 0
            && d.up()
            && d.home().devices().stream()
                .filter(o -> o != d && o.up())
                .flatMap(o -> o.wireguard().stream())
                .anyMatch(o -> o.listenPort() == conf.listenPort());
    if (clash) {
      throw KernelError.of(Errno.EADDRINUSE);
    }
    d.wireguard(conf);
  }

  /**
   * An IPIP device ({@code ip tunnel add}, {@code ip link add type ipip}, the fallback {@code
   * tunl0} the module makes): no link layer; refused with {@code EEXIST} when a tunnel with the
   * same local and remote address exists ({@code ip_tunnel_find}).
   */
  public static DeviceBuilder createIpip(
      MacSource macs, NetnsBuilder ns, Spec spec, LinkKind.Ipip conf, Origin origin) {
    if (ns.has(spec.name()) || ipipClash(ns, conf, null)) {
      throw KernelError.of(Errno.EEXIST);
    }
    DeviceBuilder d =
        createDevice(macs, ns, LinkKind.Type.IPIP, LinkKind.Type.IPIP.ipLinkName(), spec, origin);
    d.ipip(conf);
    return d;
  }

  /**
   * {@code ip tunnel change} ({@code SIOCCHGTUNNEL} in {@code ip_tunnel_ctl}): new endpoints for an
   * IPIP device, refused with {@code EEXIST} when another tunnel already has them.
   */
  public static void changeIpip(DeviceBuilder d, LinkKind.Ipip conf) {
    if (d.ipip().isEmpty()) {
      throw KernelError.of(Errno.EINVAL);
    }
    if (ipipClash(d.home(), conf, d)) {
      throw KernelError.of(Errno.EEXIST);
    }
    d.ipip(conf);
  }

  private static boolean ipipClash(NetnsBuilder ns, LinkKind.Ipip conf, DeviceBuilder self) {
    return ns.devices().stream()
        .filter(o -> o != self)
        .flatMap(o -> o.ipip().stream())
        .anyMatch(o -> o.local().equals(conf.local()) && o.remote().equals(conf.remote()));
  }

  /**
   * A TUN device opened by a program (here flanneld's UDP backend): one reader at a time, as {@code
   * tun_set_iff} refuses a second with {@code EBUSY}.
   */
  public static void attachReader(DeviceBuilder tun, LinkKind.FlanneldUdp relay) {
    if (tun.kind() != LinkKind.Type.TUN) {
      throw KernelError.of(Errno.EINVAL);
    }
    if (tun.flanneld().isPresent()) {
      throw KernelError.of(Errno.EBUSY);
    }
    tun.flanneld(relay);
  }

  /** A bridge's FDB ageing time ({@code IFLA_BR_AGEING_TIME}, {@code brctl setageing}). */
  public static void setAgeingTime(DeviceBuilder br, int centis) {
    requireBridge(br);
    br.ageingTimeCentis(centis);
  }

  /** A bridge's STP state ({@code IFLA_BR_STP_STATE}, {@code brctl stp}). */
  public static void setStp(DeviceBuilder br, boolean on) {
    requireBridge(br);
    br.stp(on);
  }

  private static void requireBridge(DeviceBuilder br) {
    if (!br.isBridge()) {
      throw KernelError.of(Errno.EOPNOTSUPP);
    }
  }

  /**
   * A bridge port's flags ({@code bridge link set}, {@code type bridge_slave}, {@code brctl
   * hairpin}): {@code EOPNOTSUPP} for a device that is no bridge's port.
   */
  public static void setPortFlags(DeviceBuilder port, BridgePort flags) {
    if (port.master().isEmpty()) {
      throw KernelError.of(Errno.EOPNOTSUPP);
    }
    port.port(flags);
  }

  /**
   * The kernel's checks of an interface name ({@code dev_valid_name} and the netlink policy of
   * {@code IFLA_IFNAME}): shorter than {@code IFNAMSIZ}, not empty, {@code .} or {@code ..}, no
   * {@code /}, {@code :} or whitespace. iproute2 refuses the last ones itself before asking (the
   * interpreter's {@code IfNames}).
   */
  public static void checkName(String name) {
    if (name.length() >= 16) {
      throw KernelError.of(Errno.EINVAL, "Attribute failed policy validation");
    }
    if (name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c))) {
      throw KernelError.of(Errno.EINVAL);
    }
  }

  /** {@code ip link del}: the device goes, and a veth's peer with it, wherever it is. */
  public static void delete(DeviceBuilder d) {
    if (d.isLoopback()) {
      throw KernelError.of(Errno.EOPNOTSUPP);
    }
    destroy(d);
  }

  /**
   * {@code ip netns del}, once the namespace's last reference goes ({@code
   * default_device_exit_batch}): every device in it is unregistered, a veth's peer elsewhere with
   * it.
   */
  public static void destroyAll(NetnsBuilder ns) {
    for (DeviceBuilder d : ns.devices()) {
      if (d.registered() && d.home() == ns) {
        destroy(d);
      }
    }
  }

  /** Unregisters a device (and a veth's peer) with all the cleanup the kernel does. */
  private static void destroy(DeviceBuilder d) {
    Optional<DeviceBuilder> peer = d.peer();
    unregister(d);
    peer.filter(DeviceBuilder::registered).ifPresent(NetDevices::unregister);
  }

  private static void unregister(DeviceBuilder d) {
    NetnsBuilder ns = d.home();
    String name = d.name();
    if (d.isBridge()) {
      for (DeviceBuilder port : ns.ports(d)) {
        leaveBridge(ns, port);
      }
      ns.fdbList()
          .removeIf(f -> f.master().filter(name::equals).isPresent() || f.dev().equals(name));
    }
    if (d.master().isPresent()) {
      leaveBridge(ns, d);
    }
    FibFrontend.deviceGone(ns, d);
    ns.neighbourList().removeIf(n -> n.dev().equals(name));
    ns.fdbList().removeIf(f -> f.dev().equals(name));
    ns.detach(d);
    d.home(null);
  }

  /** Admin up or down, with the routes, neighbours and FDB entries that follow. */
  public static void setUp(NetnsBuilder ns, DeviceBuilder d, boolean up, Origin origin) {
    if (d.up() == up) {
      return;
    }
    d.up(up);
    if (up) {
      if (d.isLoopback() && d.addrs().isEmpty()) {
        Ipv4Address lo = Ipv4Address.of(127, 0, 0, 1);
        Devinet.add(
            ns,
            d,
            new IfAddress(lo, 8, Optional.empty(), Optional.empty(), RouteScope.HOST, origin),
            0,
            false,
            origin);
      }
      FibFrontend.deviceUp(ns, d, origin);
    } else {
      FibFrontend.deviceDown(ns, d);
      ns.neighbourList().removeIf(n -> n.dev().equals(d.name()));
      ns.fdbList()
          .removeIf(
              f ->
                  f.dev().equals(d.name())
                      && f.master().isPresent()
                      && f.kind() == FdbEntry.Kind.DYNAMIC);
    }
  }

  /**
   * {@code dev_set_mtu}: within the device's limits, and a VXLAN device's within its lower device's
   * less the encapsulation. (An MTU of 0 on lo, which the kernel accepts and which takes lo's
   * addresses away, is refused by the interpreter as not modelled before it gets here.)
   */
  public static void setMtu(NetnsBuilder ns, DeviceBuilder d, int mtu) {
    int min = d.isLoopback() ? 0 : DeviceBuilder.ETH_MIN_MTU;
    int max = d.isLoopback() ? Integer.MAX_VALUE : DeviceBuilder.MAX_MTU;
    if (mtu < min) {
      throw KernelError.of(Errno.EINVAL, "mtu less than device minimum");
    }
    if (mtu > max) {
      throw KernelError.of(Errno.EINVAL, "mtu greater than device maximum");
    }
    Optional<DeviceBuilder> lower =
        d.vxlan().map(VxlanConf::lower).filter(l -> l != null && l.registered());
    if (lower.isPresent() && mtu > lower.get().mtu() - LinkKind.Vxlan.OVERHEAD) {
      throw KernelError.of(Errno.EINVAL);
    }
    d.mtu(mtu, d.isBridge() || d.mtuSet());
    d.master().ifPresent(br -> recalcBridge(ns, br));
  }

  public static void setMac(NetnsBuilder ns, DeviceBuilder d, MacAddress mac) {
    if (d.isLoopback()) {
      throw KernelError.of(Errno.EOPNOTSUPP);
    }
    if (mac.isMulticast() || mac.isZero()) {
      throw KernelError.of(Errno.EADDRNOTAVAIL);
    }
    if (!mac.equals(d.mac())) {
      // NETDEV_CHANGEADDR: neigh_changeaddr() flushes the device's entries, permanent ones too
      // (seen on kernel 6.18: a flannel.1 whose MAC changed lost its nud permanent entries).
      ns.neighbourList().removeIf(n -> n.dev().equals(d.name()));
    }
    d.mac(mac, true);
    d.master().ifPresent(br -> recalcBridge(ns, br));
  }

  /** Renaming works while the device is up on this kernel (6.18); a taken name gives EEXIST. */
  public static void rename(NetnsBuilder ns, DeviceBuilder d, String to) {
    if (to.equals(d.name())) {
      return;
    }
    checkName(to);
    if (ns.has(to)) {
      throw KernelError.of(Errno.EEXIST);
    }
    ns.rename(d, to);
  }

  /**
   * {@code ip link set DEV netns NS}: the device leaves its bridge, loses its addresses and every
   * route through it, and arrives down; it keeps its ifindex unless that is taken there.
   */
  public static void moveTo(DeviceBuilder d, NetnsBuilder target) {
    if (d.isLoopback() || d.isBridge()) {
      throw KernelError.of(Errno.EINVAL, "The interface netns is immutable");
    }
    NetnsBuilder old = d.home();
    if (old == target) {
      return;
    }
    if (target.has(d.name())) {
      throw KernelError.of(
          Errno.EEXIST, "An interface with the same name exists in the target netns");
    }
    if (d.master().isPresent()) {
      leaveBridge(old, d);
    }
    FibFrontend.deviceGone(old, d);
    old.neighbourList().removeIf(n -> n.dev().equals(d.name()));
    old.fdbList().removeIf(f -> f.dev().equals(d.name()));
    old.detach(d);
    d.up(false);
    d.addressList().clear();
    if (target.indexTaken(d.index())) {
      d.index(target.allocateIndex());
    }
    target.attach(d);
  }

  /** {@code ip link set DEV master BR}. */
  public static void setMaster(NetnsBuilder ns, DeviceBuilder d, DeviceBuilder br) {
    if (!br.isBridge()) {
      throw KernelError.of(Errno.EOPNOTSUPP);
    }
    if (d.isBridge()) {
      throw KernelError.of(Errno.ELOOP, "Can not enslave a bridge to a bridge");
    }
    if (d.isLoopback()) {
      throw KernelError.of(Errno.EINVAL);
    }
    if (d.isPortOf(br)) {
      return;
    }
    if (d.master().isPresent()) {
      leaveBridge(ns, d);
    }
    d.master(br, BridgePort.DEFAULTS);
    recalcBridge(ns, br);
  }

  /** {@code ip link set DEV nomaster}: leaves the bridge, whose port FDB entries go. */
  public static void leaveBridge(NetnsBuilder ns, DeviceBuilder d) {
    if (d.master().isEmpty()) {
      return;
    }
    DeviceBuilder br = d.master().get();
    ns.fdbList()
        .removeIf(
            f -> f.dev().equals(d.name()) && f.master().filter(br.name()::equals).isPresent());
    d.master(null, BridgePort.DEFAULTS);
    recalcBridge(ns, br);
  }

  /**
   * {@code br_stp_recalculate_bridge_id} and {@code br_mtu_auto_adjust}: unless set by the user,
   * the bridge's MAC is the lowest port MAC (00:00:00:00:00:00 once the last port has left) and its
   * MTU the smallest port MTU (1500 without ports). Verified on kernel 6.18.
   */
  static void recalcBridge(NetnsBuilder ns, DeviceBuilder br) {
    List<DeviceBuilder> ports = ns.ports(br);
    if (!br.macSet()) {
      br.mac(
          ports.stream()
              .map(DeviceBuilder::mac)
              .min(Comparator.naturalOrder())
              .orElse(MacAddress.ZERO),
          false);
    }
    if (!br.mtuSet()) {
      br.mtu(ports.stream().mapToInt(DeviceBuilder::mtu).min().orElse(DEFAULT_MTU), false);
    }
  }
}
