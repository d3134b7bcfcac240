package dev.podpath.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.NetnsName;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-destination ICMP buckets as kernel-semantics.md section 7 measured them: 100 TTL-1 probes
 * 10 ms apart drew 7 "Time to live exceeded" (a burst of 6, then one more once a second had passed:
 * {@code ping -i 0.01} sends a little slower than 100 a second, so its 100th probe leaves after
 * more than a second).
 */
final class IcmpRateLimitTest {

  private static final NetnsName N1 = NetnsName.of("n1");
  private static final Ipv4Address P1 = Ipv4Address.parse("10.244.0.2");
  private static final long SECOND = SimConfig.SECONDS;

  @Test
  void hundredErrors10msApart_sevenAreSent() {
    IcmpRateLimit limit = new IcmpRateLimit();
    int sent = 0;
    for (int i = 0; i < 100; i++) {
      sent += limit.take(N1, P1, 5 * SECOND + i * 10_200_000L, SECOND, 6 * SECOND) ? 1 : 0;
    }
    assertThat(sent).isEqualTo(7);
  }

  @Test
  void eachDestinationHasItsOwnBucket_andAnEmptyOneRefillsOneErrorASecond() {
    IcmpRateLimit limit = new IcmpRateLimit();
    List<Boolean> got = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      got.add(limit.take(N1, P1, 0, SECOND, 6 * SECOND));
    }
    assertThat(got).containsExactly(true, true, true, true, true, true, false);
    assertThat(limit.take(N1, Ipv4Address.parse("10.244.0.3"), 0, SECOND, 6 * SECOND))
        .as("another host")
        .isTrue();
    assertThat(limit.take(NetnsName.of("n2"), P1, 0, SECOND, 6 * SECOND))
        .as("another namespace")
        .isTrue();
    assertThat(limit.take(N1, P1, SECOND - 1, SECOND, 6 * SECOND)).isFalse();
    assertThat(limit.take(N1, P1, SECOND, SECOND, 6 * SECOND)).isTrue();
  }

  /**
   * ip_error's charge (1 s, burst 5) and icmp_send's (icmp_ratelimit, burst 6) share one bucket:
   * two tokens an error.
   */
  @Test
  void routeErrors_chargeTheBucketTwice() {
    IcmpRateLimit limit = new IcmpRateLimit();
    int sent = 0;
    for (int i = 0; i < 10; i++) {
      long now = i * SECOND;
      if (limit.take(N1, P1, now, IcmpRateLimit.ROUTE_ERROR_COST, IcmpRateLimit.ROUTE_ERROR_BURST)
          && limit.take(N1, P1, now, SECOND, 6 * SECOND)) {
        sent++;
      }
    }
    assertThat(sent).isLessThan(10).isGreaterThan(2);
  }

  /**
   * {@code ip_rt_send_redirect} on the same peer entry: the first redirect (after 20.48 s of quiet)
   * empties the error tokens and restarts the clock, so a time-exceeded to the same sender right
   * after it is not sent (test resources random/redirect.sh: the kernel's traceroute shows " 1 *"
   * right after the redirected ping); the next redirects wait 40, 80, ... ms; none after nine.
   */
  @Test
  void aRedirect_emptiesTheSendersErrorTokens_andBacksOff() {
    IcmpRateLimit limit = new IcmpRateLimit();
    long t0 = 100 * SECOND;
    assertThat(limit.redirect(N1, P1, t0)).isTrue();
    assertThat(limit.take(N1, P1, t0 + 5 * SimConfig.MILLIS, SECOND, 6 * SECOND))
        .as("an error 5 ms after the redirect")
        .isFalse();
    assertThat(limit.take(N1, Ipv4Address.parse("10.244.0.3"), t0, SECOND, 6 * SECOND))
        .as("another sender's bucket is full")
        .isTrue();

    IcmpRateLimit fresh = new IcmpRateLimit();
    assertThat(fresh.redirect(N1, P1, t0)).isTrue();
    assertThat(fresh.redirect(N1, P1, t0 + 40 * SimConfig.MILLIS)).as("40 ms: not yet").isFalse();
    assertThat(fresh.redirect(N1, P1, t0 + 81 * SimConfig.MILLIS)).as("load << 1 passed").isTrue();
    long t = t0 + 81 * SimConfig.MILLIS;
    for (int n = 2; n < IcmpRateLimit.REDIRECT_NUMBER; n++) {
      t += (IcmpRateLimit.REDIRECT_LOAD << n) + 1;
      assertThat(fresh.redirect(N1, P1, t)).as("redirect %d", n + 1).isTrue();
    }
    assertThat(fresh.redirect(N1, P1, t + IcmpRateLimit.REDIRECT_SILENCE))
        .as("the tenth, less than the silence after the clock last moved")
        .isFalse();
    assertThat(fresh.redirect(N1, P1, t + 2 * IcmpRateLimit.REDIRECT_SILENCE + 1))
        .as("after the silence: counted afresh")
        .isTrue();
  }
}
