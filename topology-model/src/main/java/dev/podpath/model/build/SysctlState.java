package dev.podpath.model.build;

import dev.podpath.model.sysctl.Sysctls;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A namespace's sysctls while the script runs, with the kernel's propagation rules ({@code
 * net/ipv4/devinet.c}):
 *
 * <ul>
 *   <li>{@code net.ipv4.ip_forward} is {@code conf.all.forwarding}; writing it sets {@code
 *       conf.all}, {@code conf.default} and every device's {@code forwarding};
 *   <li>a new device copies {@code conf.default.*};
 *   <li>writing {@code conf.default.KEY} (other than {@code forwarding}) also changes every device
 *       whose {@code KEY} was never written explicitly.
 * </ul>
 *
 * <p>Only the IPv4 per-device families are kept per device; the rest are plain keys.
 */
public final class SysctlState {

  private static final String ALL = "net.ipv4.conf.all.";
  private static final String DEFAULT = "net.ipv4.conf.default.";

  /** Keys without a device part, including {@code conf.all.*} and {@code conf.default.*}. */
  private final Map<String, String> flat = new TreeMap<>();

  /** Device -> "family.key" -> value, for the per-device families. */
  private final Map<String, Map<String, String>> perDevice = new LinkedHashMap<>();

  /** Device -> "family.key" written explicitly. */
  private final Map<String, Set<String>> explicit = new LinkedHashMap<>();

  /**
   * The initial values. {@code net.ipv4.ip_forward} is {@code conf.all.forwarding}, and since
   * writing it also set {@code conf.default.forwarding}, that follows unless given itself.
   */
  public SysctlState(Map<String, String> initial) {
    initial.forEach(
        (k, v) -> {
          if (!k.equals("net.ipv4.ip_forward")) {
            flat.put(k, v);
          }
        });
    String fwd = initial.get("net.ipv4.ip_forward");
    if (fwd != null) {
      flat.putIfAbsent(ALL + "forwarding", fwd);
      flat.putIfAbsent(DEFAULT + "forwarding", fwd);
    }
  }

  /**
   * The sysctls as a dump shows them: {@link #freeze} gives them back unchanged until a key is
   * written or a device comes or goes. A device's key counts as written explicitly when it differs
   * from {@code conf.default}'s (a dump does not say which were written).
   */
  public void replay(Sysctls dumped, Set<String> devices) {
    reported = Optional.of(dumped);
    flat.clear();
    perDevice.clear();
    explicit.clear();
    Map<String, String> perDev = new TreeMap<>();
    dumped
        .values()
        .forEach(
            (k, v) -> {
              java.util.regex.Matcher m = PER_DEVICE.matcher(k);
              if (m.matches() && devices.contains(m.group(2))) {
                perDev.put(k, v);
              } else if (!k.equals("net.ipv4.ip_forward")) {
                flat.put(k, v);
              }
            });
    String fwd = dumped.values().get("net.ipv4.ip_forward");
    if (fwd != null) {
      flat.putIfAbsent(ALL + "forwarding", fwd);
    }
    for (String dev : devices) {
      deviceAdded(dev);
    }
    perDev.forEach(
        (k, v) -> {
          java.util.regex.Matcher m = PER_DEVICE.matcher(k);
          m.matches();
          String fk = m.group(1) + "." + m.group(3);
          perDevice.get(m.group(2)).put(fk, v);
          String dflt = fk.startsWith("ipv4.conf.") ? confDefault(m.group(3)) : null;
          if (!v.equals(dflt)) {
            explicit.get(m.group(2)).add(fk);
          }
        });
    dirty = false;
  }

  /** {@code net.FAMILY.DEV.KEY} of the per-device families. */
  private static final java.util.regex.Pattern PER_DEVICE =
      java.util.regex.Pattern.compile(
          "net\\.(ipv4\\.conf|ipv4\\.neigh|ipv6\\.conf|ipv6\\.neigh)\\.([^.]+)\\.(.+)");

  /** The sysctls as a dump showed them, while nothing changed them. */
  private Optional<Sysctls> reported = Optional.empty();

  private boolean dirty;

  /**
   * What a new namespace copies from this (the initial) one: its IPv4 {@code all}/{@code default}.
   */
  public Map<String, String> devconfForNewNamespace() {
    Map<String, String> out = new TreeMap<>();
    flat.forEach(
        (k, v) -> {
          if (k.startsWith(ALL) || k.startsWith(DEFAULT)) {
            out.put(k, v);
          }
        });
    return out;
  }

  public String get(String key) {
    if (key.equals("net.ipv4.ip_forward")) {
      key = ALL + "forwarding";
    }
    return flat.get(key);
  }

  /** The default value of an IPv4 per-device key ({@code conf.default.KEY} or the kernel's). */
  private String confDefault(String key) {
    String v = flat.get(DEFAULT + key);
    return v != null ? v : Sysctls.CONF_DEFAULTS.get(key);
  }

  /** {@code net.ipv4.conf.DEV.KEY} as a number (0 when unset or not a number). */
  public int conf(String dev, String key) {
    Map<String, String> m = perDevice.get(dev);
    String v = m == null ? null : m.get("ipv4.conf." + key);
    return toInt(v != null ? v : confDefault(key));
  }

  /** {@code net.ipv4.conf.all.KEY} as a number. */
  public int confAll(String key) {
    String v = flat.get(ALL + key);
    return toInt(v != null ? v : Sysctls.CONF_DEFAULTS.get(key));
  }

  private static int toInt(String v) {
    if (v == null) {
      return 0;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A device was created or moved in: it copies {@code conf.default.*}. */
  public void deviceAdded(String dev) {
    dirty = true;
    Map<String, String> conf = new TreeMap<>();
    for (String key : Sysctls.IPV4_CONF_KEYS) {
      String v = confDefault(key);
      if (v != null) {
        conf.put("ipv4.conf." + key, v);
      }
    }
    perDevice.put(dev, conf);
    explicit.put(dev, new HashSet<>());
  }

  public void deviceRemoved(String dev) {
    dirty = true;
    perDevice.remove(dev);
    explicit.remove(dev);
  }

  public void deviceRenamed(String from, String to) {
    dirty = true;
    perDevice.put(to, perDevice.remove(from));
    explicit.put(to, explicit.remove(from));
  }

  /** Writes a key without a device part ({@code net.ipv4.conf.all.x} counts as one). */
  public void writeFlat(String key, String value) {
    dirty = true;
    if (key.equals("net.ipv4.ip_forward") || key.equals(ALL + "forwarding")) {
      flat.put(ALL + "forwarding", value);
      flat.put(DEFAULT + "forwarding", value);
      for (String dev : perDevice.keySet()) {
        perDevice.get(dev).put("ipv4.conf.forwarding", value);
        explicit.get(dev).add("ipv4.conf.forwarding");
      }
      return;
    }
    flat.put(key, value);
    if (key.startsWith(DEFAULT) && !key.equals(DEFAULT + "forwarding")) {
      String k = "ipv4.conf." + key.substring(DEFAULT.length());
      for (String dev : perDevice.keySet()) {
        if (!explicit.get(dev).contains(k)) {
          perDevice.get(dev).put(k, value);
        }
      }
    }
  }

  /** Writes {@code net.FAMILY.DEV.KEY} for an existing device. */
  public void writeDevice(String family, String dev, String key, String value) {
    dirty = true;
    perDevice.get(dev).put(family + "." + key, value);
    explicit.get(dev).add(family + "." + key);
  }

  public Sysctls freeze() {
    if (reported.isPresent() && !dirty) {
      return reported.get();
    }
    Map<String, String> out = new TreeMap<>(flat);
    String fwd = flat.get(ALL + "forwarding");
    if (fwd != null) {
      out.put("net.ipv4.ip_forward", fwd);
    }
    perDevice.forEach(
        (dev, m) ->
            m.forEach(
                (fk, v) -> {
                  int dot = fk.indexOf('.', fk.indexOf('.') + 1);
                  out.put("net." + fk.substring(0, dot) + "." + dev + fk.substring(dot), v);
                }));
    return new Sysctls(out);
  }
}
