package dev.podpath.sim.netfilter;

import dev.podpath.model.netfilter.AddressType;
import dev.podpath.model.netfilter.CtState;
import dev.podpath.model.netfilter.NftChain;
import dev.podpath.model.netfilter.NftExpr;
import dev.podpath.model.netfilter.NftKey;
import dev.podpath.model.netfilter.NftRule;
import dev.podpath.model.netfilter.NftSetRef;
import dev.podpath.model.netfilter.NftTable;
import dev.podpath.model.netfilter.NftVerdict;
import dev.podpath.model.netfilter.Nftables;
import dev.podpath.model.netfilter.Policy;
import dev.podpath.model.netfilter.RejectWith;
import dev.podpath.model.netfilter.SetElement;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.topo.Netns;
import dev.podpath.sim.outcome.NfVerdict;
import dev.podpath.sim.outcome.NftHit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One nftables base chain's traversal for a packet ({@code nft_do_chain}): rules top-down, each
 * expression in turn, a failing match ending the rule; {@code jump} pushes a return point, {@code
 * goto} does not, {@code return} (or a regular chain's end) goes back, the base chain's end applies
 * its policy; {@code accept}, {@code drop}, {@code reject} and the NAT statements end this chain's
 * traversal; a verdict map applies the verdict of the element the key finds (none found: the rule
 * does not match, {@code NFT_BREAK}).
 */
final class NftWalk {

  /** Jumps deeper than this are taken to be a loop (the kernel refuses loops at load time). */
  static final int MAX_DEPTH = 64;

  /** The rule that decided, when one did. */
  record Decided(String chain, int number, NftRule rule) {}

  /**
   * How the traversal ended.
   *
   * @param packet the packet after {@code meta mark set}
   * @param nat the NAT statement that ran, as the iptables target with the same effect
   * @param notModelled what could not be evaluated, for {@link NfVerdict#NOT_MODELLED}
   */
  record Result(
      NfVerdict verdict,
      boolean byPolicy,
      Policy policy,
      List<NftHit> hits,
      Ipv4Packet packet,
      Optional<Decided> decided,
      Optional<Target> nat,
      Optional<RejectWith> reject,
      boolean notrack,
      String notModelled) {}

  private record Frame(NftChain chain, int next) {}

  /** What one rule did. */
  private enum Outcome {
    NO_MATCH,
    NEXT,
    VERDICT,
    NOT_MODELLED
  }

  private final Netns ns;
  private final NftTable table;
  private final Nftables.Hooked base;
  private final StatisticChooser chooser;

  private NftVerdict verdict;
  private Optional<Target> nat = Optional.empty();
  private Optional<RejectWith> reject = Optional.empty();
  private boolean notrack;
  private String notModelled = "";
  private Optional<String> choice = Optional.empty();
  private double branch = 1.0;
  private PacketView v;

  NftWalk(Netns ns, Nftables.Hooked base, StatisticChooser chooser) {
    this.ns = ns;
    this.table = base.table();
    this.base = base;
    this.chooser = chooser;
  }

  Result run(PacketView start) {
    v = start;
    Deque<Frame> stack = new ArrayDeque<>();
    List<NftHit> hits = new ArrayList<>();
    NftChain chain = base.chain();
    int i = 0;
    while (true) {
      if (i >= chain.rules().size()) {
        if (stack.isEmpty()) {
          Policy p = base.base().policy();
          return result(
              p == Policy.DROP ? NfVerdict.DROP : NfVerdict.ACCEPT, true, hits, Optional.empty());
        }
        Frame f = stack.pop();
        chain = f.chain();
        i = f.next();
        continue;
      }
      NftRule rule = chain.rules().get(i);
      Optional<Decided> here = Optional.of(new Decided(chain.name(), i + 1, rule));
      verdict = null;
      choice = Optional.empty();
      Outcome o = evaluate(rule);
      if (o == Outcome.NO_MATCH) {
        i++;
        continue;
      }
      hits.add(new NftHit(chain.name(), i + 1, rule, choice, branch));
      if (o == Outcome.NOT_MODELLED) {
        return result(NfVerdict.NOT_MODELLED, false, hits, here);
      }
      if (o == Outcome.NEXT || verdict.kind() == NftVerdict.Kind.CONTINUE) {
        if (nat.isPresent()) {
          return result(NfVerdict.ACCEPT, false, hits, here);
        }
        if (reject.isPresent()) {
          return result(NfVerdict.REJECT, false, hits, here);
        }
        i++;
        continue;
      }
      switch (verdict.kind()) {
        case ACCEPT -> {
          return result(NfVerdict.ACCEPT, false, hits, here);
        }
        case DROP -> {
          return result(NfVerdict.DROP, false, hits, here);
        }
        case RETURN -> i = chain.rules().size();
        case JUMP, GOTO -> {
          String to = verdict.chain().orElseThrow();
          Optional<NftChain> next = table.chain(to);
          if (next.isEmpty() || stack.size() >= MAX_DEPTH) {
            notModelled =
                next.isEmpty()
                    ? "jump to missing chain " + to
                    : "jumps nested deeper than " + MAX_DEPTH;
            return result(NfVerdict.NOT_MODELLED, false, hits, here);
          }
          if (verdict.kind() == NftVerdict.Kind.JUMP) {
            stack.push(new Frame(chain, i + 1));
          }
          chain = next.get();
          i = 0;
        }
        default -> throw new AssertionError(verdict);
      }
    }
  }

  private Result result(
      NfVerdict verdict, boolean byPolicy, List<NftHit> hits, Optional<Decided> decided) {
    return new Result(
        verdict,
        byPolicy,
        base.base().policy(),
        hits,
        v.packet(),
        decided,
        nat,
        reject,
        notrack,
        notModelled);
  }

  private Outcome evaluate(NftRule rule) {
    for (NftExpr e : rule.exprs()) {
      if (e instanceof NftExpr.Match m) {
        Optional<Boolean> in = lookup(m.key(), m.values());
        if (in.isEmpty()) {
          return notModelled == null || notModelled.isEmpty()
              ? Outcome.NO_MATCH
              : Outcome.NOT_MODELLED;
        }
        if (in.get() == m.negated()) {
          return Outcome.NO_MATCH;
        }
      } else if (e instanceof NftExpr.Vmap m) {
        Optional<SetElement> el = find(m.key(), m.map());
        if (!notModelled.isEmpty()) {
          return Outcome.NOT_MODELLED;
        }
        if (el.isEmpty() || el.get().verdict().isEmpty()) {
          return Outcome.NO_MATCH;
        }
        verdict = el.get().verdict().get();
        return Outcome.VERDICT;
      } else if (e instanceof NftExpr.Verdict vd) {
        verdict = vd.verdict();
        return Outcome.VERDICT;
      } else if (e instanceof NftExpr.Reject r) {
        reject = Optional.of(r.with());
        return Outcome.NEXT;
      } else if (e instanceof NftExpr.Nat n) {
        nat = Optional.of(n.target());
        return Outcome.NEXT;
      } else if (e instanceof NftExpr.MarkSet ms) {
        v = v.withPacket(v.packet().withMark(ms.apply(v.packet().mark())));
      } else if (e instanceof NftExpr.Notrack) {
        notrack = true;
      } else if (e instanceof NftExpr.NotModelled nm) {
        notModelled = "\"" + nm.render() + "\": " + nm.why();
        return Outcome.NOT_MODELLED;
      } else if (!(e instanceof NftExpr.Counter || e instanceof NftExpr.Log)) {
        throw new AssertionError(e);
      }
    }
    return Outcome.NEXT;
  }

  /**
   * Whether the packet's key is among the values; empty when the packet has no such field (the rule
   * then does not match: nft's implicit protocol dependency, or a missing device), or when it
   * cannot be told ({@link #notModelled} set).
   */
  private Optional<Boolean> lookup(NftKey key, NftSetRef values) {
    long[] numbers = new long[key.types().size()];
    String[] names = new String[numbers.length];
    if (!values(key, numbers, names)) {
      return Optional.empty();
    }
    List<SetElement> els = elements(values);
    if (els == null) {
      return Optional.empty();
    }
    return Optional.of(els.stream().anyMatch(el -> el.matches(numbers, names)));
  }

  private Optional<SetElement> find(NftKey key, NftSetRef map) {
    List<SetElement> els = elements(map);
    if (els == null) {
      return Optional.empty();
    }
    if (key instanceof NftKey.Numgen g) {
      return numgen(g, els);
    }
    long[] numbers = new long[key.types().size()];
    String[] names = new String[numbers.length];
    if (!values(key, numbers, names)) {
      return Optional.empty();
    }
    return els.stream().filter(el -> el.matches(numbers, names)).findFirst();
  }

  /**
   * {@code numgen random mod N vmap {...}}: the element a pin names (verify pins the endpoint the
   * kernel chose), else a draw from the run's seeded random source.
   */
  private Optional<SetElement> numgen(NftKey.Numgen g, List<SetElement> els) {
    List<String> targets =
        els.stream().map(e -> e.verdict().flatMap(NftVerdict::chain).orElse("")).toList();
    Optional<Integer> pinned = chooser.pinned(targets);
    long value;
    if (pinned.isPresent()) {
      SetElement el = els.get(pinned.get());
      choice = Optional.of("numgen mod " + g.modulus() + ": pinned");
      return Optional.of(el);
    }
    value = g.offset() + chooser.draw(g.modulus());
    long[] numbers = {value};
    String[] names = {""};
    Optional<SetElement> el = els.stream().filter(e -> e.matches(numbers, names)).findFirst();
    double p = 1.0 / g.modulus();
    branch *= p;
    choice =
        Optional.of(
            String.format(
                Locale.ROOT,
                "numgen %d of mod %d (random p=%.3f, branch p=%.3f)",
                value,
                g.modulus(),
                p,
                branch));
    return el;
  }

  /** The elements of an anonymous set or a named one; null (not modelled) for a missing set. */
  private List<SetElement> elements(NftSetRef ref) {
    if (ref instanceof NftSetRef.Anonymous a) {
      return a.elements();
    }
    String name = ((NftSetRef.Named) ref).name();
    Optional<List<SetElement>> els = table.set(name).map(s -> s.elements());
    if (els.isEmpty()) {
      notModelled = "set @" + name + " is missing";
      return null;
    }
    return els.get();
  }

  /** The key's value for the packet into {@code numbers}/{@code names}; false if it has none. */
  private boolean values(NftKey key, long[] numbers, String[] names) {
    List<NftKey> parts = key instanceof NftKey.Concat c ? c.parts() : List.of(key);
    for (int k = 0; k < parts.size(); k++) {
      names[k] = "";
      NftKey p = parts.get(k);
      if (p instanceof NftKey.Meta m
          && (m.key() == NftKey.MetaKey.IIFNAME || m.key() == NftKey.MetaKey.OIFNAME)) {
        String dev = m.key() == NftKey.MetaKey.IIFNAME ? v.in() : v.out();
        if (dev.isEmpty()) {
          return false;
        }
        names[k] = dev;
        continue;
      }
      long value = value(p, parts.size() > 1);
      if (value < -1) {
        return false;
      }
      numbers[k] = value;
    }
    return true;
  }

  /** One component's value; -2 when the packet has no such field. */
  private long value(NftKey key, boolean inConcat) {
    Ipv4Packet p = v.packet();
    if (key instanceof NftKey.Payload pl) {
      NftKey.Field f = pl.field();
      if (f.protocol() != 0 && p.protocol() != f.protocol()) {
        return -2;
      }
      return switch (f) {
        case IP_SADDR -> p.src().bits() & 0xFFFFFFFFL;
        case IP_DADDR -> p.dst().bits() & 0xFFFFFFFFL;
        case IP_PROTOCOL -> p.protocol();
        case TCP_SPORT, UDP_SPORT, TH_SPORT -> port(p, true, inConcat);
        case TCP_DPORT, UDP_DPORT, TH_DPORT -> port(p, false, inConcat);
        case ICMP_TYPE -> p.l4() instanceof L4.Icmp i ? i.type() : -2;
      };
    }
    if (key instanceof NftKey.Meta m) {
      long raw =
          switch (m.key()) {
            case L4PROTO -> p.protocol();
            case MARK -> p.mark();
            case NFPROTO -> 2;
            default -> throw new AssertionError(m);
          };
      return m.mask() >= 0 ? raw & m.mask() : raw;
    }
    if (key instanceof NftKey.CtStateKey) {
      return switch (v.state().orElse(CtState.INVALID)) {
        case INVALID -> 1;
        case ESTABLISHED -> 2;
        case RELATED -> 4;
        case NEW -> 8;
        case UNTRACKED -> 64;
        default -> throw new AssertionError(v.state());
      };
    }
    if (key instanceof NftKey.FibType ft) {
      AddressType t =
          RuleMatcher.AddrTypes.of(ns, ft.source() ? p.src() : p.dst(), Optional.empty());
      return t.ordinal();
    }
    if (key instanceof NftKey.Numgen g) {
      return g.offset() + chooser.draw(g.modulus());
    }
    throw new AssertionError(key);
  }

  /**
   * A TCP or UDP port. {@code th} on another protocol reads other header bytes: in a concatenation
   * with {@code meta l4proto} (kube-proxy's key) no element of another protocol can match, so the
   * value does not matter (-1); alone it is not modelled.
   */
  private long port(Ipv4Packet p, boolean source, boolean inConcat) {
    if (p.l4() instanceof L4.Tcp t) {
      return source ? t.sport() : t.dport();
    }
    if (p.l4() instanceof L4.Udp u) {
      return source ? u.sport() : u.dport();
    }
    if (!inConcat) {
      notModelled = "th ports of a packet neither TCP nor UDP";
      return -2;
    }
    return -1;
  }
}
