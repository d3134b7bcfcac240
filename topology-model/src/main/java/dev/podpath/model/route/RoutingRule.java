package dev.podpath.model.route;

import dev.podpath.model.addr.Prefix;
import dev.podpath.model.origin.Origin;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the routing policy database ({@code ip rule}).
 *
 * <pre>{@code
 * 100: from 10.1.0.0/24 lookup 100
 * 110: from all fwmark 0x4 lookup 100
 * }</pre>
 *
 * @param priority the preference; rules are tried in ascending order
 * @param invert {@code not}: the rule applies when the selectors do not match
 * @param from source prefix selector ({@code from}; absent = all)
 * @param to destination prefix selector
 * @param iif input interface selector ({@code iif}; {@code lo} for locally generated packets)
 * @param oif output interface selector
 * @param fwmark packet mark selector as (mark, mask)
 * @param action what a match does
 */
public record RoutingRule(
    int priority,
    boolean invert,
    Optional<Prefix> from,
    Optional<Prefix> to,
    Optional<String> iif,
    Optional<String> oif,
    Optional<FwMark> fwmark,
    Action action,
    Origin origin) {

  public RoutingRule {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(iif, "iif");
    Objects.requireNonNull(oif, "oif");
    Objects.requireNonNull(fwmark, "fwmark");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(origin, "origin");
  }

  /** A {@code fwmark MARK[/MASK]} selector. */
  public record FwMark(long mark, long mask) {
    public boolean matches(long packetMark) {
      return (packetMark & mask) == mark;
    }

    @Override
    public String toString() {
      return "0x"
          + Long.toHexString(mark)
          + (mask == 0xFFFFFFFFL ? "" : "/0x" + Long.toHexString(mask));
    }
  }

  /** What a matching rule does. */
  public sealed interface Action {
    /** {@code lookup TABLE}. */
    record Lookup(int table) implements Action {}

    /**
     * {@code blackhole}, {@code unreachable} or {@code prohibit}: fail the lookup with that type.
     */
    record Fail(RouteType type) implements Action {}

    /** {@code goto PRIORITY}. */
    record Goto(int priority) implements Action {}

    /** {@code nop}. */
    record Nop() implements Action {}
  }

  /** The three rules every namespace starts with. */
  public static java.util.List<RoutingRule> defaults() {
    return java.util.List.of(
        lookup(0, TableIds.LOCAL), lookup(32766, TableIds.MAIN), lookup(32767, TableIds.DEFAULT));
  }

  private static RoutingRule lookup(int priority, int table) {
    return new RoutingRule(
        priority,
        false,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        new Action.Lookup(table),
        Origin.KERNEL);
  }

  /** The rule as {@code ip rule show} prints it. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder().append(priority).append(":\t");
    if (invert) {
      sb.append("not ");
    }
    sb.append("from ")
        .append(
            from.map(Prefix::toRouteString)
                .map(s -> s.equals("default") ? "all" : s)
                .orElse("all"));
    to.ifPresent(t -> sb.append(" to ").append(t.toRouteString()));
    fwmark.ifPresent(m -> sb.append(" fwmark ").append(m));
    iif.ifPresent(i -> sb.append(" iif ").append(i));
    oif.ifPresent(o -> sb.append(" oif ").append(o));
    if (action instanceof Action.Lookup l) {
      sb.append(" lookup ").append(TableIds.name(l.table()));
    } else if (action instanceof Action.Fail f) {
      sb.append(' ').append(f.type().keyword());
    } else if (action instanceof Action.Goto g) {
      sb.append(" goto ").append(g.priority());
    } else {
      sb.append(" nop");
    }
    return sb.toString();
  }
}
