package dev.podpath.model.snapshot;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.IfAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which dumped namespace holds an address: an index of every address of every namespace, made once
 * when the assembly needs to ask (every next hop of a node, every pod kubectl lists), instead of a
 * scan of all namespaces per question. The first namespace in the snapshot's order that holds an
 * address owns it. Made after the assembly has added what it adds to the namespaces' addresses; it
 * does not follow later changes.
 */
final class AddressOwners {

  private final Map<Ipv4Address, NetnsDraft> owners = new HashMap<>();
  private final LoadWork work;

  AddressOwners(Collection<List<NetnsDraft>> nodes, LoadWork work) {
    this.work = work;
    for (List<NetnsDraft> node : nodes) {
      for (NetnsDraft ns : node) {
        for (DeviceDraft d : ns.devices.values()) {
          for (IfAddress a : d.addresses) {
            owners.putIfAbsent(a.address(), ns);
          }
          work.count(1 + d.addresses.size());
        }
      }
    }
  }

  /** The namespace that holds {@code ip}, if one does. */
  Optional<NetnsDraft> owner(Ipv4Address ip) {
    work.count(1);
    return Optional.ofNullable(owners.get(ip));
  }
}
