package dev.podpath.model.script;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.build.KernelError;
import dev.podpath.model.build.RouteCheck;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.iproute2.RouteGrammar;
import dev.podpath.model.route.RouteProtocol;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.TableIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The arguments of {@code ip route add|append|prepend|replace|change|delete}, parsed as iproute2's
 * {@code iproute_modify()} does: a route type may come before the prefix, {@code nexthop} groups
 * end the command, metrics that only matter to TCP are noted and dropped.
 */
final class RouteArgs {

  Optional<RouteType> type = Optional.empty();
  Prefix destination;
  Optional<Ipv4Address> via = Optional.empty();
  Optional<String> dev = Optional.empty();
  Optional<Ipv4Address> src = Optional.empty();
  Optional<Long> metric = Optional.empty();
  Optional<Integer> table = Optional.empty();
  Optional<RouteScope> scope = Optional.empty();
  Optional<RouteProtocol> protocol = Optional.empty();
  boolean onlink;
  boolean multipath;
  final List<RouteCheck.HopSpec> hops = new ArrayList<>();

  /** IPv6 destination or gateway: the command is not modelled. */
  boolean ipv6;

  private RouteArgs() {}

  static RouteArgs parse(Exec ex, Args a) {
    RouteArgs r = new RouteArgs();
    while (a.hasNext()) {
      String k = a.next();
      switch (RouteGrammar.typed(k).orElse(RouteGrammar.Word.TO)) {
        case SRC -> {
          String v = a.value();
          r.ipv6 |= Args.isIpv6(v);
          if (!r.ipv6) {
            r.src = Optional.of(Args.address(v));
          }
        }
        case VIA -> {
          String v = a.value();
          if (v.equals("inet") || v.equals("inet6")) {
            v = a.value();
          }
          r.ipv6 |= Args.isIpv6(v);
          if (!r.ipv6) {
            r.via = Optional.of(Args.address(v));
          }
        }
        case FROM -> throw new CommandError("source-specific routes (from) are IPv6 only");
        case TOS -> {
          a.value();
          ex.notModelled(
              "TOS routes are not modelled: podpath treats this route as matching any TOS");
        }
        case METRIC -> r.metric = Optional.of(Args.u32(a.value(), "\"metric\" value is invalid"));
        case DEV -> r.dev = Optional.of(a.value());
        case ONLINK -> r.onlink = true;
        case NEXTHOP -> {
          r.multipath = true;
          nexthops(r, a);
        }
        case PROTOCOL -> r.protocol = Optional.of(protocol(a.value()));
        case TABLE -> r.table = Optional.of(table(a.value()));
        case SCOPE -> {
          String v = a.value();
          r.scope =
              Optional.of(
                  RouteScope.parse(v)
                      .orElseThrow(() -> CommandError.invarg("invalid \"scope\" value", v)));
        }
        case NOT_MODELLED_METRIC -> {
          if (a.value().equals("lock")) {
            a.value();
          }
          ex.notModelled("route " + k + " is not modelled yet");
        }
        case TCP_METRIC -> {
          if (a.value().equals("lock")) {
            a.value();
          }
          ex.info("route option " + k + " only matters to TCP; podpath ignores it");
        }
        case ENCAP, NHID ->
            throw new CommandError("ip route " + k + " is not supported by podpath");
        case SHOWN_FLAG -> {
          if (!k.equals("pervasive")) {
            destination(r, a, k);
          }
        }
        case TO, WEIGHT, LINKDOWN, SHOWN_WITH_VALUE -> {
          if (k.equals("vrf") || k.equals("as")) {
            throw new CommandError("ip route " + k + " is not supported by podpath");
          }
          destination(r, a, k);
        }
      }
    }
    if (!r.multipath) {
      r.hops.add(new RouteCheck.HopSpec(r.via, r.dev, 1, r.onlink));
    }
    return r;
  }

  /** {@code [to] [TYPE] PREFIX}: the word that is no other keyword. */
  private static void destination(RouteArgs r, Args a, String word) {
    String k = word;
    if (k.equals("to")) {
      k = a.value();
    }
    Optional<RouteType> t = RouteType.parse(k);
    if (t.isPresent() || k.equals("nat") || k.equals("xresolve")) {
      if (k.equals("nat") || k.equals("xresolve")) {
        throw KernelError.of(Errno.EINVAL, "Invalid route type");
      }
      r.type = t;
      k = a.value();
    }
    if (r.destination != null || r.ipv6) {
      throw new CommandError("Error: either \"to\" is duplicate, or \"" + k + "\" is a garbage.");
    }
    if (Args.isIpv6(k)) {
      r.ipv6 = true;
    } else {
      r.destination = Args.prefix(k);
    }
  }

  private static void nexthops(RouteArgs r, Args a) {
    Optional<Ipv4Address> via = Optional.empty();
    Optional<String> dev = Optional.empty();
    int weight = 1;
    boolean onlink = false;
    while (true) {
      String k = a.hasNext() ? a.next() : "nexthop";
      if (k.equals("nexthop")) {
        if (via.isEmpty() && dev.isEmpty()) {
          throw new CommandError("Error: cannot parse nexthop");
        }
        r.hops.add(new RouteCheck.HopSpec(via, dev, weight, onlink));
        if (!a.hasNext()) {
          return;
        }
        via = Optional.empty();
        dev = Optional.empty();
        weight = 1;
        onlink = false;
      } else if (k.equals("via")) {
        String v = a.value();
        if (v.equals("inet")) {
          v = a.value();
        }
        via = Optional.of(Args.address(v));
      } else if (k.equals("dev")) {
        dev = Optional.of(a.value());
      } else if (k.equals("weight")) {
        weight = Args.intIn(a.value(), 1, 256, "\"weight\" is invalid");
      } else if (k.equals("onlink")) {
        onlink = true;
      } else {
        throw new CommandError("Error: cannot parse nexthop (\"" + k + "\")");
      }
    }
  }

  static int table(String text) {
    return TableIds.parse(text)
        .filter(t -> t != TableIds.UNSPEC)
        .orElseThrow(() -> CommandError.invarg("\"table\" value is invalid", text));
  }

  /**
   * {@code proto P}: a number 0 to 255 (named as {@code /etc/iproute2/rt_protos} names it) or a
   * name.
   */
  static RouteProtocol protocol(String text) {
    boolean number = text.matches("[0-9]+");
    if (number ? Long.parseLong(text) <= 255 : text.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
      return RouteProtocol.of(text);
    }
    throw CommandError.invarg("\"protocol\" value is invalid", text);
  }
}
