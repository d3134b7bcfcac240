package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.NetnsName;
import java.util.HashMap;
import java.util.Map;

/**
 * The kernel's per-destination token buckets for ICMP errors ({@code inet_peer}'s {@code
 * rate_tokens}, one per namespace and destination host), charged by {@code icmp_send()} ({@code
 * icmpv4_xrlim_allow}: {@code icmp_ratelimit} per error, a burst of 6) and, before it, by {@code
 * ip_error()} for forwarded packets without a usable route (1 s per error, a burst of 5). A bucket
 * is full when first used (the kernel starts {@code rate_last} 60 s in the past), and refills with
 * the time that passes. The run state of one {@link Simulation}.
 *
 * <p>{@code ip_rt_send_redirect()} keeps its own count of the redirects sent to the peer in the
 * same entry, and shares the entry's clock ({@code rate_last}) and tokens with the errors: a
 * redirect after 20.48 s of quiet empties the tokens, and each redirect sent restarts the clock, so
 * an error to the same sender right after a redirect finds no token (kernel-checked: test resources
 * random/redirect.sh, a traceroute's first hop right after a redirected ping shows {@code *}).
 *
 * <p>Not modelled: the global limit ({@code icmp_msgs_per_sec} 1000, {@code icmp_msgs_burst} 50),
 * which only a flood of errors from one namespace meets.
 */
final class IcmpRateLimit {

  /** {@code XRLIM_BURST_FACTOR}: icmp_send's bucket holds six errors. */
  static final int BURST_FACTOR = 6;

  /** {@code ip_rt_error_cost}: one second per error. */
  static final long ROUTE_ERROR_COST = SimConfig.SECONDS;

  /** {@code ip_rt_error_burst}: five errors. */
  static final long ROUTE_ERROR_BURST = 5 * SimConfig.SECONDS;

  /** {@code ip_rt_redirect_number}: after nine redirects the router stops sending them. */
  static final int REDIRECT_NUMBER = 9;

  /** {@code ip_rt_redirect_load}: HZ / 50, the first gap between redirects, doubled each time. */
  static final long REDIRECT_LOAD = 20 * SimConfig.MILLIS;

  /** {@code ip_rt_redirect_silence}: {@code REDIRECT_LOAD << 10} of quiet starts afresh. */
  static final long REDIRECT_SILENCE = REDIRECT_LOAD << 10;

  /** A bucket made now starts as if last used this long ago: full. */
  private static final long FRESH = 60 * SimConfig.SECONDS;

  private record Key(NetnsName netns, Ipv4Address peer) {}

  private static final class Bucket {
    long tokens;
    long last;
    int redirects;

    Bucket(long now) {
      this.last = now - FRESH;
    }
  }

  private final Map<Key, Bucket> buckets = new HashMap<>();

  /**
   * {@code inet_peer_xrlim_allow} (and ip_error's same arithmetic): adds the time since the bucket
   * was last charged, caps it at {@code burst}, and takes {@code cost} if it is there.
   *
   * @return whether the error may be sent
   */
  boolean take(NetnsName netns, Ipv4Address peer, long now, long cost, long burst) {
    Bucket b = buckets.computeIfAbsent(new Key(netns, peer), k -> new Bucket(now));
    long tokens = Math.min(b.tokens + (now - b.last), burst);
    b.last = now;
    boolean allowed = tokens >= cost;
    b.tokens = allowed ? tokens - cost : tokens;
    return allowed;
  }

  /**
   * {@code ip_rt_send_redirect}'s arithmetic on the peer's entry: after {@link #REDIRECT_SILENCE}
   * without a redirect or error the count and the tokens start from zero; none after {@link
   * #REDIRECT_NUMBER}; otherwise one when it is the first or {@code REDIRECT_LOAD << count} has
   * passed since the entry's clock last moved. A redirect sent (or refused for the count) moves the
   * clock to now.
   *
   * @return whether the redirect is sent
   */
  boolean redirect(NetnsName netns, Ipv4Address peer, long now) {
    Bucket b = buckets.computeIfAbsent(new Key(netns, peer), k -> new Bucket(now));
    if (now - b.last > REDIRECT_SILENCE) {
      b.tokens = 0;
      b.redirects = 0;
    }
    if (b.redirects >= REDIRECT_NUMBER) {
      b.last = now;
      return false;
    }
    if (b.redirects == 0 || now - b.last > REDIRECT_LOAD << b.redirects) {
      b.last = now;
      b.redirects++;
      return true;
    }
    return false;
  }
}
