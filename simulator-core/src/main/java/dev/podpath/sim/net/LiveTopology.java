package dev.podpath.sim.net;

import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import java.util.Objects;
import java.util.Optional;

/** The {@link Network} of a simulation: one topology, swapped between probes. */
final class LiveTopology implements Network {

  private Topology topology;

  LiveTopology(Topology topology) {
    this.topology = Objects.requireNonNull(topology, "topology");
  }

  Topology topology() {
    return topology;
  }

  void set(Topology next) {
    topology = Objects.requireNonNull(next, "next");
  }

  @Override
  public Netns netns(NetnsName name) {
    return topology.require(name);
  }

  @Override
  public Optional<NetDevice> device(DeviceRef ref) {
    return topology.device(ref);
  }
}
