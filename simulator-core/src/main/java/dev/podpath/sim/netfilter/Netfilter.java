package dev.podpath.sim.netfilter;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.CtState;
import dev.podpath.model.netfilter.Hook;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
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
 * chains on demand); a namespace without tables does nothing at all, and conntrack runs only in a
 * namespace with a rule that needs it (a NAT target, a conntrack/state/connmark match, CONNMARK,
 * NOTRACK, CT); without conntrack the nat chains are not traversed at all ({@code nf_nat_inet_fn}
 * returns at once for a packet without a connection). The nat table is consulted only for a connection's first packet; later packets and
 * replies get the stored translation, and ICMP errors about a connection are RELATED and have
 * their quoted packet translated back.
 */
public final class Netfilter {

  private record Key(NetnsName ns, long packetId) {}

  /** The connection a packet belongs to while it crosses one namespace ({@code skb->_nfct}). */
  private record Attachment(Optional<Connection> conn, boolean reply, CtState state, boolean icmpError) {}

  private final StatisticChooser chooser;
  private final RuleCounters counters = new RuleCounters();
  private final Map<NetnsName, ConntrackTable> conntrack = new HashMap<>();
  private final Map<Key, Attachment> attached = new HashMap<>();
  /** Whether a ruleset needs conntrack, computed once per (immutable) ruleset and shared by every run. */
  private static final com.google.common.cache.LoadingCache<Ruleset, Boolean> TRACKING =
      com.google.common.cache.CacheBuilder.newBuilder().weakKeys()
          .build(com.google.common.cache.CacheLoader.from(r -> r.rules().stream().anyMatch(Netfilter::needsConntrack)));

  private final boolean indexLongChains;

  public Netfilter(StatisticChoice choice) {
    this(choice, true);
  }

  /** With {@code indexLongChains} false every chain is walked rule by rule (to check {@link ChainIndex}). */
  Netfilter(StatisticChoice choice, boolean indexLongChains) {
    this.chooser = new StatisticChooser(choice);
    this.indexLongChains = indexLongChains;
  }

  /** Whether {@code ns} has any iptables table; without one, no hook does anything. */
  public static boolean present(Netns ns) {
    return !ns.netfilter().tables().isEmpty();
  }

  /** The namespace's ruleset with this run's counters added, as {@code iptables-save -c} prints it. */
  public Ruleset ruleset(Netns ns) {
    return counters.apply(ns.name(), ns.netfilter());
  }

  /** The confirmed connections of {@code ns}, as {@code conntrack -L} lists them. */
  public List<ConntrackEntry> conntrack(NetnsName ns) {
    ConntrackTable t = conntrack.get(ns);
    return t == null ? List.of() : t.entries();
  }

  /** Whether the packet already ran PREROUTING in {@code ns} (in the bridge, through br_netfilter). */
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
    return switch (hook) {
      case PREROUTING, OUTPUT -> first(ns, hook, in);
      case INPUT -> later(ns, hook, in, List.of(NetfilterTable.MANGLE, NetfilterTable.FILTER,
          NetfilterTable.SECURITY, NetfilterTable.NAT), true);
      case FORWARD -> later(ns, hook, in, List.of(NetfilterTable.MANGLE, NetfilterTable.FILTER,
          NetfilterTable.SECURITY), false);
      case POSTROUTING -> later(ns, hook, in, List.of(NetfilterTable.MANGLE, NetfilterTable.NAT), true);
    };
  }

  /** PREROUTING or OUTPUT: raw, then conntrack looks the packet up, then the other tables. */
  private HookResult first(Netns ns, Hook hook, HookInput in) {
    List<Step> steps = new ArrayList<>();
    Key key = new Key(ns.name(), in.packetId());
    Ipv4Packet p = in.packet();
    boolean notrack = false;
    Optional<Attachment> already = Optional.ofNullable(attached.get(key));
    Optional<CtState> shown = already.map(Attachment::state);
    if (ns.netfilter().builtin(NetfilterTable.RAW, hook).isPresent()) {
      TableWalk.Result r = walk(ns, NetfilterTable.RAW, hook, in, p, already);
      steps.add(step(ns, NetfilterTable.RAW, hook, in, r, shown, p, r.packet()));
      if (r.verdict() != NfVerdict.ACCEPT) {
        return stop(ns, hook, r, steps, key);
      }
      p = r.packet();
      notrack = r.notrack();
    }
    Attachment att;
    if (already.isPresent()) {
      att = already.get();
    } else if (!tracks(ns)) {
      att = null;
    } else if (notrack) {
      att = new Attachment(Optional.empty(), false, CtState.UNTRACKED, false);
    } else {
      att = track(ns, in, p);
      steps.add(new Step.Conntrack(ns.name(), hook, att.state(), att.reply(),
          att.conn().filter(c -> att.state() != CtState.NEW || c.confirmed).map(c -> c.entry().line()), p, p));
    }
    if (att != null) {
      attached.put(key, att);
    }
    List<NetfilterTable> rest = hook == Hook.OUTPUT
        ? List.of(NetfilterTable.MANGLE, NetfilterTable.NAT, NetfilterTable.FILTER, NetfilterTable.SECURITY)
        : List.of(NetfilterTable.MANGLE, NetfilterTable.NAT);
    return tables(ns, hook, in.withPacket(p), rest, steps, key, false);
  }

  /** INPUT, FORWARD, POSTROUTING: the tables in order, then (INPUT, POSTROUTING) conntrack confirms. */
  private HookResult later(Netns ns, Hook hook, HookInput in, List<NetfilterTable> order, boolean confirm) {
    return tables(ns, hook, in, order, new ArrayList<>(), new Key(ns.name(), in.packetId()), confirm);
  }

  private HookResult tables(Netns ns, Hook hook, HookInput in, List<NetfilterTable> order, List<Step> steps, Key key,
      boolean confirm) {
    Optional<Attachment> att = Optional.ofNullable(attached.get(key));
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
      steps.add(step(ns, table, hook, in, r, att.map(Attachment::state), p, r.packet()));
      if (r.verdict() != NfVerdict.ACCEPT) {
        return stop(ns, hook, r, steps, key);
      }
      p = r.packet();
    }
    if (confirm) {
      att.flatMap(Attachment::conn).ifPresent(c -> c.confirmed = true);
      attached.remove(key);
    }
    return HookResult.accept(p, steps);
  }

  /** The nat point's result: stopped (a DROP in nat, an impossible NAT), or the packet after it. */
  private record NatOutcome(Optional<HookResult> stopped, Ipv4Packet packet) {}

  /**
   * The nat point of a hook: DNAT at PREROUTING/OUTPUT, SNAT at INPUT/POSTROUTING. A new
   * connection's first packet consults the nat table (if its chain exists); every packet of a
   * NATed connection then gets the stored translation for its direction.
   */
  private NatOutcome nat(Netns ns, Hook hook, HookInput in, Ipv4Packet p, Optional<Attachment> att,
      List<Step> steps, Key key) {
    if (!ns.netfilter().hasTable(NetfilterTable.NAT)) {
      return new NatOutcome(Optional.empty(), p);
    }
    boolean dstManip = hook == Hook.PREROUTING || hook == Hook.OUTPUT;
    Optional<Connection> conn = att.flatMap(Attachment::conn);
    boolean consult = conn.isPresent() && !att.get().reply() && !att.get().icmpError()
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
          steps.add(step(ns, NetfilterTable.NAT, hook, in, r, att.map(Attachment::state), p, r.packet()));
          return new NatOutcome(Optional.of(stop(ns, hook, r, steps, key)), p);
        }
        Optional<String> bad = r.nat().flatMap(t -> bind(ns, c, t, hook, in, r.packet()));
        if (bad.isPresent()) {
          TableWalk.Result nm = new TableWalk.Result(NfVerdict.NOT_MODELLED, false, Optional.empty(), r.hits(),
              r.packet(), r.decided(), r.nat(), Optional.empty(), false, bad.get());
          steps.add(step(ns, NetfilterTable.NAT, hook, in, nm, att.map(Attachment::state), p, r.packet()));
          return new NatOutcome(Optional.of(stop(ns, hook, nm, steps, key)), p);
        }
        Ipv4Packet after = translate(c, att.get(), dstManip, r.packet());
        steps.add(step(ns, NetfilterTable.NAT, hook, in, r, att.map(Attachment::state), p, after));
        return new NatOutcome(Optional.empty(), after);
      }
    }
    if (conn.isEmpty()) {
      return new NatOutcome(Optional.empty(), p);
    }
    Ipv4Packet after = translate(conn.get(), att.get(), dstManip, p);
    if (!after.equals(p)) {
      steps.add(new Step.Conntrack(ns.name(), hook, att.get().state(), att.get().reply(),
          Optional.of(conn.get().entry().line()), p, after));
    }
    return new NatOutcome(Optional.empty(), after);
  }

  /** Sets the connection's translation from a NAT target; an error text if it cannot. */
  private Optional<String> bind(Netns ns, Connection c, Target t, Hook hook, HookInput in, Ipv4Packet p) {
    boolean dstManip = hook == Hook.PREROUTING || hook == Hook.OUTPUT;
    ConntrackTable table = table(ns.name());
    if (t instanceof Target.Dnat d && dstManip) {
      Ipv4Address a = d.to().minAddress().orElse(c.original.dst());
      int port = d.to().ports().map(r -> r.first()).orElse(c.original.dport());
      table.rekey(c, c.reply.withSrc(a, port));
    } else if (t instanceof Target.Redirect r && dstManip) {
      if (in.redirectTo().isEmpty()) {
        return Optional.of("REDIRECT found no address on the ingress device");
      }
      int port = r.toPorts().map(x -> x.first()).orElse(c.original.dport());
      table.rekey(c, c.reply.withSrc(in.redirectTo().get(), port));
    } else if (t instanceof Target.Snat s && !dstManip) {
      Ipv4Address a = s.to().minAddress().orElse(c.original.src());
      int sport = c.original.sport();
      int port = s.to().ports().filter(r -> !r.contains(sport)).map(r -> r.first()).orElse(sport);
      table.rekey(c, c.reply.withDst(a, port));
    } else if (t instanceof Target.Masquerade m && !dstManip) {
      if (in.masqueradeSource().isEmpty()) {
        return Optional.of("MASQUERADE found no address on the egress device " + in.out());
      }
      int sport = c.original.sport();
      int port = m.toPorts().filter(r -> !r.contains(sport)).map(r -> r.first()).orElse(sport);
      table.rekey(c, c.reply.withDst(in.masqueradeSource().get(), port));
    } else {
      return Optional.of("target \"" + t.save() + "\" in nat " + hook + " (the kernel refuses it there)");
    }
    return Optional.empty();
  }

  /**
   * The stored translation for the packet's direction ({@code nf_nat_packet}): at the DNAT point
   * the destination becomes the other direction's source, at the SNAT point the source becomes
   * the other direction's destination. An ICMP error has its quoted packet translated back
   * ({@code nf_nat_icmp_reply_translation}).
   */
  private static Ipv4Packet translate(Connection c, Attachment att, boolean dstManip, Ipv4Packet p) {
    boolean natted = dstManip ? (att.reply() ? c.srcNatted() : c.dstNatted())
        : (att.reply() ? c.dstNatted() : c.srcNatted());
    if (!natted) {
      return p;
    }
    Tuple other = c.tuple(!att.reply());
    if (att.icmpError() && p.l4() instanceof L4.Icmp icmp && icmp.quoted().isPresent()) {
      Ipv4Packet inner = icmp.quoted().get();
      Ipv4Packet outer;
      if (dstManip) {
        inner = Tuple.rewriteSrc(inner, other.src(), other.sport());
        outer = p.withDst(other.src());
      } else {
        inner = Tuple.rewriteDst(inner, other.dst(), other.dport());
        outer = p.withSrc(other.dst());
      }
      return outer.withL4(new L4.Icmp(icmp.type(), icmp.code(), icmp.id(), icmp.seq(), Optional.of(inner),
          icmp.mtu()));
    }
    return dstManip ? Tuple.rewriteDst(p, other.src(), other.sport()) : Tuple.rewriteSrc(p, other.dst(), other.dport());
  }

  /** Conntrack's lookup for a packet with no connection yet ({@code nf_conntrack_in}). */
  private Attachment track(Netns ns, HookInput in, Ipv4Packet p) {
    ConntrackTable table = table(ns.name());
    if (p.l4() instanceof L4.Icmp icmp && icmp.isError()) {
      // icmp_error_message: the quoted packet's tuple, inverted, is the tuple of the error's direction
      Optional<Tuple> inner = icmp.quoted().flatMap(Tuple::of);
      Optional<ConntrackTable.Found> f = inner.flatMap(t -> table.find(t.invert(), in.packetId(), true));
      return f.map(x -> new Attachment(Optional.of(x.conn()), x.reply(), CtState.RELATED, true))
          .orElse(new Attachment(Optional.empty(), false, CtState.INVALID, true));
    }
    Optional<Tuple> t = Tuple.of(p);
    if (t.isEmpty()) {
      return new Attachment(Optional.empty(), false, CtState.INVALID, false);
    }
    Optional<ConntrackTable.Found> f = table.find(t.get(), in.packetId(), false);
    if (f.isEmpty() && in.cause().isPresent()) {
      f = table.find(t.get(), in.cause().get(), false);
    }
    if (f.isPresent()) {
      Connection c = f.get().conn();
      boolean reply = f.get().reply();
      String flags = p.l4() instanceof L4.Tcp tcp ? tcp.flags() : "";
      if (reply) {
        c.seenReply = true;
        if (flags.contains("R")) {
          c.tcpState = "CLOSE";
        } else if (flags.contains("S") && flags.contains("A")) {
          c.tcpState = "SYN_RECV";
        }
        return new Attachment(Optional.of(c), true, CtState.ESTABLISHED, false);
      }
      if (c.original.protocol() == 6 && c.seenReply && flags.contains("A") && !flags.contains("R")) {
        c.tcpState = "ESTABLISHED";
        c.assured = true;
      }
      return new Attachment(Optional.of(c), false, c.seenReply ? CtState.ESTABLISHED : CtState.NEW, false);
    }
    if (p.l4() instanceof L4.Tcp tcp && (tcp.flags().contains("R") || tcp.flags().contains("S") && tcp.flags().contains("A"))) {
      return new Attachment(Optional.empty(), false, CtState.INVALID, false);
    }
    if (p.l4() instanceof L4.Icmp icmp && icmp.type() != L4.Icmp.ECHO_REQUEST) {
      return new Attachment(Optional.empty(), false, CtState.INVALID, false);
    }
    Connection c = table.create(t.get(), in.packetId());
    if (p.l4() instanceof L4.Tcp tcp && !tcp.isSyn()) {
      c.tcpState = "ESTABLISHED";
    }
    return new Attachment(Optional.of(c), false, CtState.NEW, false);
  }

  private ConntrackTable table(NetnsName ns) {
    return conntrack.computeIfAbsent(ns, n -> new ConntrackTable());
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
    if (t instanceof Target.Connmark || t instanceof Target.Notrack || t instanceof Target.Ct
        || t instanceof Target.Dnat || t instanceof Target.Snat || t instanceof Target.Masquerade
        || t instanceof Target.Redirect) {
      return true;
    }
    return r.matches().stream().anyMatch(m -> m instanceof Match.Conntrack || m instanceof Match.State
        || m instanceof Match.Connmark);
  }

  private TableWalk.Result walk(Netns ns, NetfilterTable table, Hook hook, HookInput in, Ipv4Packet p,
      Optional<Attachment> att) {
    PacketView v = new PacketView(p, hook, in.in(), in.out(), in.physIn(), in.physOut(), att.map(Attachment::state));
    TableWalk w = new TableWalk(ns, table, chooser, counters, att.flatMap(Attachment::conn),
        att.map(Attachment::reply).orElse(false), indexLongChains);
    return w.run(hook, v);
  }

  private static Step step(Netns ns, NetfilterTable table, Hook hook, HookInput in, TableWalk.Result r,
      Optional<CtState> state, Ipv4Packet before, Ipv4Packet after) {
    return new Step.Netfilter(ns.name(), table, hook, r.hits(), r.verdict(), r.byPolicy(), r.policy(), in.in(),
        in.out(), state, before, after);
  }

  private HookResult stop(Netns ns, Hook hook, TableWalk.Result r, List<Step> steps, Key key) {
    attached.remove(key);
    DropReason why = switch (r.verdict()) {
      case DROP -> r.decided()
          .<DropReason>map(d -> new DropReason.RuleDrop(ns.name(), tableOf(steps), d.chain(), d.number(), d.rule(),
              Optional.empty()))
          .orElseGet(() -> new DropReason.PolicyDrop(ns.name(), tableOf(steps), hook.name()));
      case REJECT -> {
        TableWalk.Decided d = r.decided().orElseThrow();
        yield new DropReason.RuleReject(ns.name(), tableOf(steps), d.chain(), d.number(), d.rule(), r.reject().orElseThrow());
      }
      case NOT_MODELLED -> {
        String rule = r.decided().map(d -> " at " + tableOf(steps) + " " + d.chain() + " #" + d.number() + " \""
            + d.rule().text() + "\"" + (d.rule().origin().isKernel() ? "" : " (" + d.rule().origin().location() + ")"))
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
