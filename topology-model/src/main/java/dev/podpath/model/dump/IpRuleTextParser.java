package dev.podpath.model.dump;

import dev.podpath.model.addr.Prefix;
import dev.podpath.model.iproute2.RuleGrammar;
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
 * Reads the text of {@code ip rule show} (also busybox {@code ip rule}): {@code PRIO:}, {@code
 * not}, {@code from}, {@code to}, {@code fwmark M[/MASK]}, {@code iif}, {@code oif}, and the action
 * {@code lookup T}, {@code goto N}, {@code nop}, {@code blackhole}, {@code unreachable}, {@code
 * prohibit}.
 *
 * <p>busybox prints a rule's action type through the route-type names: {@code lookup unspec
 * unreachable} (read as unreachable), {@code lookup unspec broadcast} (its nop) and {@code lookup
 * unspec local} (its goto, whose target it does not print: a warning, and the rule is left out).
 * busybox also drops {@code not} and {@code oif} from what it prints, which cannot be detected.
 * Rules with selectors the model does not have ({@code tos}, {@code ipproto}, {@code sport}, {@code
 * uidrange}, {@code l3mdev}, {@code suppress_prefixlength}, ...) are left out with a warning.
 *
 * <pre>{@code
 * 120:	not from 10.1.0.0/16 to 10.2.0.0/16 iif cni0 lookup main
 * }</pre>
 */
public final class IpRuleTextParser {

  static final String COMMAND = "ip rule show";

  private IpRuleTextParser() {}

  public static ParseResult<List<RoutingRule>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)
        || !Inputs.isExpected(content, Set.of(DumpFormat.IP_RULE_TEXT), COMMAND, w)) {
      return w.result(List.of());
    }
    List<RoutingRule> out = new ArrayList<>();
    for (TextLine line : TextLine.split(content)) {
      if (!line.isBlank()) {
        read(line, w).ifPresent(out::add);
      }
    }
    return w.result(List.copyOf(out));
  }

  private static Optional<RoutingRule> read(TextLine line, Warnings w) {
    TokenCursor c = new TokenCursor(line.tokens());
    Token p = c.next();
    OptionalLong prio =
        p.text().endsWith(":")
            ? JsonFields.parseLong(p.text().substring(0, p.text().length() - 1))
            : OptionalLong.empty();
    if (prio.isEmpty() || prio.getAsLong() < 0 || prio.getAsLong() > 0xFFFFFFFFL) {
      w.add(line, p, "a rule line starts with its priority and a colon (\"100:\"); skipped");
      return Optional.empty();
    }
    boolean invert = false;
    Optional<Prefix> from = Optional.empty();
    Optional<Prefix> to = Optional.empty();
    Optional<String> iif = Optional.empty();
    Optional<String> oif = Optional.empty();
    Optional<RoutingRule.FwMark> mark = Optional.empty();
    Optional<RoutingRule.Action> action = Optional.empty();
    while (c.hasNext()) {
      Token k = c.next();
      Optional<RuleGrammar.Word> word = RuleGrammar.word(k.text());
      if (word.isEmpty()) {
        if (k.is("[unresolved]") || k.is("[detached]")) {
          continue;
        }
        w.add(line, k, "unknown keyword \"" + k + "\"; the rule is skipped");
        return Optional.empty();
      }
      switch (word.get()) {
        case NOT -> invert = true;
        case FROM, TO -> {
          Optional<Token> v = value(k, c, line, w);
          if (v.isEmpty()) {
            return Optional.empty();
          }
          if (v.get().text().contains(":")) {
            return Optional.empty();
          }
          Optional<Prefix> px = Prefix.tryParse(v.get().text());
          if (px.isEmpty()) {
            w.add(line, v.get(), "\"" + v.get() + "\" is not an IPv4 prefix; the rule is skipped");
            return Optional.empty();
          }
          Optional<Prefix> sel = px.filter(x -> !x.isDefault());
          if (k.is("from")) {
            from = sel;
          } else {
            to = sel;
          }
        }
        case IIF, OIF -> {
          Optional<Token> v = value(k, c, line, w);
          if (v.isEmpty()) {
            return Optional.empty();
          }
          c.accept("[detached]");
          if (word.get() == RuleGrammar.Word.IIF) {
            iif = Optional.of(v.get().text());
          } else {
            oif = Optional.of(v.get().text());
          }
        }
        case FWMARK -> {
          Optional<Token> v = value(k, c, line, w);
          if (v.isEmpty()) {
            return Optional.empty();
          }
          String[] parts = v.get().text().split("/", 2);
          OptionalLong m = JsonFields.parseLong(parts[0]);
          OptionalLong mask =
              parts.length > 1 ? JsonFields.parseLong(parts[1]) : OptionalLong.of(0xFFFFFFFFL);
          if (m.isEmpty() || mask.isEmpty()) {
            w.add(
                line,
                v.get(),
                "fwmark \"" + v.get() + "\" is not MARK[/MASK]; the rule is" + " skipped");
            return Optional.empty();
          }
          mark = Optional.of(new RoutingRule.FwMark(m.getAsLong(), mask.getAsLong()));
        }
        case LOOKUP -> {
          Optional<Token> v = value(k, c, line, w);
          if (v.isEmpty()) {
            return Optional.empty();
          }
          if (v.get().is("unspec") && c.hasNext()) {
            Token t = c.next();
            switch (t.text()) {
              case "blackhole", "unreachable", "prohibit" ->
                  action =
                      Optional.of(new RoutingRule.Action.Fail(RouteType.parse(t.text()).get()));
              case "broadcast" -> action = Optional.of(new RoutingRule.Action.Nop());
              case "local" -> {
                w.add(
                    line,
                    t,
                    "busybox prints a goto rule as \"lookup unspec local\" without its"
                        + " target; the rule is left out (collect `ip rule` with iproute2)");
                return Optional.empty();
              }
              default -> {
                w.add(line, t, "unknown rule action \"" + t + "\"; the rule is skipped");
                return Optional.empty();
              }
            }
          } else {
            Optional<Integer> id = TableIds.parse(v.get().text());
            if (id.isEmpty()) {
              w.add(
                  line,
                  v.get(),
                  "table \""
                      + v.get()
                      + "\" is a name from the node's rt_tables,"
                      + " which the dump does not carry; the rule is skipped. Collect with `ip -N rule"
                      + " show`");
              return Optional.empty();
            }
            action = Optional.of(new RoutingRule.Action.Lookup(id.get()));
          }
        }
        case GOTO -> {
          Optional<Token> v = value(k, c, line, w);
          if (v.isEmpty()) {
            return Optional.empty();
          }
          OptionalLong g = JsonFields.parseLong(v.get().text());
          if (g.isEmpty()) {
            w.add(line, v.get(), "goto \"" + v.get() + "\" is not a priority; the rule is skipped");
            return Optional.empty();
          }
          action = Optional.of(new RoutingRule.Action.Goto((int) g.getAsLong()));
        }
        case NOP -> action = Optional.of(new RoutingRule.Action.Nop());
        case FAIL ->
            action = Optional.of(new RoutingRule.Action.Fail(RouteType.parse(k.text()).get()));
        case PROTOCOL -> c.value();
        case PRIORITY, TYPE -> {
          // the priority is the line's "N:"; ip rule show prints no type
          w.add(line, k, "unknown keyword \"" + k + "\"; the rule is skipped");
          return Optional.empty();
        }
        case NOT_MODELLED_WITH_VALUE, NOT_MODELLED_FLAG, UNSUPPORTED -> {
          w.add(
              line,
              k,
              "\""
                  + k
                  + "\" is not modelled; the rule is left out (kept without it,"
                  + " it would match more than on the node)");
          return Optional.empty();
        }
      }
    }
    if (action.isEmpty()) {
      w.add(
          line,
          c.endColumn(),
          "the rule has no action (lookup, goto, nop, blackhole,"
              + " unreachable, prohibit); skipped");
      return Optional.empty();
    }
    return Optional.of(
        new RoutingRule(
            (int) prio.getAsLong(),
            invert,
            from,
            to,
            iif,
            oif,
            mark,
            action.get(),
            new Origin(w.file(), line.number(), line.text().strip())));
  }

  private static Optional<Token> value(Token keyword, TokenCursor c, TextLine line, Warnings w) {
    Optional<Token> v = c.value();
    if (v.isEmpty()) {
      w.add(line, c.endColumn(), "\"" + keyword + "\" needs a value; the rule is skipped");
    }
    return v;
  }
}
