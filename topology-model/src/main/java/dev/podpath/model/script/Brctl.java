package dev.podpath.model.script;

import dev.podpath.model.build.DeviceBuilder;
import dev.podpath.model.build.KernelError;
import dev.podpath.model.build.NetDevices;
import dev.podpath.model.topo.LinkKind;
import java.util.List;
import java.util.Optional;

/**
 * bridge-utils' {@code brctl}: {@code addbr}, {@code delbr}, {@code addif}, {@code delif}, {@code
 * setageing}, {@code stp}, {@code hairpin}, and the show commands. Each maps to the same state
 * change as its {@code ip link} / {@code bridge link} counterpart.
 */
final class Brctl {

  private Brctl() {}

  static void run(Exec ex, List<String> argv) {
    if (argv.size() < 2) {
      return;
    }
    String cmd = argv.get(1);
    Args a = new Args(argv.subList(2, argv.size()));
    try {
      switch (cmd) {
        case "show":
        case "showmacs":
        case "showstp":
        case "showvlans":
          return;
        case "addbr":
          {
            String br = a.value();
            IfNames.check(br);
            if (ex.ns().has(br)) {
              throw new CommandError(
                  "device " + br + " already exists; can't create bridge with the same name");
            }
            NetDevices.create(
                ex.world().macs,
                ex.ns(),
                LinkKind.Type.BRIDGE,
                LinkKind.Type.BRIDGE.ipLinkName(),
                NetDevices.Spec.named(br),
                ex.origin());
            break;
          }
        case "delbr":
          {
            String br = a.value();
            DeviceBuilder d =
                ex.ns()
                    .device(br)
                    .orElseThrow(
                        () -> new CommandError("bridge " + br + " doesn't exist; can't delete it"));
            if (!d.isBridge()) {
              throw new CommandError("bridge " + br + " doesn't exist; can't delete it");
            }
            if (d.up()) {
              throw new CommandError("bridge " + br + " is still up; can't delete it");
            }
            NetDevices.delete(d);
            break;
          }
        case "addif":
          {
            DeviceBuilder br = bridge(ex, a.value());
            while (a.hasNext()) {
              String ifname = a.next();
              DeviceBuilder d =
                  ex.ns()
                      .device(ifname)
                      .orElseThrow(
                          () -> new CommandError("interface " + ifname + " does not exist!"));
              if (d.isBridge()) {
                throw new CommandError(
                    "device "
                        + ifname
                        + " is a bridge device itself; can't enslave a"
                        + " bridge device to a bridge device.");
              }
              if (d.master().isPresent()) {
                throw new CommandError(
                    "device "
                        + ifname
                        + " is already a member of a bridge; can't"
                        + " enslave it to bridge "
                        + br.name()
                        + ".");
              }
              NetDevices.setMaster(ex.ns(), d, br);
            }
            break;
          }
        case "delif":
          {
            DeviceBuilder br = bridge(ex, a.value());
            while (a.hasNext()) {
              String ifname = a.next();
              DeviceBuilder d =
                  ex.ns()
                      .device(ifname)
                      .orElseThrow(
                          () -> new CommandError("interface " + ifname + " does not exist!"));
              if (!d.isPortOf(br)) {
                throw new CommandError("device " + ifname + " is not a slave of " + br.name());
              }
              NetDevices.leaveBridge(ex.ns(), d);
            }
            break;
          }
        case "setageing":
          {
            DeviceBuilder br = bridge(ex, a.value());
            String v = a.value();
            try {
              NetDevices.setAgeingTime(br, (int) Math.round(Double.parseDouble(v) * 100));
            } catch (NumberFormatException e) {
              throw new CommandError("bad ageing time value");
            }
            break;
          }
        case "stp":
          {
            DeviceBuilder br = bridge(ex, a.value());
            String v = a.value();
            boolean on = v.equals("on") || v.equals("yes") || v.equals("1");
            NetDevices.setStp(br, on);
            if (on) {
              ex.notModelled("STP is not modelled: podpath's bridge ports forward at once");
            }
            break;
          }
        case "hairpin":
          {
            DeviceBuilder br = bridge(ex, a.value());
            String port = a.value();
            DeviceBuilder d =
                ex.ns()
                    .device(port)
                    .filter(p -> p.isPortOf(br))
                    .orElseThrow(() -> new CommandError("interface " + port + " does not exist!"));
            String v = a.value();
            BridgeOptions.port(
                ex, d, Args.of("hairpin", v.equals("on") || v.equals("1") ? "on" : "off"));
            break;
          }
        case "setbridgeprio":
        case "setfd":
        case "sethello":
        case "setmaxage":
        case "setpathcost":
        case "setportprio":
        case "setgcint":
          a.skipRest();
          ex.info("brctl " + cmd + " does not change podpath's datapath (STP is not modelled)");
          return;
        default:
          throw new CommandError("never heard of command [" + cmd + "]");
      }
    } catch (KernelError e) {
      throw CommandError.ioctl("brctl " + cmd, e);
    }
    ex.changed();
  }

  private static DeviceBuilder bridge(Exec ex, String name) {
    Optional<DeviceBuilder> d = ex.ns().device(name).filter(DeviceBuilder::isBridge);
    return d.orElseThrow(() -> new CommandError("bridge " + name + " does not exist!"));
  }
}
