package dev.podpath.sim.netfilter;

import dev.podpath.model.netfilter.CtState;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.sim.outcome.DropReason;
import dev.podpath.sim.outcome.NfVerdict;
import dev.podpath.sim.outcome.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The netfilter state of one run (per {@code Simulation}): conntrack tables, rule counters, the
 * statistic chooser; and the hooks, each running its tables in the kernel's priority order
 * (kernel-semantics.md 9.1):
 *
 * <pre>
 * PREROUTING   raw, conntrack, mangle, nat (DNAT)
 * INPUT        mangle, filter, security, nat (SNAT), confirm
 * FORWARD      mangle, filter, security
 * OUTPUT       raw, conntrack, mangle, nat (DNAT), filter, security
 * POSTROUTING  mangle, nat (SNAT), confirm
 * </pre>
 *
 * <p>A table is traversed only if its built-in chain for the hook exists (iptables-nft creates
 * chains on demand); a namespace without tables does nothing at all (but one whose rules are
 * {@linkplain Ruleset#unknown() unknown}, a snapshot's whose dump failed, stops every packet at its
 * first hook as not modelled), and conntrack runs only in a namespace with a rule that needs it (a
 * NAT target, a conntrack/state/connmark match, CONNMARK, NOTRACK, CT); without conntrack the nat
 * chains are not traversed at all ({@code nf_nat_inet_fn} returns at once for a packet without a
 * connection). The nat table is consulted only for a connection's first packet; later packets and
 * replies get the stored translation, and ICMP errors about a connection are RELATED and have their
 * quoted packet translated back.
 */
public final class Netfilter {

  private record Key(NetnsName ns, long packetId) {}

  private final StatisticChooser chooser;
  private final RuleCounters counters = new RuleCounters();
  private final Map<NetnsName, ConntrackTable> conntrack = new HashMap<>();
  private final Map<Key, CtAttachment> attached = new HashMap<>();

  /**
   * Whether a ruleset needs conntrack, computed once per (immutable) ruleset and shared by every
   * run.
   */
  private static final com.google.common.cache.LoadingCache<Ruleset, Boolean> TRACKING =
      com.google.common.cache.CacheBuilder.newBuilder()
          .weakKeys()
          .build(
              com.google.common.cache.CacheLoader.from(
                  r -> r.rules().stream().anyMatch(Netfilter::needsConntrack)));

  private final boolean indexLongChains;

  public Netfilter(StatisticChoice choice) {
    this(choice, true);
  }

  /**
   * With {@code indexLongChains} false every chain is walked rule by rule (to check {@link
   * ChainIndex}).
   */
  Netfilter(StatisticChoice choice, boolean indexLongChains) {
    this.chooser = new StatisticChooser(choice);
    this.indexLongChains = indexLongChains;
  }

  /**
   * How statistic rules decide from now on: {@code podpath verify} pins each connection to the
   * endpoint the kernel chose, so that the rest of the comparison is not a coin toss.
   */
  public void statistic(StatisticChoice choice) {
    chooser.choose(choice);
  }

  /**
   * Whether the hooks of {@code ns} do anything: it has an iptables table, or its rules are not
   * known (then every hook stops the packet as not modelled). A namespace whose rules are known to
   * have no table does nothing.
   */
  public static boolean present(Netns ns) {
    return !ns.netfilter().tables().isEmpty() || !ns.netfilter().isKnown();
  }

  /**
   * The namespace's ruleset with this run's counters added, as {@code iptables-save -c} prints it.
   */
  public Ruleset ruleset(Netns ns) {
    return counters.apply(ns.name(), ns.netfilter());
  }

  /** The confirmed connections of {@code ns}, as {@code conntrack -L} lists them. */
  public List<ConntrackEntry> conntrack(NetnsName ns) {
    ConntrackTable t = conntrack.get(ns);
    return t == null ? List.of() : t.entries();
  }

  /**
   * Whether the packet already ran PREROUTING in {@code ns} (in the bridge, through br_netfilter).
   */
  public boolean preroutingDone(NetnsName ns, long packetId) {
    return attached.containsKey(new Key(ns, packetId));
  }

  /** The packet ended in {@code ns} without being confirmed (dropped elsewhere): forget it. */
  public void forget(NetnsName ns, long packetId) {
    attached.remove(new Key(ns, packetId));
  }

  /** Runs {@code hook} in {@code ns} for a packet. */
  public HookResult hook(Netns ns, Hook hook, HookInput in) {
    if (!present(ns)) {
      return HookResult.accept(in.packet(), List.of());
    }
    if (ns.netfilter().unknown().isPresent()) {
      return new HookResult(
          NfVerdict.NOT_MODELLED,
          in.packet(),
          List.of(),
          Optional.of(
              new DropReason.NetfilterUnknown(ns.name(), hook, ns.netfilter().unknown().get())),
          Optional.empty());
    }
    return switch (hook) {
      case PREROUTING, OUTPUT -> first(ns, hook, in);
      case INPUT ->
          later(
              ns,
              hook,
              in,
              List.of(
                  NetfilterTable.MANGLE,
                  NetfilterTable.FILTER,
                  NetfilterTable.SECURITY,
                  NetfilterTable.NAT),
              true);
      case FORWARD ->
          later(
              ns,
              hook,
              in,
              List.of(NetfilterTable.MANGLE, NetfilterTable.FILTER, NetfilterTable.SECURITY),
              false);
      case POSTROUTING ->
          later(ns, hook, in, List.of(NetfilterTable.MANGLE, NetfilterTable.NAT), true);
    };
  }

  /** PREROUTING or OUTPUT: raw, then conntrack looks the packet up, then the other tables. */
  private HookResult first(Netns ns, Hook hook, HookInput in) {
    List<Step> steps = new ArrayList<>();
    Key key = new Key(ns.name(), in.packetId());
    Ipv4Packet p = in.packet();
    boolean notrack = false;
    Optional<CtAttachment> already = Optional.ofNullable(attached.get(key));
    Optional<CtState> shown = already.map(CtAttachment::state);
    if (ns.netfilter().builtin(NetfilterTable.RAW, hook).isPresent()) {
      TableWalk.Result r = walk(ns, NetfilterTable.RAW, hook, in, p, already);
      steps.add(step(ns, NetfilterTable.RAW, hook, in, r, shown, p, r.packet()));
      if (r.verdict() != NfVerdict.ACCEPT) {
        return stop(ns, hook, r, steps, key);
      }
      p = r.packet();
      notrack = r.notrack();
    }
    CtAttachment att;
    if (already.isPresent()) {
      att = already.get();
    } else if (!tracks(ns)) {
      att = null;
    } else if (notrack) {
      att = CtAttachment.untracked();
    } else {
      att = ConntrackLookup.track(table(ns), in, p);
      steps.add(
          new Step.Conntrack(
              ns.name(),
              hook,
              att.state(),
              att.reply(),
              att.conn()
                  .filter(c -> att.state() != CtState.NEW || c.confirmed)
                  .map(c -> c.entry().line()),
              p,
              p));
    }
    if (att != null) {
      attached.put(key, att);
    }
    List<NetfilterTable> rest =
        hook == Hook.OUTPUT
            ? List.of(
                NetfilterTable.MANGLE,
                NetfilterTable.NAT,
                NetfilterTable.FILTER,
                NetfilterTable.SECURITY)
            : List.of(NetfilterTable.MANGLE, NetfilterTable.NAT);
    return tables(ns, hook, in.withPacket(p), rest, steps, key, false);
  }

  /**
   * INPUT, FORWARD, POSTROUTING: the tables in order, then (INPUT, POSTROUTING) conntrack confirms.
   */
  private HookResult later(
      Netns ns, Hook hook, HookInput in, List<NetfilterTable> order, boolean confirm) {
    return tables(
        ns, hook, in, order, new ArrayList<>(), new Key(ns.name(), in.packetId()), confirm);
  }

  private HookResult tables(
      Netns ns,
      Hook hook,
      HookInput in,
      List<NetfilterTable> order,
      List<Step> steps,
      Key key,
      boolean confirm) {
    Optional<CtAttachment> att = Optional.ofNullable(attached.get(key));
    Ipv4Packet p = in.packet();
    for (NetfilterTable table : order) {
      if (table == NetfilterTable.NAT) {
        NatOutcome n = nat(ns, hook, in, p, att, steps, key);
        if (n.stopped().isPresent()) {
          return n.stopped().get();
        }
        p = n.packet();
        continue;
      }
      if (ns.netfilter().builtin(table, hook).isEmpty()) {
        continue;
      }
      TableWalk.Result r = walk(ns, table, hook, in, p, att);
      steps.add(step(ns, table, hook, in, r, att.map(CtAttachment::state), p, r.packet()));
      if (r.verdict() != NfVerdict.ACCEPT) {
        return stop(ns, hook, r, steps, key);
      }
      p = r.packet();
    }
    if (confirm) {
      // an ICMP error RELATED to a connection does not confirm that connection: a connection
      // whose first packet was REJECTed never makes it into the table
      att.filter(a -> !a.icmpError())
          .flatMap(CtAttachment::conn)
          .ifPresent(c -> c.confirmed = true);
      if (!leavesThroughLoopback(ns, hook, in)) {
        attached.remove(key);
      }
    }
    return HookResult.accept(p, steps);
  }

  /**
   * A packet confirmed at POSTROUTING on its way out of the loopback device keeps its connection:
   * {@code loopback_xmit} hands the same skb, its conntrack attached, back to the stack, so
   * PREROUTING finds it tracked (no second lookup, no second entry) and the connection's NAT still
   * applies to it. A veth scrubs it instead ({@code skb_scrub_packet} across namespaces).
   */
  private static boolean leavesThroughLoopback(Netns ns, Hook hook, HookInput in) {
    return hook == Hook.POSTROUTING && ns.device(in.out()).map(NetDevice::isLoopback).orElse(false);
  }

  /** The nat point's result: stopped (a DROP in nat, an impossible NAT), or the packet after it. */
  private record NatOutcome(Optional<HookResult> stopped, Ipv4Packet packet) {}

  /**
   * The nat point of a hook: DNAT at PREROUTING/OUTPUT, SNAT at INPUT/POSTROUTING. A new
   * connection's first packet consults the nat table (if its chain exists); every packet of a NATed
   * connection then gets the stored translation for its direction.
   */
  private NatOutcome nat(
      Netns ns,
      Hook hook,
      HookInput in,
      Ipv4Packet p,
      Optional<CtAttachment> att,
      List<Step> steps,
      Key key) {
    if (!ns.netfilter().hasTable(NetfilterTable.NAT)) {
      return new NatOutcome(Optional.empty(), p);
    }
    boolean dstManip = hook == Hook.PREROUTING || hook == Hook.OUTPUT;
    Optional<Connection> conn = att.flatMap(CtAttachment::conn);
    boolean consult =
        conn.isPresent()
            && !att.get().reply()
            && !att.get().icmpError()
            && !(dstManip ? conn.get().dstNatDone : conn.get().srcNatDone);
    if (consult) {
      Connection c = conn.get();
      if (dstManip) {
        c.dstNatDone = true;
      } else {
        c.srcNatDone = true;
      }
      if (ns.netfilter().builtin(NetfilterTable.NAT, hook).isPresent()) {
        TableWalk.Result r = walk(ns, NetfilterTable.NAT, hook, in, p, att);
        if (r.verdict() != NfVerdict.ACCEPT) {
          steps.add(
              step(
                  ns,
                  NetfilterTable.NAT,
                  hook,
                  in,
                  r,
                  att.map(CtAttachment::state),
                  p,
                  r.packet()));
          return new NatOutcome(Optional.of(stop(ns, hook, r, steps, key)), p);
        }
        Optional<String> bad = r.nat().flatMap(t -> NatBinding.bind(table(ns), c, t, hook, in));
        if (bad.isPresent()) {
          TableWalk.Result nm =
              new TableWalk.Result(
                  NfVerdict.NOT_MODELLED,
                  false,
                  Optional.empty(),
                  r.hits(),
                  r.packet(),
                  r.decided(),
                  r.nat(),
                  Optional.empty(),
                  false,
                  bad.get());
          steps.add(
              step(
                  ns,
                  NetfilterTable.NAT,
                  hook,
                  in,
                  nm,
                  att.map(CtAttachment::state),
                  p,
                  r.packet()));
          return new NatOutcome(Optional.of(stop(ns, hook, nm, steps, key)), p);
        }
        Ipv4Packet after = NatBinding.translate(c, att.get(), dstManip, r.packet());
        steps.add(
            step(ns, NetfilterTable.NAT, hook, in, r, att.map(CtAttachment::state), p, after));
        return new NatOutcome(Optional.empty(), after);
      }
    }
    if (conn.isEmpty()) {
      return new NatOutcome(Optional.empty(), p);
    }
    Ipv4Packet after = NatBinding.translate(conn.get(), att.get(), dstManip, p);
    if (!after.equals(p)) {
      steps.add(
          new Step.Conntrack(
              ns.name(),
              hook,
              att.get().state(),
              att.get().reply(),
              Optional.of(conn.get().entry().line()),
              p,
              after));
    }
    return new NatOutcome(Optional.empty(), after);
  }

  /**
   * The namespace's conntrack table, made at its first use with the connections a dump showed
   * ({@link Netns#conntrack()}) in it, confirmed, their NAT bound.
   */
  private ConntrackTable table(Netns ns) {
    return conntrack.computeIfAbsent(ns.name(), n -> ConntrackTable.dumped(ns.conntrack()));
  }

  /**
   * Whether conntrack runs in {@code ns}: only once a rule needs it (iptables-nft registers
   * conntrack for the expression that uses it). Kernel-verified: a nat table whose rules only
   * ACCEPT tracks nothing, one DNAT rule makes every flow tracked.
   */
  boolean tracks(Netns ns) {
    return TRACKING.getUnchecked(ns.netfilter());
  }

  private static boolean needsConntrack(Rule r) {
    Target t = r.target();
    if (t instanceof Target.Connmark
        || t instanceof Target.Notrack
        || t instanceof Target.Ct
        || t instanceof Target.Dnat
        || t instanceof Target.Snat
        || t instanceof Target.Masquerade
        || t instanceof Target.Redirect) {
      return true;
    }
    return r.matches().stream()
        .anyMatch(
            m ->
                m instanceof Match.Conntrack
                    || m instanceof Match.State
                    || m instanceof Match.Connmark);
  }

  private TableWalk.Result walk(
      Netns ns,
      NetfilterTable table,
      Hook hook,
      HookInput in,
      Ipv4Packet p,
      Optional<CtAttachment> att) {
    PacketView v =
        new PacketView(
            p, hook, in.in(), in.out(), in.physIn(), in.physOut(), att.map(CtAttachment::state));
    TableWalk w =
        new TableWalk(
            ns,
            table,
            chooser,
            counters,
            att.flatMap(CtAttachment::conn),
            att.map(CtAttachment::reply).orElse(false),
            indexLongChains);
    return w.run(hook, v);
  }

  private static Step step(
      Netns ns,
      NetfilterTable table,
      Hook hook,
      HookInput in,
      TableWalk.Result r,
      Optional<CtState> state,
      Ipv4Packet before,
      Ipv4Packet after) {
    return new Step.Netfilter(
        ns.name(),
        table,
        hook,
        r.hits(),
        r.verdict(),
        r.byPolicy(),
        r.policy(),
        in.in(),
        in.out(),
        state,
        before,
        after);
  }

  private HookResult stop(Netns ns, Hook hook, TableWalk.Result r, List<Step> steps, Key key) {
    attached.remove(key);
    DropReason why =
        switch (r.verdict()) {
          case DROP ->
              r.decided()
                  .<DropReason>map(
                      d ->
                          new DropReason.RuleDrop(
                              ns.name(),
                              tableOf(steps),
                              d.chain(),
                              d.number(),
                              d.rule(),
                              Optional.empty()))
                  .orElseGet(
                      () -> new DropReason.PolicyDrop(ns.name(), tableOf(steps), hook.name()));
          case REJECT -> {
            TableWalk.Decided d = r.decided().orElseThrow();
            yield new DropReason.RuleReject(
                ns.name(),
                tableOf(steps),
                d.chain(),
                d.number(),
                d.rule(),
                r.reject().orElseThrow());
          }
          case NOT_MODELLED -> {
            String rule =
                r.decided()
                    .map(
                        d ->
                            " at "
                                + tableOf(steps)
                                + " "
                                + d.chain()
                                + " #"
                                + d.number()
                                + " \""
                                + d.rule().text()
                                + "\""
                                + (d.rule().origin().isKernel()
                                    ? ""
                                    : " (" + d.rule().origin().location() + ")"))
                    .orElse("");
            yield new DropReason.NotModelled(ns.name(), "iptables: " + r.notModelled() + rule);
          }
          case ACCEPT -> throw new AssertionError("accepted");
        };
    if (why instanceof DropReason.RuleDrop rd) {
      Optional<CtState> st = ((Step.Netfilter) steps.get(steps.size() - 1)).ctState();
      why = new DropReason.RuleDrop(rd.netns(), rd.table(), rd.chain(), rd.number(), rd.rule(), st);
    }
    return new HookResult(r.verdict(), r.packet(), steps, Optional.of(why), r.reject());
  }

  private static NetfilterTable tableOf(List<Step> steps) {
    return ((Step.Netfilter) steps.get(steps.size() - 1)).table();
  }
}
