package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.bridge.FdbEntry;
import dev.podpath.model.build.DeviceBuilder;
import dev.podpath.model.build.FdbTable;
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
      FdbTable.flushDynamic(ex.ns());
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
    FdbTable.Op op =
        del
            ? FdbTable.Op.DELETE
            : append ? FdbTable.Op.APPEND : add ? FdbTable.Op.ADD : FdbTable.Op.REPLACE;
    boolean changed =
        FdbTable.update(
            ex.ns(), d, new FdbTable.Request(op, mac, master, kind, dynamic, dst, ex.origin()));
    if (!changed) {
      return;
    }
    if (del) {
      ex.changed();
      return;
    }
    if (d.kind() != LinkKind.Type.VXLAN && dst.isPresent()) {
      ex.notModelled("FDB entries of " + d.type() + " devices are kept but not simulated yet");
    }
    ex.changed();
  }
}
