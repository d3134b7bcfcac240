package dev.podpath.sim.netfilter;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.AddressType;
import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.CtState;
import dev.podpath.model.netfilter.CtStatus;
import dev.podpath.model.netfilter.IpSet;
import dev.podpath.model.netfilter.Match;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.packet.Ipv4Packet;
import dev.podpath.model.packet.L4;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.topo.Netns;
import dev.podpath.sim.outcome.NfRuleHit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether one rule's matches all hold for a packet, match by match in the rule's order, as the
 * kernel evaluates them (the first failing match ends the rule). A {@link Match.NotModelled}
 * reached (all earlier matches held) makes the result {@link Result#NOT_MODELLED}: never a silent
 * non-match.
 */
final class RuleMatcher {

  /** The outcome of one rule. */
  enum Result {
    MATCH,
    NO_MATCH,
    NOT_MODELLED
  }

  private final Netns ns;
  private final NetfilterTable table;
  private final StatisticChooser chooser;
  private final Optional<Connection> conn;
  private final boolean reply;

  /**
   * Set by the last {@link #evaluate}: the statistic decision, flags, and what was not modelled.
   */
  Optional<StatisticChooser.Decision> statistic = Optional.empty();

  final List<String> flags = new ArrayList<>();
  String notModelled = "";

  RuleMatcher(
      Netns ns,
      NetfilterTable table,
      StatisticChooser chooser,
      Optional<Connection> conn,
      boolean reply) {
    this.ns = ns;
    this.table = table;
    this.chooser = chooser;
    this.conn = conn;
    this.reply = reply;
  }

  Result evaluate(PacketView v, Chain chain, int number, Rule rule) {
    statistic = Optional.empty();
    flags.clear();
    notModelled = "";
    // ip_packet_match: the IP header fields (-s, -d, -p, -i, -o, -f) before any match module
    // indexed loops: an iterator per rule and pass is most of what a walk through 110,008 rules
    // would allocate
    List<Match> matches = rule.matches();
    int count = matches.size();
    for (int k = 0; k < count; k++) {
      Match m = matches.get(k);
      if (isHeader(m) && !holds(m, v)) {
        return Result.NO_MATCH;
      }
    }
    for (int k = 0; k < count; k++) {
      Match m = matches.get(k);
      if (isHeader(m)) {
        continue;
      }
      if (m instanceof Match.NotModelled || isUnsupported(m)) {
        notModelled = "match \"" + m.save() + "\" is not modelled";
        return Result.NOT_MODELLED;
      }
      if (m instanceof Match.Statistic s) {
        StatisticChooser.Decision d = chooser.decide(ns.name(), table, chain, number, rule, s);
        statistic = Optional.of(d);
        if (!d.matched()) {
          return Result.NO_MATCH;
        }
        continue;
      }
      if (!holds(m, v)) {
        return Result.NO_MATCH;
      }
    }
    return Result.MATCH;
  }

  private static boolean isHeader(Match m) {
    return m instanceof Match.Source
        || m instanceof Match.Destination
        || m instanceof Match.Protocol
        || m instanceof Match.InInterface
        || m instanceof Match.OutInterface
        || m instanceof Match.Fragment;
  }

  /** Options of known modules whose effect depends on what podpath does not simulate. */
  private static boolean isUnsupported(Match m) {
    if (m instanceof Match.Tcp t) {
      return t.option().isPresent();
    } else if (m instanceof Match.Conntrack c) {
      for (Match.Conntrack.Criterion x : c.criteria()) {
        if (x instanceof Match.Conntrack.Expire) {
          return true;
        }
      }
      return false;
    } else if (m instanceof Match.SetMatch s) {
      return !s.options().isEmpty();
    }
    return false;
  }

  private boolean holds(Match m, PacketView v) {
    Ipv4Packet p = v.packet();
    if (m instanceof Match.Source s) {
      return s.prefix().contains(p.src()) != s.negated();
    } else if (m instanceof Match.Destination d) {
      return d.prefix().contains(p.dst()) != d.negated();
    } else if (m instanceof Match.Protocol pr) {
      return pr.number() == 0 ? !pr.negated() : pr.matches(p.protocol());
    } else if (m instanceof Match.InInterface i) {
      return i.matches(v.in());
    } else if (m instanceof Match.OutInterface o) {
      return o.matches(v.out());
    } else if (m instanceof Match.Fragment f) {
      return f.negated();
    } else if (m instanceof Match.Tcp t) {
      if (!(p.l4() instanceof L4.Tcp tcp)) {
        return false;
      }
      return t.sourcePort().map(x -> x.matches(tcp.sport())).orElse(true)
          && t.destinationPort().map(x -> x.matches(tcp.dport())).orElse(true)
          && t.flags().map(f -> f.matches(tcp.flags())).orElse(true);
    } else if (m instanceof Match.Udp u) {
      if (!(p.l4() instanceof L4.Udp udp)) {
        return false;
      }
      return u.sourcePort().map(x -> x.matches(udp.sport())).orElse(true)
          && u.destinationPort().map(x -> x.matches(udp.dport())).orElse(true);
    } else if (m instanceof Match.IcmpType it) {
      return p.l4() instanceof L4.Icmp icmp && it.matches(icmp.type(), icmp.code());
    } else if (m instanceof Match.Multiport mp) {
      int[] ports = ports(p);
      return ports != null && mp.matches(ports[0], ports[1]);
    } else if (m instanceof Match.Conntrack c) {
      return conntrack(c, v);
    } else if (m instanceof Match.State s) {
      return v.state().map(s::matches).orElse(s.negated() != s.states().contains(CtState.INVALID));
    } else if (m instanceof Match.Mark mk) {
      return mk.matches(p.mark());
    } else if (m instanceof Match.Connmark cm) {
      return conn.map(c -> cm.matches(c.mark)).orElse(false);
    } else if (m instanceof Match.Comment) {
      return true;
    } else if (m instanceof Match.AddrType a) {
      return addrType(a, v);
    } else if (m instanceof Match.Physdev pd) {
      return physdev(pd, v);
    } else if (m instanceof Match.SetMatch s) {
      return set(s, p);
    } else if (m instanceof Match.Limit) {
      flags.add("limit: rate not simulated, treated as matching");
      return true;
    } else if (m instanceof Match.Recent) {
      flags.add("recent: address list not simulated, treated as matching");
      return true;
    }
    throw new AssertionError(m);
  }

  private static int[] ports(Ipv4Packet p) {
    if (p.l4() instanceof L4.Tcp t) {
      return new int[] {t.sport(), t.dport()};
    } else if (p.l4() instanceof L4.Udp u) {
      return new int[] {u.sport(), u.dport()};
    }
    return null;
  }

  private boolean conntrack(Match.Conntrack c, PacketView v) {
    for (Match.Conntrack.Criterion cr : c.criteria()) {
      if (cr instanceof Match.Conntrack.States s) {
        Set<CtState> bits = EnumSet.of(v.state().orElse(CtState.INVALID));
        conn.ifPresent(
            x -> {
              if (x.srcNatted()) {
                bits.add(CtState.SNAT);
              }
              if (x.dstNatted()) {
                bits.add(CtState.DNAT);
              }
            });
        boolean any = false;
        for (CtState st : s.states()) {
          any |= bits.contains(st);
        }
        if (any == s.negated()) {
          return false;
        }
        continue;
      }
      if (conn.isEmpty()) {
        return false;
      }
      Connection x = conn.get();
      boolean ok;
      if (cr instanceof Match.Conntrack.Proto pr) {
        ok = (x.original.protocol() == pr.number()) != pr.negated();
      } else if (cr instanceof Match.Conntrack.Address a) {
        ok = a.prefix().contains(address(x, a.tuple())) != a.negated();
      } else if (cr instanceof Match.Conntrack.Port pt) {
        ok = x.original.protocol() != 1 && pt.range().contains(port(x, pt.tuple())) != pt.negated();
      } else if (cr instanceof Match.Conntrack.Status st) {
        boolean any = false;
        for (CtStatus s : st.statuses()) {
          any |=
              switch (s) {
                case NONE, EXPECTED -> false;
                case SEEN_REPLY -> x.seenReply;
                case ASSURED -> x.assured;
                case CONFIRMED -> x.confirmed;
              };
        }
        ok = any != st.negated();
      } else if (cr instanceof Match.Conntrack.Direction d) {
        ok = d.reply() == reply;
      } else {
        throw new AssertionError(cr);
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static Ipv4Address address(Connection c, Match.Conntrack.Tuple t) {
    return switch (t) {
      case ORIGSRC -> c.original.src();
      case ORIGDST -> c.original.dst();
      case REPLSRC -> c.reply.src();
      case REPLDST -> c.reply.dst();
    };
  }

  private static int port(Connection c, Match.Conntrack.Tuple t) {
    return switch (t) {
      case ORIGSRC -> c.original.sport();
      case ORIGDST -> c.original.dport();
      case REPLSRC -> c.reply.sport();
      case REPLDST -> c.reply.dport();
    };
  }

  private boolean addrType(Match.AddrType a, PacketView v) {
    Optional<String> limitDev =
        a.limitIfaceIn()
            ? Optional.of(v.in())
            : a.limitIfaceOut() ? Optional.of(v.out()) : Optional.empty();
    if (!a.sourceTypes().isEmpty()
        && a.sourceTypes().contains(AddrTypes.of(ns, v.packet().src(), limitDev))
            == a.sourceNegated()) {
      return false;
    }
    return a.destinationTypes().isEmpty()
        || a.destinationTypes().contains(AddrTypes.of(ns, v.packet().dst(), limitDev))
            != a.destinationNegated();
  }

  private static boolean physdev(Match.Physdev pd, PacketView v) {
    if (v.physIn().isEmpty() && v.physOut().isEmpty()) {
      // xt_physdev: not a bridged packet; every positive option fails, every negated one holds
      return pd.isBridged().orElse(false) == false
          && pd.isIn().orElse(false) == false
          && pd.isOut().orElse(false) == false
          && (pd.in().isEmpty() || pd.inNegated())
          && (pd.out().isEmpty() || pd.outNegated());
    }
    if (pd.isBridged().isPresent() && v.bridged() != pd.isBridged().get()) {
      return false;
    }
    if (pd.isIn().isPresent() && v.physIn().isPresent() != pd.isIn().get()) {
      return false;
    }
    if (pd.isOut().isPresent() && v.physOut().isPresent() != pd.isOut().get()) {
      return false;
    }
    if (pd.in().isPresent()
        && ifaceMatches(pd.in().get(), v.physIn().orElse("")) == pd.inNegated()) {
      return false;
    }
    return pd.out().isEmpty()
        || ifaceMatches(pd.out().get(), v.physOut().orElse("")) != pd.outNegated();
  }

  private static boolean ifaceMatches(String pattern, String dev) {
    return pattern.endsWith("+")
        ? dev.startsWith(pattern.substring(0, pattern.length() - 1))
        : pattern.equals(dev);
  }

  private boolean set(Match.SetMatch s, Ipv4Packet p) {
    Optional<IpSet> found = ns.netfilter().ipset(s.name());
    if (found.isEmpty()) {
      return s.negated();
    }
    IpSet set = found.get();
    List<String> dims = set.dimensions();
    boolean any = false;
    for (IpSet.Member member : set.members()) {
      boolean all = true;
      for (int i = 0; i < member.elements().size() && all; i++) {
        Match.SetMatch.Flag flag =
            i < s.flags().size() ? s.flags().get(i) : s.flags().get(s.flags().size() - 1);
        all = element(member.elements().get(i), flag == Match.SetMatch.Flag.SRC, p);
      }
      if (all && member.elements().size() == dims.size()) {
        any = true;
        break;
      }
    }
    return any != s.negated();
  }

  private static boolean element(IpSet.Element e, boolean src, Ipv4Packet p) {
    if (e instanceof IpSet.Element.Net n) {
      return n.prefix().contains(src ? p.src() : p.dst());
    } else if (e instanceof IpSet.Element.Port pt) {
      if (pt.protocol() != p.protocol()) {
        return false;
      }
      if (p.l4() instanceof L4.Icmp icmp) {
        return pt.port() == (icmp.type() << 8 | icmp.code());
      }
      int[] ports = ports(p);
      return ports != null && pt.port() == (src ? ports[0] : ports[1]);
    } else if (e instanceof IpSet.Element.Mark mk) {
      return mk.mark() == p.mark();
    }
    return false;
  }

  /** The hit to record for a rule met: statistic decision and flags as evaluated. */
  NfRuleHit hit(
      String chain, int number, Rule rule, boolean matched, double branchProbability, int skipped) {
    Optional<NfRuleHit.StatisticDecision> st =
        statistic.map(
            d ->
                new NfRuleHit.StatisticDecision(
                    d.probability(), d.matched(), d.pinned(), branchProbability));
    return new NfRuleHit(chain, number, rule, matched, st, flags, skipped);
  }

  /**
   * Route-type classification of addresses for {@code -m addrtype} ({@code inet_dev_addr_type}).
   */
  static final class AddrTypes {
    private AddrTypes() {}

    static AddressType of(Netns ns, Ipv4Address a, Optional<String> dev) {
      if (a.isAny() || a.isLimitedBroadcast()) {
        return AddressType.BROADCAST;
      }
      if (a.isMulticast()) {
        return AddressType.MULTICAST;
      }
      // __inet_dev_addr_type: the local table's best match; with a device, only if it is the
      // route's
      List<Route> found = ns.routing().table(255).matches(a);
      if (found.isEmpty()) {
        return AddressType.UNICAST;
      }
      Route r = found.get(0);
      if (dev.isPresent() && !r.uses(dev.get())) {
        return AddressType.UNICAST;
      }
      RouteType t = r.type();
      return AddressType.valueOf(t.name());
    }
  }
}
