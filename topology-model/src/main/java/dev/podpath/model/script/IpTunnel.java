package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.build.DeviceBuilder;
import dev.podpath.model.build.KernelError;
import dev.podpath.model.build.NetDevices;
import dev.podpath.model.build.NetnsBuilder;
import dev.podpath.model.topo.LinkKind;
import java.util.Optional;

/**
 * {@code ip tunnel add NAME mode ipip|gre|... [remote R] [local L] ...} and {@code ip tuntap add
 * [dev] NAME mode tun|tap}: the devices are kept as not modelled (a later issue simulates them);
 * their options are accepted loosely.
 */
final class IpTunnel {

  /** The MTU of an IPIP device without a lower device: 1500 - 20 ({@code ip_tunnel_bind_dev}). */
  static final int IPIP_MTU = 1480;

  private IpTunnel() {}

  /**
   * {@code remote R}, {@code local L}, {@code ttl T} ({@code any}/{@code inherit} allowed), {@code
   * [no]pmtudisc}. Both {@code ip link add type ipip} (iproute2's link_iptnl.c) and {@code ip
   * tunnel add} (iptunnel.c, whose {@code pmtudisc} starts at 1) ask for pmtudisc unless told
   * {@code nopmtudisc} (checked in Debian's 6.1 kernel in a VM: ipip-demo.sh's {@code ip tunnel add
   * tun1 mode ipip remote R local L} shows {@code pmtudisc}); {@code ip_tunnel_ctl} sets DF anyway
   * when the TTL is fixed.
   */
  static LinkKind.Ipip ipipOptions(Args a, boolean ioctl) {
    Optional<Ipv4Address> local = Optional.empty();
    Optional<Ipv4Address> remote = Optional.empty();
    int ttl = 0;
    Boolean pmtudisc = null;
    while (a.hasNext()) {
      String k = a.next();
      if (k.equals("remote") || k.equals("local")) {
        String v = a.value();
        Optional<Ipv4Address> addr =
            v.equals("any")
                ? Optional.empty()
                : Optional.of(
                    Ipv4Address.tryParse(v)
                        .orElseThrow(() -> CommandError.invarg("invalid " + k + " address", v)));
        if (k.equals("remote")) {
          remote = addr;
        } else {
          local = addr;
        }
      } else if (k.equals("ttl") || k.equals("hoplimit")) {
        String v = a.value();
        ttl = v.equals("inherit") ? 0 : Args.intIn(v, 0, 255, "invalid TTL");
      } else if (k.equals("pmtudisc") || k.equals("nopmtudisc")) {
        pmtudisc = k.equals("pmtudisc");
      } else if (k.startsWith("encap") || k.equals("noencap")) {
        continue;
      } else if (k.equals("dev") || k.equals("tos") || k.equals("mode") || k.equals("fwmark")) {
        a.value();
      } else {
        throw new CommandError("ipip: unknown option \"" + k + "\"");
      }
    }
    if (ioctl && Boolean.FALSE.equals(pmtudisc) && ttl != 0) {
      throw new CommandError("ttl != 0 and nopmtudisc are incompatible");
    }
    boolean df = pmtudisc == null || pmtudisc || ioctl && ttl != 0;
    return new LinkKind.Ipip(local, remote, ttl, false, df);
  }

  /**
   * An IPIP device, modelled from the kernel source (kernel-semantics.md 11.4) and checked in
   * Debian's kernel in a VM, as this machine's has no ipip module: MTU 1480 without a lower device,
   * NOARP.
   */
  static DeviceBuilder createIpip(
      Exec ex, NetnsBuilder ns, String name, LinkKind.Ipip conf, LinkArgs l) {
    ex.world().loadIpip(ex.origin());
    if (name == null) {
      name = ns.freeName("tunl");
    }
    Optional<Integer> mtu = l == null || l.mtu.isEmpty() ? Optional.of(IPIP_MTU) : l.mtu;
    DeviceBuilder d =
        NetDevices.createIpip(
            ex.world().macs,
            ns,
            new NetDevices.Spec(name, Optional.empty(), mtu),
            conf,
            ex.origin());
    ex.info(
        "ipip is modelled from the kernel source and checked in Debian's kernel in a VM"
            + " (podpath verify --kernel=vm): this machine's kernel has no ipip module");
    return d;
  }

  /**
   * The fallback device {@code tunl0} ({@code ip_tunnel_init_net}): {@code remote any local any},
   * TTL inherit, MTU 1480, down; it takes IPIP packets no other tunnel matches, once up.
   */
  static DeviceBuilder createFallback(
      World w, NetnsBuilder ns, dev.podpath.model.origin.Origin origin) {
    return NetDevices.createIpip(
        w.macs,
        ns,
        new NetDevices.Spec("tunl0", Optional.empty(), Optional.of(IPIP_MTU)),
        new LinkKind.Ipip(Optional.empty(), Optional.empty(), 0, true),
        origin);
  }

  /** The fallback device, which {@code ip tunnel add} sends its ioctl to ({@code basedev}). */
  private static final String FALLBACK = "tunl0";

  /**
   * A request {@code ip tunnel} makes by ioctl ({@code SIOCADDTUNNEL}, {@code SIOCCHGTUNNEL} to the
   * device {@code ifrName}): a refusal as iproute2's {@code tnl_add_ioctl} prints it, for both.
   */
  private static void ioctl(String ifrName, Runnable request) {
    try {
      request.run();
    } catch (KernelError e) {
      throw CommandError.program("add tunnel \"" + ifrName + "\" failed", e);
    }
  }

  static void run(Exec ex, String object, Args a) {
    if (!a.hasNext()) {
      return;
    }
    String cmd = a.next();
    if (IpCommand.isShow(cmd)
        || Keywords.matches(cmd, "help")
        || Keywords.matches(cmd, "prl")
        || Keywords.matches(cmd, "6rd")) {
      a.skipRest();
      return;
    }
    boolean tuntap = object.equals("tuntap") || object.equals("tap");
    String name = null;
    String mode = null;
    java.util.List<String> ipipArgs = new java.util.ArrayList<>();
    while (a.hasNext()) {
      String k = a.next();
      if (k.equals("mode")) {
        mode = a.value();
      } else if (k.equals("dev") || k.equals("name")) {
        name = a.value();
      } else if (!tuntap && (k.equals("remote") || k.equals("local") || k.equals("ttl"))) {
        ipipArgs.add(k);
        ipipArgs.add(a.value());
      } else if (!tuntap && (k.equals("pmtudisc") || k.equals("nopmtudisc"))) {
        ipipArgs.add(k);
      } else if (!tuntap
          && (k.equals("tos")
              || k.equals("key")
              || k.equals("ikey")
              || k.equals("okey")
              || k.equals("link")
              || k.equals("encaplimit")
              || k.equals("flowlabel")
              || k.equals("dscp")
              || k.equals("hoplimit")
              || k.equals("tclass")
              || k.equals("6rd-prefix"))) {
        a.value();
      } else if (tuntap && (k.equals("user") || k.equals("group"))) {
        a.value();
      } else if (k.contains("=")
          || k.startsWith("no")
          || k.equals("pmtudisc")
          || k.equals("csum")
          || k.equals("seq")
          || k.equals("multi_queue")
          || k.equals("one_queue")
          || k.equals("pi")
          || k.equals("vnet_hdr")
          || k.equals("numqueues")
          || k.equals("iseq")
          || k.equals("oseq")) {
        continue;
      } else if (name == null) {
        name = k;
      } else {
        throw new CommandError(
            "Error: either \"dev\" is duplicate, or \"" + k + "\" is a garbage.");
      }
    }
    if (name == null) {
      throw new CommandError("Not enough information: \"dev\" argument is required.");
    }
    if (Keywords.matches(cmd, "add")) {
      IfNames.check(name);
    }
    if (Keywords.matches(cmd, "delete")) {
      NetDevices.delete(ex.device(name));
    } else if (Keywords.matches(cmd, "add")) {
      String type = mode == null ? (tuntap ? "tun" : "ipip") : mode;
      if (type.equals("ipip") && !tuntap) {
        LinkKind.Ipip conf = ipipOptions(new Args(ipipArgs), true);
        String tunnel = name;
        ioctl(FALLBACK, () -> createIpip(ex, ex.ns(), tunnel, conf, null));
        ex.changed();
        return;
      }
      if (type.equals("tun") && tuntap) {
        NetDevices.create(
            ex.world().macs,
            ex.ns(),
            LinkKind.Type.TUN,
            LinkKind.Type.TUN.ipLinkName(),
            new NetDevices.Spec(name, Optional.empty(), Optional.empty()),
            ex.origin());
        ex.changed();
        return;
      }
      NetDevices.create(
          ex.world().macs,
          ex.ns(),
          LinkKind.Type.NOT_MODELLED,
          type,
          NetDevices.Spec.named(name),
          ex.origin());
      ex.notModelled(
          "link type "
              + type
              + " is not modelled yet: podpath keeps "
              + name
              + " but does not simulate it");
    } else if (Keywords.matches(cmd, "change")) {
      DeviceBuilder d = ex.device(name);
      if (d.kind() != LinkKind.Type.IPIP) {
        ex.notModelled("tunnel parameters of " + d.type() + " devices are not modelled");
      } else if (d.ipip().orElseThrow().fallback()) {
        throw new CommandError("changing the fallback device tunl0 is not modelled by podpath");
      } else {
        LinkKind.Ipip was = d.ipip().orElseThrow();
        LinkKind.Ipip changed = ipipOptions(new Args(ipipArgs), true);
        ioctl(
            name,
            () ->
                NetDevices.changeIpip(
                    d,
                    new LinkKind.Ipip(
                        ipipArgs.contains("local") ? changed.local() : was.local(),
                        ipipArgs.contains("remote") ? changed.remote() : was.remote(),
                        ipipArgs.contains("ttl") ? changed.ttl() : was.ttl(),
                        false,
                        ipipArgs.contains("pmtudisc") || ipipArgs.contains("nopmtudisc")
                            ? changed.pmtudisc()
                            : was.pmtudisc())));
      }
    } else {
      throw new CommandError("Command \"" + cmd + "\" is unknown, try \"ip " + object + " help\".");
    }
    ex.changed();
  }
}
