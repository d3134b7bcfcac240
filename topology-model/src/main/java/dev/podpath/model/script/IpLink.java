package dev.podpath.model.script;

import dev.podpath.model.build.DeviceBuilder;
import dev.podpath.model.build.KernelError;
import dev.podpath.model.build.NetDevices;
import dev.podpath.model.build.NetnsBuilder;
import dev.podpath.model.build.VxlanConf;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.topo.LinkKind;

/**
 * {@code ip link add|set|delete|show}. Device kinds podpath simulates are {@code veth} and {@code
 * bridge}; any other {@code type} is kept as a not-modelled device with a note.
 */
final class IpLink {

  private IpLink() {}

  static void run(Exec ex, Args a) {
    if (!a.hasNext()) {
      return;
    }
    String cmd = a.next();
    if (Keywords.matches(cmd, "add")) {
      add(ex, LinkArgs.parse(a));
    } else if (Keywords.matches(cmd, "set") || Keywords.matches(cmd, "change")) {
      set(ex, LinkArgs.parse(a));
    } else if (Keywords.matches(cmd, "replace")) {
      LinkArgs l = LinkArgs.parse(a);
      String name = l.name != null ? l.name : l.dev;
      if (name != null && ex.ns().has(name)) {
        l.dev = name;
        l.name = null;
        set(ex, l);
      } else {
        add(ex, l);
      }
    } else if (Keywords.matches(cmd, "delete")) {
      delete(ex, LinkArgs.parse(a));
    } else if (Keywords.matches(cmd, "show")
        || Keywords.matches(cmd, "list")
        || cmd.equals("lst")) {
      show(ex, java.util.List.copyOf(a.rest()));
      a.skipRest();
    } else if (Keywords.matches(cmd, "help") || cmd.equals("xstats") || cmd.equals("afstats")) {
      a.skipRest();
    } else {
      throw new CommandError("Command \"" + cmd + "\" is unknown, try \"ip link help\".");
    }
  }

  /** Words of {@code ip link show} that are not a device name. */
  private static final java.util.Set<String> SHOW_KEYWORDS =
      java.util.Set.of("up", "master", "nomaster", "type", "vrf", "group", "novf", "dev");

  /**
   * {@code ip link show [dev] NAME} fails as ip does when the device does not exist; the rest only
   * displays.
   */
  private static void show(Exec ex, java.util.List<String> args) {
    String name = null;
    if (args.size() >= 2 && args.get(0).equals("dev")) {
      name = args.get(1);
    } else if (!args.isEmpty() && !SHOW_KEYWORDS.contains(args.get(0))) {
      name = args.get(0);
    }
    if (name != null && !ex.ns().has(name)) {
      throw new CommandError("Device \"" + name + "\" does not exist.");
    }
  }

  private static NetnsBuilder targetNetns(Exec ex, String netns) {
    if (netns == null) {
      return ex.ns();
    }
    if (!ex.world().hasNetns(netns)) {
      throw CommandError.invarg("Invalid \"netns\" value", netns);
    }
    return ex.world().netns(netns);
  }

  private static void add(Exec ex, LinkArgs l) {
    if (l.type == null) {
      throw new CommandError("Not enough information: \"type\" argument is required");
    }
    String name = l.name != null ? l.name : l.dev;
    NetnsBuilder ns = targetNetns(ex, l.netns);
    if (name != null) {
      IfNames.check(name);
    }
    DeviceBuilder d;
    switch (LinkKind.Type.ofIpLink(l.type).orElse(LinkKind.Type.NOT_MODELLED)) {
      case VETH:
        d = addVeth(ex, l, ns, name);
        break;
      case BRIDGE:
        d =
            NetDevices.create(
                ex.world().macs,
                ns,
                LinkKind.Type.BRIDGE,
                LinkKind.Type.BRIDGE.ipLinkName(),
                new NetDevices.Spec(name != null ? name : ns.freeName("bridge"), l.address, l.mtu),
                ex.origin());
        BridgeOptions.bridge(ex.in(ns), d, l.typeArgs);
        break;
      case VXLAN:
        d = addVxlan(ex, l, ns, name);
        break;
      case GENEVE:
        d =
            NetDevices.createGeneve(
                ex.world().macs,
                ns,
                new NetDevices.Spec(name != null ? name : ns.freeName("geneve"), l.address, l.mtu),
                GeneveOptions.parse(ex.in(ns), l.typeArgs),
                ex.origin());
        break;
      case WIREGUARD:
        d =
            NetDevices.createWireGuard(
                ex.world().macs,
                ns,
                new NetDevices.Spec(
                    name != null ? name : ns.freeName("wireguard"), l.address, l.mtu),
                ex.origin());
        l.typeArgs.skipRest();
        break;
      case IPIP:
        d =
            IpTunnel.createIpip(
                ex,
                ns,
                name != null ? name : ns.freeName("ipip"),
                IpTunnel.ipipOptions(l.typeArgs, false),
                l);
        break;
      default:
        d =
            NetDevices.create(
                ex.world().macs,
                ns,
                LinkKind.Type.NOT_MODELLED,
                l.type,
                new NetDevices.Spec(name != null ? name : ns.freeName(l.type), l.address, l.mtu),
                ex.origin());
        l.typeArgs.skipRest();
        ex.notModelled(
            "link type "
                + l.type
                + " is not modelled yet: podpath keeps "
                + d.name()
                + " but does not simulate it");
    }
    apply(ex.in(ns), d, l, true);
    ex.changed();
  }

  /**
   * {@code type vxlan}: one device per (VNI, port) in a namespace; with {@code dev} the MTU is the
   * lower device's minus 50; {@code remote} becomes the all-zero default FDB entry.
   */
  private static DeviceBuilder addVxlan(Exec ex, LinkArgs l, NetnsBuilder ns, String name) {
    VxlanConf conf = VxlanOptions.parse(ex.in(ns), l.typeArgs);
    return NetDevices.createVxlan(
        ex.world().macs,
        ns,
        new NetDevices.Spec(name != null ? name : ns.freeName("vxlan"), l.address, l.mtu),
        conf,
        ex.origin());
  }

  private static DeviceBuilder addVeth(Exec ex, LinkArgs l, NetnsBuilder ns, String name) {
    Args t = l.typeArgs;
    LinkArgs peer = null;
    if (t.hasNext()) {
      String k = t.next();
      if (!k.equals("peer")) {
        throw new CommandError("veth: unknown option \"" + k + "\"");
      }
      peer = LinkArgs.parse(t);
    }
    NetnsBuilder peerNs = peer == null ? ex.ns() : targetNetns(ex, peer.netns);
    String peerName = peer == null ? null : peer.name != null ? peer.name : peer.dev;
    if (peerName == null) {
      peerName = peerNs.freeName("veth");
    }
    for (int k = 0; name == null; k++) {
      String candidate = "veth" + k;
      if (!ns.has(candidate) && !(ns == peerNs && candidate.equals(peerName))) {
        name = candidate;
      }
    }
    IfNames.check(peerName);
    NetDevices.Spec peerSpec =
        peer == null
            ? NetDevices.Spec.named(peerName)
            : new NetDevices.Spec(peerName, peer.address, peer.mtu);
    DeviceBuilder d =
        NetDevices.createVeth(
            ex.world().macs,
            ns,
            new NetDevices.Spec(name, l.address, l.mtu),
            peerNs,
            peerSpec,
            ex.origin());
    if (peer != null) {
      apply(ex.in(peerNs), d.peer().orElseThrow(), peer, true);
    }
    return d;
  }

  /** {@code ip link set DEV mtu N} (and ifconfig's): an MTU of 0 on lo is not modelled. */
  static void setMtu(NetnsBuilder ns, DeviceBuilder d, int mtu) {
    if (mtu == 0 && d.isLoopback()) {
      throw new CommandError(
          "an MTU of 0 on lo is accepted by the kernel but not modelled by podpath");
    }
    NetDevices.setMtu(ns, d, mtu);
  }

  private static void set(Exec ex, LinkArgs l) {
    if (l.dev == null) {
      throw new CommandError("Not enough information: \"dev\" argument is required.");
    }
    DeviceBuilder d = ex.device(l.dev);
    NetnsBuilder ns = ex.ns();
    if (l.netns != null) {
      ns = targetNetns(ex, l.netns);
      NetDevices.moveTo(d, ns);
    }
    l.address.ifPresent(m -> NetDevices.setMac(d.home(), d, m));
    l.mtu.ifPresent(m -> setMtu(d.home(), d, m));
    if (l.name != null) {
      if (!l.name.equals(d.name())) {
        IfNames.check(l.name);
      }
      NetDevices.rename(d.home(), d, l.name);
    }
    apply(ex.in(ns), d, l, false);
    ex.changed();
  }

  /** Master, flags and kind options, in {@code do_setlink()}'s order. */
  private static void apply(Exec ex, DeviceBuilder d, LinkArgs l, boolean created) {
    if (l.master != null) {
      DeviceBuilder br =
          ex.ns()
              .device(l.master)
              .orElseThrow(() -> CommandError.invarg("Device does not exist", l.master));
      NetDevices.setMaster(ex.ns(), d, br);
    }
    if (l.nomaster) {
      NetDevices.leaveBridge(ex.ns(), d);
    }
    if (l.up != null) {
      NetDevices.setUp(ex.ns(), d, l.up, ex.origin());
    }
    if (l.promisc != null) {
      ex.info("promiscuous mode does not change podpath's datapath");
    }
    if (Boolean.FALSE.equals(l.arp)) {
      ex.notModelled(
          "arp off (NOARP) is not modelled: podpath still resolves neighbours on " + d.name());
    }
    if (!created && l.type != null) {
      if (LinkKind.Type.ofIpLink(l.type).filter(LinkKind.Type.BRIDGE::equals).isPresent()
          && d.isBridge()) {
        BridgeOptions.bridge(ex, d, l.typeArgs);
      } else if (l.type.equals("bridge_slave") && d.master().isPresent()) {
        BridgeOptions.port(ex, d, l.typeArgs);
      } else if ((d.kind() == LinkKind.Type.VXLAN
              || d.kind() == LinkKind.Type.IPIP
              || d.kind() == LinkKind.Type.GENEVE
              || d.kind() == LinkKind.Type.WIREGUARD)
          && d.type().equals(l.type)) {
        throw new CommandError(
            "changing "
                + l.type
                + " options with ip link set is not modelled by podpath:"
                + " delete the device and add it again");
      } else if (d.kind() == LinkKind.Type.NOT_MODELLED && d.type().equals(l.type)) {
        l.typeArgs.skipRest();
        ex.notModelled("link type " + l.type + " is not modelled yet");
      } else {
        throw KernelError.of(Errno.EOPNOTSUPP);
      }
    }
  }

  private static void delete(Exec ex, LinkArgs l) {
    String name = l.dev != null ? l.dev : l.name;
    if (name == null) {
      throw new CommandError("Not enough information: \"dev\" argument is required.");
    }
    NetDevices.delete(ex.device(name));
    ex.changed();
  }
}
