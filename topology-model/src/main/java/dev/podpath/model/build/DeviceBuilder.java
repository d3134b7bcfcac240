package dev.podpath.model.build;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.BridgePort;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One network device being built (the kernel's {@code net_device} plus its {@code in_device}), by
 * the interpreter's commands or from a dump ({@link #reported}). Mutable; {@link #freeze} turns it
 * into the model's {@link NetDevice}. References to other devices (veth peer, bridge master, a
 * VXLAN device's lower device) are object references so that renames and namespace moves need no
 * bookkeeping.
 */
public final class DeviceBuilder {

  public static final int ETH_MIN_MTU = 68;
  public static final int MAX_MTU = 65535;

  /** What kind of device this is; {@link #type} names a {@link LinkKind.Type#NOT_MODELLED} one. */
  private final LinkKind.Type kind;

  private final String type;
  private final Origin origin;

  private String name;
  private int index;

  /** The namespace the device is registered in; null once it is unregistered. */
  private NetnsBuilder home;

  private MacAddress mac;

  /** The MAC was set by the user ({@code NET_ADDR_SET}): a bridge keeps it. */
  private boolean macSet;

  private int mtu;

  /** The MTU was set by the user: a bridge no longer follows its ports. */
  private boolean mtuSet;

  private boolean up;
  private DeviceBuilder peer;
  private DeviceBuilder master;
  private BridgePort port = BridgePort.DEFAULTS;
  private int ageingTimeCentis = 30000;
  private boolean stp;
  private final List<InetAddr> addrs = new ArrayList<>();

  /** The VXLAN options of a {@link LinkKind.Type#VXLAN} device. */
  private VxlanConf vxlan;

  /** The tunnel options of a {@link LinkKind.Type#IPIP} device. */
  private LinkKind.Ipip ipip;

  /** The options of a {@link LinkKind.Type#GENEVE} device. */
  private LinkKind.Geneve geneve;

  /** The settings of a {@link LinkKind.Type#WIREGUARD} device (its key, port and peers). */
  private LinkKind.WireGuard wireguard;

  /**
   * The flanneld (UDP backend) model holding a {@link LinkKind.Type#TUN} device open, if one was
   * started.
   */
  private LinkKind.FlanneldUdp flanneld;

  /**
   * What only a dump can say about the kind, kept as it was reported: what lies behind a NIC, a
   * kind podpath does not model, a VXLAN device whose FDB or a TUN device whose reader was not
   * dumped; and, until {@link #link} finds them, a veth's peer and a VXLAN device's lower device.
   */
  private Optional<LinkKind> reportedKind = Optional.empty();

  /** The bridge a dump names as master, until {@link #link} finds its device (if ever). */
  private Optional<String> reportedMaster = Optional.empty();

  DeviceBuilder(LinkKind.Type kind, String type, String name, Origin origin) {
    this.kind = kind;
    this.type = type;
    this.name = name;
    this.origin = origin;
  }

  /** What kind of device this is. */
  public LinkKind.Type kind() {
    return kind;
  }

  /** The kind as {@code ip link} names it (a not-modelled kind's own name). */
  public String type() {
    return type;
  }

  /** Where the device was made or dumped. */
  public Origin origin() {
    return origin;
  }

  public String name() {
    return name;
  }

  /** The device's ifindex. */
  public int index() {
    return index;
  }

  /**
   * The namespace the device is in.
   *
   * @throws IllegalStateException once the device is unregistered
   */
  public NetnsBuilder home() {
    if (home == null) {
      throw new IllegalStateException("device " + name + " was unregistered");
    }
    return home;
  }

  /** Whether the device is still registered in a namespace (not deleted). */
  boolean registered() {
    return home != null;
  }

  public MacAddress mac() {
    return mac;
  }

  public int mtu() {
    return mtu;
  }

  /** Administratively up ({@code IFF_UP}). */
  public boolean up() {
    return up;
  }

  /** A veth's peer. */
  public Optional<DeviceBuilder> peer() {
    return Optional.ofNullable(peer);
  }

  /** The bridge this device is a port of. */
  public Optional<DeviceBuilder> master() {
    return Optional.ofNullable(master);
  }

  /** Whether this device is a port of {@code bridge}. */
  public boolean isPortOf(DeviceBuilder bridge) {
    return master != null && master == bridge;
  }

  /** The bridge port's flags (meaningful while the device has a master). */
  public BridgePort port() {
    return port;
  }

  /** A bridge's FDB ageing time, in hundredths of a second. */
  public int ageingTimeCentis() {
    return ageingTimeCentis;
  }

  /** Whether a bridge has STP on (not modelled: its ports forward at once). */
  public boolean stp() {
    return stp;
  }

  /** The IPv4 addresses, in the kernel's order (primaries, then secondaries); read-only. */
  public List<InetAddr> addrs() {
    return java.util.Collections.unmodifiableList(addrs);
  }

  /** The address list itself, for {@link Devinet} and {@link FibFrontend}, which keep its rules. */
  List<InetAddr> addressList() {
    return addrs;
  }

  /** A VXLAN device's settings. */
  public Optional<VxlanConf> vxlan() {
    return Optional.ofNullable(vxlan);
  }

  /** An IPIP device's tunnel settings. */
  public Optional<LinkKind.Ipip> ipip() {
    return Optional.ofNullable(ipip);
  }

  /** The flanneld (UDP backend) holding a TUN device open. */
  public Optional<LinkKind.FlanneldUdp> flanneld() {
    return Optional.ofNullable(flanneld);
  }

  boolean macSet() {
    return macSet;
  }

  boolean mtuSet() {
    return mtuSet;
  }

  // The writes below are the model.build classes' alone; each kernel operation that makes them,
  // with its checks, is public in NetDevices (and Devinet for addresses).

  void name(String name) {
    this.name = name;
  }

  void index(int index) {
    this.index = index;
  }

  void home(NetnsBuilder home) {
    this.home = home;
  }

  void mac(MacAddress mac, boolean set) {
    this.mac = mac;
    this.macSet = set;
  }

  void mtu(int mtu, boolean set) {
    this.mtu = mtu;
    this.mtuSet = set;
  }

  void up(boolean up) {
    this.up = up;
  }

  /** Ties two veth ends to each other. */
  void pairWith(DeviceBuilder other) {
    this.peer = other;
    other.peer = this;
  }

  void master(DeviceBuilder master, BridgePort port) {
    this.master = master;
    this.port = port;
  }

  void port(BridgePort port) {
    this.port = port;
  }

  void ageingTimeCentis(int centis) {
    this.ageingTimeCentis = centis;
  }

  void stp(boolean stp) {
    this.stp = stp;
  }

  void vxlan(VxlanConf conf) {
    this.vxlan = conf;
  }

  void ipip(LinkKind.Ipip conf) {
    this.ipip = conf;
  }

  /** The options of a Geneve device. */
  public Optional<LinkKind.Geneve> geneve() {
    return Optional.ofNullable(geneve);
  }

  void geneve(LinkKind.Geneve conf) {
    this.geneve = conf;
  }

  /** The settings of a WireGuard device. */
  public Optional<LinkKind.WireGuard> wireguard() {
    return Optional.ofNullable(wireguard);
  }

  void wireguard(LinkKind.WireGuard conf) {
    this.wireguard = conf;
  }

  void flanneld(LinkKind.FlanneldUdp relay) {
    this.flanneld = relay;
  }

  public boolean isLoopback() {
    return kind == LinkKind.Type.LOOPBACK;
  }

  public boolean isBridge() {
    return kind == LinkKind.Type.BRIDGE;
  }

  /** The primary address of the subnet {@code a} belongs to ({@code inet_ifa_byprefix}). */
  public InetAddr primaryFor(InetAddr a) {
    return InetAddr.primaryFor(addrs, a);
  }

  public boolean hasLocal(Ipv4Address addr) {
    return addrs.stream().anyMatch(a -> a.local().equals(addr));
  }

  /**
   * A device as a dump reports it: its settings are taken as they are, nothing is derived from them
   * (the routes of its addresses, for one, are the route dump's business). Its addresses are held
   * in the dump's order, each secondary as {@link InetAddr#inOrder} says. The references to other
   * devices are resolved by {@link #link} once every namespace is read.
   */
  static DeviceBuilder reported(NetDevice d) {
    LinkKind k = d.kind();
    DeviceBuilder b = new DeviceBuilder(k.kindType(), k.typeName(), d.name(), d.origin());
    b.index = d.index();
    b.mac = d.mac();
    b.mtu = d.mtu();
    b.up = d.up();
    b.port = d.port();
    b.reportedMaster = d.master();
    b.addrs.addAll(InetAddr.inOrder(d.addresses()));
    if (k instanceof LinkKind.Bridge br) {
      b.ageingTimeCentis = br.ageingTimeCentis();
      b.stp = br.stp();
      b.macSet = br.macExplicit();
      b.mtuSet = br.mtuExplicit();
    } else if (k instanceof LinkKind.Ipip i) {
      b.ipip = i;
    } else if (k instanceof LinkKind.Geneve g) {
      b.geneve = g;
    } else if (k instanceof LinkKind.WireGuard w) {
      b.wireguard = w;
    } else if (k instanceof LinkKind.Tun t && t.holderUnknown().isEmpty()) {
      b.flanneld = t.flanneld().orElse(null);
    } else if (!(k instanceof LinkKind.Loopback)) {
      b.reportedKind = Optional.of(k);
    }
    return b;
  }

  /**
   * Resolves what {@link #reported} named: the master in the device's own namespace, a veth's peer
   * through {@code devices}, a VXLAN device's lower device in its namespace. What is not found
   * stays as reported.
   */
  void link(Function<DeviceRef, Optional<DeviceBuilder>> devices) {
    if (reportedMaster.isPresent()) {
      Optional<DeviceBuilder> m = home.device(reportedMaster.get());
      if (m.isPresent()) {
        master = m.get();
        reportedMaster = Optional.empty();
      }
    }
    if (reportedKind.isEmpty()) {
      return;
    }
    LinkKind k = reportedKind.get();
    if (k instanceof LinkKind.Veth v) {
      devices
          .apply(v.peer())
          .ifPresent(
              p -> {
                peer = p;
                reportedKind = Optional.empty();
              });
    } else if (k instanceof LinkKind.Vxlan x && x.fdbUnknown().isEmpty()) {
      Optional<DeviceBuilder> lower = x.lower().flatMap(home::device);
      if (x.lower().isEmpty() || lower.isPresent()) {
        vxlan =
            new VxlanConf(
                x.vni(),
                x.local(),
                Optional.empty(),
                x.group(),
                lower.orElse(null),
                x.dstPort(),
                x.learning(),
                x.ttl(),
                x.ttlInherit());
        reportedKind = Optional.empty();
      }
    }
  }

  NetDevice freeze() {
    List<IfAddress> ifas = addrs.stream().map(InetAddr::ifa).toList();
    Optional<String> masterName =
        Optional.ofNullable(master).map(m -> m.name).or(() -> reportedMaster);
    return new NetDevice(
        name,
        index,
        linkKind(),
        mac,
        mtu,
        up,
        masterName,
        masterName.isEmpty() ? BridgePort.DEFAULTS : port,
        ifas,
        origin);
  }

  private LinkKind linkKind() {
    if (reportedKind.isPresent()) {
      return reportedKind.get();
    }
    switch (kind) {
      case LOOPBACK:
        return new LinkKind.Loopback();
      case VETH:
        return new LinkKind.Veth(new DeviceRef(peer.home.name(), peer.name));
      case BRIDGE:
        return new LinkKind.Bridge(ageingTimeCentis, stp, macSet, mtuSet);
      case VXLAN:
        return vxlan.freeze();
      case IPIP:
        return ipip;
      case GENEVE:
        return geneve;
      case WIREGUARD:
        return wireguard;
      case TUN:
        return new LinkKind.Tun(java.util.Optional.ofNullable(flanneld));
      default:
        return new LinkKind.NotModelled(type);
    }
  }

  @Override
  public String toString() {
    return (home == null ? "?" : home.name()) + "/" + name;
  }
}
