package dev.podpath.model.sysctl;

import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A namespace's sysctls, by full dotted key ({@code net.ipv4.conf.eth0.rp_filter}), with the
 * kernel's rules for combining the {@code all} and per-device values.
 *
 * <p>Keys absent from the map have the kernel default. Per-device keys are written when a device is
 * created (copied from {@code conf.default}), as the kernel does, so a lookup of a device key falls
 * back to {@code conf.default} only for devices the model did not create itself.
 *
 * <pre>{@code
 * s.forwarding("eth0");    // conf.eth0.forwarding: only the ingress device's flag matters
 * s.rpFilter("eth0");      // max(conf.all.rp_filter, conf.eth0.rp_filter)
 * s.proxyArp("cali1");     // conf.all.proxy_arp || conf.cali1.proxy_arp
 * }</pre>
 *
 * <p>A value object (equal when the keys and values are), immutable. The datapath asks a device's
 * flags for every packet, so the effective per-device flags ({@link Device}) are parsed from the
 * text once per device and kept, as is {@code ip_default_ttl}: a lookup is one hash of the device's
 * name, not a key built and an integer parsed per question.
 */
public final class Sysctls {

  /** The IPv4 per-device keys podpath reads, with the kernel's defaults. */
  /**
   * The keys of {@code net.ipv4.conf.DEV.*} (IPv4's {@code devinet} configuration): each device has
   * its own, copied from {@code conf.default} when it is created.
   */
  public static final List<String> IPV4_CONF_KEYS =
      List.of(
          ("accept_local accept_redirects accept_source_route arp_accept arp_announce"
                  + " arp_evict_nocarrier arp_filter arp_ignore arp_notify bc_forwarding bootp_relay"
                  + " disable_policy disable_xfrm drop_gratuitous_arp drop_unicast_in_l2_multicast"
                  + " force_igmp_version forwarding igmpv2_unsolicited_report_interval"
                  + " igmpv3_unsolicited_report_interval ignore_routes_with_linkdown log_martians"
                  + " mc_forwarding medium_id promote_secondaries proxy_arp proxy_arp_pvlan"
                  + " route_localnet rp_filter secure_redirects send_redirects shared_media"
                  + " src_valid_mark tag")
              .split(" "));

  public static final Map<String, String> CONF_DEFAULTS =
      Map.of(
          "forwarding", "0",
          "rp_filter", "0",
          "proxy_arp", "0",
          "arp_ignore", "0",
          "arp_announce", "0",
          "accept_local", "0",
          "route_localnet", "0",
          "send_redirects", "1",
          "arp_filter", "0",
          "proxy_arp_pvlan", "0");

  private final Map<String, String> values;

  /** The line each dumped key was read from; empty for a script's or the kernel's values. */
  private final Map<String, Origin> origins;

  /** Each device's effective flags, parsed once (the sysctls never change). */
  private final Map<String, Device> devices = new ConcurrentHashMap<>();

  /** {@code ip_default_ttl}, parsed once; 0 until then. */
  private volatile int defaultTtl;

  /**
   * The effective IPv4 flags of one device, as the kernel combines {@code conf.all} and {@code
   * conf.DEV} (each parsed once).
   *
   * @param forwarding {@code conf.DEV.forwarding} (only the ingress device's flag counts)
   * @param rpFilter max(all, dev)
   * @param proxyArp all || dev
   * @param arpIgnore max(all, dev)
   * @param arpAnnounce max(all, dev)
   * @param acceptLocal all || dev
   * @param routeLocalnet all || dev
   */
  public record Device(
      boolean forwarding,
      int rpFilter,
      boolean proxyArp,
      int arpIgnore,
      int arpAnnounce,
      boolean acceptLocal,
      boolean routeLocalnet) {}

  public Sysctls(Map<String, String> values, Map<String, Origin> origins) {
    this.values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
    this.origins = java.util.Collections.unmodifiableMap(new TreeMap<>(origins));
  }

  /** Values whose lines are not known (a script's, the kernel's). */
  public Sysctls(Map<String, String> values) {
    this(values, Map.of());
  }

  /** Every key set, with its text. */
  public Map<String, String> values() {
    return values;
  }

  /** Every dumped key's line. */
  public Map<String, Origin> origins() {
    return origins;
  }

  /**
   * {@return the line a dumped key was read from (the later one, when the dump gives it twice)}
   * Empty for a key the model set itself or took as a default.
   */
  public Optional<Origin> origin(String key) {
    return Optional.ofNullable(origins.get(key));
  }

  /** The effective flags of {@code dev}, parsed the first time they are asked for. */
  public Device device(String dev) {
    Device d = devices.get(dev);
    if (d == null) {
      d =
          new Device(
              conf(dev, "forwarding") != 0,
              Math.max(confAll("rp_filter"), conf(dev, "rp_filter")),
              confAll("proxy_arp") != 0 || conf(dev, "proxy_arp") != 0,
              Math.max(confAll("arp_ignore"), conf(dev, "arp_ignore")),
              Math.max(confAll("arp_announce"), conf(dev, "arp_announce")),
              confAll("accept_local") != 0 || conf(dev, "accept_local") != 0,
              confAll("route_localnet") != 0 || conf(dev, "route_localnet") != 0);
      devices.put(dev, d);
    }
    return d;
  }

  /**
   * Two namespaces' sysctls are the same when their values are: where they were read is not state.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Sysctls other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "Sysctls[values=" + values + "]";
  }

  public static Sysctls kernelDefaults() {
    return new Sysctls(Map.of());
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** The integer value of a key, or {@code fallback} when unset or not a number. */
  public int intValue(String key, int fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /**
   * {@code net.ipv4.conf.DEV.KEY}, falling back to {@code conf.default}, then the kernel default.
   */
  public int conf(String dev, String key) {
    int dflt =
        intValue(
            "net.ipv4.conf.default." + key, Integer.parseInt(CONF_DEFAULTS.getOrDefault(key, "0")));
    return intValue("net.ipv4.conf." + dev + "." + key, dflt);
  }

  public int confAll(String key) {
    return intValue(
        "net.ipv4.conf.all." + key, Integer.parseInt(CONF_DEFAULTS.getOrDefault(key, "0")));
  }

  /** Whether packets received on {@code dev} may be forwarded (only the ingress flag counts). */
  public boolean forwarding(String dev) {
    return device(dev).forwarding();
  }

  /** The effective rp_filter mode on {@code dev}: max(all, dev); 0 off, 1 strict, 2 loose. */
  public int rpFilter(String dev) {
    return device(dev).rpFilter();
  }

  /** proxy_arp is on for {@code dev} if it is on for {@code all} or for {@code dev}. */
  public boolean proxyArp(String dev) {
    return device(dev).proxyArp();
  }

  /** The effective arp_ignore: max(all, dev). */
  public int arpIgnore(String dev) {
    return device(dev).arpIgnore();
  }

  /** The effective arp_announce: max(all, dev). */
  public int arpAnnounce(String dev) {
    return device(dev).arpAnnounce();
  }

  /** accept_local is on if on for all or for dev. */
  public boolean acceptLocal(String dev) {
    return device(dev).acceptLocal();
  }

  /** route_localnet is on if on for all or for dev. */
  public boolean routeLocalnet(String dev) {
    return device(dev).routeLocalnet();
  }

  /** {@code net.ipv4.ip_default_ttl}, 64 by default. */
  public int defaultTtl() {
    int ttl = defaultTtl;
    if (ttl == 0) {
      ttl = intValue("net.ipv4.ip_default_ttl", 64);
      defaultTtl = ttl;
    }
    return ttl;
  }

  /** {@code net.ipv4.neigh.DEV.KEY} with the kernel default. */
  public int neigh(String dev, String key, int fallback) {
    return intValue("net.ipv4.neigh." + dev + "." + key, fallback);
  }
}
