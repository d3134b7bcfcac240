package dev.podpath.trace.verify;

import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.neigh.NudState;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.net.LearnedFdbEntry;
import dev.podpath.sim.net.NeighbourState;
import java.util.ArrayList;
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

  /**
   * A bridge without a MAC of its own takes its lowest port's, so the bridge and that port share
   * one; which port it is depends on random MACs. An owner set holding a bridge is the bridge.
   */
  private static String foldBridgePorts(String fact, Set<String> bridges) {
    int open = fact.indexOf('[');
    int close = fact.lastIndexOf(']');
    if (open < 0 || close < open) {
      return fact;
    }
    List<String> owners = List.of(fact.substring(open + 1, close).split(", "));
    List<String> kept = owners.stream().filter(bridges::contains).toList();
    return kept.isEmpty() ? fact : fact.substring(0, open) + kept + fact.substring(close + 1);
  }

  /** Removes facts on, or resolving to, a device of a kind podpath does not model; returns how many. */
  private static int dropUnmodelled(Map<String, String> facts, Set<String> unmodelled) {
    if (unmodelled.isEmpty()) {
      return 0;
    }
    int before = facts.size();
    facts.entrySet().removeIf(e -> {
      String[] k = e.getKey().split("\\|", 3);
      String dev = k[0] + "/" + k[2].split(" ")[0];
      return unmodelled.contains(dev) || unmodelled.stream().anyMatch(u -> e.getValue().contains(u) || e.getKey().contains(u));
    });
    return before - facts.size();
  }

  private static Map<String, String> rekey(Map<String, String> facts, Set<String> bridges) {
    Map<String, String> out = new TreeMap<>();
    facts.forEach((k, v) -> out.put(foldBridgePorts(k, bridges), v));
    return out;
  }

  public static Result compare(StateDump kernel, Topology topology, List<NeighbourState> neighbours,
      List<LearnedFdbEntry> learned) {
    return compare(kernel, topology, neighbours, learned, List.of());
  }

  /** As above, with what VXLAN devices learned (compared by the owner of the MAC and the remote VTEP). */
  public static Result compare(StateDump kernel, Topology topology, List<NeighbourState> neighbours,
      List<LearnedFdbEntry> learned, List<dev.podpath.sim.net.LearnedVtep> vteps) {
    Map<String, Set<String>> kernelOwners = new TreeMap<>();
    kernel.namespaces().forEach((ns, n) -> n.links().forEach(l ->
        kernelOwners.computeIfAbsent(l.mac().toLowerCase(Locale.ROOT), m -> new TreeSet<>()).add(ns + "/" + l.name())));
    Map<String, Set<String>> ourOwners = new TreeMap<>();
    for (Netns ns : topology.netnsList()) {
      for (NetDevice d : ns.deviceList()) {
        ourOwners.computeIfAbsent(d.mac().toString(), m -> new TreeSet<>()).add(ns.name() + "/" + d.name());
      }
    }
    Map<String, String> kernelFacts = new TreeMap<>();
    Map<String, String> ourFacts = new TreeMap<>();
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
        boolean valid = n.states().stream().anyMatch(s -> s.equals("REACHABLE") || s.equals("STALE")
            || s.equals("DELAY") || s.equals("PROBE"));
        kernelFacts.put(ns + "|neigh|" + n.dev() + " " + n.dst(), valid
            ? "resolved to " + kernelOwners.getOrDefault(n.lladdr().toLowerCase(Locale.ROOT), Set.of("?" + n.lladdr()))
            : "unresolved");
      }
      for (StateDump.Fdb f : e.getValue().fdb()) {
        if (f.learned()) {
          String owner = kernelOwners.getOrDefault(f.mac().toLowerCase(Locale.ROOT), Set.of("?" + f.mac())).toString();
          kernelFacts.put(ns + "|fdb|" + f.master() + " " + owner, "on port " + f.port());
        } else if (f.learnedByVxlan()) {
          String owner = kernelOwners.getOrDefault(f.mac().toLowerCase(Locale.ROOT), Set.of("?" + f.mac())).toString();
          kernelFacts.put(ns + "|vxlan-fdb|" + f.port() + " " + owner, "dst " + f.dst());
        }
      }
    }
    for (NeighbourState n : neighbours) {
      if (n.configured() && (n.state() == NudState.PERMANENT || n.state() == NudState.NOARP)) {
        continue;
      }
      if (!kernel.namespaces().containsKey(n.dev().netns().value())) {
        continue;
      }
      boolean valid = n.state().isValid();
      ourFacts.put(n.dev().netns() + "|neigh|" + n.dev().name() + " " + n.ip(), valid
          ? "resolved to " + ourOwners.getOrDefault(n.mac().map(MacAddress::toString).orElse(""), Set.of("?"))
          : "unresolved");
    }
    for (LearnedFdbEntry f : learned) {
      if (!kernel.namespaces().containsKey(f.bridge().netns().value())) {
        continue;
      }
      String owner = ourOwners.getOrDefault(f.mac().toString(), Set.of("?" + f.mac())).toString();
      ourFacts.put(f.bridge().netns() + "|fdb|" + f.bridge().name() + " " + owner, "on port " + f.port());
    }
    for (dev.podpath.sim.net.LearnedVtep v : vteps) {
      if (!kernel.namespaces().containsKey(v.dev().netns().value())) {
        continue;
      }
      String owner = ourOwners.getOrDefault(v.mac().toString(), Set.of("?" + v.mac())).toString();
      ourFacts.put(v.dev().netns() + "|vxlan-fdb|" + v.dev().name() + " " + owner, "dst " + v.dst());
    }
    Set<String> unmodelled = new TreeSet<>();
    for (Netns ns : topology.netnsList()) {
      ns.deviceList().stream().filter(d -> d.kind() instanceof dev.podpath.model.topo.LinkKind.NotModelled)
          .forEach(d -> unmodelled.add(ns.name() + "/" + d.name()));
    }
    int skipped = dropUnmodelled(kernelFacts, unmodelled) + dropUnmodelled(ourFacts, unmodelled);
    Set<String> bridges = new TreeSet<>();
    for (Netns ns : topology.netnsList()) {
      ns.deviceList().stream().filter(NetDevice::isBridge).forEach(d -> bridges.add(ns.name() + "/" + d.name()));
    }
    kernelFacts.replaceAll((k, v) -> foldBridgePorts(v, bridges));
    ourFacts.replaceAll((k, v) -> foldBridgePorts(v, bridges));
    kernelFacts = rekey(kernelFacts, bridges);
    ourFacts = rekey(ourFacts, bridges);
    List<Difference> diffs = new ArrayList<>();
    int agreed = 0;
    Set<String> keys = new TreeSet<>(kernelFacts.keySet());
    keys.addAll(ourFacts.keySet());
    for (String k : keys) {
      String theirs = kernelFacts.getOrDefault(k, "(no entry)");
      String ours = ourFacts.getOrDefault(k, "(no entry)");
      if (theirs.equals(ours)) {
        agreed++;
      } else {
        String[] parts = k.split("\\|", 3);
        diffs.add(new Difference(parts[0], parts[1], parts[2], theirs, ours));
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
      ignored.add(skipped + " facts about devices podpath does not model (" + String.join(", ", unmodelled) + ")");
    }
    if (!unknownNs.isEmpty()) {
      ignored.add("namespaces podpath does not know: " + unknownNs);
    }
    return new Result(diffs, agreed, ignored);
  }
}
