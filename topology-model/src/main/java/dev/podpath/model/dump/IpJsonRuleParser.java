package dev.podpath.model.dump;

import static dev.podpath.model.dump.JsonFields.number;
import static dev.podpath.model.dump.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.route.TableIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads {@code ip -j rule show}: priority, {@code not}, {@code src}/{@code srclen}, {@code
 * dst}/{@code dstlen} (a missing length is a host, {@code "all"} is no selector), {@code iif},
 * {@code oif}, {@code fwmark}/{@code fwmask}, and the action: {@code table} (names {@code local},
 * {@code main}, {@code default} or numbers), {@code goto}, {@code nop}, or a failing type ({@code
 * "action"} since iproute2 5.0, {@code "to_tbl"} in 4.x: blackhole, unreachable, prohibit).
 *
 * <p>Rules with selectors the model does not have ({@code tos}, {@code ipproto}, {@code sport},
 * {@code dport}, {@code uidrange}, {@code l3mdev}, {@code suppress_prefixlen}, ...) are left out
 * with a warning: kept without the selector they would match more than on the node.
 *
 * <pre>{@code
 * {"priority":110,"src":"all","fwmark":"0x4","fwmask":"0xff","table":"100"}
 *   -> 110: from all fwmark 0x4/0xff lookup 100
 * }</pre>
 */
public final class IpJsonRuleParser {

  static final String COMMAND = "ip -j rule show";

  /** Keys of selectors and options the model does not have. */
  static final Set<String> UNMODELLED =
      Set.of(
          "tos",
          "dsfield",
          "ipproto",
          "sport",
          "dport",
          "uid_start",
          "uidrange",
          "l3mdev",
          "suppress_prefixlen",
          "suppress_ifgroup",
          "realms",
          "flowlabel",
          "flowlabel_mask",
          "tun_id",
          "nat",
          "dscp");

  private IpJsonRuleParser() {}

  public static ParseResult<List<RoutingRule>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(content, Set.of(DumpFormat.IP_JSON_RULE), COMMAND, w)) {
      return w.result(List.of());
    }
    List<RoutingRule> out = new ArrayList<>();
    for (JsonElements.Element e : JsonElements.read(content, COMMAND, w)) {
      read(e, w).ifPresent(out::add);
    }
    return w.result(List.copyOf(out));
  }

  private static Optional<RoutingRule> read(JsonElements.Element e, Warnings w) {
    JsonNode n = e.node();
    if (text(n, "src").filter(s -> s.contains(":")).isPresent()
        || text(n, "dst").filter(s -> s.contains(":")).isPresent()) {
      return Optional.empty();
    }
    OptionalLong prio = number(n, "priority");
    if (prio.isEmpty()) {
      warn(e, w, "a rule without \"priority\"; skipped");
      return Optional.empty();
    }
    for (String k : UNMODELLED) {
      if (n.has(k)) {
        warn(
            e,
            w,
            "rule "
                + prio.getAsLong()
                + ": \""
                + k
                + "\" is not modelled; the rule is left"
                + " out (kept without it, it would match more than on the node)");
        return Optional.empty();
      }
    }
    Optional<Optional<Prefix>> from = selector(n, "src", "srclen", e, w);
    Optional<Optional<Prefix>> to = selector(n, "dst", "dstlen", e, w);
    if (from.isEmpty() || to.isEmpty()) {
      return Optional.empty();
    }
    Optional<RoutingRule.FwMark> mark = Optional.empty();
    if (n.has("fwmark")) {
      OptionalLong m = number(n, "fwmark");
      OptionalLong mask = n.has("fwmask") ? number(n, "fwmask") : OptionalLong.of(0xFFFFFFFFL);
      if (m.isEmpty() || mask.isEmpty()) {
        warn(e, w, "rule " + prio.getAsLong() + ": fwmark/fwmask are not numbers; skipped");
        return Optional.empty();
      }
      mark = Optional.of(new RoutingRule.FwMark(m.getAsLong(), mask.getAsLong()));
    }
    Optional<RoutingRule.Action> action = action(n, prio.getAsLong(), e, w);
    if (action.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new RoutingRule(
            (int) prio.getAsLong(),
            n.has("not"),
            from.get(),
            to.get(),
            text(n, "iif"),
            text(n, "oif"),
            mark,
            action.get(),
            new Origin(w.file(), e.line(), JsonFields.compact(e.text()))));
  }

  private static Optional<RoutingRule.Action> action(
      JsonNode n, long prio, JsonElements.Element e, Warnings w) {
    if (n.has("goto")) {
      OptionalLong g = number(n, "goto");
      if (g.isEmpty()) {
        warn(e, w, "rule " + prio + ": goto target is not a number; skipped");
        return Optional.empty();
      }
      return Optional.of(new RoutingRule.Action.Goto((int) g.getAsLong()));
    }
    if (n.has("nop")) {
      return Optional.of(new RoutingRule.Action.Nop());
    }
    Optional<String> fail = text(n, "action").or(() -> text(n, "to_tbl"));
    if (fail.isPresent()) {
      Optional<RouteType> t =
          RouteType.parse(fail.get())
              .filter(
                  x ->
                      x == RouteType.BLACKHOLE
                          || x == RouteType.UNREACHABLE
                          || x == RouteType.PROHIBIT);
      if (t.isPresent()) {
        return Optional.of(new RoutingRule.Action.Fail(t.get()));
      }
      if (!n.has("table")) {
        warn(e, w, "rule " + prio + ": action \"" + fail.get() + "\" is not modelled; skipped");
        return Optional.empty();
      }
    }
    Optional<String> table = text(n, "table");
    if (table.isEmpty()) {
      warn(
          e,
          w,
          "rule "
              + prio
              + ": no action (table, goto, nop, blackhole, unreachable,"
              + " prohibit); skipped");
      return Optional.empty();
    }
    Optional<Integer> id = TableIds.parse(table.get());
    if (id.isEmpty()) {
      warn(
          e,
          w,
          "rule "
              + prio
              + ": table \""
              + table.get()
              + "\" is a name from the node's"
              + " rt_tables, which the dump does not carry; skipped. Collect with `ip -N -j rule show`");
      return Optional.empty();
    }
    return Optional.of(new RoutingRule.Action.Lookup(id.get()));
  }

  /** empty: skip the rule; Optional.of(empty): no selector. */
  private static Optional<Optional<Prefix>> selector(
      JsonNode n, String key, String lenKey, JsonElements.Element e, Warnings w) {
    Optional<String> a = text(n, key);
    if (a.isEmpty() || a.get().equals("all") || a.get().equals("any")) {
      return Optional.of(Optional.empty());
    }
    long len = number(n, lenKey).orElse(32);
    Optional<Prefix> p = Prefix.tryParse(a.get() + "/" + len);
    if (p.isEmpty()) {
      warn(
          e,
          w,
          "\""
              + key
              + "\" "
              + a.get()
              + "/"
              + len
              + " is not an IPv4 prefix; the rule is"
              + " skipped");
      return Optional.empty();
    }
    return Optional.of(p.filter(x -> !x.isDefault()).or(() -> Optional.empty()));
  }

  private static void warn(JsonElements.Element e, Warnings w, String message) {
    w.add(e.line(), e.column(), e.text(), message);
  }
}
