package dev.podpath.trace.verify;

import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.neigh.NudState;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.net.LearnedFdbEntry;
import dev.podpath.sim.net.NeighbourState;
import dev.podpath.trace.verify.StateFact.Key;
import dev.podpath.trace.verify.StateFact.Kind;
import dev.podpath.trace.verify.StateFact.OnPort;
import dev.podpath.trace.verify.StateFact.Owner;
import dev.podpath.trace.verify.StateFact.Remote;
import dev.podpath.trace.verify.StateFact.Resolved;
import dev.podpath.trace.verify.StateFact.Unresolved;
import dev.podpath.trace.verify.StateFact.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares the state a run leaves behind: the neighbour entries ARP created and the MACs bridges
 * learned. MAC addresses differ between the kernel (random) and podpath (seeded), so each MAC is
 * compared by the device that owns it ({@code worker2/enp0s5}), and a neighbour entry by whether it
 * resolved (REACHABLE, STALE, DELAY, PROBE) or not (INCOMPLETE, FAILED).
 *
 * <p>Ignored, and counted in {@link Result#ignored}: IPv6 entries, entries the configuration made
 * (PERMANENT, NOARP), and namespaces podpath does not know.
 */
public final class StateComparison {

  private StateComparison() {}

  /** One fact the two sides disagree on. */
  public record Difference(String netns, String kind, String key, String kernel, String podpath) {
    @Override
    public String toString() {
      return netns + " " + kind + " " + key + ": kernel " + kernel + ", podpath " + podpath;
    }
  }

  /** The differences, how many facts agreed, and what was left out. */
  public record Result(List<Difference> differences, int agreed, List<String> ignored) {}

  /** Both comparisons as one. */
  public static Result merge(Result a, Result b) {
    List<Difference> d = new java.util.ArrayList<>(a.differences());
    d.addAll(b.differences());
    List<String> i = new java.util.ArrayList<>(a.ignored());
    i.addAll(b.ignored());
    return new Result(List.copyOf(d), a.agreed() + b.agreed(), List.copyOf(i));
  }

  /** Removes facts about a device of a kind podpath does not model; returns how many. */
  private static int dropUnmodelled(Map<Key, Value> facts, Set<String> unmodelled) {
    int before = facts.size();
    facts
        .entrySet()
        .removeIf(
            e ->
                e.getKey().touches(unmodelled)
                    || e.getValue().touches(e.getKey().netns(), unmodelled));
    return before - facts.size();
  }

  private static Map<Key, Value> folded(Map<Key, Value> facts, Set<String> bridges) {
    Map<Key, Value> out = new HashMap<>();
    facts.forEach((k, v) -> out.put(k.folded(bridges), v.folded(bridges)));
    return out;
  }

  public static Result compare(
      StateDump kernel,
      Topology topology,
      List<NeighbourState> neighbours,
      List<LearnedFdbEntry> learned) {
    return compare(kernel, topology, neighbours, learned, List.of());
  }

  /**
   * As above, with what VXLAN devices learned (compared by the owner of the MAC and the remote
   * VTEP).
   */
  public static Result compare(
      StateDump kernel,
      Topology topology,
      List<NeighbourState> neighbours,
      List<LearnedFdbEntry> learned,
      List<dev.podpath.sim.net.LearnedVtep> vteps) {
    Map<String, Set<String>> kernelOwners = new TreeMap<>();
    kernel
        .namespaces()
        .forEach(
            (ns, n) ->
                n.links()
                    .forEach(
                        l ->
                            kernelOwners
                                .computeIfAbsent(mac(l.mac()), m -> new TreeSet<>())
                                .add(ns + "/" + l.name())));
    Map<String, Set<String>> ourOwners = new TreeMap<>();
    for (Netns ns : topology.netnsList()) {
      for (NetDevice d : ns.deviceList()) {
        ourOwners
            .computeIfAbsent(d.mac().toString(), m -> new TreeSet<>())
            .add(ns.name() + "/" + d.name());
      }
    }
    Map<Key, Value> kernelFacts = new HashMap<>();
    Map<Key, Value> ourFacts = new HashMap<>();
    int ipv6 = 0;
    int configured = 0;
    List<String> unknownNs = new ArrayList<>();
    for (var e : kernel.namespaces().entrySet()) {
      String ns = e.getKey();
      if (topology.netns(dev.podpath.model.topo.NetnsName.of(ns)).isEmpty()) {
        unknownNs.add(ns);
        continue;
      }
      for (StateDump.Neigh n : e.getValue().neighbours()) {
        if (n.dst().contains(":")) {
          ipv6++;
          continue;
        }
        if (n.states().contains("PERMANENT") || n.states().contains("NOARP")) {
          configured++;
          continue;
        }
        boolean valid =
            n.states().stream()
                .anyMatch(
                    s ->
                        s.equals("REACHABLE")
                            || s.equals("STALE")
                            || s.equals("DELAY")
                            || s.equals("PROBE"));
        kernelFacts.put(
            Key.neigh(ns, n.dev(), n.dst()),
            valid ? new Resolved(Owner.of(kernelOwners, mac(n.lladdr()))) : new Unresolved());
      }
      for (StateDump.Fdb f : e.getValue().fdb()) {
        Owner owner = Owner.of(kernelOwners, mac(f.mac()));
        if (f.learned()) {
          kernelFacts.put(Key.mac(ns, Kind.FDB, f.master(), owner), new OnPort(f.port()));
        } else if (f.learnedByVxlan()) {
          kernelFacts.put(Key.mac(ns, Kind.VXLAN_FDB, f.port(), owner), new Remote(f.dst()));
        }
      }
    }
    for (NeighbourState n : neighbours) {
      if (n.configured() && (n.state() == NudState.PERMANENT || n.state() == NudState.NOARP)
          || !kernel.namespaces().containsKey(n.dev().netns().value())) {
        continue;
      }
      ourFacts.put(
          Key.neigh(n.dev().netns().value(), n.dev().name(), n.ip().toString()),
          n.state().isValid()
              ? new Resolved(Owner.of(ourOwners, n.mac().map(MacAddress::toString).orElse("")))
              : new Unresolved());
    }
    for (LearnedFdbEntry f : learned) {
      if (kernel.namespaces().containsKey(f.bridge().netns().value())) {
        ourFacts.put(
            Key.mac(
                f.bridge().netns().value(),
                Kind.FDB,
                f.bridge().name(),
                Owner.of(ourOwners, f.mac().toString())),
            new OnPort(f.port()));
      }
    }
    for (dev.podpath.sim.net.LearnedVtep v : vteps) {
      if (kernel.namespaces().containsKey(v.dev().netns().value())) {
        ourFacts.put(
            Key.mac(
                v.dev().netns().value(),
                Kind.VXLAN_FDB,
                v.dev().name(),
                Owner.of(ourOwners, v.mac().toString())),
            new Remote(v.dst().toString()));
      }
    }
    Set<String> unmodelled = new TreeSet<>();
    for (Netns ns : topology.netnsList()) {
      ns.deviceList().stream()
          .filter(d -> d.kind() instanceof dev.podpath.model.topo.LinkKind.NotModelled)
          .forEach(d -> unmodelled.add(ns.name() + "/" + d.name()));
    }
    int skipped = dropUnmodelled(kernelFacts, unmodelled) + dropUnmodelled(ourFacts, unmodelled);
    Set<String> bridges = new TreeSet<>();
    for (Netns ns : topology.netnsList()) {
      ns.deviceList().stream()
          .filter(NetDevice::isBridge)
          .forEach(d -> bridges.add(ns.name() + "/" + d.name()));
    }
    kernelFacts = folded(kernelFacts, bridges);
    ourFacts = folded(ourFacts, bridges);
    List<Difference> diffs = new ArrayList<>();
    int agreed = 0;
    Set<Key> keys = new TreeSet<>(java.util.Comparator.comparing(Key::sortKey));
    keys.addAll(kernelFacts.keySet());
    keys.addAll(ourFacts.keySet());
    for (Key k : keys) {
      String theirs = java.util.Objects.toString(kernelFacts.get(k), "(no entry)");
      String ours = java.util.Objects.toString(ourFacts.get(k), "(no entry)");
      if (theirs.equals(ours)) {
        agreed++;
      } else {
        diffs.add(new Difference(k.netns(), k.kind().word, k.subject(), theirs, ours));
      }
    }
    List<String> ignored = new ArrayList<>();
    if (ipv6 > 0) {
      ignored.add(ipv6 + " IPv6 neighbour entries (IPv6 is not modelled)");
    }
    if (configured > 0) {
      ignored.add(configured + " configured neighbour entries (PERMANENT/NOARP)");
    }
    if (skipped > 0) {
      ignored.add(
          skipped
              + " facts about devices podpath does not model ("
              + String.join(", ", unmodelled)
              + ")");
    }
    if (!unknownNs.isEmpty()) {
      ignored.add("namespaces podpath does not know: " + unknownNs);
    }
    return new Result(diffs, agreed, ignored);
  }

  /** A MAC as the kernel's JSON spells it, in podpath's spelling (lower case). */
  private static String mac(String kernelMac) {
    return kernelMac.toLowerCase(Locale.ROOT);
  }
}
