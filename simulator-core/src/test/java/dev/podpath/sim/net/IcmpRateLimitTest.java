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
}
