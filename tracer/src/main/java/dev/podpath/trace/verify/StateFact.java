package dev.podpath.trace.verify;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The facts of the state a run leaves behind, as {@link StateComparison} compares them: a key
 * (namespace, kind, device, and the address or the owner of the MAC) and a value. MAC addresses
 * differ between the kernel (random) and podpath (seeded), so both are named by their owners.
 */
final class StateFact {

  private StateFact() {}

  /** What a fact is about. */
  enum Kind {
    NEIGH("neigh"),
    FDB("fdb"),
    VXLAN_FDB("vxlan-fdb");

    final String word;

    Kind(String word) {
      this.word = word;
    }
  }

  /**
   * Who has a MAC address, since the addresses themselves differ between the kernel (random) and
   * podpath (seeded): the devices with it, as {@code ns/dev}, or, only when none has it, the bare
   * address (so that the kernel's and podpath's owners of one device are equal).
   */
  record Owner(Set<String> devices, String mac) {

    static Owner of(Map<String, Set<String>> owners, String mac) {
      Set<String> devices = owners.getOrDefault(mac, Set.of());
      return devices.isEmpty() ? new Owner(Set.of(), mac) : new Owner(new TreeSet<>(devices), "");
    }

    /**
     * A bridge without a MAC of its own takes its lowest port's, so the bridge and that port share
     * one; which port it is depends on random MACs. An owner set holding a bridge is the bridge.
     */
    Owner folded(Set<String> bridges) {
      Set<String> kept = new TreeSet<>(devices);
      kept.retainAll(bridges);
      return kept.isEmpty() ? this : new Owner(kept, mac);
    }

    boolean touches(Set<String> devs) {
      return devices.stream().anyMatch(devs::contains);
    }

    @Override
    public String toString() {
      return devices.isEmpty() ? "[?" + mac + "]" : new TreeSet<>(devices).toString();
    }
  }

  /**
   * A fact's subject: a neighbour entry's device and address, or a learned MAC's device and owner.
   */
  record Key(String netns, Kind kind, String device, String address, Optional<Owner> owner) {

    static Key neigh(String netns, String device, String address) {
      return new Key(netns, Kind.NEIGH, device, address, Optional.empty());
    }

    static Key mac(String netns, Kind kind, String device, Owner owner) {
      return new Key(netns, kind, device, "", Optional.of(owner));
    }

    Key folded(Set<String> bridges) {
      return new Key(netns, kind, device, address, owner.map(o -> o.folded(bridges)));
    }

    /** About a device podpath does not model: its own, or one owning its MAC. */
    boolean touches(Set<String> unmodelled) {
      return unmodelled.contains(netns + "/" + device)
          || owner.filter(o -> o.touches(unmodelled)).isPresent();
    }

    /** {@code vx0 172.16.0.2}, {@code cni0 [busybox-jpnb6/eth0]}. */
    String subject() {
      return device + " " + owner.map(Owner::toString).orElse(address);
    }

    String sortKey() {
      return netns + "|" + kind.word + "|" + subject();
    }
  }

  /** What the fact says. */
  sealed interface Value {
    /** The same value with a bridge standing for its ports in the owners it names. */
    default Value folded(Set<String> bridges) {
      return this;
    }

    /** Whether it names a device of {@code netns} podpath does not model. */
    default boolean touches(String netns, Set<String> unmodelled) {
      return false;
    }
  }

  /** A neighbour entry that resolved (REACHABLE, STALE, DELAY, PROBE), to the owner of its MAC. */
  record Resolved(Owner to) implements Value {
    @Override
    public Value folded(Set<String> bridges) {
      return new Resolved(to.folded(bridges));
    }

    @Override
    public boolean touches(String netns, Set<String> unmodelled) {
      return to.touches(unmodelled);
    }

    @Override
    public String toString() {
      return "resolved to " + to;
    }
  }

  /** A neighbour entry that did not resolve (INCOMPLETE, FAILED). */
  record Unresolved() implements Value {
    @Override
    public String toString() {
      return "unresolved";
    }
  }

  /** A MAC a bridge learned, on this port. */
  record OnPort(String port) implements Value {
    @Override
    public boolean touches(String netns, Set<String> unmodelled) {
      return unmodelled.contains(netns + "/" + port);
    }

    @Override
    public String toString() {
      return "on port " + port;
    }
  }

  /** A MAC a VXLAN device learned, behind this remote VTEP. */
  record Remote(String dst) implements Value {
    @Override
    public String toString() {
      return "dst " + dst;
    }
  }
}
