package dev.podpath.model.dump;

import static dev.podpath.model.dump.JsonFields.number;
import static dev.podpath.model.dump.JsonFields.strings;
import static dev.podpath.model.dump.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteProtocol;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code ip -j route show table all} (or {@code ip -j route}, which is the main table): type,
 * destination ({@code "default"} or a prefix; a bare address is a /32), gateway, device, preferred
 * source ({@code prefsrc}), metric, scope, protocol, table (names {@code local}, {@code main},
 * {@code default}, or numbers; absent means main), flags {@code onlink} and {@code linkdown}/{@code
 * dead}, and multipath {@code nexthops} with their weights.
 *
 * <p>IPv6 routes are skipped without a warning; the model is IPv4. iproute2 4.19 prints a route
 * type as a bare string ({@code {"throw","dst":...}}; fixed in 5.0): that is read as the type; its
 * multipath routes are not JSON at all before 5.5 and each costs a warning.
 *
 * <pre>{@code
 * {"dst":"10.10.2.0/24","gateway":"192.168.2.15","dev":"enp0s5","flags":[]}
 *   -> 10.10.2.0/24 via 192.168.2.15 dev enp0s5 (table main)
 * }</pre>
 */
public final class IpJsonRouteParser {

  static final String COMMAND = "ip -j route show table all";

  private IpJsonRouteParser() {}

  public static ParseResult<RouteDump> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(content, Set.of(DumpFormat.IP_JSON_ROUTE), COMMAND, w)) {
      return w.result(RouteDump.empty());
    }
    List<Route> routes = new ArrayList<>();
    Set<String> down = new TreeSet<>();
    for (JsonElements.Element e : JsonElements.read(content, COMMAND, w)) {
      read(e, w, down).ifPresent(routes::add);
    }
    return w.result(new RouteDump(routes, down));
  }

  private static Optional<Route> read(JsonElements.Element e, Warnings w, Set<String> down) {
    JsonNode n = e.node();
    if (isIpv6(n)) {
      return Optional.empty();
    }
    String typeName = text(n, "type").orElse("unicast");
    Optional<RouteType> type = RouteType.parse(typeName);
    if (type.isEmpty()) {
      warn(e, w, "route type \"" + typeName + "\" is not modelled; skipped");
      return Optional.empty();
    }
    Optional<String> dst = text(n, "dst");
    if (dst.isEmpty()) {
      warn(e, w, "a route without \"dst\"; skipped");
      return Optional.empty();
    }
    Optional<Prefix> prefix = Prefix.tryParse(dst.get());
    if (prefix.isEmpty()) {
      warn(e, w, "\"dst\" " + dst.get() + " is not an IPv4 prefix; skipped");
      return Optional.empty();
    }
    RouteDraft d = new RouteDraft();
    d.type = type.get();
    d.destination = prefix.get();
    String table = text(n, "table").orElse("main");
    Optional<Integer> id = TableIds.parse(table);
    if (id.isEmpty()) {
      warn(
          e,
          w,
          "table \""
              + table
              + "\" is a name from the node's rt_tables, which the dump does"
              + " not carry; skipped. Collect with `ip -N -j route show table all` for numbers");
      return Optional.empty();
    }
    d.table = id.get();
    d.protocol = text(n, "protocol").map(RouteProtocol::of).orElse(RouteProtocol.BOOT);
    Optional<String> scope = text(n, "scope");
    if (scope.isPresent()) {
      d.scope = RouteScope.parse(scope.get()).orElse(null);
      if (d.scope == null) {
        warn(e, w, "scope \"" + scope.get() + "\" is unknown; global is assumed");
      }
    }
    d.src = address(n, "prefsrc", e, w);
    OptionalLong metric = number(n, "metric");
    d.metric = metric.isPresent() ? (int) metric.getAsLong() : 0;
    if (n.has("encap")) {
      warn(
          e,
          w,
          "lightweight-tunnel encapsulation (\"encap\") is not modelled; the route is kept"
              + " without it");
    }
    JsonNode via = n.get("via");
    if (via != null && via.isObject() && text(via, "family").filter("inet6"::equals).isPresent()) {
      warn(e, w, "an IPv4 route via an IPv6 gateway is not modelled; skipped");
      return Optional.empty();
    }
    List<String> flags = strings(n, "flags");
    hop(n, d.single, e, w);
    d.single.onlink = flags.contains("onlink");
    d.single.down = flags.contains("linkdown") || flags.contains("dead");
    JsonNode hops = n.get("nexthops");
    if (hops != null && hops.isArray()) {
      for (JsonNode h : hops) {
        RouteDraft.Hop hop = new RouteDraft.Hop();
        hop(h, hop, e, w);
        List<String> hf = strings(h, "flags");
        hop.onlink = hf.contains("onlink");
        hop.down = hf.contains("linkdown") || hf.contains("dead");
        hop.weight = (int) number(h, "weight").orElse(1);
        d.multipath.add(hop);
      }
    }
    Origin origin = new Origin(w.file(), e.line(), JsonFields.compact(e.text()));
    return d.build(origin, down, w, e.line(), e.column(), e.text());
  }

  private static void hop(JsonNode n, RouteDraft.Hop hop, JsonElements.Element e, Warnings w) {
    hop.dev = text(n, "dev");
    hop.via = address(n, "gateway", e, w);
    JsonNode via = n.get("via");
    if (via != null && via.isObject()) {
      hop.via = address(via, "host", e, w);
    }
  }

  private static Optional<Ipv4Address> address(
      JsonNode n, String key, JsonElements.Element e, Warnings w) {
    Optional<String> t = text(n, key);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    Optional<Ipv4Address> a = Ipv4Address.tryParse(t.get());
    if (a.isEmpty()) {
      warn(e, w, "\"" + key + "\" " + t.get() + " is not an IPv4 address; ignored");
    }
    return a;
  }

  /** IPv6 routes: an address with a colon, or the {@code pref} every IPv6 route carries. */
  static boolean isIpv6(JsonNode n) {
    if (n.has("pref")) {
      return true;
    }
    for (String k : List.of("dst", "gateway", "prefsrc", "src")) {
      if (text(n, k).filter(v -> v.contains(":")).isPresent()) {
        return true;
      }
    }
    return false;
  }

  private static void warn(JsonElements.Element e, Warnings w, String message) {
    w.add(e.line(), e.column(), e.text(), message);
  }
}
