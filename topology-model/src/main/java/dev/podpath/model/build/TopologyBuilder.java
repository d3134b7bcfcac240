package dev.podpath.model.build;

import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole network being built: its namespaces, in the order created, each a {@link NetnsBuilder}.
 * The one way the model's {@link Topology} is made, whether the namespaces were filled by the
 * interpreter's commands, replayed from a snapshot's dumps, or both (a changes file applied on top
 * of a loaded network, {@link #of}).
 */
public final class TopologyBuilder {

  private final Map<NetnsName, NetnsBuilder> namespaces = new LinkedHashMap<>();

  /**
   * A network to be changed further, every fact as it stands in {@code topology}: veth peers,
   * masters and VXLAN lower devices are linked as objects again, so that renames and moves made
   * afterwards follow them.
   */
  public static TopologyBuilder of(Topology topology) {
    TopologyBuilder b = new TopologyBuilder();
    topology.netnsList().forEach(n -> b.add(NetnsBuilder.of(n)));
    b.link();
    return b;
  }

  /** Adds {@code ns} after the others. */
  public void add(NetnsBuilder ns) {
    if (namespaces.putIfAbsent(ns.name(), ns) != null) {
      throw new IllegalArgumentException("namespace added twice: " + ns.name());
    }
  }

  public Optional<NetnsBuilder> netns(NetnsName name) {
    return Optional.ofNullable(namespaces.get(name));
  }

  public boolean has(NetnsName name) {
    return namespaces.containsKey(name);
  }

  /** The namespaces, in the order created. */
  public Collection<NetnsBuilder> namespaces() {
    return List.copyOf(namespaces.values());
  }

  public void remove(NetnsName name) {
    namespaces.remove(name);
  }

  /** A device anywhere in the network. */
  public Optional<DeviceBuilder> device(DeviceRef ref) {
    return netns(ref.netns()).flatMap(n -> n.device(ref.name()));
  }

  /** Resolves what replayed devices name by name ({@link DeviceBuilder#link}). */
  public void link() {
    for (NetnsBuilder ns : namespaces.values()) {
      for (DeviceBuilder d : ns.devices()) {
        d.link(this::device);
      }
    }
  }

  /** The network as it stands now, immutable. */
  public Topology build() {
    Map<NetnsName, Netns> out = new LinkedHashMap<>();
    namespaces.forEach((n, s) -> out.put(n, s.freeze()));
    return new Topology(out);
  }
}
