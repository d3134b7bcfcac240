package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.build.DeviceBuilder;
import dev.podpath.model.build.KernelError;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.topo.LinkKind;
import java.util.List;
import java.util.Optional;

/**
 * {@code bridge [-n NS] fdb add|append|replace|del|show}, {@code bridge link set|show}, {@code
 * bridge vlan|mdb|monitor show}. FDB entries are {@code self} unless {@code master} is given;
 * without a state keyword they are {@code permanent} (iproute2's default). Adding a {@code dynamic}
 * entry through the bridge is refused with EPERM, as on kernel 6.18.
 */
final class BridgeCommand {

  private BridgeCommand() {}

  static void run(Exec ex, List<String> argv) {
    Args a = new Args(argv.subList(1, argv.size()));
    while (a.hasNext() && a.peek().startsWith("-")) {
      String o = a.next();
      if (o.equals("-n") || o.equals("-netns") || o.equals("--netns")) {
        ex = ex.in(ex.world().netns(a.value()));
      } else if (o.equals("-b") || o.equals("-batch")) {
        throw new CommandError(
            "bridge -batch is not supported: write the commands into the script");
      }
    }
    if (!a.hasNext()) {
      throw new CommandError("Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }");
    }
    String obj = a.next();
    try {
      if (Keywords.matches(obj, "fdb")) {
        fdb(ex, a);
      } else if (Keywords.matches(obj, "link")) {
        link(ex, a);
      } else if (Keywords.matches(obj, "vlan")
          || Keywords.matches(obj, "mdb")
          || Keywords.matches(obj, "vni")) {
        if (a.hasNext() && !IpCommand.isShow(a.peek())) {
          a.skipRest();
          ex.notModelled(
              "bridge "
                  + obj
                  + " is not modelled: podpath's bridge ignores VLANs and multicast groups");
        }
      } else if (Keywords.matches(obj, "monitor") || Keywords.matches(obj, "help")) {
        a.skipRest();
      } else {
        throw new CommandError("Object \"" + obj + "\" is unknown, try \"bridge help\".");
      }
    } catch (KernelError e) {
      throw CommandError.netlink(e);
    }
  }

  private static void link(Exec ex, Args a) {
    if (!a.hasNext() || IpCommand.isShow(a.peek())) {
      a.skipRest();
      return;
    }
    String cmd = a.next();
    if (!Keywords.matches(cmd, "set")) {
      throw new CommandError("Command \"" + cmd + "\" is unknown, try \"bridge link help\".");
    }
    if (!a.peekIs("dev")) {
      throw new CommandError("Device is a required argument.");
    }
    a.next();
    DeviceBuilder d = ex.device(a.value());
    if (d.master == null) {
      throw KernelError.of(Errno.EOPNOTSUPP);
    }
    BridgeOptions.port(ex, d, a);
    ex.changed();
  }

  private static void fdb(Exec ex, Args a) {
    if (!a.hasNext()) {
      return;
    }
    String cmd = a.next();
    if (IpCommand.isShow(cmd) || Keywords.matches(cmd, "get") || Keywords.matches(cmd, "help")) {
      a.skipRest();
      return;
    }
    boolean add = Keywords.matches(cmd, "add");
    boolean append = Keywords.matches(cmd, "append");
    boolean replace = Keywords.matches(cmd, "replace");
    boolean del = Keywords.matches(cmd, "delete");
    if (Keywords.matches(cmd, "flush")) {
      a.skipRest();
      ex.ns().fdb.removeIf(f -> f.kind() == FdbEntry.Kind.DYNAMIC);
      ex.changed();
      return;
    }
    if (!add && !append && !replace && !del) {
      throw new CommandError("Command \"" + cmd + "\" is unknown, try \"bridge fdb help\".");
    }
    MacAddress mac = null;
    String dev = null;
    boolean master = false;
    boolean self = false;
    FdbEntry.Kind kind = FdbEntry.Kind.PERMANENT;
    boolean dynamic = false;
    Optional<Ipv4Address> dst = Optional.empty();
    while (a.hasNext()) {
      String k = a.next();
      if (k.equals("dev")) {
        dev = a.value();
      } else if (k.equals("master")) {
        master = true;
      } else if (k.equals("self")) {
        self = true;
      } else if (k.equals("local") || k.equals("permanent")) {
        kind = FdbEntry.Kind.PERMANENT;
      } else if (k.equals("static") || k.equals("temp")) {
        kind = FdbEntry.Kind.STATIC;
      } else if (k.equals("dynamic")) {
        kind = FdbEntry.Kind.DYNAMIC;
        dynamic = true;
      } else if (k.equals("dst")) {
        dst = Optional.of(Args.address(a.value()));
      } else if (k.equals("vlan")) {
        a.value();
        throw KernelError.of(Errno.EINVAL);
      } else if (k.equals("port")
          || k.equals("dst_port")
          || k.equals("vni")
          || k.equals("src_vni")
          || k.equals("via")
          || k.equals("nhid")) {
        a.value();
      } else if (k.equals("router")
          || k.equals("use")
          || k.equals("extern_learn")
          || k.equals("sticky")
          || k.equals("norouter")) {
        continue;
      } else {
        if (mac != null) {
          throw new CommandError(
              "Error: either \"lladdr\" is duplicate, or \"" + k + "\" is a garbage.");
        }
        mac = Args.lladdr(k);
      }
    }
    if (mac == null || dev == null) {
      throw new CommandError("Device and address are required arguments.");
    }
    DeviceBuilder d = ex.device(dev);
    if (!master && !self) {
      self = true;
    }
    String bridge;
    String port;
    if (master) {
      if (d.master == null && !d.isBridge()) {
        throw KernelError.of(Errno.EOPNOTSUPP);
      }
      bridge = d.isBridge() ? d.name : d.master.name;
      port = d.name;
      if (dynamic && !del) {
        throw KernelError.of(Errno.EPERM);
      }
    } else if (d.isBridge()) {
      bridge = d.name;
      port = d.name;
      kind = FdbEntry.Kind.PERMANENT;
    } else {
      bridge = null;
      port = d.name;
    }
    MacAddress m = mac;
    Optional<String> owner = Optional.ofNullable(bridge);
    Optional<Ipv4Address> to = dst;
    boolean byDst = append && owner.isEmpty();
    List<FdbEntry> fdb = ex.ns().fdb;
    Optional<FdbEntry> existing =
        fdb.stream()
            .filter(
                f ->
                    f.mac().equals(m)
                        && (owner.isPresent()
                            ? f.master().equals(owner)
                            : f.master().isEmpty() && f.dev().equals(port))
                        && (!byDst || f.dst().equals(to)))
            .findFirst();
    if (d.kind == LinkKind.Type.VXLAN && !master && del) {
      // Without dst the MAC goes with all its destinations; with one, only that destination
      // (and an unknown destination of a known MAC is not an error on kernel 6.18).
      boolean any =
          fdb.removeIf(
              f ->
                  f.mac().equals(m)
                      && f.master().isEmpty()
                      && f.dev().equals(port)
                      && (to.isEmpty() || f.dst().equals(to)));
      if (!any
          && fdb.stream()
              .noneMatch(f -> f.mac().equals(m) && f.master().isEmpty() && f.dev().equals(port))) {
        throw KernelError.of(Errno.ENOENT);
      }
      ex.changed();
      return;
    }
    if (d.kind == LinkKind.Type.VXLAN && !master && append && !del) {
      // vxlan_fdb_update_existing: append adds a destination only to the all-zero and multicast
      // entries; an existing (MAC, dst), or another dst for a unicast MAC, is left as it is.
      boolean known =
          fdb.stream()
              .anyMatch(
                  f ->
                      f.mac().equals(m)
                          && f.master().isEmpty()
                          && f.dev().equals(port)
                          && (f.dst().equals(to) || !(m.isZero() || m.isMulticast())));
      if (known) {
        return;
      }
      fdb.add(new FdbEntry(mac, port, owner, kind, dst, ex.origin()));
      ex.changed();
      return;
    }
    if (d.kind == LinkKind.Type.VXLAN && !master && dst.isEmpty() && !del) {
      throw KernelError.of(Errno.EINVAL);
    }
    if (byDst && existing.isPresent()) {
      throw KernelError.of(Errno.EEXIST);
    }
    if (del) {
      FdbEntry e =
          existing
              .filter(f -> f.dev().equals(port))
              .orElseThrow(() -> KernelError.of(Errno.ENOENT));
      fdb.remove(e);
      ex.changed();
      return;
    }
    if (existing.isPresent() && add) {
      throw KernelError.of(Errno.EEXIST);
    }
    FdbEntry entry = new FdbEntry(mac, port, owner, kind, dst, ex.origin());
    if (existing.isPresent()) {
      fdb.set(fdb.indexOf(existing.get()), entry);
    } else {
      fdb.add(entry);
    }
    if (d.kind != LinkKind.Type.VXLAN && dst.isPresent()) {
      ex.notModelled("FDB entries of " + d.type + " devices are kept but not simulated yet");
    }
    ex.changed();
  }
}
