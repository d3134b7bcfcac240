package dev.podpath.sim.netfilter;

import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Policy;
import dev.podpath.model.netfilter.RejectWith;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.topo.Netns;
import dev.podpath.sim.outcome.NfRuleHit;
import dev.podpath.sim.outcome.NfVerdict;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One table's traversal at one hook ({@code ipt_do_table}): rules top-down; {@code -j CHAIN} pushes
 * a return point, {@code -g CHAIN} does not; RETURN (or the end of a user chain) goes back to the
 * return point, and in a built-in chain applies the policy; ACCEPT, DROP, REJECT and the NAT
 * targets end the traversal of this table only; MARK, CONNMARK, LOG, NFLOG, TRACE, NOTRACK and
 * rules without a target go on with the next rule. Counters count every rule that matched and the
 * policy when it applied (if the chain counts it: {@link Chain#policyCounter()}).
 */
final class TableWalk {

  /** Jumps deeper than this are taken to be a loop (the kernel refuses loops at load time). */
  static final int MAX_DEPTH = 64;

  /** The rule that decided, when one did. */
  record Decided(String chain, int number, Rule rule) {}

  /**
   * How the traversal ended.
   *
   * @param packet the packet after MARK targets
   * @param nat the NAT target that matched (DNAT, SNAT, MASQUERADE, REDIRECT), if any
   * @param notrack whether NOTRACK / CT --notrack ran (raw table)
   * @param notModelled what could not be evaluated, for {@link NfVerdict#NOT_MODELLED}
   */
  record Result(
      NfVerdict verdict,
      boolean byPolicy,
      Optional<Policy> policy,
      List<NfRuleHit> hits,
      Ipv4Packet packet,
      Optional<Decided> decided,
      Optional<Target> nat,
      Optional<RejectWith> reject,
      boolean notrack,
      String notModelled) {}

  private record Frame(Chain chain, int next) {}

  private final Netns ns;
  private final Ruleset ruleset;
  private final NetfilterTable table;
  private final RuleCounters counters;
  private final RuleMatcher matcher;
  private final Optional<Connection> conn;

  private final boolean indexed;

  TableWalk(
      Netns ns,
      NetfilterTable table,
      StatisticChooser chooser,
      RuleCounters counters,
      Optional<Connection> conn,
      boolean reply,
      boolean indexed) {
    this.indexed = indexed;
    this.ns = ns;
    this.ruleset = ns.netfilter();
    this.table = table;
    this.counters = counters;
    this.conn = conn;
    this.matcher = new RuleMatcher(ns, table, chooser, conn, reply);
  }

  /** Traverses the built-in chain of {@code hook}; the caller checks that it exists. */
  Result run(Hook hook, PacketView start) {
    Chain builtin = ruleset.builtin(table, hook).orElseThrow();
    Deque<Frame> stack = new ArrayDeque<>();
    List<NfRuleHit> hits = new ArrayList<>();
    PacketView v = start;
    boolean notrack = false;
    double branch = 1.0;
    Chain chain = builtin;
    int[] cands = candidates(chain, v);
    int i = next(cands, 0);
    int lastListed = -1;
    while (true) {
      if (i >= chain.rules().size()) {
        if (stack.isEmpty()) {
          return policy(builtin, hits, v, notrack);
        }
        Frame f = stack.pop();
        chain = f.chain();
        cands = candidates(chain, v);
        i = next(cands, f.next());
        lastListed = f.next() - 1;
        continue;
      }
      Rule rule = chain.rules().get(i);
      int number = i + 1;
      RuleMatcher.Result r = matcher.evaluate(v, chain, number, rule);
      if (matcher.statistic.isPresent()) {
        StatisticChooser.Decision d = matcher.statistic.get();
        if (!d.pinned()) {
          branch *= d.matched() ? d.probability() : 1 - d.probability();
        }
      }
      int skipped = i - lastListed - 1;
      if (r == RuleMatcher.Result.NOT_MODELLED) {
        hits.add(matcher.hit(chain.name(), number, rule, true, branch, skipped));
        return end(
            NfVerdict.NOT_MODELLED,
            hits,
            v,
            Optional.of(new Decided(chain.name(), number, rule)),
            Optional.empty(),
            Optional.empty(),
            notrack,
            matcher.notModelled);
      }
      if (r == RuleMatcher.Result.NO_MATCH) {
        if (matcher.statistic.isPresent()) {
          hits.add(matcher.hit(chain.name(), number, rule, false, branch, skipped));
          lastListed = i;
        }
        i = next(cands, i + 1);
        continue;
      }
      counters.count(ns.name(), table, chain.name(), rule, v.packet().totalLength());
      NfRuleHit hit = matcher.hit(chain.name(), number, rule, true, branch, skipped);
      lastListed = i;
      hits.add(hit);
      Target t = rule.target();
      Optional<Decided> here = Optional.of(new Decided(chain.name(), number, rule));
      if (t instanceof Target.Accept) {
        return end(
            NfVerdict.ACCEPT, hits, v, here, Optional.empty(), Optional.empty(), notrack, "");
      } else if (t instanceof Target.Drop) {
        return end(NfVerdict.DROP, hits, v, here, Optional.empty(), Optional.empty(), notrack, "");
      } else if (t instanceof Target.Reject rj) {
        return end(
            NfVerdict.REJECT, hits, v, here, Optional.empty(), Optional.of(rj.with()), notrack, "");
      } else if (t instanceof Target.Dnat
          || t instanceof Target.Snat
          || t instanceof Target.Masquerade
          || t instanceof Target.Redirect) {
        return end(NfVerdict.ACCEPT, hits, v, here, Optional.of(t), Optional.empty(), notrack, "");
      } else if (t instanceof Target.Return) {
        // RETURN is the end of the chain: back to the caller, or the built-in chain's policy
        i = chain.rules().size();
      } else if (t instanceof Target.Jump || t instanceof Target.Goto) {
        String to = t instanceof Target.Jump j ? j.chain() : ((Target.Goto) t).chain();
        Optional<Chain> next = ruleset.chain(table, to);
        if (next.isEmpty() || stack.size() >= MAX_DEPTH) {
          return end(
              NfVerdict.NOT_MODELLED,
              hits,
              v,
              here,
              Optional.empty(),
              Optional.empty(),
              notrack,
              next.isEmpty()
                  ? "jump to missing chain " + to
                  : "jumps nested deeper than " + MAX_DEPTH);
        }
        if (t instanceof Target.Jump) {
          stack.push(new Frame(chain, i + 1));
        }
        chain = next.get();
        cands = candidates(chain, v);
        i = next(cands, 0);
        lastListed = -1;
      } else if (t instanceof Target.Mark mk) {
        v = v.withPacket(v.packet().withMark(mk.apply(v.packet().mark())));
        i = next(cands, i + 1);
      } else if (t instanceof Target.Connmark cm) {
        v = connmark(cm, v);
        i = next(cands, i + 1);
      } else if (t instanceof Target.Notrack) {
        notrack = true;
        i = next(cands, i + 1);
      } else if (t instanceof Target.Ct ct) {
        if (!ct.options().isEmpty()) {
          return end(
              NfVerdict.NOT_MODELLED,
              hits,
              v,
              here,
              Optional.empty(),
              Optional.empty(),
              notrack,
              "target \"" + ct.save() + "\" is not modelled");
        }
        notrack |= ct.notrack();
        i = next(cands, i + 1);
      } else if (t instanceof Target.Continue
          || t instanceof Target.Log
          || t instanceof Target.Nflog
          || t instanceof Target.Trace) {
        i = next(cands, i + 1);
      } else if (t instanceof Target.NotModelled nm) {
        return end(
            NfVerdict.NOT_MODELLED,
            hits,
            v,
            here,
            Optional.empty(),
            Optional.empty(),
            notrack,
            "target \"" + nm.save() + "\" is not modelled");
      } else if (t instanceof Target.Unreadable u) {
        return end(
            NfVerdict.NOT_MODELLED,
            hits,
            v,
            here,
            Optional.empty(),
            Optional.empty(),
            notrack,
            "a rule of the dump could not be read ("
                + u.reason()
                + "), so what it does to this packet is unknown");
      } else {
        throw new AssertionError(t);
      }
    }
  }

  /** The candidate rules of a long chain for this packet; null: every rule is a candidate. */
  private int[] candidates(Chain chain, PacketView v) {
    if (!indexed) {
      return null;
    }
    return ChainIndex.of(chain).map(ix -> ix.candidates(v.packet().dst())).orElse(null);
  }

  private static int next(int[] cands, int from) {
    return cands == null ? from : ChainIndex.next(cands, from);
  }

  private PacketView connmark(Target.Connmark cm, PacketView v) {
    if (conn.isEmpty()) {
      return v;
    }
    Connection c = conn.get();
    switch (cm.mode()) {
      case SET -> c.mark = (c.mark & ~cm.ctmask() & 0xFFFFFFFFL) ^ cm.value();
      case SAVE ->
          c.mark = (c.mark & ~cm.ctmask() & 0xFFFFFFFFL) ^ (v.packet().mark() & cm.nfmask());
      case RESTORE -> {
        long mark = (v.packet().mark() & ~cm.nfmask() & 0xFFFFFFFFL) ^ (c.mark & cm.ctmask());
        return v.withPacket(v.packet().withMark(mark));
      }
      default -> throw new AssertionError(cm.mode());
    }
    return v;
  }

  private Result policy(Chain builtin, List<NfRuleHit> hits, PacketView v, boolean notrack) {
    Policy p = builtin.policy().orElse(Policy.ACCEPT);
    counters.countPolicy(ns.name(), table, builtin, v.packet().totalLength());
    NfVerdict verdict = p == Policy.DROP ? NfVerdict.DROP : NfVerdict.ACCEPT;
    return new Result(
        verdict,
        true,
        Optional.of(p),
        hits,
        v.packet(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        notrack,
        "");
  }

  private static Result end(
      NfVerdict verdict,
      List<NfRuleHit> hits,
      PacketView v,
      Optional<Decided> decided,
      Optional<Target> nat,
      Optional<RejectWith> reject,
      boolean notrack,
      String notModelled) {
    return new Result(
        verdict,
        false,
        Optional.empty(),
        hits,
        v.packet(),
        decided,
        nat,
        reject,
        notrack,
        notModelled);
  }
}
