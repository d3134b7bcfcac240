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
  public final LinkKind.Type kind;

  public final String type;
  public final Origin origin;

  public String name;
  public int index;
  public NetnsBuilder home;
  public MacAddress mac;

  /** The MAC was set by the user ({@code NET_ADDR_SET}): a bridge keeps it. */
  public boolean macSet;

  public int mtu;

  /** The MTU was set by the user: a bridge no longer follows its ports. */
  public boolean mtuSet;

  public boolean up;
  public DeviceBuilder peer;
  public DeviceBuilder master;
  public BridgePort port = BridgePort.DEFAULTS;
  public int ageingTimeCentis = 30000;
  public boolean stp;
  public final List<InetAddr> addrs = new ArrayList<>();

  /** The VXLAN options of a {@link LinkKind.Type#VXLAN} device. */
  public VxlanConf vxlan;

  /** The tunnel options of a {@link LinkKind.Type#IPIP} device. */
  public LinkKind.Ipip ipip;

  /**
   * The flanneld (UDP backend) model holding a {@link LinkKind.Type#TUN} device open, if one was
   * started.
   */
  public LinkKind.FlanneldUdp flanneld;

  /**
   * What only a dump can say about the kind, kept as it was reported: what lies behind a NIC, a
   * kind podpath does not model, a VXLAN device whose FDB or a TUN device whose reader was not
   * dumped; and, until {@link #link} finds them, a veth's peer and a VXLAN device's lower device.
   */
  private Optional<LinkKind> reportedKind = Optional.empty();

  /** The bridge a dump names as master, until {@link #link} finds its device (if ever). */
  private Optional<String> reportedMaster = Optional.empty();

  public DeviceBuilder(LinkKind.Type kind, String type, String name, Origin origin) {
    this.kind = kind;
    this.type = type;
    this.name = name;
    this.origin = origin;
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
  public static DeviceBuilder reported(NetDevice d) {
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
  public void link(Function<DeviceRef, Optional<DeviceBuilder>> devices) {
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

  public NetDevice freeze() {
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
        return new LinkKind.Veth(new DeviceRef(peer.home.name, peer.name));
      case BRIDGE:
        return new LinkKind.Bridge(ageingTimeCentis, stp, macSet, mtuSet);
      case VXLAN:
        return vxlan.freeze();
      case IPIP:
        return ipip;
      case TUN:
        return new LinkKind.Tun(java.util.Optional.ofNullable(flanneld));
      default:
        return new LinkKind.NotModelled(type);
    }
  }

  @Override
  public String toString() {
    return (home == null ? "?" : home.name) + "/" + name;
  }
}
