package dev.podpath.model.topo;

import dev.podpath.model.addr.Ipv4Address;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole modelled network: every namespace, in the order created. Immutable; the simulator keeps
 * run-time state (learned FDB entries, neighbour cache) separately, per simulation.
 */
public record Topology(Map<NetnsName, Netns> namespaces) {

  public Topology {
    namespaces = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(namespaces));
  }

  public Optional<Netns> netns(NetnsName name) {
    return Optional.ofNullable(namespaces.get(name));
  }

  public Netns require(NetnsName name) {
    Netns n = namespaces.get(name);
    if (n == null) {
      throw new IllegalArgumentException("no such namespace: " + name);
    }
    return n;
  }

  public Collection<Netns> netnsList() {
    return namespaces.values();
  }

  public Optional<NetDevice> device(DeviceRef ref) {
    return netns(ref.netns()).flatMap(n -> n.device(ref.name()));
  }

  /** Namespaces that own {@code address} (usually one). */
  public List<Netns> owners(Ipv4Address address) {
    return namespaces.values().stream().filter(n -> n.ownsAddress(address)).toList();
  }
}
