package dev.podpath.trace.graph;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.NetnsName;
import java.util.Objects;
import java.util.Optional;

/**
 * A vertex of the {@link TopologyGraph}: a namespace in one of its roles, a device, or what lies
 * beyond the model (a snapshot's edge).
 *
 * <pre>{@code
 * new TopoVertex.Node(NetnsName.of("worker1"))              node:worker1
 * new TopoVertex.Namespace(NetnsName.of("busybox-jpnb6"))   netns:busybox-jpnb6
 * new TopoVertex.Segment(NetnsName.of("lan"))               segment:lan
 * new TopoVertex.Device(DeviceRef.of("worker1", "cni0"))    dev:worker1/cni0
 * }</pre>
 */
public sealed interface TopoVertex {

  /** A stable identifier, unique in the graph ({@code dev:worker1/cni0}); used by the exports. */
  String id();

  /** A vertex that stands for one namespace. */
  sealed interface NetnsVertex extends TopoVertex {
    NetnsName netns();
  }

  /**
   * A node or host: a namespace other namespaces (its pods or containers) hang off, or that sits on
   * an L2 segment or a NIC.
   */
  record Node(NetnsName netns) implements NetnsVertex {
    public Node {
      Objects.requireNonNull(netns, "netns");
    }

    @Override
    public String id() {
      return "node:" + netns;
    }
  }

  /** A namespace that is not a node: a pod or container (inside its node), or one on its own. */
  record Namespace(NetnsName netns) implements NetnsVertex {
    public Namespace {
      Objects.requireNonNull(netns, "netns");
    }

    @Override
    public String id() {
      return "netns:" + netns;
    }
  }

  /**
   * A namespace that only switches frames: bridges and their ports, no address (a scenario's {@code
   * lan}, a snapshot's {@code segment}); each of its bridges is one L2 segment.
   */
  record Segment(NetnsName netns) implements NetnsVertex {
    public Segment {
      Objects.requireNonNull(netns, "netns");
    }

    @Override
    public String id() {
      return "segment:" + netns;
    }
  }

  /** A network device (the loopback devices are left out of the graph). */
  record Device(DeviceRef ref) implements TopoVertex {
    public Device {
      Objects.requireNonNull(ref, "ref");
    }

    @Override
    public String id() {
      return "dev:" + ref;
    }
  }

  /**
   * What is behind a device and was not dumped or modelled: the hosts behind a snapshot's NIC or
   * segment port, the pods a node's bridge serves that were not dumped, a tunnel's remote end that
   * no namespace owns.
   *
   * @param via the device it is behind
   * @param remote the remote tunnel end's address, for a tunnel to what is not modelled
   * @param what what is there and what would be needed to follow a packet there
   */
  record Outside(DeviceRef via, Optional<Ipv4Address> remote, String what) implements TopoVertex {
    public Outside {
      Objects.requireNonNull(via, "via");
      Objects.requireNonNull(remote, "remote");
      Objects.requireNonNull(what, "what");
    }

    @Override
    public String id() {
      return "outside:" + via + remote.map(r -> ">" + r).orElse("");
    }
  }
}
