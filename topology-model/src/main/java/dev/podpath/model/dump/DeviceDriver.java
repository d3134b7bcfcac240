package dev.podpath.model.dump;

import dev.podpath.model.origin.Origin;
import java.util.Objects;

/**
 * A device's driver as {@code ethtool -i DEV} prints it ({@code driver: veth}): for the virtual
 * devices of container networking, the driver is the device's kind ({@code veth}, {@code bridge},
 * {@code vxlan}, {@code tun}, {@code ipip}).
 *
 * @param device the device {@code ethtool -i} was run on
 * @param driver the {@code driver:} line's value
 * @param busInfo the {@code bus-info:} line's value, when not empty ({@code tun} or {@code tap} for
 *     the tun driver, a PCI address for a NIC)
 * @param origin the {@code driver:} line
 */
public record DeviceDriver(
    String device, String driver, java.util.Optional<String> busInfo, Origin origin) {

  public DeviceDriver {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(busInfo, "busInfo");
    Objects.requireNonNull(origin, "origin");
  }
}
