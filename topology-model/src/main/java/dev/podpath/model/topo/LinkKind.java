package dev.podpath.model.topo;

import java.util.Objects;

/**
 * What kind of device a {@link NetDevice} is: {@code ip link add ... type KIND}.
 *
 * <p>Kinds podpath does not model yet are kept as {@link NotModelled} so that a trace reaching
 * them can say so instead of guessing.
 */
public sealed interface LinkKind {

  /** The name {@code ip -d link} prints for this kind ({@code veth}, {@code bridge}, ...). */
  String typeName();

  /** The loopback device {@code lo} every namespace starts with. */
  record Loopback() implements LinkKind {
    @Override
    public String typeName() {
      return "loopback";
    }
  }

  /** One end of a veth pair; frames sent here arrive at {@code peer}. */
  record Veth(DeviceRef peer) implements LinkKind {
    public Veth {
      Objects.requireNonNull(peer, "peer");
    }

    @Override
    public String typeName() {
      return "veth";
    }
  }

  /**
   * A Linux bridge.
   *
   * @param ageingTimeCentis FDB ageing time in centiseconds (kernel default 30000 = 300 s)
   * @param stp whether STP is on (podpath models STP off only)
   * @param macExplicit whether the MAC was set by the user (otherwise it follows the lowest port)
   * @param mtuExplicit whether the MTU was set by the user (otherwise it follows the smallest port)
   */
  record Bridge(int ageingTimeCentis, boolean stp, boolean macExplicit, boolean mtuExplicit)
      implements LinkKind {
    public static Bridge defaults() {
      return new Bridge(30000, false, false, false);
    }

    @Override
    public String typeName() {
      return "bridge";
    }
  }

  /**
   * A physical Ethernet device (a node's NIC in a dump); nothing is modelled behind it.
   *
   * @param beyond what is behind it in the real network and was not dumped, and what would be
   *     needed to follow a packet there; empty when nothing is known (a scenario's NIC)
   */
  record Ethernet(String beyond) implements LinkKind {
    public Ethernet {
      Objects.requireNonNull(beyond, "beyond");
    }

    /** A NIC with nothing known behind it. */
    public Ethernet() {
      this("");
    }

    @Override
    public String typeName() {
      return "ether";
    }
  }

  /** A kind podpath keeps but does not simulate (e.g. {@code macvlan}); traces reaching it say so. */
  record NotModelled(String type) implements LinkKind {
    public NotModelled {
      Objects.requireNonNull(type, "type");
    }

    @Override
    public String typeName() {
      return type;
    }
  }
}
