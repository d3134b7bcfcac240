package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.topo.Netns;
import java.util.List;
import java.util.Optional;

/**
 * {@code ip route get}: the kernel's answer to "how would this packet be routed?", as the first
 * line iproute2 prints, or the {@code RTNETLINK answers: ...} error.
 *
 * <pre>{@code
 * RouteGet.answer(ns, dst, Optional.empty(), Optional.empty(), 0)
 *   -> "10.20.1.1 via 10.3.0.1 dev eth2 src 10.3.0.254 uid 0"
 * RouteGet.answer(ns, dst, Optional.of(src), Optional.of("eth0"), 0)
 *   -> "10.2.0.1 from 10.1.0.1 dev eth1"  (a forwarded packet)
 * }</pre>
 */
public final class RouteGet {

  private RouteGet() {}

  /** The answer: {@code ok} with the line, or not ok with the error text. */
  public record Answer(boolean ok, String text, Optional<Route> route) {}

  public static Answer answer(
      Netns ns, Ipv4Address dst, Optional<Ipv4Address> from, Optional<String> iif, long mark) {
    if (iif.isPresent()) {
      return input(ns, dst, from.orElse(Ipv4Address.ANY), iif.get(), mark);
    }
    FibResult r =
        FibLookup.lookup(ns, FibLookup.Key.output(dst, from.orElse(Ipv4Address.ANY), mark));
    if (r instanceof FibResult.Failed f) {
      return new Answer(false, "RTNETLINK answers: " + f.errno().text(), f.route());
    }
    FibResult.Found found = (FibResult.Found) r;
    Route route = found.route();
    StringBuilder sb = new StringBuilder();
    if (route.type() == RouteType.LOCAL) {
      Ipv4Address src = from.or(route::src).orElse(dst);
      sb.append("local ")
          .append(dst)
          .append(from.map(s -> " from " + s).orElse(""))
          .append(" dev lo");
      table(sb, ns, route);
      if (from.isEmpty()) {
        sb.append(" src ").append(src);
      }
    } else {
      NextHop hop = found.hop().orElseThrow();
      // iproute2 names a route's type when it is not unicast (kernel-checked: random/
      // route-get-table-local.sh, "broadcast 192.168.2.255 dev e1 src 192.168.2.4 uid 0")
      if (route.type() == RouteType.BROADCAST) {
        sb.append("broadcast ");
      }
      sb.append(dst).append(from.map(s -> " from " + s).orElse(""));
      hop.via().ifPresent(v -> sb.append(" via ").append(v));
      sb.append(" dev ").append(hop.dev());
      table(sb, ns, route);
      if (from.isEmpty()) {
        Optional<Ipv4Address> src =
            route
                .src()
                .or(
                    () ->
                        SourceAddress.select(ns, hop.dev(), hop.via().orElse(dst), route.scope()));
        src.ifPresent(s -> sb.append(" src ").append(s));
      }
    }
    if (mark != 0) {
      sb.append(" mark ").append(mark);
    }
    sb.append(" uid 0");
    return new Answer(true, sb.toString(), Optional.of(route));
  }

  private static Answer input(Netns ns, Ipv4Address dst, Ipv4Address src, String iif, long mark) {
    if (ns.device(iif).isEmpty()) {
      return new Answer(false, "Cannot find device \"" + iif + "\"", Optional.empty());
    }
    InputDecision d = RouteInput.decide(ns, dst, src, iif, mark);
    if (d instanceof InputDecision.Local l) {
      StringBuilder sb =
          new StringBuilder("local ").append(dst).append(" from ").append(src).append(" dev lo");
      table(sb, ns, l.found().route());
      return new Answer(true, sb.toString(), Optional.of(l.found().route()));
    }
    if (d instanceof InputDecision.Forward f) {
      StringBuilder sb = new StringBuilder().append(dst).append(" from ").append(src);
      f.hop().via().ifPresent(v -> sb.append(" via ").append(v));
      sb.append(" dev ").append(f.hop().dev());
      table(sb, ns, f.found().route());
      return new Answer(true, sb.toString(), Optional.of(f.found().route()));
    }
    Errno errno = ((InputDecision.Drop) d).errno();
    return new Answer(false, "RTNETLINK answers: " + errno.text(), Optional.empty());
  }

  /**
   * The route's table as the kernel reports it: never main; local only once the namespace's local
   * and main tables are split. Until then the kernel keeps the local table's routes merged into
   * main and reports them as main's; the first {@code ip rule add} splits them ({@code
   * fib_unmerge}), for good (kernel-checked on 6.18: {@code ip route get} of a local or broadcast
   * address prints {@code table local} after a rule is added, and still after it is deleted; random
   * seed 120).
   */
  private static void table(StringBuilder sb, Netns ns, Route route) {
    if (route.table() == TableIds.MAIN || route.table() == TableIds.LOCAL && !split(ns)) {
      return;
    }
    sb.append(" table ").append(TableIds.name(route.table()));
  }

  /**
   * Whether a rule other than the three every namespace starts with is there. Not seen: a rule
   * added and deleted again (the tables stay split in the kernel).
   */
  private static boolean split(Netns ns) {
    List<String> defaults = RoutingRule.defaults().stream().map(RoutingRule::toString).toList();
    return ns.routing().rules().stream()
        .map(RoutingRule::toString)
        .anyMatch(r -> !defaults.contains(r));
  }
}
