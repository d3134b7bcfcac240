package dev.podpath.model.topo;

import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A network device (the kernel's {@code net_device}) inside one namespace.
 *
 * @param name the interface name, unique in its namespace
 * @param index the ifindex
 * @param kind veth, bridge, loopback, ...
 * @param mac the device's effective MAC (a bridge's follows its lowest port unless set)
 * @param mtu the effective MTU (a bridge's follows its smallest port unless set)
 * @param up administrative state ({@code ip link set X up})
 * @param master the bridge this device is a port of, if any
 * @param port the bridge-port settings (meaningful only when {@code master} is set)
 * @param addresses IPv4 addresses, primary first, in the order added
 * @param origin the line that created the device
 */
public record NetDevice(
    String name,
    int index,
    LinkKind kind,
    MacAddress mac,
    int mtu,
    boolean up,
    Optional<String> master,
    BridgePort port,
    List<IfAddress> addresses,
    Origin origin) {

  public NetDevice {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(mac, "mac");
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(origin, "origin");
    addresses = List.copyOf(addresses);
    if (mtu <= 0) {
      throw new IllegalArgumentException("mtu must be positive: " + mtu);
    }
  }

  public boolean isLoopback() {
    return kind instanceof LinkKind.Loopback;
  }

  public boolean isBridge() {
    return kind instanceof LinkKind.Bridge;
  }

  /** The peer of a veth, if this is one. */
  public Optional<DeviceRef> vethPeer() {
    return kind instanceof LinkKind.Veth v ? Optional.of(v.peer()) : Optional.empty();
  }

  /** The primary address: the first one added. */
  public Optional<IfAddress> primaryAddress() {
    return addresses.isEmpty() ? Optional.empty() : Optional.of(addresses.get(0));
  }
}
