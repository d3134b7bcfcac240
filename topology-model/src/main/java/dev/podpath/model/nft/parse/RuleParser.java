package dev.podpath.model.nft.parse;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.NatRange;
import dev.podpath.model.netfilter.NftExpr;
import dev.podpath.model.netfilter.NftFamily;
import dev.podpath.model.netfilter.NftKey;
import dev.podpath.model.netfilter.NftRule;
import dev.podpath.model.netfilter.NftSetRef;
import dev.podpath.model.netfilter.NftType;
import dev.podpath.model.netfilter.NftValue;
import dev.podpath.model.netfilter.NftVerdict;
import dev.podpath.model.netfilter.PortRange;
import dev.podpath.model.netfilter.RejectWith;
import dev.podpath.model.netfilter.SetElement;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One rule's words into its expressions. What podpath models is listed in docs/nftables.md;
 * anything else becomes {@link NftExpr.NotModelled} from its first word to the rule's end (a packet
 * that reaches it ends "not modelled"), never a guess.
 */
final class RuleParser {

  private static final Set<String> VERDICTS =
      Set.of("accept", "drop", "return", "continue", "jump", "goto");

  private static final Map<String, NftKey.Field> FIELDS =
      Map.of(
          "ip saddr", NftKey.Field.IP_SADDR,
          "ip daddr", NftKey.Field.IP_DADDR,
          "ip protocol", NftKey.Field.IP_PROTOCOL,
          "tcp sport", NftKey.Field.TCP_SPORT,
          "tcp dport", NftKey.Field.TCP_DPORT,
          "udp sport", NftKey.Field.UDP_SPORT,
          "udp dport", NftKey.Field.UDP_DPORT,
          "th sport", NftKey.Field.TH_SPORT,
          "th dport", NftKey.Field.TH_DPORT,
          "icmp type", NftKey.Field.ICMP_TYPE);

  private final Cursor c;
  private final NftFamily family;

  private RuleParser(Cursor c, NftFamily family) {
    this.c = c;
    this.family = family;
  }

  static NftRule parse(Cursor c, NftFamily family, Origin origin) {
    return new RuleParser(c, family).rule(origin);
  }

  private NftRule rule(Origin origin) {
    List<NftExpr> exprs = new ArrayList<>();
    Optional<String> comment = Optional.empty();
    while (!c.atEnd()) {
      NftLexer.Tok t = c.peek();
      String w = t.quoted() ? "" : t.text();
      if (w.equals("comment")) {
        c.pos++;
        comment = Optional.of(c.next("string").bare());
      } else if (w.equals("counter")) {
        c.pos++;
        if (c.peekIs("packets")) {
          c.pos += 4;
        }
        exprs.add(new NftExpr.Counter());
      } else if (VERDICTS.contains(w)) {
        exprs.add(new NftExpr.Verdict(verdict()));
      } else if (w.equals("reject")) {
        exprs.add(reject());
      } else if (w.equals("dnat") || w.equals("snat")) {
        exprs.add(nat());
      } else if (w.equals("masquerade")) {
        exprs.add(masquerade());
      } else if (w.equals("notrack")) {
        c.pos++;
        exprs.add(new NftExpr.Notrack());
      } else if (w.equals("log")) {
        exprs.add(log());
      } else if ((w.equals("meta") && c.peekIs(1, "mark") && c.peekIs(2, "set"))
          || (w.equals("mark") && c.peekIs(1, "set"))) {
        exprs.add(markSet());
      } else if (keyStarts()) {
        exprs.add(match());
      } else {
        exprs.add(
            new NftExpr.NotModelled(c.rest(), "\"" + t.text() + "\" is not modelled by podpath"));
      }
    }
    if (exprs.isEmpty()) {
      throw c.unexpected("end of line", "a rule");
    }
    return new NftRule(exprs, comment, origin);
  }

  private boolean keyStarts() {
    NftLexer.Tok t = c.peek();
    if (t.quoted()) {
      return false;
    }
    String w = t.text();
    if (c.pos + 1 < c.end && FIELDS.containsKey(w + " " + c.toks.get(c.pos + 1).text())) {
      return true;
    }
    return switch (w) {
      case "iifname", "oifname", "mark" -> true;
      case "meta" ->
          c.pos + 1 < c.end
              && Set.of("iifname", "oifname", "l4proto", "mark", "nfproto")
                  .contains(c.toks.get(c.pos + 1).text());
      case "ct" -> c.peekIs(1, "state");
      case "fib" -> (c.peekIs(1, "daddr") || c.peekIs(1, "saddr")) && c.peekIs(2, "type");
      case "numgen" -> c.peekIs(1, "random") && c.peekIs(2, "mod");
      default -> false;
    };
  }

  private NftVerdict verdict() {
    String w = c.next("verdict").text();
    NftVerdict.Kind k = NftVerdict.Kind.valueOf(w.toUpperCase(java.util.Locale.ROOT));
    if (k == NftVerdict.Kind.JUMP || k == NftVerdict.Kind.GOTO) {
      return NftVerdict.to(k, c.next("chain name").bare());
    }
    return NftVerdict.of(k);
  }

  private NftExpr reject() {
    c.pos++;
    if (!c.peekIs("with")) {
      return new NftExpr.Reject(RejectWith.ICMP_PORT_UNREACHABLE, false);
    }
    c.pos++;
    String kind = c.next("icmp, icmpx or tcp").text();
    if (kind.equals("tcp")) {
      c.expect("reset");
      return new NftExpr.Reject(RejectWith.TCP_RESET, true);
    }
    if (!kind.equals("icmp") && !kind.equals("icmpx")) {
      throw c.unexpected("\"" + kind + "\"", "icmp, icmpx or tcp");
    }
    if (c.peekIs("type")) {
      c.pos++;
    }
    String code = c.next("an ICMP code").text();
    Optional<RejectWith> with =
        switch (code) {
          case "prot-unreachable" -> Optional.of(RejectWith.ICMP_PROT_UNREACHABLE);
          case "no-route" -> Optional.of(RejectWith.ICMP_NET_UNREACHABLE);
          default -> RejectWith.parse("icmp-" + code);
        };
    return new NftExpr.Reject(
        with.orElseThrow(
            () ->
                new Cursor.NftSyntax(
                    "Could not parse " + kind + " code \"" + code + "\"", c.line())),
        true);
  }

  private NftExpr nat() {
    int start = c.pos;
    boolean dnat = c.next("dnat").text().equals("dnat");
    if (c.peekIs("ip")) {
      c.pos++;
    }
    if (!c.peekIs("to")) {
      c.pos = start;
      return new NftExpr.NotModelled(c.rest(), "this form of NAT is not modelled by podpath");
    }
    c.pos++;
    String to = c.next("an address").text();
    String addr = to;
    Optional<PortRange> ports = Optional.empty();
    int colon = to.indexOf(':');
    if (colon >= 0) {
      addr = to.substring(0, colon);
      ports = Optional.of(portRange(to.substring(colon + 1)));
    }
    Optional<Ipv4Address> lo = Optional.empty();
    Optional<Ipv4Address> hi = Optional.empty();
    if (!addr.isEmpty()) {
      String[] ends = addr.split("-", 2);
      lo = Ipv4Address.tryParse(ends[0]);
      hi = ends.length > 1 ? Ipv4Address.tryParse(ends[1]) : lo;
      if (lo.isEmpty() || hi.isEmpty()) {
        c.pos = start;
        return new NftExpr.NotModelled(c.rest(), "this form of NAT is not modelled by podpath");
      }
    }
    boolean random = false;
    boolean fully = false;
    boolean persistent = false;
    while (!c.atEnd()
        && Set.of("random", "fully-random", "persistent", ",").contains(c.peek().text())) {
      String f = c.next("").text();
      random |= f.equals("random");
      fully |= f.equals("fully-random");
      persistent |= f.equals("persistent");
    }
    NatRange range;
    try {
      range = new NatRange(lo, hi, ports);
    } catch (IllegalArgumentException e) {
      throw new Cursor.NftSyntax("Could not parse NAT range \"" + to + "\"", c.line());
    }
    Target t =
        dnat
            ? new Target.Dnat(range, random, persistent)
            : new Target.Snat(range, random, fully, persistent);
    String text =
        String.join(" ", c.toks.subList(start, c.pos).stream().map(NftLexer.Tok::text).toList());
    return new NftExpr.Nat(t, text);
  }

  private PortRange portRange(String text) {
    try {
      String[] p = text.split("-", 2);
      int a = Integer.parseInt(p[0]);
      int b = p.length > 1 ? Integer.parseInt(p[1]) : a;
      if (a < 0 || b > 65535 || b < a) {
        throw new NumberFormatException(text);
      }
      return new PortRange(a, b);
    } catch (NumberFormatException e) {
      throw new Cursor.NftSyntax("Could not parse port range \"" + text + "\"", c.line());
    }
  }

  private NftExpr masquerade() {
    int start = c.pos;
    c.pos++;
    boolean random = false;
    boolean fully = false;
    while (!c.atEnd()
        && Set.of("random", "fully-random", "persistent", ",").contains(c.peek().text())) {
      String f = c.next("").text();
      random |= f.equals("random");
      fully |= f.equals("fully-random");
    }
    if (c.peekIs("to")) {
      c.pos = start;
      return new NftExpr.NotModelled(c.rest(), "masquerade to ports is not modelled by podpath");
    }
    String text =
        String.join(" ", c.toks.subList(start, c.pos).stream().map(NftLexer.Tok::text).toList());
    return new NftExpr.Nat(new Target.Masquerade(Optional.empty(), random, fully), text);
  }

  private NftExpr log() {
    c.pos++;
    Optional<String> prefix = Optional.empty();
    while (!c.atEnd()) {
      if (c.peekIs("prefix")) {
        c.pos++;
        prefix = Optional.of(c.next("string").bare());
      } else if (c.peekIs("level") || c.peekIs("group") || c.peekIs("flags")) {
        c.pos += 2;
      } else {
        break;
      }
    }
    return new NftExpr.Log(prefix);
  }

  /** {@code [meta] mark set VALUE} or {@code [meta] mark set [meta] mark (or|and|xor) VALUE}. */
  private NftExpr markSet() {
    if (c.peekIs("meta")) {
      c.pos++;
    }
    c.pos += 2;
    long and = 0;
    long xor;
    if (c.peekIs("meta") || c.peekIs("mark")) {
      if (c.peekIs("meta")) {
        c.pos++;
      }
      c.expect("mark");
      String op = c.next("or, and or xor").text();
      long v = number(c.next("a mark").text());
      switch (op) {
        case "or", "|" -> {
          and = ~v & 0xFFFFFFFFL;
          xor = v;
        }
        case "and", "&" -> {
          and = v;
          xor = 0;
        }
        case "xor", "^" -> {
          and = 0xFFFFFFFFL;
          xor = v;
        }
        default -> throw c.unexpected("\"" + op + "\"", "or, and or xor");
      }
    } else {
      xor = number(c.next("a mark").text());
    }
    return new NftExpr.MarkSet(and, xor);
  }

  private long number(String text) {
    try {
      return ((NftValue.Range) NftType.MARK.value(text)).lo();
    } catch (IllegalArgumentException e) {
      throw new Cursor.NftSyntax(e.getMessage(), c.line());
    }
  }

  private NftExpr match() {
    NftKey key = key();
    if (c.peekIs(".")) {
      List<NftKey> parts = new ArrayList<>(List.of(key));
      while (c.peekIs(".")) {
        c.pos++;
        if (!keyStarts()) {
          throw c.unexpected(c.atEnd() ? "end of line" : "\"" + c.peek().text() + "\"", "a key");
        }
        parts.add(key());
      }
      key = new NftKey.Concat(parts);
    }
    if (c.peekIs("vmap")) {
      c.pos++;
      return new NftExpr.Vmap(key, values(key, true));
    }
    boolean negated = false;
    Optional<String> relation = Optional.empty();
    if (c.peekIs("==") || c.peekIs("eq")) {
      c.pos++;
    } else if (c.peekIs("!=") || c.peekIs("ne")) {
      c.pos++;
      negated = true;
    } else if (!c.atEnd()
        && Set.of("<", ">", "<=", ">=", "lt", "gt", "le", "ge").contains(c.peek().text())) {
      relation = Optional.of(c.next("").text());
    }
    if (relation.isPresent()) {
      return relational(key, relation.get());
    }
    return new NftExpr.Match(key, negated, values(key, false));
  }

  private NftExpr relational(NftKey key, String op) {
    if (key.types().size() != 1 || key.types().get(0) == NftType.IFNAME) {
      throw c.unexpected("\"" + op + "\"", "a value");
    }
    NftType type = key.types().get(0);
    NftValue.Range v = (NftValue.Range) value(type, c.next("a value"));
    long max =
        type == NftType.INET_SERVICE
            ? 65535
            : type == NftType.IPV4_ADDR || type == NftType.MARK ? 0xFFFFFFFFL : 255;
    long lo;
    long hi;
    switch (op) {
      case "<", "lt" -> {
        lo = 0;
        hi = v.lo() - 1;
      }
      case "<=", "le" -> {
        lo = 0;
        hi = v.hi();
      }
      case ">", "gt" -> {
        lo = v.hi() + 1;
        hi = max;
      }
      default -> {
        lo = v.lo();
        hi = max;
      }
    }
    if (hi < lo) {
      throw new Cursor.NftSyntax("the range " + op + " " + v.render() + " is empty", c.line());
    }
    return new NftExpr.Match(
        key,
        false,
        new NftSetRef.Anonymous(
            List.of(SetElement.of(List.of(new NftValue.Range(type, lo, hi)))), true));
  }

  private NftKey key() {
    String w = c.next("a key").text();
    if (c.pos < c.end && FIELDS.containsKey(w + " " + c.peek().text())) {
      return new NftKey.Payload(FIELDS.get(w + " " + c.next("").text()));
    }
    switch (w) {
      case "iifname", "oifname", "mark" -> {
        return meta(w);
      }
      case "meta" -> {
        return meta(c.next("a meta key").text());
      }
      case "ct" -> {
        c.expect("state");
        return new NftKey.CtStateKey();
      }
      case "fib" -> {
        boolean source = c.next("saddr or daddr").text().equals("saddr");
        c.expect("type");
        return new NftKey.FibType(source);
      }
      case "numgen" -> {
        c.expect("random");
        c.expect("mod");
        int mod = (int) integer(c.next("a modulus").text(), 1, Integer.MAX_VALUE);
        int offset = 0;
        if (c.peekIs("offset")) {
          c.pos++;
          offset = (int) integer(c.next("an offset").text(), 0, Integer.MAX_VALUE);
        }
        return new NftKey.Numgen(mod, offset);
      }
      default -> throw c.unexpected("\"" + w + "\"", "a key");
    }
  }

  private NftKey meta(String word) {
    for (NftKey.MetaKey k : NftKey.MetaKey.values()) {
      if (k.word().equals(word)) {
        long mask = -1;
        if (k == NftKey.MetaKey.MARK && (c.peekIs("and") || c.peekIs("&"))) {
          c.pos++;
          mask = number(c.next("a mask").text());
        }
        return new NftKey.Meta(k, mask);
      }
    }
    throw c.unexpected("\"" + word + "\"", "a meta key");
  }

  private long integer(String text, long min, long max) {
    try {
      long v = Long.parseLong(text);
      if (v < min || v > max) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new Cursor.NftSyntax("Could not parse integer \"" + text + "\"", c.line());
    }
  }

  /**
   * The values after a key: {@code @set}, {@code { elements }}, or one value (a comma list of flags
   * for {@code ct state}).
   */
  private NftSetRef values(NftKey key, boolean verdictMap) {
    if (c.atEnd()) {
      throw c.unexpected("end of line", "a value");
    }
    NftLexer.Tok t = c.peek();
    if (!t.quoted() && t.text().startsWith("@")) {
      c.pos++;
      return new NftSetRef.Named(t.text().substring(1));
    }
    if (t.is("{")) {
      c.pos++;
      List<SetElement> els =
          Elements.parse(
              c, key.types(), verdictMap ? Optional.of(Optional.empty()) : Optional.empty());
      return new NftSetRef.Anonymous(els, true);
    }
    if (verdictMap) {
      throw c.unexpected("\"" + t.text() + "\"", "a map");
    }
    List<SetElement> els = new ArrayList<>();
    els.add(Elements.element(c, key.types(), Optional.empty()));
    while (c.peekIs(",") && key instanceof NftKey.CtStateKey) {
      c.pos++;
      els.add(Elements.element(c, key.types(), Optional.empty()));
    }
    return new NftSetRef.Anonymous(els, false);
  }

  private NftValue value(NftType type, NftLexer.Tok t) {
    try {
      return type.value(t.text());
    } catch (IllegalArgumentException e) {
      throw new Cursor.NftSyntax(e.getMessage(), t.line());
    }
  }
}
