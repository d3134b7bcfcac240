package dev.podpath.model.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class RouteTableTest {

  private static Route route(String prefix, String dev, int metric) {
    return new Route(
        TableIds.MAIN,
        RouteType.UNICAST,
        Prefix.parse(prefix),
        List.of(NextHop.dev(dev)),
        Optional.empty(),
        metric,
        RouteScope.LINK,
        RouteProtocol.BOOT,
        Origin.KERNEL);
  }

  private static Ipv4Address ip(String s) {
    return Ipv4Address.parse(s);
  }

  @Test
  void matches_longestPrefixFirst_thenLowestMetric() {
    RouteTable t =
        RouteTable.of(
            TableIds.MAIN,
            List.of(
                route("10.20.0.0/16", "eth1", 0),
                route("10.20.1.0/24", "eth2", 100),
                route("10.20.1.0/24", "eth3", 50),
                route("default", "eth0", 0)));

    assertThat(t.matches(ip("10.20.1.9")))
        .extracting(r -> r.dev().orElseThrow())
        .containsExactly("eth3", "eth2", "eth1", "eth0");
    assertThat(t.matches(ip("10.20.2.1")))
        .extracting(r -> r.dev().orElseThrow())
        .containsExactly("eth1", "eth0");
    assertThat(t.matches(ip("192.0.2.1")))
        .extracting(r -> r.dev().orElseThrow())
        .containsExactly("eth0");
  }

  @Test
  void matches_equalPrefixAndMetric_keepsInsertionOrder() {
    RouteTable t =
        RouteTable.of(
            TableIds.MAIN, List.of(route("10.30.0.0/24", "a", 50), route("10.30.0.0/24", "b", 50)));
    assertThat(t.matches(ip("10.30.0.1")))
        .extracting(r -> r.dev().orElseThrow())
        .containsExactly("a", "b");
  }

  @Test
  void matches_noRoute_isEmpty() {
    RouteTable t = RouteTable.of(TableIds.MAIN, List.of(route("10.0.0.0/8", "a", 0)));
    assertThat(t.matches(ip("11.0.0.1"))).isEmpty();
    assertThat(RouteTable.empty(TableIds.MAIN).matches(ip("10.0.0.1"))).isEmpty();
  }

  @Test
  void exact_findsOnlyThatPrefix() {
    RouteTable t =
        RouteTable.of(
            TableIds.MAIN, List.of(route("10.0.0.0/8", "a", 0), route("10.0.0.0/16", "b", 0)));
    assertThat(t.exact(Prefix.parse("10.0.0.0/16")))
        .extracting(r -> r.dev().orElseThrow())
        .containsExactly("b");
    assertThat(t.exact(Prefix.parse("10.0.0.0/24"))).isEmpty();
  }

  /** The trie agrees with a brute-force scan on random tables and addresses. */
  @Test
  void matches_agreesWithLinearScan_onRandomTables() {
    Random rnd = new Random(42);
    for (int round = 0; round < 50; round++) {
      List<Route> routes = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int len = rnd.nextInt(33);
        Prefix p = Prefix.of(new Ipv4Address(rnd.nextInt() & 0x0F0F0F0F), len);
        routes.add(route(p.toString(), "d" + i, rnd.nextInt(3)));
      }
      RouteTable t = RouteTable.of(TableIds.MAIN, routes);
      for (int q = 0; q < 200; q++) {
        Ipv4Address a =
            q % 2 == 0
                ? new Ipv4Address(rnd.nextInt())
                : routes.get(rnd.nextInt(routes.size())).destination().network();
        List<Route> expected =
            routes.stream()
                .filter(r -> r.destination().contains(a))
                .sorted(
                    Comparator.comparingInt((Route r) -> -r.destination().length())
                        .thenComparingInt(Route::metric))
                .toList();
        assertThat(t.matches(a)).as("lookup of %s", a).containsExactlyElementsOf(expected);
      }
    }
  }
}
