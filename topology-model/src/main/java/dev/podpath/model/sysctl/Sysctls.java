package dev.podpath.model.sysctl;

import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
 */
public record Sysctls(Map<String, String> values, Map<String, Origin> origins) {

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

  public Sysctls {
    values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
    origins = java.util.Collections.unmodifiableMap(new TreeMap<>(origins));
  }

  /** Values whose lines are not known (a script's, the kernel's). */
  public Sysctls(Map<String, String> values) {
    this(values, Map.of());
  }

  /**
   * {@return the line a dumped key was read from (the later one, when the dump gives it twice)}
   * Empty for a key the model set itself or took as a default.
   */
  public Optional<Origin> origin(String key) {
    return Optional.ofNullable(origins.get(key));
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
    return conf(dev, "forwarding") != 0;
  }

  /** The effective rp_filter mode on {@code dev}: max(all, dev); 0 off, 1 strict, 2 loose. */
  public int rpFilter(String dev) {
    return Math.max(confAll("rp_filter"), conf(dev, "rp_filter"));
  }

  /** proxy_arp is on for {@code dev} if it is on for {@code all} or for {@code dev}. */
  public boolean proxyArp(String dev) {
    return confAll("proxy_arp") != 0 || conf(dev, "proxy_arp") != 0;
  }

  /** The effective arp_ignore: max(all, dev). */
  public int arpIgnore(String dev) {
    return Math.max(confAll("arp_ignore"), conf(dev, "arp_ignore"));
  }

  /** The effective arp_announce: max(all, dev). */
  public int arpAnnounce(String dev) {
    return Math.max(confAll("arp_announce"), conf(dev, "arp_announce"));
  }

  /** accept_local is on if on for all or for dev. */
  public boolean acceptLocal(String dev) {
    return confAll("accept_local") != 0 || conf(dev, "accept_local") != 0;
  }

  /** route_localnet is on if on for all or for dev. */
  public boolean routeLocalnet(String dev) {
    return confAll("route_localnet") != 0 || conf(dev, "route_localnet") != 0;
  }

  /** {@code net.ipv4.ip_default_ttl}, 64 by default. */
  public int defaultTtl() {
    return intValue("net.ipv4.ip_default_ttl", 64);
  }

  /** {@code net.ipv4.neigh.DEV.KEY} with the kernel default. */
  public int neigh(String dev, String key, int fallback) {
    return intValue("net.ipv4.neigh." + dev + "." + key, fallback);
  }
}
