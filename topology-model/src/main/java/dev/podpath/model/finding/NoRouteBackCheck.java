package dev.podpath.model.finding;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.BaseChain;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.NftExpr;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A host that a namespace's packets reach through one router, but that has no route back to their
 * source: the request arrives, the answer cannot leave (the sender sees plain silence). Checked for
 * each route via a gateway: the router's other connected subnets the route covers, and each host on
 * them. An error when the sender's route is specific; a warning when it is its default route
 * (traffic from pods to the world usually relies on a NAT elsewhere). Not concluded where the
 * router translates sources (a SNAT or MASQUERADE rule in its nat table, an nft {@code snat} or
 * {@code masquerade} statement in a table with a nat chain, or rules not known): the hosts may then
 * answer the router itself.
 */
final class NoRouteBackCheck implements Check {

  private record Seen(String from, String host, Ipv4Address source) {}

  @Override
  public List<Finding> find(Survey survey) {
    NetworkFacts facts = survey.facts();
    Shell shell = new Shell(facts);
    List<Finding> out = new ArrayList<>();
    Set<Seen> seen = new HashSet<>();
    Map<Netns, Boolean> translating = new IdentityHashMap<>();
    for (Gateways.Use use : survey.gatewayUses()) {
      Netns x = use.from();
      Netns y = use.router();
      if (x == y || translating.computeIfAbsent(y, NoRouteBackCheck::translatesSources)) {
        continue;
      }
      Optional<IfAddress> src = Gateways.source(x, use.route(), use.hop());
      if (src.isEmpty()) {
        continue;
      }
      Ipv4Address s = src.get().address();
      for (NetDevice f : y.deviceList()) {
        if (f == use.arrival() || !f.up() || f.isLoopback()) {
          continue;
        }
        for (IfAddress ya : f.addresses()) {
          if (!Gateways.global(ya) || ya.prefixLength() >= 31) {
            continue;
          }
          for (DeviceRef st : survey.segment(new DeviceRef(y.name(), f.name())).stations()) {
            Netns z = facts.topology().require(st.netns());
            if (z == x || z == y) {
              continue;
            }
            for (IfAddress za : facts.topology().device(st).orElseThrow().addresses()) {
              if (!ya.connectedPrefix().contains(za.address())) {
                continue;
              }
              Ipv4Address zip = za.address();
              if (!(Fib.output(x, zip) instanceof Fib.Hit hx) || hx.route() != use.route()) {
                continue;
              }
              if (!(Fib.lookup(y, zip, Optional.of(s), use.arrival().name()) instanceof Fib.Hit hy)
                  || !hy.forwards()
                  || !hy.route().uses(f.name())) {
                continue;
              }
              Fib.Result back = Fib.lookup(z, s, Optional.of(zip), "lo");
              boolean none =
                  back instanceof Fib.Miss
                      || back instanceof Fib.Refused
                      || back instanceof Fib.Hit hb && hb.drops();
              if (!none || !seen.add(new Seen(x.name().toString(), z.name().toString(), s))) {
                continue;
              }
              List<Evidence> ev =
                  new ArrayList<>(
                      List.of(
                          Evidence.of(x.name(), use.route(), use.route().origin()),
                          Evidence.of(
                              x.name(), src.get() + " on " + use.hop().dev(), src.get().origin()),
                          Evidence.of(y.name(), hy.route(), hy.route().origin()),
                          Evidence.of(z.name(), za + " on " + st.name(), za.origin())));
              if (back instanceof Fib.Hit hb) {
                ev.add(Evidence.of(z.name(), hb.route(), hb.route().origin()));
              }
              Severity sev =
                  use.route().destination().isDefault() ? Severity.WARNING : Severity.ERROR;
              out.add(
                  new Finding(
                      Code.NO_ROUTE_BACK,
                      sev,
                      z.name().toString(),
                      x.name()
                          + "'s packets from "
                          + s
                          + " reach "
                          + z.name()
                          + " ("
                          + zip
                          + ") through "
                          + y.name()
                          + " ("
                          + x.name()
                          + ": "
                          + use.route().destination().toRouteString()
                          + " "
                          + Routes.target(use.route())
                          + "), but "
                          + z.name()
                          + " has no route back to "
                          + s
                          + (back instanceof Fib.Hit hb ? " (" + hb.route() + " drops it)" : "")
                          + ": its answers cannot leave, and "
                          + x.name()
                          + " sees silence.",
                      ev,
                      List.of(
                          new Fix(
                              shell.ip(
                                  z.name(),
                                  "route add "
                                      + src.get().connectedPrefix()
                                      + " via "
                                      + ya.address()),
                              z.name()
                                  + " then answers "
                                  + src.get().connectedPrefix()
                                  + " through "
                                  + y.name()
                                  + ", the way the packets came"))));
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * Whether the router may rewrite sources (then the hosts behind it may answer it, not the
   * sender).
   */
  static boolean translatesSources(Netns y) {
    if (!y.netfilter().isKnown()) {
      return true;
    }
    return y.netfilter().chains(NetfilterTable.NAT).stream()
            .flatMap(c -> c.rules().stream())
            .anyMatch(
                r ->
                    r.target() instanceof Target.Snat
                        || r.target() instanceof Target.Masquerade
                        || r.target() instanceof Target.NotModelled
                        || r.target() instanceof Target.Unreadable)
        || nftTranslatesSources(y);
  }

  /**
   * nftables: a {@code snat} or {@code masquerade} statement, or a statement podpath does not
   * model, in any chain of an IPv4 table (ip, inet) that has a {@code type nat} base chain (its
   * regular chains are reached from there, as kube-proxy's are).
   */
  private static boolean nftTranslatesSources(Netns y) {
    return y.netfilter().nft().tables().stream()
        .filter(t -> t.family().modelled())
        .filter(
            t ->
                t.chains().values().stream()
                    .anyMatch(c -> c.base().map(b -> b.type() == BaseChain.Type.NAT).orElse(false)))
        .flatMap(t -> t.chains().values().stream())
        .flatMap(c -> c.rules().stream())
        .flatMap(r -> r.exprs().stream())
        .anyMatch(
            e ->
                e instanceof NftExpr.Nat n
                        && (n.target() instanceof Target.Snat
                            || n.target() instanceof Target.Masquerade)
                    || e instanceof NftExpr.NotModelled);
  }
}
