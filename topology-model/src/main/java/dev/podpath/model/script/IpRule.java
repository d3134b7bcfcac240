package dev.podpath.model.script;

import dev.podpath.model.addr.Prefix;
import dev.podpath.model.iproute2.RuleGrammar;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.route.TableIds;
import java.util.Optional;

/**
 * {@code ip rule add|delete|flush|show}. A rule added without a priority gets the kernel's default
 * (one below the second rule's: 32765, 32764, ... with the default rules; verified on kernel 6.18);
 * without an action it looks up {@code main}.
 */
final class IpRule {

  private IpRule() {}

  static void run(Exec ex, Args a) {
    if (!a.hasNext()) {
      return;
    }
    String cmd = a.next();
    if (Keywords.matches(cmd, "list")
        || Keywords.matches(cmd, "show")
        || cmd.equals("lst")
        || Keywords.matches(cmd, "help")) {
      a.skipRest();
    } else if (Keywords.matches(cmd, "save") || Keywords.matches(cmd, "restore")) {
      throw new CommandError("ip rule " + cmd + " is not supported by podpath");
    } else if (Keywords.matches(cmd, "flush")) {
      ex.ns().rules().flush();
      ex.changed();
    } else if (Keywords.matches(cmd, "add")) {
      modify(ex, a, true);
    } else if (Keywords.matches(cmd, "delete")) {
      modify(ex, a, false);
    } else {
      throw new CommandError("Command \"" + cmd + "\" is unknown, try \"ip rule help\".");
    }
  }

  private static void modify(Exec ex, Args a, boolean add) {
    boolean invert = false;
    Optional<Prefix> from = Optional.empty();
    Optional<Prefix> to = Optional.empty();
    Optional<String> iif = Optional.empty();
    Optional<String> oif = Optional.empty();
    Optional<RoutingRule.FwMark> mark = Optional.empty();
    Optional<Integer> pref = Optional.empty();
    RoutingRule.Action action = null;
    while (a.hasNext()) {
      String k = a.next();
      RuleGrammar.Word word =
          RuleGrammar.word(k)
              .orElseThrow(() -> CommandError.invarg("Failed to parse rule type", k));
      switch (word) {
        case NOT -> invert = true;
        case FROM -> from = selector(a.value());
        case TO -> to = selector(a.value());
        case PRIORITY -> {
          String v = a.value();
          pref = Optional.of((int) Args.u32(v, "preference value is invalid"));
        }
        case NOT_MODELLED_WITH_VALUE, PROTOCOL -> {
          a.value();
          ex.notModelled("rule selector " + k + " is not modelled: podpath ignores it");
        }
        case NOT_MODELLED_FLAG ->
            ex.notModelled("rule selector " + k + " is not modelled: podpath ignores it");
        case FWMARK -> mark = Optional.of(fwmark(a.value()));
        case LOOKUP -> {
          String v = a.value();
          action =
              new RoutingRule.Action.Lookup(
                  TableIds.parse(v)
                      .filter(t -> t != TableIds.UNSPEC)
                      .orElseThrow(() -> CommandError.invarg("invalid table ID", v)));
        }
        case IIF -> iif = Optional.of(a.value());
        case OIF -> oif = Optional.of(a.value());
        case GOTO ->
            action = new RoutingRule.Action.Goto((int) Args.u32(a.value(), "invalid target"));
        case NOP -> action = new RoutingRule.Action.Nop();
        case FAIL -> action = new RoutingRule.Action.Fail(RouteType.parse(k).orElseThrow());
        case UNSUPPORTED -> throw new CommandError("ip rule " + k + " is not supported");
        case TYPE -> {
          String v = a.value();
          if (v.equals("blackhole") || v.equals("unreachable") || v.equals("prohibit")) {
            action = new RoutingRule.Action.Fail(RouteType.parse(v).orElseThrow());
          } else if (!v.equals("unicast")) {
            throw CommandError.invarg("Failed to parse rule type", v);
          }
        }
      }
    }
    if (add) {
      RoutingRule.Action act =
          action != null ? action : new RoutingRule.Action.Lookup(TableIds.MAIN);
      int p = pref.orElseGet(ex.ns().rules()::defaultPriority);
      ex.ns().rules().add(new RoutingRule(p, invert, from, to, iif, oif, mark, act, ex.origin()));
    } else {
      boolean inv = invert;
      Optional<Prefix> f = from;
      Optional<Prefix> t = to;
      Optional<String> i = iif;
      Optional<String> o = oif;
      Optional<RoutingRule.FwMark> m = mark;
      Optional<Integer> pr = pref;
      RoutingRule.Action act = action;
      ex.ns()
          .rules()
          .delete(
              r ->
                  pr.map(x -> x == r.priority()).orElse(true)
                      && (!inv || r.invert())
                      && (f.isEmpty() || f.get().isDefault() || r.from().equals(f))
                      && (t.isEmpty() || t.get().isDefault() || r.to().equals(t))
                      && (i.isEmpty() || r.iif().equals(i))
                      && (o.isEmpty() || r.oif().equals(o))
                      && (m.isEmpty() || r.fwmark().equals(m))
                      && (act == null || act.equals(r.action())));
    }
    ex.changed();
  }

  /** {@code all} / {@code default} is no selector at all. */
  private static Optional<Prefix> selector(String text) {
    if (text.equals("all") || text.equals("default") || text.equals("any")) {
      return Optional.empty();
    }
    IpAddr.AddrLen a = IpAddr.addrLen(text);
    Prefix p = Prefix.of(a.address(), a.lengthOr32());
    return p.isDefault() ? Optional.empty() : Optional.of(p);
  }

  private static RoutingRule.FwMark fwmark(String text) {
    int slash = text.indexOf('/');
    long mark = Args.u32(slash < 0 ? text : text.substring(0, slash), "fwmark value is invalid");
    long mask =
        slash < 0 ? 0xFFFF_FFFFL : Args.u32(text.substring(slash + 1), "fwmask value is invalid");
    return new RoutingRule.FwMark(mark, mask);
  }
}
