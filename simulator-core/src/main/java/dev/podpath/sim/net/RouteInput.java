package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.errno.Errno;
import dev.podpath.model.packet.L4;
import dev.podpath.model.route.Route;
import dev.podpath.model.route.RouteScope;
import dev.podpath.model.route.RouteType;
import dev.podpath.model.route.RoutingRule;
import dev.podpath.model.route.TableIds;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.sim.outcome.DropReason;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The input routing decision ({@code ip_route_input_slow}) and source validation ({@code
 * fib_validate_source}): local or forward, and when not, why, and which ICMP the kernel answers
 * with (section 5 and 6 of kernel-semantics.md). Pure: reads only the model.
 */
final class RouteInput {

  private RouteInput() {}

  static InputDecision decide(Netns ns, Ipv4Address dst, Ipv4Address src, String iif, long mark) {
    return decide(ns, dst, src, iif, mark, MultipathChoice.FIRST);
  }

  /**
   * As {@link #decide(Netns, Ipv4Address, Ipv4Address, String, long)}, a multipath route's next hop
   * as {@code multipath} forces it.
   */
  static InputDecision decide(
      Netns ns,
      Ipv4Address dst,
      Ipv4Address src,
      String iif,
      long mark,
      MultipathChoice multipath) {
    DeviceRef in = new DeviceRef(ns.name(), iif);
    Sysctls s = ns.sysctls();
    boolean forwarding = s.forwarding(iif);
    FibResult res = FibLookup.lookup(ns, FibLookup.Key.input(dst, src, iif, mark));
    if (res instanceof FibResult.Failed f) {
      if (!forwarding) {
        return new InputDecision.Drop(
            new DropReason.ForwardingDisabled(in), OptionalInt.empty(), Errno.EHOSTUNREACH);
      }
      return failure(ns, dst, f);
    }
    FibResult.Found found = ((FibResult.Found) res).pinned(ns.name(), multipath);
    RouteType type = found.route().type();
    if (type == RouteType.LOCAL || type == RouteType.BROADCAST) {
      Optional<DropReason> bad = validateSource(ns, src, dst, iif, mark);
      return bad.<InputDecision>map(
              r -> new InputDecision.Drop(r, OptionalInt.empty(), Errno.EINVAL))
          .orElse(new InputDecision.Local(found));
    }
    if (!forwarding) {
      return new InputDecision.Drop(
          new DropReason.ForwardingDisabled(in), OptionalInt.empty(), Errno.EHOSTUNREACH);
    }
    if (type != RouteType.UNICAST || found.hop().isEmpty()) {
      return new InputDecision.Drop(
          new DropReason.MartianDestination(in, dst), OptionalInt.empty(), Errno.EINVAL);
    }
    Optional<DropReason> bad = validateSource(ns, src, dst, iif, mark);
    if (bad.isPresent()) {
      return new InputDecision.Drop(bad.get(), OptionalInt.empty(), Errno.EINVAL);
    }
    return new InputDecision.Forward(found, found.hop().get());
  }

  private static InputDecision failure(Netns ns, Ipv4Address dst, FibResult.Failed f) {
    DropReason reason;
    if (f.route().isPresent()) {
      reason = new DropReason.RouteType(ns.name(), f.route().get());
    } else if (f.rule().isPresent() && f.rule().get().action() instanceof RoutingRule.Action.Fail) {
      reason = new DropReason.RuleAction(ns.name(), f.rule().get());
    } else {
      reason = new DropReason.NoRoute(ns.name(), dst, f.tablesTried());
    }
    switch (f.errno()) {
      case ENETUNREACH:
        return new InputDecision.Drop(reason, OptionalInt.of(L4.Icmp.NET_UNREACH), f.errno());
      case EHOSTUNREACH:
        return new InputDecision.Drop(reason, OptionalInt.of(L4.Icmp.HOST_UNREACH), f.errno());
      case EACCES:
        return new InputDecision.Drop(reason, OptionalInt.of(L4.Icmp.ADMIN_PROHIBITED), f.errno());
      default:
        return new InputDecision.Drop(reason, OptionalInt.empty(), f.errno());
    }
  }

  /**
   * The mark of {@code fib_validate_source}'s reverse lookup: the packet's only with {@code
   * src_valid_mark} on (all or the device), otherwise 0, so a mark set in PREROUTING does not steer
   * the route back (kernel-checked: test resources random/rp-filter-mark.sh, random seed 178).
   */
  static long reverseMark(Sysctls s, String iif, long mark) {
    return s.confAll("src_valid_mark") != 0 || s.conf(iif, "src_valid_mark") != 0 ? mark : 0;
  }

  /** fib_validate_source: rp_filter and martian sources; empty when the source is acceptable. */
  static Optional<DropReason> validateSource(
      Netns ns, Ipv4Address src, Ipv4Address dst, String iif, long mark) {
    Sysctls s = ns.sysctls();
    DeviceRef in = new DeviceRef(ns.name(), iif);
    int rpf = s.rpFilter(iif);
    boolean acceptLocal = s.acceptLocal(iif);
    if (rpf == 0) {
      if (acceptLocal) {
        return Optional.empty();
      }
      if (!hasCustomRulesOrLocalRoutes(ns)) {
        return ns.ownsAddress(src)
            ? Optional.of(new DropReason.MartianSource(in, src))
            : Optional.empty();
      }
    }
    FibResult rev =
        FibLookup.lookup(
            ns,
            new FibLookup.Key(
                src, dst, "lo", Optional.empty(), reverseMark(s, iif, mark), RouteScope.GLOBAL));
    if (rev instanceof FibResult.Failed) {
      return rpf != 0
          ? Optional.of(new DropReason.RpFilter(in, src, rpf, Optional.empty()))
          : Optional.empty();
    }
    Route back = ((FibResult.Found) rev).route();
    if (back.type() != RouteType.UNICAST && !(back.type() == RouteType.LOCAL && acceptLocal)) {
      return Optional.of(new DropReason.MartianSource(in, src));
    }
    boolean devMatch = back.uses(iif) || (back.type() == RouteType.LOCAL && iif.equals("lo"));
    if (devMatch) {
      return Optional.empty();
    }
    boolean noAddr = ns.device(iif).map(NetDevice::addresses).map(List::isEmpty).orElse(true);
    if (noAddr) {
      return rpf != 0
          ? Optional.of(new DropReason.RpFilter(in, src, rpf, Optional.of(back)))
          : Optional.empty();
    }
    if (rpf == 1) {
      return Optional.of(new DropReason.RpFilter(in, src, rpf, Optional.of(back)));
    }
    return Optional.empty();
  }

  private static final List<RoutingRule> DEFAULT_RULES = RoutingRule.defaults();

  // loops, not streams, and the default rules made once: asked for every packet received
  static boolean hasCustomRulesOrLocalRoutes(Netns ns) {
    List<RoutingRule> rules = ns.routing().rules();
    if (rules.size() != DEFAULT_RULES.size()) {
      return true;
    }
    for (int i = 0; i < rules.size(); i++) {
      RoutingRule a = rules.get(i);
      RoutingRule b = DEFAULT_RULES.get(i);
      if (a.priority() != b.priority()
          || !a.action().equals(b.action())
          || a.from().isPresent()
          || a.to().isPresent()
          || a.iif().isPresent()
          || a.oif().isPresent()
          || a.fwmark().isPresent()
          || a.invert()) {
        return true;
      }
    }
    for (Route r : ns.routing().table(TableIds.LOCAL).routes()) {
      if (!r.protocol().isKernel()) {
        return true;
      }
    }
    return false;
  }
}
