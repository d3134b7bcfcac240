package dev.podpath.trace;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.netfilter.Chain;
import dev.podpath.model.netfilter.NatRange;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.route.NextHop;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.net.MultipathChoice;
import dev.podpath.sim.net.NexthopPin;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.sim.netfilter.StatisticBranches;
import dev.podpath.sim.netfilter.StatisticChoice;
import dev.podpath.sim.netfilter.StatisticPin;
import dev.podpath.sim.outcome.NfRuleHit;
import dev.podpath.sim.outcome.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The ways a packet can go where {@code -m statistic --mode random} rules or nft {@code numgen
 * random} verdict maps choose (kube-proxy's endpoint choice) and where a multipath route's flow
 * hash does (ECMP), each traced with the choice forced, and with its probability (a next hop's is
 * its weight's share).
 *
 * <pre>{@code
 * Branches.all(topology, probe, SimConfig.defaults(), 64)
 *   // 3 traces: KUBE-SEP-A (p=1/3), KUBE-SEP-B (p=1/3), KUBE-SEP-C (p=1/3)
 * }</pre>
 */
public final class Branches {

  private Branches() {}

  /**
   * One way through every statistic choice the packet met.
   *
   * @param pins the branches forced ({@link StatisticChoice.Pinned}), in the order the packet met
   *     them
   * @param nexthops the next hops of multipath routes forced, in the order the packet met them
   * @param probability the product of the chosen branches' probabilities
   */
  public record Branch(
      List<StatisticPin> pins, List<NexthopPin> nexthops, double probability, Trace trace) {

    public Branch {
      pins = List.copyOf(pins);
      nexthops = List.copyOf(nexthops);
    }
  }

  /**
   * Every branch, or the first {@code limit} of them; a packet that meets no statistic rule has
   * one.
   */
  public static List<Branch> all(Topology topology, Probe probe, SimConfig config, int limit) {
    return explore(topology, probe, config, limit, true);
  }

  /**
   * Every next hop of the multipath routes the packet meets, each traced with the choice forced
   * (the statistic rules as {@code config} draws them); one branch when it meets none.
   */
  public static List<Branch> nextHops(Topology topology, Probe probe, SimConfig config, int limit) {
    return explore(topology, probe, config, limit, false);
  }

  private static List<Branch> explore(
      Topology topology, Probe probe, SimConfig config, int limit, boolean statistic) {
    record Pending(List<StatisticPin> pins, List<NexthopPin> nexthops, double probability) {}
    Deque<Pending> queue = new ArrayDeque<>();
    queue.add(new Pending(List.of(), List.of(), 1.0));
    List<Branch> out = new ArrayList<>();
    while (!queue.isEmpty() && out.size() < limit) {
      Pending p = queue.poll();
      StatisticChoice choice =
          p.pins().isEmpty()
              ? config.statistic()
              : new StatisticChoice.Pinned(
                  new LinkedHashSet<>(p.pins()), config.statistic().seed());
      MultipathChoice forced = config.multipath().with(p.nexthops());
      Trace t = Tracer.trace(topology, probe, config.withStatistic(choice).withMultipath(forced));
      Optional<Chain> open =
          statistic ? firstUnpinnedChoice(topology, t, p.pins()) : Optional.empty();
      if (open.isPresent()) {
        for (StatisticBranches.Branch b : StatisticBranches.of(open.get())) {
          List<StatisticPin> pins = new ArrayList<>(p.pins());
          pins.add(b.pin(open.get().name()));
          queue.add(
              new Pending(List.copyOf(pins), p.nexthops(), p.probability() * b.probability()));
        }
        continue;
      }
      Optional<List<NumgenBranch>> numgen =
          statistic ? firstUnpinnedNumgen(topology, t) : Optional.empty();
      if (numgen.isPresent()) {
        for (NumgenBranch b : numgen.get()) {
          List<StatisticPin> pins = new ArrayList<>(p.pins());
          pins.add(new StatisticPin.Target(b.chain()));
          queue.add(
              new Pending(List.copyOf(pins), p.nexthops(), p.probability() * b.probability()));
        }
        continue;
      }
      Optional<Step.RouteSelected> multipath = firstUnpinnedMultipath(t, forced);
      if (multipath.isPresent()) {
        Step.RouteSelected r = multipath.get();
        List<NextHop> hops = r.route().nextHops();
        int total = hops.stream().mapToInt(NextHop::weight).sum();
        for (int i = 0; i < hops.size(); i++) {
          List<NexthopPin> nexthops = new ArrayList<>(p.nexthops());
          nexthops.add(NexthopPin.of(r.netns(), r.route(), i));
          queue.add(
              new Pending(
                  p.pins(), List.copyOf(nexthops), p.probability() * hops.get(i).weight() / total));
        }
        continue;
      }
      out.add(new Branch(p.pins(), p.nexthops(), p.probability(), t));
    }
    return out;
  }

  /** A chain a {@code numgen} verdict map goes to, and the share of the draws that go there. */
  private record NumgenBranch(String chain, double probability) {}

  /**
   * The branches of the first {@code numgen random mod N vmap {...}} the trace drew from (no pin
   * decided it): one per element whose verdict goes to a chain, with the share of the N values its
   * key covers (kube-proxy's nftables mode writes one value per endpoint chain). A draw no element
   * covers makes the rule not match; such draws are not a branch of their own.
   */
  private static Optional<List<NumgenBranch>> firstUnpinnedNumgen(Topology topology, Trace t) {
    List<PacketTrace> packets = new ArrayList<>();
    packets.add(t.request());
    t.response().ifPresent(packets::add);
    for (PacketTrace pt : packets) {
      for (Hop h : pt.hops()) {
        for (var e : h.steps()) {
          if (!(e.step() instanceof Step.Nftables nf)) {
            continue;
          }
          for (dev.podpath.sim.outcome.NftHit hit : nf.hits()) {
            if (hit.choice().isEmpty() || hit.choice().get().endsWith(": pinned")) {
              continue;
            }
            List<NumgenBranch> branches = numgenBranches(topology, nf, hit.rule());
            if (branches.size() > 1) {
              return Optional.of(branches);
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  private static List<NumgenBranch> numgenBranches(
      Topology topology, Step.Nftables nf, dev.podpath.model.netfilter.NftRule rule) {
    Optional<dev.podpath.model.netfilter.NftTable> table =
        topology
            .netns(nf.netns())
            .flatMap(
                ns ->
                    ns.netfilter().nft().tables().stream()
                        .filter(x -> x.label().equals(nf.table()))
                        .findFirst());
    List<NumgenBranch> out = new ArrayList<>();
    for (dev.podpath.model.netfilter.NftExpr e : rule.exprs()) {
      if (!(e instanceof dev.podpath.model.netfilter.NftExpr.Vmap v)
          || !(v.key() instanceof dev.podpath.model.netfilter.NftKey.Numgen g)) {
        continue;
      }
      List<dev.podpath.model.netfilter.SetElement> els =
          v.map() instanceof dev.podpath.model.netfilter.NftSetRef.Anonymous a
              ? a.elements()
              : table
                  .flatMap(
                      x -> x.set(((dev.podpath.model.netfilter.NftSetRef.Named) v.map()).name()))
                  .map(dev.podpath.model.netfilter.NftSet::elements)
                  .orElse(List.of());
      for (dev.podpath.model.netfilter.SetElement el : els) {
        Optional<String> chain =
            el.verdict().flatMap(dev.podpath.model.netfilter.NftVerdict::chain);
        if (chain.isEmpty()) {
          continue;
        }
        int covered = 0;
        for (int k = 0; k < g.modulus(); k++) {
          if (el.matches(new long[] {(long) g.offset() + k}, new String[] {""})) {
            covered++;
          }
        }
        if (covered > 0) {
          out.add(new NumgenBranch(chain.get(), (double) covered / g.modulus()));
        }
      }
    }
    return out;
  }

  /**
   * The first routing decision of the trace by a multipath route that no pin decided: where the
   * kernel's flow hash chose.
   */
  public static Optional<Step.RouteSelected> firstUnpinnedMultipath(
      Trace t, MultipathChoice choice) {
    return Stream.concat(Stream.of(t.request()), t.response().stream())
        .flatMap(pt -> pt.hops().stream())
        .flatMap(h -> h.steps().stream())
        .map(e -> e.step())
        .filter(Step.RouteSelected.class::isInstance)
        .map(Step.RouteSelected.class::cast)
        .filter(r -> r.route().nextHops().size() > 1)
        .filter(r -> choice.forced(r.netns(), r.route()).isEmpty())
        .findFirst();
  }

  /** The first chain where the trace made a random statistic choice that no pin decided. */
  private static Optional<Chain> firstUnpinnedChoice(
      Topology topology, Trace t, List<StatisticPin> pins) {
    List<PacketTrace> packets = new ArrayList<>();
    packets.add(t.request());
    t.response().ifPresent(packets::add);
    for (PacketTrace pt : packets) {
      for (Hop h : pt.hops()) {
        for (var e : h.steps()) {
          if (!(e.step() instanceof Step.Netfilter nf)) {
            continue;
          }
          for (NfRuleHit hit : nf.hits()) {
            if (hit.statistic().isPresent() && !hit.statistic().get().pinned()) {
              Optional<Chain> c =
                  topology
                      .netns(nf.netns())
                      .flatMap(ns -> ns.netfilter().chain(nf.table(), hit.chain()));
              if (c.isPresent() && !StatisticBranches.of(c.get()).isEmpty()) {
                return c;
              }
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The pins {@code --endpoint} names: a chain ({@code KUBE-SEP-...}), a rule ({@code CHAIN#N}), or
   * an endpoint {@code IP[:PORT]}, which pins every nat chain that DNATs to it.
   */
  public static Set<StatisticPin> pins(Topology topology, String endpoint) {
    Optional<Ipv4Address> ip =
        Ipv4Address.tryParse(
            endpoint.contains(":") ? endpoint.substring(0, endpoint.indexOf(':')) : endpoint);
    if (ip.isEmpty()) {
      return Set.of(StatisticPin.parse(endpoint));
    }
    OptionalInt port = OptionalInt.empty();
    if (endpoint.contains(":")) {
      try {
        port = OptionalInt.of(Integer.parseInt(endpoint.substring(endpoint.indexOf(':') + 1)));
      } catch (NumberFormatException e) {
        return Set.of();
      }
    }
    return chainsDnattingTo(topology, ip.get(), port);
  }

  /**
   * The nat chains, in any namespace, with a rule that DNATs to {@code address} (and {@code port},
   * if given).
   */
  public static Set<StatisticPin> chainsDnattingTo(
      Topology t, Ipv4Address address, OptionalInt port) {
    Set<StatisticPin> out = new LinkedHashSet<>();
    for (Netns ns : t.netnsList()) {
      for (Chain chain : ns.netfilter().chains(NetfilterTable.NAT)) {
        for (Rule r : chain.rules()) {
          if (r.target() instanceof Target.Dnat d && covers(d.to(), address, port)) {
            out.add(new StatisticPin.Target(chain.name()));
          }
        }
      }
      // nftables: the chains whose dnat statement goes there (kube-proxy's endpoint chains, which
      // a numgen verdict map goes to)
      for (dev.podpath.model.netfilter.NftTable nt : ns.netfilter().nft().tables()) {
        for (dev.podpath.model.netfilter.NftChain chain : nt.chains().values()) {
          for (dev.podpath.model.netfilter.NftRule r : chain.rules()) {
            for (dev.podpath.model.netfilter.NftExpr e : r.exprs()) {
              if (e instanceof dev.podpath.model.netfilter.NftExpr.Nat n
                  && n.target() instanceof Target.Dnat d
                  && covers(d.to(), address, port)) {
                out.add(new StatisticPin.Target(chain.name()));
              }
            }
          }
        }
      }
    }
    return out;
  }

  private static boolean covers(NatRange to, Ipv4Address address, OptionalInt port) {
    boolean addr =
        to.minAddress()
            .map(
                min ->
                    min.compareTo(address) <= 0
                        && to.maxAddress().orElse(min).compareTo(address) >= 0)
            .orElse(false);
    boolean ports = port.isEmpty() || to.ports().map(r -> r.contains(port.getAsInt())).orElse(true);
    return addr && ports;
  }
}
