package dev.podpath.model.snapshot;

import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.dump.LinkFacts;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.script.FlanneldUdpCommand;
import dev.podpath.model.topo.BridgePort;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.LinkKind;
import dev.podpath.model.topo.NetDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A device being assembled from what the dumps say about it. Package-private, mutable. */
final class DeviceDraft {

  final String name;
  int index;

  /**
   * {@code ip -d link}'s kind as the dump spells it (a kind podpath does not model is named by it);
   * empty when no dump shows it. Decisions read {@link #kindType}.
   */
  String type;

  String linkType;
  Optional<MacAddress> mac;
  int mtu;
  boolean up;

  /** The dump shows no state for the device ({@code ip -o addr}): {@link #up} is an assumption. */
  boolean stateUnknown;

  Optional<String> master;
  BridgePort port;

  /** The kind's own settings the dump shows ({@code -d}): a bridge's, a VXLAN's, a TUN's. */
  Optional<LinkKind> details;

  Optional<LinkFacts.LinkRef> link;
  List<IfAddress> addresses;
  Origin origin;

  /** Whether a dump listed the device (rather than only a route naming it). */
  boolean listed;

  /** Set when the kind is decided: a veth peer, or what is behind a device that leads out. */
  Optional<DeviceRef> peer = Optional.empty();

  Optional<String> beyond = Optional.empty();
  boolean assumedBridge;

  /** flanneld's relay as the cluster's node annotations give it ({@link FlannelUdpLeases}). */
  Optional<LinkKind.FlanneldUdp> assumedRelay = Optional.empty();

  DeviceDraft(LinkFacts f) {
    this.name = f.name();
    this.index = f.index();
    this.type = f.type();
    this.linkType = f.linkType();
    this.mac = f.mac();
    this.mtu = f.mtu().orElse(1500) > 0 ? f.mtu().orElse(1500) : 1500;
    this.up = !f.stateShown() || f.up();
    this.stateUnknown = !f.stateShown();
    this.master = f.master();
    this.port = f.port().orElse(BridgePort.DEFAULTS);
    this.details = f.details();
    this.link = f.link();
    this.addresses = new ArrayList<>(f.addresses());
    this.origin = f.origin();
    this.listed = true;
  }

  /** A device only named (by a route, a neighbour or an FDB entry), with nothing else known. */
  DeviceDraft(String name, Origin origin) {
    this.name = name;
    this.type = "";
    this.linkType = "";
    this.mac = Optional.empty();
    this.mtu = 1500;
    this.up = true;
    this.master = Optional.empty();
    this.port = BridgePort.DEFAULTS;
    this.details = Optional.empty();
    this.link = Optional.empty();
    this.addresses = new ArrayList<>();
    this.origin = origin;
    this.listed = false;
  }

  /** The kind, when a dump (or an assumption) names one. */
  Optional<LinkKind.Type> kindType() {
    return LinkKind.Type.ofIpLink(type);
  }

  boolean is(LinkKind.Type t) {
    return kindType().filter(t::equals).isPresent();
  }

  /** Takes {@code t} as the kind. */
  void setKind(LinkKind.Type t) {
    type = t.ipLinkName();
  }

  boolean isLoopback() {
    return name.equals("lo") || linkType.equals("loopback") || is(LinkKind.Type.LOOPBACK);
  }

  boolean isBridge() {
    return is(LinkKind.Type.BRIDGE) || assumedBridge;
  }

  boolean isVeth() {
    return is(LinkKind.Type.VETH);
  }

  /** The other end lives in another namespace ({@code link-netnsid}, {@code @ifN} with a netns). */
  boolean linksToOtherNetns() {
    return link.map(LinkFacts.LinkRef::isInOtherNetns).orElse(false);
  }

  /**
   * The model's kind: a TUN device gets the program holding it from {@code tunPrograms} ({@code
   * ps.txt}), see {@link TunPrograms}; a VXLAN device of a namespace whose FDB was not dumped has
   * its FDB unknown.
   */
  LinkKind kind(Optional<List<FlanneldUdpCommand.Invocation>> tunPrograms, boolean fdbDumped) {
    if (peer.isPresent()) {
      return new LinkKind.Veth(peer.get());
    }
    if (beyond.isPresent()) {
      return new LinkKind.Ethernet(beyond.get());
    }
    if (isLoopback()) {
      return new LinkKind.Loopback();
    }
    if (isBridge()) {
      return details.filter(LinkKind.Bridge.class::isInstance).orElse(LinkKind.Bridge.defaults());
    }
    if (details.isPresent() && details.get() instanceof LinkKind.Tun) {
      LinkKind.Tun tun = TunPrograms.kind(name, tunPrograms);
      return tun.flanneld().isEmpty() && assumedRelay.isPresent()
          ? new LinkKind.Tun(assumedRelay)
          : tun;
    }
    if (details.isPresent() && details.get() instanceof LinkKind.Vxlan v && !fdbDumped) {
      return v.withFdbUnknown(
          "the FDB of "
              + name
              + " was not dumped (bridge fdb show): where it sends this frame"
              + " is not known");
    }
    if (details.isPresent() && !(details.get() instanceof LinkKind.Bridge)) {
      return details.get();
    }
    if (kindType().isEmpty() || isVeth()) {
      return new LinkKind.Ethernet();
    }
    return new LinkKind.NotModelled(type);
  }

  NetDevice toNetDevice(
      Optional<List<FlanneldUdpCommand.Invocation>> tunPrograms, boolean fdbDumped) {
    return new NetDevice(
        name,
        index,
        kind(tunPrograms, fdbDumped),
        isLoopback() ? MacAddress.ZERO : mac.orElse(MacAddress.ZERO),
        mtu,
        up,
        master,
        port,
        addresses,
        origin);
  }
}
