package dev.podpath.model.script;

import dev.podpath.model.build.SysctlState;
import dev.podpath.model.topo.NetnsName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code sysctl [-w] KEY=VALUE ...}, {@code sysctl KEY} and writes to {@code /proc/sys/...} ({@code
 * echo 1 > /proc/sys/net/ipv4/ip_forward}, {@code echo 1 | tee ...}). Keys may use dots or slashes.
 * A key that does not exist is refused as sysctl refuses it; see {@link SysctlCatalog} for which
 * keys podpath models and {@link SysctlState} for how the kernel propagates them.
 */
final class SysctlCommand {

  private SysctlCommand() {}

  static void sysctl(Exec ex, List<String> argv) {
    boolean write = false;
    boolean ignoreUnknown = false;
    List<String> operands = new ArrayList<>();
    for (String s : argv.subList(1, argv.size())) {
      if (s.equals("-w") || s.equals("--write")) {
        write = true;
      } else if (s.equals("-e") || s.equals("--ignore")) {
        ignoreUnknown = true;
      } else if (s.equals("-p")
          || s.startsWith("--load")
          || s.equals("--system")
          || s.startsWith("-p")) {
        throw new CommandError(
            "sysctl " + s + " is not supported: write the settings into the script");
      } else if (s.equals("-a") || s.equals("-A") || s.equals("-X") || s.equals("--all")) {
        return;
      } else if (s.startsWith("-") && s.length() > 1) {
        continue;
      } else {
        operands.add(s);
      }
    }
    for (String op : operands) {
      int eq = op.indexOf('=');
      if (eq < 0) {
        if (write) {
          throw new CommandError("sysctl: command line(0): invalid syntax, continuing...");
        }
        List<String> path = components(op);
        if (!exists(ex, path) && !ignoreUnknown) {
          throw new CommandError(
              "sysctl: cannot stat " + procPath(path) + ": No such file or directory");
        }
        continue;
      }
      String key = op.substring(0, eq).trim();
      String value = op.substring(eq + 1).trim();
      List<String> path = components(key);
      if (!exists(ex, path)) {
        if (ignoreUnknown) {
          continue;
        }
        throw new CommandError(
            "sysctl: cannot stat " + procPath(path) + ": No such file or directory");
      }
      write(
          ex,
          path,
          value,
          "sysctl: setting key \"" + String.join(".", path) + "\": Invalid argument");
    }
  }

  /** {@code echo VALUE > /proc/sys/PATH}. */
  static void writeProc(Exec ex, String file, String value) {
    String rel = file.replaceFirst("^/proc/sys/+", "");
    List<String> path = new ArrayList<>(Arrays.asList(rel.split("/+")));
    if (!exists(ex, path)) {
      throw new CommandError("cannot create " + file + ": No such file or directory");
    }
    write(ex, path, value.trim(), "write error: Invalid argument");
    ex.world().kernelSteps.procWrite(ex, String.join("/", path), value.trim());
  }

  /** Whether {@code path} names a /proc/sys file here. */
  static boolean isProcSys(String file) {
    return file.startsWith("/proc/sys/");
  }

  /** A dotted key ({@code a.b.c}) or a path ({@code a/b/c}, dots kept inside components). */
  static List<String> components(String key) {
    String k = key.startsWith("/proc/sys/") ? key.substring("/proc/sys/".length()) : key;
    if (k.indexOf('/') >= 0) {
      return new ArrayList<>(Arrays.asList(k.replaceAll("^/+|/+$", "").split("/+")));
    }
    return new ArrayList<>(Arrays.asList(k.split("\\.")));
  }

  private static String procPath(List<String> path) {
    return "/proc/sys/" + String.join("/", path);
  }

  private static boolean isPerDevice(List<String> p) {
    return p.size() == 5
        && p.get(0).equals("net")
        && (p.get(1).equals("ipv4") || p.get(1).equals("ipv6"))
        && (p.get(2).equals("conf") || p.get(2).equals("neigh"));
  }

  private static boolean exists(Exec ex, List<String> p) {
    if (isPerDevice(p)) {
      String family = p.get(1) + "." + p.get(2);
      String dev = p.get(3);
      if (p.get(2).equals("neigh") && dev.equals("default")) {
        return ex.ns().name().equals(NetnsName.ROOT)
            && SysctlCatalog.flatExists(String.join(".", p));
      }
      boolean owner =
          p.get(2).equals("conf") && (dev.equals("all") || dev.equals("default"))
              || ex.ns().has(dev);
      return owner && SysctlCatalog.perDeviceKeys(family).contains(p.get(4));
    }
    return SysctlCatalog.flatExists(String.join(".", p));
  }

  private static void write(Exec ex, List<String> p, String value, String invalid) {
    if (!p.get(0).equals("net")) {
      // kernel.*, vm.*, fs.*... belong to the machine, not to a network namespace: a scenario
      // (and verify's kernel run of it) may change only its own namespaces
      throw new CommandError(
          "sysctl "
              + String.join(".", p)
              + " is a setting of the whole machine, not of a network"
              + " namespace: podpath refuses it (only net.* settings belong in a scenario)");
    }
    String family = isPerDevice(p) ? p.get(1) + "." + p.get(2) : null;
    String key = family != null ? p.get(4) : String.join(".", p);
    String dotted = String.join(".", p);
    if (SysctlCatalog.integerValued(family, key) && !value.matches("-?[0-9]+")) {
      throw new CommandError(invalid);
    }
    if (dotted.equals("net.ipv4.ip_default_ttl")
        && (Integer.parseInt(value) < 1 || Integer.parseInt(value) > 255)) {
      throw new CommandError(invalid);
    }
    String dev = family != null ? p.get(3) : null;
    if (family == null || dev.equals("all") || dev.equals("default")) {
      ex.ns().sysctls().writeFlat(dotted, value);
    } else {
      ex.ns().sysctls().writeDevice(family, dev, key, value);
    }
    switch (SysctlCatalog.effect(family, key)) {
      case NOT_MODELLED:
        ex.notModelled(
            "sysctl "
                + dotted
                + " is stored but its effect is not modelled yet;"
                + " traces may differ from the kernel");
        break;
      case INFO:
        ex.info("sysctl " + dotted + " does not change podpath's IPv4 datapath");
        break;
      default:
        break;
    }
    ex.changed();
  }
}
