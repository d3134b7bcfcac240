package dev.podpath.model.dump;

import dev.podpath.model.addr.MacAddress;
import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One bridge as {@code brctl show} lists it: its name, the address in its bridge id, whether STP is
 * on, and its ports.
 *
 * <pre>{@code
 * cni0		8000.2e053df5ffdc	no		veth1a2b3c4d
 * 							vethdeadbeef
 *  -> cni0, address 2e:05:3d:f5:ff:dc, STP off, ports veth1a2b3c4d and vethdeadbeef
 * }</pre>
 *
 * @param name the bridge device
 * @param address the bridge id's address (the bridge's own MAC); empty when it is all zeros, as a
 *     bridge without ports shows it ({@code 8000.000000000000})
 * @param stp {@code STP enabled}
 * @param ports the interfaces, in the order listed
 * @param origin the bridge's line
 */
public record BrctlBridge(
    String name, Optional<MacAddress> address, boolean stp, List<String> ports, Origin origin) {

  public BrctlBridge {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    ports = List.copyOf(ports);
    Objects.requireNonNull(origin, "origin");
  }
}
