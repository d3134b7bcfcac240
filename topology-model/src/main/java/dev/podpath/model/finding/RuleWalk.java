package dev.podpath.model.finding;

import dev.podpath.model.addr.Prefix;
import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.CtState;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Protocols;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.netfilter.Target;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a filter chain does to a whole class of packets (the first packet of new connections from a
 * subnet, to an address and port, in on a device), without a packet: each rule's matches are known
 * to hold for every packet of the class, for none, or only for some (a mark, a set, a rate, a range
 * that cuts the class). A verdict is certain only when every rule before it is known not to match
 * or to let the class through; anything else is {@link Undecided}, and the checks then conclude
 * nothing.
 */
final class RuleWalk {

  private static final int MAX_DEPTH = 32;

  private RuleWalk() {}

  /**
   * The packets walked: the first packet of a new connection.
   *
   * @param proto empty when any protocol
   * @param dport empty when any port (or not known)
   * @param in the input device, when known (empty in OUTPUT)
   * @param out the output device, when known (empty in INPUT)
   * @param dnatted whether the connection was DNATed ({@code --ctstate DNAT} holds)
   */
  record Packets(
      Prefix src,
      Prefix dst,
      OptionalInt proto,
      OptionalInt dport,
      Optional<String> in,
      Optional<String> out,
      boolean dnatted,
      Optional<Boolean> dstLocal,
      OptionalLong mark) {
    Packets {
      Objects.requireNonNull(src, "src");
      Objects.requireNonNull(dst, "dst");
      Objects.requireNonNull(proto, "proto");
      Objects.requireNonNull(dport, "dport");
      Objects.requireNonNull(in, "in");
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(dstLocal, "dstLocal");
      Objects.requireNonNull(mark, "mark");
    }

    /**
     * Packets whose mark is not known, and whether their destination is local only when it is one
     * address of {@code ns}.
     */
    Packets(
        Prefix src,
        Prefix dst,
        OptionalInt proto,
        OptionalInt dport,
        Optional<String> in,
        Optional<String> out,
        boolean dnatted) {
      this(src, dst, proto, dport, in, out, dnatted, Optional.empty(), OptionalLong.empty());
    }

    /**
     * The same packets in {@code ns}: whether the destination is an address of it (when it is one
     * address), and mark 0 when no rule of {@code rules} could set a mark on them before filter
     * (raw, mangle and nat PREROUTING, mangle INPUT and FORWARD); otherwise the mark stays unknown.
     */
    Packets in(dev.podpath.model.topo.Netns ns) {
      Optional<Boolean> local =
          dst.length() == 32 ? Optional.of(ns.ownsAddress(dst.network())) : Optional.empty();
      Packets p =
          new Packets(src, dst, proto, dport, in, out, dnatted, local, OptionalLong.empty());
      return mayMark(ns.netfilter(), p)
          ? p
          : new Packets(src, dst, proto, dport, in, out, dnatted, local, OptionalLong.of(0));
    }

    /** {@code tcp to 192.168.1.5:6443 from 10.1.0.0/24 in on cni0}, for explanations. */
    String describe() {
      StringBuilder sb = new StringBuilder();
      sb.append(proto.isPresent() ? Protocols.name(proto.getAsInt()) : "packets");
      sb.append(" from ").append(src.isDefault() ? "anywhere" : src.toString());
      sb.append(" to ")
          .append(
              dst.isDefault()
                  ? "anywhere"
                  : dst.length() == 32 ? dst.network().toString() : dst.toString());
      dport.ifPresent(p -> sb.append(" port ").append(p));
      in.ifPresent(i -> sb.append(" in on ").append(i));
      out.ifPresent(o -> sb.append(" out on ").append(o));
      return sb.toString();
    }
  }

  /** Whether a rule's matches hold for the class. */
  enum Tri {
    YES,
    NO,
    MAYBE;

    Tri and(Tri o) {
      if (this == NO || o == NO) {
        return NO;
      }
      return this == MAYBE || o == MAYBE ? MAYBE : YES;
    }

    Tri not(boolean negated) {
      if (!negated || this == MAYBE) {
        return this;
      }
      return this == YES ? NO : YES;
    }

    static Tri of(boolean b) {
      return b ? YES : NO;
    }
  }

  /** What the chain does to the whole class. */
  sealed interface Verdict {}

  /** Accepted, by this rule or (empty) the policy. */
  record Accepted(Optional<Rule> rule) implements Verdict {}

  /**
   * Dropped or rejected, by this rule of {@code chain}, or (empty) by the policy.
   *
   * @param before DROP and REJECT rules met on the way that drop or reject some of the class (their
   *     matches hold for part of it, or cannot be told: a listing's row cut short): each packet of
   *     the class ends at one of them or at {@code rule}, so these share the verdict
   */
  record Dropped(Optional<Rule> rule, String chain, List<Rule> before) implements Verdict {
    Dropped {
      before = List.copyOf(before);
    }

    Dropped(Optional<Rule> rule, String chain) {
      this(rule, chain, List.of());
    }
  }

  /** The end of a user chain: back to its caller. */
  record Returned() implements Verdict {}

  /** Some packets of the class may be treated otherwise than others, or the model cannot say. */
  record Undecided(String why) implements Verdict {}

  /**
   * Target extensions that let the packet go on to the next rule (they change the packet or only
   * record it); any other target podpath does not model (a jump to a chain the dump does not hold
   * reads as one) may decide the packet's fate.
   */
  private static final java.util.Set<String> CONTINUING =
      java.util.Set.of(
          "CHECKSUM",
          "CLASSIFY",
          "DSCP",
          "TOS",
          "TTL",
          "TCPMSS",
          "AUDIT",
          "SET",
          "NOTRACK",
          "TEE",
          "CONNSECMARK",
          "SECMARK",
          "LED",
          "IDLETIMER",
          "HMARK",
          "RATEEST",
          "ULOG",
          "NFLOG",
          "HL",
          "ECN",
          "TCPOPTSTRIP");

  /**
   * Whether {@code t} is a target podpath does not model that may decide the packet's fate: in a
   * dump, a jump to a chain the dump does not hold (a listing of one chain, a cut paste).
   */
  static boolean unknownJump(Target t) {
    return t instanceof Target.NotModelled n && !n.terminal() && !CONTINUING.contains(n.name());
  }

  /** The verdict of {@code table}'s built-in chain at {@code hook} for {@code p}. */
  static Verdict walk(Ruleset rules, NetfilterTable table, Hook hook, Packets p) {
    return walk(rules, table, hook, p, false);
  }

  /**
   * As {@link #walk(Ruleset, NetfilterTable, Hook, Packets)}; with {@code passUnknownJumps}, a jump
   * to a chain the dump does not hold is taken to return, and the place of rules a paste left out
   * ({@code ...}) is passed (what the chains that were not posted and the rules left out do is then
   * the verdict's condition, which the caller must say).
   */
  static Verdict walk(
      Ruleset rules, NetfilterTable table, Hook hook, Packets p, boolean passUnknownJumps) {
    if (!rules.isKnown()) {
      return new Undecided("the rules are not known");
    }
    Optional<Chain> chain = rules.builtin(table, hook);
    if (chain.isEmpty()) {
      return new Accepted(Optional.empty());
    }
    return chain(rules, table, chain.get(), p, 0, passUnknownJumps, new java.util.ArrayList<>());
  }

  private static Verdict chain(
      Ruleset rules,
      NetfilterTable table,
      Chain c,
      Packets p,
      int depth,
      boolean pass,
      List<Rule> mayDrop) {
    if (depth > MAX_DEPTH) {
      return new Undecided("jumps nested deeper than " + MAX_DEPTH);
    }
    for (Rule r : c.rules()) {
      Tri m = match(r, p);
      if (m == Tri.NO) {
        continue;
      }
      if (standsForUnknownRules(r)) {
        if (pass) {
          continue; // the caller says the verdict holds unless these rules decide otherwise
        }
        return new Undecided("rules that were not posted: " + r);
      }
      Target t = r.target();
      if (t instanceof Target.Accept) {
        return m == Tri.YES ? new Accepted(Optional.of(r)) : new Undecided("rule may accept: " + r);
      }
      if (t instanceof Target.Drop || t instanceof Target.Reject) {
        if (m == Tri.YES) {
          return new Dropped(Optional.of(r), c.name(), mayDrop);
        }
        mayDrop.add(r);
        continue;
      }
      if (t instanceof Target.Jump || t instanceof Target.Goto) {
        String name = t instanceof Target.Jump j ? j.chain() : ((Target.Goto) t).chain();
        Optional<Chain> next = rules.chain(table, name);
        if (next.isEmpty()) {
          return new Undecided("no chain " + name);
        }
        Verdict v = chain(rules, table, next.get(), p, depth + 1, pass, mayDrop);
        if (v instanceof Returned) {
          if (t instanceof Target.Goto) {
            return m == Tri.YES ? v : new Undecided("a goto may return to the caller: " + r);
          }
          continue;
        }
        if (v instanceof Undecided) {
          return v;
        }
        if (m == Tri.YES) {
          return v;
        }
        if (v instanceof Accepted) {
          return new Undecided("rule may lead to an accept: " + r);
        }
        if (v instanceof Dropped d && d.rule().isPresent()) {
          mayDrop.add(d.rule().get()); // the jump holds for part of the class: that part ends there
        }
        continue;
      }
      if (t instanceof Target.Return) {
        if (m == Tri.YES) {
          return c.builtin() ? policy(c, mayDrop) : new Returned();
        }
        return new Undecided("rule may return: " + r);
      }
      if (t instanceof Target.Unreadable || t.terminal()) {
        return new Undecided("rule podpath cannot evaluate: " + r);
      }
      if (unknownJump(t) && !pass) {
        return new Undecided("a target or chain that was not dumped: " + r);
      }
      // LOG, MARK, CONNMARK, NFLOG, CT, TRACE and no target: the next rule runs
    }
    return c.builtin() ? policy(c, mayDrop) : new Returned();
  }

  private static Verdict policy(Chain c, List<Rule> mayDrop) {
    return c.policy().filter(pol -> pol == dev.podpath.model.netfilter.Policy.DROP).isPresent()
        ? new Dropped(Optional.empty(), c.name(), mayDrop)
        : new Accepted(Optional.empty());
  }

  /**
   * Whether {@code r} keeps the place of rules a paste does not show: {@code podpath import} writes
   * an {@code iptables -L} listing's elision ({@code (...)}, {@code ...}) and a chain that was not
   * listed as a rule with the not-modelled module {@code listing} (docs/import.md); what those
   * rules do is unknown, so no verdict passes them.
   */
  static boolean standsForUnknownRules(Rule r) {
    return r.target() instanceof Target.Continue
        && r.matches().stream()
            .anyMatch(m -> m instanceof Match.NotModelled n && n.module().equals("listing"));
  }

  /** Whether {@code r} is a listing's row cut short, kept with its target (docs/import.md). */
  static boolean cutShort(Rule r) {
    return r.matches().stream()
        .anyMatch(m -> m instanceof Match.NotModelled n && n.module().equals("listing"));
  }

  /** Where a packet's mark can be set before filter INPUT or FORWARD. */
  private static final List<Map.Entry<NetfilterTable, Hook>> MARKING =
      List.of(
          Map.entry(NetfilterTable.RAW, Hook.PREROUTING),
          Map.entry(NetfilterTable.MANGLE, Hook.PREROUTING),
          Map.entry(NetfilterTable.NAT, Hook.PREROUTING),
          Map.entry(NetfilterTable.MANGLE, Hook.INPUT),
          Map.entry(NetfilterTable.MANGLE, Hook.FORWARD));

  /**
   * Whether a MARK (or CONNMARK --restore-mark) target may be reached by some of {@code p} before
   * filter.
   */
  static boolean mayMark(Ruleset rules, Packets p) {
    if (!rules.isKnown()) {
      return true;
    }
    for (Map.Entry<NetfilterTable, Hook> e : MARKING) {
      Optional<Chain> c = rules.builtin(e.getKey(), e.getValue());
      if (c.isPresent() && reachesMark(rules, e.getKey(), c.get(), p, new java.util.HashSet<>())) {
        return true;
      }
    }
    return false;
  }

  private static boolean reachesMark(
      Ruleset rules, NetfilterTable table, Chain c, Packets p, java.util.Set<String> seen) {
    if (!seen.add(c.name())) {
      return false;
    }
    for (Rule r : c.rules()) {
      if (match(r, p) == Tri.NO) {
        continue;
      }
      Target t = r.target();
      if (t instanceof Target.Mark
          || t instanceof Target.Connmark cm && cm.mode() == Target.Connmark.Mode.RESTORE
          || t instanceof Target.NotModelled
          || t instanceof Target.Unreadable) {
        return true;
      }
      String next =
          t instanceof Target.Jump j ? j.chain() : t instanceof Target.Goto g ? g.chain() : null;
      if (next != null) {
        Optional<Chain> n = rules.chain(table, next);
        if (n.isEmpty() || reachesMark(rules, table, n.get(), p, seen)) {
          return true;
        }
      }
    }
    return false;
  }

  static Tri match(Rule r, Packets p) {
    Tri all = Tri.YES;
    for (Match m : r.matches()) {
      all = all.and(one(m, p));
      if (all == Tri.NO) {
        return Tri.NO;
      }
    }
    return all;
  }

  private static Tri one(Match m, Packets p) {
    if (m instanceof Match.Source s) {
      return prefix(s.prefix(), p.src()).not(s.negated());
    }
    if (m instanceof Match.Destination d) {
      return prefix(d.prefix(), p.dst()).not(d.negated());
    }
    if (m instanceof Match.Protocol pr) {
      if (pr.number() == 0) {
        return Tri.YES.not(pr.negated());
      }
      return p.proto().isPresent() ? Tri.of(pr.matches(p.proto().getAsInt())) : Tri.MAYBE;
    }
    if (m instanceof Match.InInterface i) {
      return p.in().map(d -> Tri.of(i.matches(d))).orElse(Tri.MAYBE);
    }
    if (m instanceof Match.OutInterface o) {
      return p.out().map(d -> Tri.of(o.matches(d))).orElse(Tri.MAYBE);
    }
    if (m instanceof Match.Fragment f) {
      return Tri.NO.not(f.negated());
    }
    if (m instanceof Match.Tcp t) {
      return ports(
          Protocols.TCP,
          p,
          t.destinationPort().map(x -> x.matches(p.dport().orElse(-1))),
          t.sourcePort().isPresent() || t.flags().isPresent() || t.option().isPresent());
    }
    if (m instanceof Match.Udp u) {
      return ports(
          Protocols.UDP,
          p,
          u.destinationPort().map(x -> x.matches(p.dport().orElse(-1))),
          u.sourcePort().isPresent());
    }
    if (m instanceof Match.IcmpType) {
      return p.proto().isPresent() && p.proto().getAsInt() != Protocols.ICMP ? Tri.NO : Tri.MAYBE;
    }
    if (m instanceof Match.Multiport mp) {
      if (mp.side() != Match.Multiport.Side.DESTINATION || p.dport().isEmpty()) {
        return Tri.MAYBE;
      }
      int port = p.dport().getAsInt();
      return Tri.of(mp.ports().stream().anyMatch(range -> range.contains(port))).not(mp.negated());
    }
    if (m instanceof Match.State st) {
      return Tri.of(st.matches(CtState.NEW));
    }
    if (m instanceof Match.Conntrack ct) {
      Tri all = Tri.YES;
      for (Match.Conntrack.Criterion c : ct.criteria()) {
        if (c instanceof Match.Conntrack.States s) {
          boolean hit =
              s.states().contains(CtState.NEW)
                  || (p.dnatted() && s.states().contains(CtState.DNAT));
          all = all.and(Tri.of(hit).not(s.negated()));
        } else {
          all = all.and(Tri.MAYBE);
        }
      }
      return all;
    }
    if (m instanceof Match.Comment) {
      return Tri.YES;
    }
    if (m instanceof Match.Mark mk) {
      return p.mark().isPresent() ? Tri.of(mk.matches(p.mark().getAsLong())) : Tri.MAYBE;
    }
    if (m instanceof Match.AddrType at
        && at.sourceTypes().isEmpty()
        && !at.limitIfaceIn()
        && !at.limitIfaceOut()
        && at.destinationTypes()
            .equals(java.util.Set.of(dev.podpath.model.netfilter.AddressType.LOCAL))
        && p.dstLocal().isPresent()) {
      return Tri.of(p.dstLocal().get()).not(at.destinationNegated());
    }
    return Tri.MAYBE;
  }

  /**
   * A tcp or udp match: the protocol must be {@code proto}; a destination port decides when known.
   */
  private static Tri ports(int proto, Packets p, Optional<Boolean> dport, boolean otherCriteria) {
    if (p.proto().isPresent() && p.proto().getAsInt() != proto) {
      return Tri.NO;
    }
    Tri t = p.proto().isPresent() ? Tri.YES : Tri.MAYBE;
    if (dport.isPresent()) {
      t = t.and(p.dport().isPresent() ? Tri.of(dport.get()) : Tri.MAYBE);
    }
    return otherCriteria ? t.and(Tri.MAYBE) : t;
  }

  /** Whether every address of {@code range} is in {@code rule} (YES), none (NO), or some. */
  private static Tri prefix(Prefix rule, Prefix range) {
    if (rule.contains(range)) {
      return Tri.YES;
    }
    return range.contains(rule) ? Tri.MAYBE : Tri.NO;
  }
}
