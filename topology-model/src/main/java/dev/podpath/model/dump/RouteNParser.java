package dev.podpath.model.dump;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteProtocol;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the main table as net-tools {@code route -n} and {@code netstat -rn} (and busybox's) print
 * it: {@code Destination Gateway Genmask Flags Metric Ref Use Iface} (netstat: {@code Flags MSS
 * Window irtt Iface}), columns found by the header.
 *
 * <p>Flags: {@code U} up, {@code G} via the gateway (scope global; without it, scope link), {@code
 * H} host, {@code !} reject. The kernel's {@code /proc/net/route} behind these tools cannot tell a
 * prohibit route from an unreachable one ({@code !} is read as unreachable), shows a blackhole
 * route as an up route without a device ({@code *}), and shows only the first next hop of a
 * multipath route; there is no protocol and no preferred source.
 *
 * <pre>{@code
 * 0.0.0.0         172.17.0.1      0.0.0.0         UG    0      0        0 eth0
 *   -> default via 172.17.0.1 dev eth0
 * }</pre>
 */
public final class RouteNParser {

  static final String COMMAND = "route -n";

  private RouteNParser() {}

  public static ParseResult<RouteDump> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(content, Set.of(DumpFormat.ROUTE_N), COMMAND, w)) {
      return w.result(RouteDump.empty());
    }
    List<Route> routes = new ArrayList<>();
    Map<String, Integer> columns = null;
    for (TextLine line : TextLine.split(content)) {
      if (line.isBlank()) {
        continue;
      }
      String t = line.text().strip();
      if (t.startsWith("Kernel IP routing table")) {
        continue;
      }
      if (t.startsWith("Kernel IPv6 routing table")) {
        w.add(
            line,
            1,
            "an IPv6 routing table: the model is IPv4, so the rest of the file is" + " skipped");
        break;
      }
      List<Token> tokens = line.tokens();
      if (tokens.get(0).is("Destination")) {
        columns = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
          columns.put(tokens.get(i).text(), i);
        }
        if (columns.size() != tokens.size()) {
          // A column named twice (a garbled paste): rows could not be matched to names.
          w.add(line, 1, "a header that names a column twice; the table cannot be read");
          columns = null;
          continue;
        }
        if (!columns.keySet().containsAll(List.of("Gateway", "Genmask", "Flags", "Iface"))) {
          w.add(
              line,
              1,
              "a header without Gateway, Genmask, Flags and Iface; the table cannot" + " be read");
          columns = null;
        }
        continue;
      }
      if (columns == null) {
        w.add(
            line,
            1,
            "a route before the \"Destination Gateway Genmask Flags ...\" header;" + " skipped");
        continue;
      }
      if (tokens.size() != columns.size()) {
        w.add(
            line,
            1,
            "expected "
                + columns.size()
                + " columns as in the header, found "
                + tokens.size()
                + "; skipped");
        continue;
      }
      read(line, tokens, columns, w).ifPresent(routes::add);
    }
    return w.result(new RouteDump(routes, Set.of()));
  }

  private static Optional<Route> read(
      TextLine line, List<Token> tokens, Map<String, Integer> columns, Warnings w) {
    Token dstTok = tokens.get(columns.getOrDefault("Destination", 0));
    Token gwTok = tokens.get(columns.get("Gateway"));
    Token maskTok = tokens.get(columns.get("Genmask"));
    Token flagsTok = tokens.get(columns.get("Flags"));
    Token devTok = tokens.get(columns.get("Iface"));
    Optional<Ipv4Address> dst = Ipv4Address.tryParse(dstTok.text());
    if (dstTok.is("default") && maskTok.is("0.0.0.0")) {
      // route without -n names 0.0.0.0 "default" (net-tools' INET_rresolve), whatever it resolves
      dst = Optional.of(Ipv4Address.parse("0.0.0.0"));
    }
    if (dst.isEmpty()) {
      w.add(
          line,
          dstTok,
          "Destination \""
              + dstTok
              + "\" is not an IPv4 address (was `route`"
              + " run without -n? names cannot be read back); skipped");
      return Optional.empty();
    }
    Optional<Integer> len = Ipv4Address.tryParse(maskTok.text()).flatMap(Prefix::lengthOfNetmask);
    if (len.isEmpty()) {
      w.add(line, maskTok, "Genmask \"" + maskTok + "\" is not a contiguous netmask; skipped");
      return Optional.empty();
    }
    Optional<Prefix> prefix = Prefix.tryParse(dst.get() + "/" + len.get());
    if (prefix.isEmpty()) {
      w.add(line, dstTok, dst.get() + " has host bits outside netmask " + maskTok + "; skipped");
      return Optional.empty();
    }
    String flags = flagsTok.text();
    if (!flags.matches("[UGHRDMACL!]+")) {
      w.add(
          line,
          flagsTok,
          "Flags \"" + flags + "\" are not route flags (U, G, H, !, ...);" + " skipped");
      return Optional.empty();
    }
    int metric = 0;
    Integer mcol = columns.get("Metric");
    if (mcol != null && !tokens.get(mcol).is("-")) {
      OptionalLong m = JsonFields.parseLong(tokens.get(mcol).text());
      if (m.isEmpty() || m.getAsLong() < 0) {
        w.add(line, tokens.get(mcol), "Metric is not a number; 0 is assumed");
      } else {
        metric = (int) m.getAsLong();
      }
    }
    String dev = devTok.text();
    boolean noDev = dev.equals("*") || dev.equals("-");
    RouteType type =
        flags.contains("!")
            ? RouteType.UNREACHABLE
            : noDev ? RouteType.BLACKHOLE : RouteType.UNICAST;
    List<NextHop> hops = new ArrayList<>();
    RouteScope scope = RouteScope.GLOBAL;
    if (type == RouteType.UNICAST) {
      Optional<Ipv4Address> gw = Optional.empty();
      if (flags.contains("G")) {
        gw = Ipv4Address.tryParse(gwTok.text());
        if (gw.isEmpty()) {
          w.add(
              line,
              gwTok,
              "Gateway \""
                  + gwTok
                  + "\" is not an IPv4 address (was `route` run"
                  + " without -n?); skipped");
          return Optional.empty();
        }
      } else {
        scope = RouteScope.LINK;
      }
      hops.add(new NextHop(gw, dev, 1, false));
    }
    return Optional.of(
        new Route(
            TableIds.MAIN,
            type,
            prefix.get(),
            hops,
            Optional.empty(),
            metric,
            scope,
            RouteProtocol.BOOT,
            new Origin(w.file(), line.number(), line.text().strip())));
  }
}
