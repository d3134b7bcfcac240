package dev.podpath.sim.netfilter;

import dev.podpath.model.netfilter.BaseChain;
import dev.podpath.model.netfilter.CtState;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.NftExpr;
import dev.podpath.model.netfilter.NftFamily;
import dev.podpath.model.netfilter.NftTable;
import dev.podpath.model.netfilter.Nftables;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.origin.Origin;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
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
                  r ->
                      r.rules().stream().anyMatch(Netfilter::needsConntrack)
                          || r.nft().rules().stream()
                              .anyMatch(
                                  n -> n.exprs().stream().anyMatch(NftExpr::needsConntrack))));

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
    return !ns.netfilter().tables().isEmpty()
        || !ns.netfilter().isKnown()
        || !ns.netfilter().nft().isEmpty();
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
    Optional<HookResult> unmodelled = unmodelledFamily(ns, hook, in);
    if (unmodelled.isPresent()) {
      return unmodelled.get();
    }
    return run(ns, hook, in);
  }

  /**
   * A stop of a hook, in the kernel's priority order: an iptables table, an nftables base chain
   * (filter or route type), conntrack's lookup (PREROUTING, OUTPUT), or the nat point, where
   * iptables' nat table and the nftables nat chains run in their priority order for a new
   * connection ({@code nf_nat_inet_fn}).
   */
  private sealed interface Station {
    int priority();
  }

  private record IptStation(NetfilterTable table, int priority) implements Station {}

  private record NftStation(Nftables.Hooked chain) implements Station {
    public int priority() {
      return chain.base().priority();
    }
  }

  private record ConntrackStation() implements Station {
    public int priority() {
      return -200;
    }
  }

  private record NatStation(int priority) implements Station {}

  /** iptables' tables' priorities ({@code NF_IP_PRI_*}). */
  private static int priority(NetfilterTable t) {
    return switch (t) {
      case RAW -> -300;
      case MANGLE -> -150;
      case NAT -> -100;
      case FILTER -> 0;
      case SECURITY -> 50;
    };
  }

  /** The stops of {@code hook} in {@code ns}, by priority (iptables' first at equal priorities). */
  private static List<Station> stations(Netns ns, Hook hook) {
    if (ns.netfilter().nft().isEmpty()) {
      return IPTABLES_STATIONS.get(hook);
    }
    return stations(ns.netfilter().nft(), hook);
  }

  /** Each hook's stops without nftables: the same for every namespace, made once. */
  private static final java.util.Map<Hook, List<Station>> IPTABLES_STATIONS = iptablesStations();

  private static java.util.Map<Hook, List<Station>> iptablesStations() {
    java.util.Map<Hook, List<Station>> out = new java.util.EnumMap<>(Hook.class);
    for (Hook h : Hook.values()) {
      out.put(h, List.copyOf(stations(Nftables.EMPTY, h)));
    }
    return out;
  }

  private static List<Station> stations(Nftables nft, Hook hook) {
    List<Station> out = new ArrayList<>();
    List<NetfilterTable> tables =
        switch (hook) {
          case PREROUTING -> List.of(NetfilterTable.RAW, NetfilterTable.MANGLE);
          case OUTPUT ->
              List.of(
                  NetfilterTable.RAW,
                  NetfilterTable.MANGLE,
                  NetfilterTable.FILTER,
                  NetfilterTable.SECURITY);
          case INPUT, FORWARD ->
              List.of(NetfilterTable.MANGLE, NetfilterTable.FILTER, NetfilterTable.SECURITY);
          case POSTROUTING -> List.of(NetfilterTable.MANGLE);
        };
    tables.forEach(t -> out.add(new IptStation(t, priority(t))));
    if (hook == Hook.PREROUTING || hook == Hook.OUTPUT) {
      out.add(new ConntrackStation());
      out.add(new NatStation(-100));
    } else if (hook == Hook.INPUT || hook == Hook.POSTROUTING) {
      out.add(new NatStation(100));
    }
    for (Nftables.Hooked h : nft.baseChains(hook)) {
      if (h.table().family().modelled() && h.base().type() != BaseChain.Type.NAT) {
        out.add(new NftStation(h));
      }
    }
    out.sort(java.util.Comparator.comparingInt(Station::priority));
    return out;
  }

  /**
   * A table of a family podpath does not run ({@code bridge}, {@code netdev}) with a base chain:
   * what it does to the packet is not known, and the packet ends not modelled at its first hook.
   */
  private Optional<HookResult> unmodelledFamily(Netns ns, Hook hook, HookInput in) {
    for (NftTable t : ns.netfilter().nft().tables()) {
      boolean hooked = t.chains().values().stream().anyMatch(c -> c.base().isPresent());
      if ((t.family() == NftFamily.BRIDGE || t.family() == NftFamily.NETDEV) && hooked) {
        return Optional.of(
            new HookResult(
                NfVerdict.NOT_MODELLED,
                in.packet(),
                List.of(),
                Optional.of(
                    new DropReason.NotModelled(
                        ns.name(),
                        "nftables: table "
                            + t.label()
                            + " has base chains, and the "
                            + t.family()
                            + " family is not modelled"
                            + (t.origin().isKernel() ? "" : " (" + t.origin().location() + ")"))),
                Optional.empty()));
      }
    }
    return Optional.empty();
  }

  private HookResult run(Netns ns, Hook hook, HookInput in) {
    List<Step> steps = new ArrayList<>();
    Key key = new Key(ns.name(), in.packetId());
    Ipv4Packet p = in.packet();
    boolean notrack = false;
    Optional<CtAttachment> already = Optional.ofNullable(attached.get(key));
    List<Station> stations = stations(ns, hook);
    for (int k = 0; k < stations.size(); k++) {
      Station s = stations.get(k);
      if (s instanceof ConntrackStation) {
        CtAttachment a;
        if (already.isPresent()) {
          a = already.get();
        } else if (!tracks(ns)) {
          a = null;
        } else if (notrack) {
          a = CtAttachment.untracked();
        } else {
          CtAttachment t = ConntrackLookup.track(table(ns), in, p);
          a = t;
          steps.add(
              new Step.Conntrack(
                  ns.name(),
                  hook,
                  t.state(),
                  t.reply(),
                  t.conn()
                      .filter(c -> t.state() != CtState.NEW || c.confirmed)
                      .<dev.podpath.sim.outcome.ConntrackLine>map(Connection::entry),
                  p,
                  p));
        }
        if (a != null) {
          attached.put(key, a);
        }
        in = in.withPacket(p);
      } else if (s instanceof IptStation t) {
        if (ns.netfilter().builtin(t.table(), hook).isEmpty()) {
          continue;
        }
        Optional<CtAttachment> att = Optional.ofNullable(attached.get(key));
        TableWalk.Result r = walk(ns, t.table(), hook, in, p, att);
        steps.add(step(ns, t.table(), hook, in, r, att.map(CtAttachment::state), p, r.packet()));
        if (r.verdict() != NfVerdict.ACCEPT) {
          return stop(ns, hook, r, steps, key);
        }
        p = r.packet();
        notrack |= t.table() == NetfilterTable.RAW && r.notrack();
      } else if (s instanceof NftStation n) {
        Optional<CtAttachment> att = Optional.ofNullable(attached.get(key));
        NftWalk.Result r = nftWalk(ns, n.chain(), hook, in, p, att);
        if (r.verdict() == NfVerdict.ACCEPT && r.nat().isPresent()) {
          r = notModelled(r, "a NAT statement in a chain of type filter (nft refuses to load it)");
        } else if (r.verdict() == NfVerdict.ACCEPT
            && n.chain().base().type() == BaseChain.Type.ROUTE
            && !r.packet().equals(p)) {
          r = notModelled(r, "the new route lookup after a type route chain changed the packet");
        }
        steps.add(nftStep(ns, n.chain(), hook, in, r, att.map(CtAttachment::state), p, r.packet()));
        if (r.verdict() != NfVerdict.ACCEPT) {
          return nftStop(ns, n.chain(), r, steps, key);
        }
        p = r.packet();
        notrack |= r.notrack();
      } else {
        Optional<CtAttachment> att = Optional.ofNullable(attached.get(key));
        NatOutcome o = nat(ns, hook, in, p, att, steps, key);
        if (o.stopped().isPresent()) {
          return o.stopped().get();
        }
        p = o.packet();
      }
    }
    if (hook == Hook.INPUT || hook == Hook.POSTROUTING) {
      Optional<CtAttachment> att = Optional.ofNullable(attached.get(key));
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

  private static NftWalk.Result notModelled(NftWalk.Result r, String what) {
    return new NftWalk.Result(
        NfVerdict.NOT_MODELLED,
        false,
        r.policy(),
        r.hits(),
        r.packet(),
        r.decided(),
        r.nat(),
        Optional.empty(),
        r.notrack(),
        what);
  }

  /**
   * Where a walk stopped on a rule it does not model: {@code at TABLE CHAIN #N "RULE" (FILE:LINE)}.
   */
  private static String ruleAt(String table, String chain, int number, String text, Origin origin) {
    return " at "
        + table
        + " "
        + chain
        + " #"
        + number
        + " \""
        + text
        + "\""
        + (origin.isKernel() ? "" : " (" + origin.location() + ")");
  }

  /** The nat point's result: stopped (a DROP in nat, an impossible NAT), or the packet after it. */
  private record NatOutcome(Optional<HookResult> stopped, Ipv4Packet packet, boolean bound) {
    NatOutcome(Optional<HookResult> stopped, Ipv4Packet packet) {
      this(stopped, packet, true);
    }
  }

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
    List<Nftables.Hooked> nftChains = ns.netfilter().nft().baseChains(hook);
    List<Nftables.Hooked> nftNat =
        nftChains.isEmpty()
            ? List.of()
            : nftChains.stream()
                .filter(h -> h.table().family().modelled() && h.base().type() == BaseChain.Type.NAT)
                .toList();
    // nf_nat's hook functions sit at all four nat hooks once any nat chain exists (iptables' nat
    // table or an nft nat chain at any hook): a reply is un-NATed at INPUT without a chain there
    boolean natHooks =
        ns.netfilter().hasTable(NetfilterTable.NAT)
            || ns.netfilter().nft().tables().stream()
                .filter(t -> t.family().modelled())
                .flatMap(t -> t.chains().values().stream())
                .anyMatch(c -> c.base().filter(b -> b.type() == BaseChain.Type.NAT).isPresent());
    if (!natHooks) {
      return new NatOutcome(Optional.empty(), p);
    }
    boolean dstManip = hook == Hook.PREROUTING || hook == Hook.OUTPUT;
    Optional<Connection> conn = att.flatMap(CtAttachment::conn);
    Optional<HookResult> redirectDropped = redirectDropped(ns, hook, p, att, conn, steps, key);
    if (redirectDropped.isPresent()) {
      return new NatOutcome(redirectDropped, p);
    }
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
      boolean iptablesDone = ns.netfilter().builtin(NetfilterTable.NAT, hook).isEmpty();
      int iptablesPriority = dstManip ? -100 : 100;
      for (int k = 0; k <= nftNat.size(); k++) {
        // iptables' nat table sits at -100 (DNAT) or 100 (SNAT) among the nft nat chains
        if (!iptablesDone
            && (k == nftNat.size() || nftNat.get(k).base().priority() > iptablesPriority)) {
          iptablesDone = true;
          k--;
          NatOutcome o = iptablesNat(ns, hook, in, p, att, steps, key, c, dstManip);
          if (o.stopped().isPresent() || o.bound()) {
            return o;
          }
          p = o.packet();
          continue;
        }
        if (k == nftNat.size()) {
          break;
        }
        Nftables.Hooked h = nftNat.get(k);
        NftWalk.Result r = nftWalk(ns, h, hook, in, p, att);
        if (r.verdict() != NfVerdict.ACCEPT) {
          steps.add(nftStep(ns, h, hook, in, r, att.map(CtAttachment::state), p, r.packet()));
          return new NatOutcome(Optional.of(nftStop(ns, h, r, steps, key)), p);
        }
        if (r.nat().isEmpty()) {
          steps.add(nftStep(ns, h, hook, in, r, att.map(CtAttachment::state), p, r.packet()));
          p = r.packet();
          continue;
        }
        Optional<String> bad = NatBinding.bind(table(ns), c, r.nat().get(), hook, in);
        if (bad.isPresent()) {
          NftWalk.Result nm = notModelled(r, bad.get());
          steps.add(nftStep(ns, h, hook, in, nm, att.map(CtAttachment::state), p, r.packet()));
          return new NatOutcome(Optional.of(nftStop(ns, h, nm, steps, key)), p);
        }
        Ipv4Packet after = NatBinding.translate(c, att.get(), dstManip, r.packet());
        steps.add(nftStep(ns, h, hook, in, r, att.map(CtAttachment::state), p, after));
        return new NatOutcome(Optional.empty(), after);
      }
      return new NatOutcome(Optional.empty(), p);
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
              Optional.of(conn.get().entry()),
              p,
              after));
    }
    return new NatOutcome(Optional.empty(), after);
  }

  /**
   * {@code nf_nat_icmp_reply_translation} (net/netfilter/nf_nat_proto.c): a redirect would send the
   * hosts to each other around the translation, so an ICMP redirect RELATED to a connection that is
   * NATed, or whose NAT is not finished (both its DNAT and SNAT decisions made; a new connection's
   * first packet is redirected in {@code ip_forward}, before POSTROUTING), is dropped at the nat
   * point, after raw and mangle OUTPUT counted it. Kernel-checked on 6.18
   * (docs/kernel-agreement.md, "ICMP redirects": a NodePort SYN DNATed back out of its input
   * device; a plain forward with a conntrack match and a nat chain).
   */
  private Optional<HookResult> redirectDropped(
      Netns ns,
      Hook hook,
      Ipv4Packet p,
      Optional<CtAttachment> att,
      Optional<Connection> conn,
      List<Step> steps,
      Key key) {
    if (conn.isEmpty()
        || att.filter(CtAttachment::icmpError).isEmpty()
        || !(p.l4() instanceof L4.Icmp icmp && icmp.type() == L4.Icmp.REDIRECT)) {
      return Optional.empty();
    }
    Connection c = conn.get();
    boolean natted = c.dstNatted() || c.srcNatted();
    if (!natted && c.dstNatDone && c.srcNatDone) {
      return Optional.empty();
    }
    attached.remove(key);
    return Optional.of(
        new HookResult(
            NfVerdict.DROP,
            p,
            steps,
            Optional.of(new DropReason.NatDropsRedirect(ns.name(), natted)),
            Optional.empty()));
  }

  /** iptables' nat table at the nat point, for a new connection's first packet. */
  private NatOutcome iptablesNat(
      Netns ns,
      Hook hook,
      HookInput in,
      Ipv4Packet p,
      Optional<CtAttachment> att,
      List<Step> steps,
      Key key,
      Connection c,
      boolean dstManip) {
    TableWalk.Result r = walk(ns, NetfilterTable.NAT, hook, in, p, att);
    if (r.verdict() != NfVerdict.ACCEPT) {
      steps.add(
          step(ns, NetfilterTable.NAT, hook, in, r, att.map(CtAttachment::state), p, r.packet()));
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
          step(ns, NetfilterTable.NAT, hook, in, nm, att.map(CtAttachment::state), p, r.packet()));
      return new NatOutcome(Optional.of(stop(ns, hook, nm, steps, key)), p);
    }
    Ipv4Packet after = NatBinding.translate(c, att.get(), dstManip, r.packet());
    steps.add(step(ns, NetfilterTable.NAT, hook, in, r, att.map(CtAttachment::state), p, after));
    return new NatOutcome(Optional.empty(), after, r.nat().isPresent());
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

  private NftWalk.Result nftWalk(
      Netns ns,
      Nftables.Hooked chain,
      Hook hook,
      HookInput in,
      Ipv4Packet p,
      Optional<CtAttachment> att) {
    PacketView v =
        new PacketView(
            p, hook, in.in(), in.out(), in.physIn(), in.physOut(), att.map(CtAttachment::state));
    return new NftWalk(ns, chain, chooser).run(v);
  }

  private static Step nftStep(
      Netns ns,
      Nftables.Hooked chain,
      Hook hook,
      HookInput in,
      NftWalk.Result r,
      Optional<CtState> state,
      Ipv4Packet before,
      Ipv4Packet after) {
    return new Step.Nftables(
        ns.name(),
        chain.table().label(),
        chain.chain().name(),
        hook,
        chain.base().priority(),
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

  private HookResult nftStop(
      Netns ns, Nftables.Hooked chain, NftWalk.Result r, List<Step> steps, Key key) {
    attached.remove(key);
    String table = chain.table().label();
    Optional<CtState> st = ((Step.Nftables) steps.get(steps.size() - 1)).ctState();
    DropReason why =
        switch (r.verdict()) {
          case DROP, REJECT ->
              r.decided()
                  .<DropReason>map(
                      d ->
                          new DropReason.NftRuleDrop(
                              ns.name(), table, d.chain(), d.number(), d.rule(), r.reject(), st))
                  .orElseGet(
                      () -> new DropReason.NftPolicyDrop(ns.name(), table, chain.chain().name()));
          case NOT_MODELLED ->
              new DropReason.NotModelled(
                  ns.name(),
                  "nftables: "
                      + r.notModelled()
                      + r.decided()
                          .map(
                              d ->
                                  ruleAt(
                                      table,
                                      d.chain(),
                                      d.number(),
                                      d.rule().text(),
                                      d.rule().origin()))
                          .orElse(""));
          case ACCEPT -> throw new AssertionError("accepted");
        };
    return new HookResult(r.verdict(), r.packet(), steps, Optional.of(why), r.reject());
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
                            ruleAt(
                                String.valueOf(tableOf(steps)),
                                d.chain(),
                                d.number(),
                                d.rule().text(),
                                d.rule().origin()))
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
