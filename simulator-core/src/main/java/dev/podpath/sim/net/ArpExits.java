package dev.podpath.sim.net;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.sim.outcome.DropReason;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * ARP requests whose answer the model cannot know: they left it (a snapshot's edge), or reached
 * what it does not model. A resolution that fails after one of them is not "host unreachable" but
 * the same exit. Written by the links and the tunnels that meet the edge, read by the neighbour
 * layer.
 */
final class ArpExits {

  private record Key(long packetId, Ipv4Address target) {}

  private final Map<Key, DropReason> exits = new HashMap<>();

  /**
   * An ARP request for {@code target} on behalf of packet {@code packetId} left the model through
   * {@code dev}.
   */
  void leftModel(long packetId, Ipv4Address target, DeviceRef dev, String beyond) {
    exits.putIfAbsent(new Key(packetId, target), new DropReason.LeftModel(dev, beyond));
  }

  /**
   * An ARP request for {@code target} on behalf of packet {@code packetId} reached what is not
   * modelled (a VXLAN device whose FDB was not dumped, a device of a kind podpath does not model).
   */
  void notModelled(long packetId, Ipv4Address target, DropReason.NotModelled why) {
    exits.putIfAbsent(new Key(packetId, target), why);
  }

  /**
   * Where the request for {@code target} on behalf of {@code packetId} left the model, if it did.
   */
  Optional<DropReason> exit(long packetId, Ipv4Address target) {
    return Optional.ofNullable(exits.get(new Key(packetId, target)));
  }
}
