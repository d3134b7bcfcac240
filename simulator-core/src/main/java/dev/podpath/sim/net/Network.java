package dev.podpath.sim.net;

import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import java.util.Optional;

/**
 * The network as it stands now (a script may change it between probes): the namespaces and their
 * devices, read by every subsystem and changed by none.
 */
interface Network {

  Netns netns(NetnsName name);

  Optional<NetDevice> device(DeviceRef ref);

  default NetDevice requireDevice(DeviceRef ref) {
    return device(ref).orElseThrow(() -> new IllegalStateException("no device " + ref));
  }

  /** Whether a device has carrier: up, and for a veth, its peer up too. */
  default boolean carrier(NetDevice dev) {
    if (!dev.up()) {
      return false;
    }
    return dev.vethPeer().flatMap(this::device).map(NetDevice::up).orElse(true);
  }

  /** A fixed topology (a unit test's, or one moment of a script). */
  static Network of(Topology topology) {
    return new Network() {
      @Override
      public Netns netns(NetnsName name) {
        return topology.require(name);
      }

      @Override
      public Optional<NetDevice> device(DeviceRef ref) {
        return topology.device(ref);
      }
    };
  }
}
