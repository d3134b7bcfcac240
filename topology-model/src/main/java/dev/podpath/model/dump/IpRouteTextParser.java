package dev.podpath.model.dump;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.iproute2.RouteGrammar;
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
 * Reads the text of {@code ip route} and {@code ip route show table all} (also busybox {@code ip
 * route}): an optional type ({@code local}, {@code broadcast}, {@code blackhole}, {@code
 * unreachable}, {@code prohibit}, {@code throw}, ...), the destination, then {@code via}, {@code
 * dev}, {@code table}, {@code proto}, {@code scope}, {@code src}, {@code metric}, {@code onlink},
 * {@code linkdown}/{@code dead}, and multipath next hops on continuation lines starting with {@code
 * \tnexthop} (or inline, as {@code ip -o route} prints them).
 *
 * <p>Route metrics ({@code mtu}, {@code advmss}, {@code rtt}, ...), {@code pref}, {@code expires}
 * and {@code nhid} are read past silently; IPv6 routes are skipped silently. An unknown keyword is
 * a warning at its column and the route is kept without it.
 *
 * <pre>{@code
 * 172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown
 *   -> the route, and docker0 in linkDownDevices
 * }</pre>
 */
public final class IpRouteTextParser {

  static final String COMMAND = "ip route show table all";

  private IpRouteTextParser() {}

  public static ParseResult<RouteDump> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(content, Set.of(DumpFormat.IP_ROUTE_TEXT), COMMAND, w)) {
      return w.result(RouteDump.empty());
    }
    List<Route> routes = new ArrayList<>();
    Set<String> down = new TreeSet<>();
    Pending pending = null;
    for (TextLine line : TextLine.split(content)) {
      if (line.isBlank()) {
        continue;
      }
      List<Token> tokens = line.tokens();
      if (line.isIndented() && tokens.get(0).is("nexthop")) {
        if (pending == null) {
          w.add(line, tokens.get(0), "a next hop with no route before it; skipped");
        } else if (pending.draft != null) {
          TokenCursor c = new TokenCursor(tokens);
          c.next();
          pending.draft.multipath.add(readHop(c, line, w));
          pending.lineText += " " + line.text().strip();
        }
        continue;
      }
      if (pending != null) {
        pending.finish(w, down).ifPresent(routes::add);
      }
      pending = new Pending(line, readRoute(line, tokens, w));
    }
    if (pending != null) {
      pending.finish(w, down).ifPresent(routes::add);
    }
    return w.result(new RouteDump(routes, down));
  }

  /** A route waiting for its continuation lines; {@code draft} is null when it is skipped. */
  private static final class Pending {
    final TextLine line;
    final RouteDraft draft;
    String lineText;

    Pending(TextLine line, RouteDraft draft) {
      this.line = line;
      this.draft = draft;
      this.lineText = line.text().strip();
    }

    Optional<Route> finish(Warnings w, Set<String> down) {
      if (draft == null) {
        return Optional.empty();
      }
      return draft.build(
          new Origin(w.file(), line.number(), lineText), down, w, line.number(), 1, line.text());
    }
  }

  /** The route of one line, or null when the line is skipped (IPv6, or with a warning). */
  private static RouteDraft readRoute(TextLine line, List<Token> tokens, Warnings w) {
    TokenCursor c = new TokenCursor(tokens);
    RouteDraft d = new RouteDraft();
    Token first = c.next();
    Optional<RouteType> type = RouteType.parse(first.text());
    if (type.isPresent() && c.hasNext()) {
      d.type = type.get();
      first = c.next();
    } else if (first.is("nat") || first.is("xresolve") || first.is("unspec")) {
      w.add(line, first, "route type \"" + first + "\" is not modelled; skipped");
      return null;
    }
    if (first.text().contains(":")) {
      return null;
    }
    Optional<Prefix> dst = Prefix.tryParse(first.text());
    if (dst.isEmpty()) {
      w.add(
          line,
          first,
          "\""
              + first
              + "\" is not a route destination (a prefix, an address or"
              + " default); the line is skipped");
      return null;
    }
    d.destination = dst.get();
    while (c.hasNext()) {
      Token k = c.next();
      Optional<RouteGrammar.Word> word = RouteGrammar.shown(k.text());
      if (word.isEmpty()) {
        w.add(line, k, "unknown keyword \"" + k + "\"; the route is kept without it");
        continue;
      }
      switch (word.get()) {
        case NEXTHOP -> d.multipath.add(readHop(c, line, w));
        case VIA, DEV, WEIGHT -> {
          if (!hopKeyword(k, c, d.single, line, w)) {
            return null;
          }
        }
        case ONLINK -> d.single.onlink = true;
        case LINKDOWN -> d.single.down = true;
        case TABLE -> {
          Optional<Token> v = value(k, c, line, w);
          if (v.isEmpty()) {
            return null;
          }
          Optional<Integer> id = TableIds.parse(v.get().text());
          if (id.isEmpty()) {
            w.add(
                line,
                v.get(),
                "table \""
                    + v.get()
                    + "\" is a name from the node's rt_tables,"
                    + " which the dump does not carry; the route is skipped. Collect with `ip -N route"
                    + " show table all` for numbers");
            return null;
          }
          d.table = id.get();
        }
        case PROTOCOL ->
            value(k, c, line, w).ifPresent(v -> d.protocol = RouteProtocol.of(v.text()));
        case SCOPE ->
            value(k, c, line, w)
                .ifPresent(
                    v -> {
                      d.scope = RouteScope.parse(v.text()).orElse(null);
                      if (d.scope == null) {
                        w.add(line, v, "scope \"" + v + "\" is unknown; global is assumed");
                      }
                    });
        case SRC ->
            value(k, c, line, w)
                .ifPresent(
                    v -> {
                      d.src = Ipv4Address.tryParse(v.text());
                      if (d.src.isEmpty()) {
                        w.add(line, v, "src \"" + v + "\" is not an IPv4 address; ignored");
                      }
                    });
        case METRIC ->
            value(k, c, line, w)
                .ifPresent(
                    v -> {
                      OptionalLong m = JsonFields.parseLong(v.text());
                      if (m.isEmpty() || m.getAsLong() < 0 || m.getAsLong() > 0xFFFFFFFFL) {
                        w.add(line, v, "metric \"" + v + "\" is not a number; 0 is assumed");
                      } else {
                        d.metric = (int) m.getAsLong();
                      }
                    });
        case ENCAP -> {
          w.add(
              line,
              k,
              "lightweight-tunnel encapsulation is not modelled; the rest of the line"
                  + " is ignored");
          return d;
        }
        case FROM, TOS, NOT_MODELLED_METRIC, TCP_METRIC, NHID, SHOWN_WITH_VALUE -> {
          c.accept("lock");
          c.value();
        }
        case SHOWN_FLAG -> {}
        case TO -> w.add(line, k, "unknown keyword \"" + k + "\"; the route is kept without it");
      }
    }
    return d;
  }

  private static RouteDraft.Hop readHop(TokenCursor c, TextLine line, Warnings w) {
    RouteDraft.Hop hop = new RouteDraft.Hop();
    while (c.hasNext()) {
      Token k = c.peek().orElseThrow();
      if (k.is("nexthop")) {
        break;
      }
      c.next();
      Optional<RouteGrammar.Word> word = RouteGrammar.shown(k.text());
      switch (word.orElse(RouteGrammar.Word.TO)) {
        case VIA, DEV, WEIGHT -> hopKeyword(k, c, hop, line, w);
        case ONLINK -> hop.onlink = true;
        case LINKDOWN -> hop.down = true;
        case FROM, TOS, NOT_MODELLED_METRIC, TCP_METRIC, NHID, SHOWN_WITH_VALUE -> c.value();
        case SHOWN_FLAG -> {}
        case TO, SRC, METRIC, TABLE, SCOPE, PROTOCOL, NEXTHOP, ENCAP ->
            w.add(line, k, "unknown next-hop keyword \"" + k + "\"; ignored");
      }
    }
    return hop;
  }

  /** {@code via A}, {@code dev D} or {@code weight N}; false when the route must be skipped. */
  private static boolean hopKeyword(
      Token k, TokenCursor c, RouteDraft.Hop hop, TextLine line, Warnings w) {
    c.accept("inet");
    Optional<Token> v = value(k, c, line, w);
    if (v.isEmpty()) {
      return false;
    }
    switch (k.text()) {
      case "via" -> {
        if (v.get().text().contains(":") || v.get().is("inet6")) {
          w.add(line, v.get(), "an IPv4 route via an IPv6 gateway is not modelled; skipped");
          return false;
        }
        hop.via = Ipv4Address.tryParse(v.get().text());
        if (hop.via.isEmpty()) {
          w.add(
              line,
              v.get(),
              "via \"" + v.get() + "\" is not an IPv4 address; the route is" + " skipped");
          return false;
        }
      }
      case "dev" -> hop.dev = Optional.of(v.get().text());
      default -> {
        OptionalLong n = JsonFields.parseLong(v.get().text());
        if (n.isEmpty()) {
          w.add(line, v.get(), "weight \"" + v.get() + "\" is not a number; 1 is assumed");
        } else {
          hop.weight =
              (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n.getAsLong()));
        }
      }
    }
    return true;
  }

  private static Optional<Token> value(Token keyword, TokenCursor c, TextLine line, Warnings w) {
    Optional<Token> v = c.value();
    if (v.isEmpty()) {
      w.add(line, c.endColumn(), "\"" + keyword + "\" needs a value; the line ends first");
    }
    return v;
  }
}
