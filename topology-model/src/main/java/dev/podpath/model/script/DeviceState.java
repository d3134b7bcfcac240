package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.build.InetAddr;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.topo.BridgePort;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One network device while the script runs (the kernel's {@code net_device} plus its {@code
 * in_device}). Mutable; {@link #freeze} turns it into the model's {@link NetDevice}. References to
 * other devices (veth peer, bridge master) are object references so that renames and namespace
 * moves need no bookkeeping.
 */
final class DeviceState {

  static final int ETH_MIN_MTU = 68;
  static final int MAX_MTU = 65535;

  /** What kind of device this is; {@link #type} names a {@link LinkKind.Type#NOT_MODELLED} one. */
  final LinkKind.Type kind;

  final String type;
  final Origin origin;

  String name;
  int index;
  NetnsState home;
  MacAddress mac;

  /** The MAC was set by the user ({@code NET_ADDR_SET}): a bridge keeps it. */
  boolean macSet;

  int mtu;

  /** The MTU was set by the user: a bridge no longer follows its ports. */
  boolean mtuSet;

  boolean up;
  DeviceState peer;
  DeviceState master;
  BridgePort port = BridgePort.DEFAULTS;
  int ageingTimeCentis = 30000;
  boolean stp;
  final List<InetAddr> addrs = new ArrayList<>();

  /** The VXLAN options of a {@link LinkKind.Type#VXLAN} device. */
  VxlanOptions.Conf vxlan;

  /** The tunnel options of a {@link LinkKind.Type#IPIP} device. */
  LinkKind.Ipip ipip;

  /**
   * The flanneld (UDP backend) model holding a {@link LinkKind.Type#TUN} device open, if one was
   * started.
   */
  LinkKind.FlanneldUdp flanneld;

  DeviceState(LinkKind.Type kind, String type, String name, Origin origin) {
    this.kind = kind;
    this.type = type;
    this.name = name;
    this.origin = origin;
  }

  boolean isLoopback() {
    return kind == LinkKind.Type.LOOPBACK;
  }

  boolean isBridge() {
    return kind == LinkKind.Type.BRIDGE;
  }

  /** The primary address of the subnet {@code a} belongs to ({@code inet_ifa_byprefix}). */
  InetAddr primaryFor(InetAddr a) {
    return InetAddr.primaryFor(addrs, a);
  }

  boolean hasLocal(Ipv4Address addr) {
    return addrs.stream().anyMatch(a -> a.local().equals(addr));
  }

  NetDevice freeze() {
    List<IfAddress> ifas = addrs.stream().map(InetAddr::ifa).toList();
    return new NetDevice(
        name,
        index,
        linkKind(),
        mac,
        mtu,
        up,
        Optional.ofNullable(master).map(m -> m.name),
        master == null ? BridgePort.DEFAULTS : port,
        ifas,
        origin);
  }

  private LinkKind linkKind() {
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
