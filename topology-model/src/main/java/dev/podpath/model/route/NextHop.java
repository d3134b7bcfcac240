package dev.podpath.model.route;

import dev.podpath.model.addr.Ipv4Address;
import java.util.Objects;
import java.util.Optional;

/**
 * One next hop of a unicast route: a gateway on a device, or the device alone for a directly
 * connected destination.
 *
 * @param via the gateway, when there is one
 * @param dev the output device
 * @param weight the ECMP weight (1 unless given)
 * @param onlink the gateway was declared on-link ({@code onlink}), skipping the gateway check
 */
public record NextHop(Optional<Ipv4Address> via, String dev, int weight, boolean onlink) {

  public NextHop {
    Objects.requireNonNull(via, "via");
    Objects.requireNonNull(dev, "dev");
    if (weight < 1 || weight > 256) {
      throw new IllegalArgumentException("weight out of range: " + weight);
    }
  }

  public static NextHop dev(String dev) {
    return new NextHop(Optional.empty(), dev, 1, false);
  }

  public static NextHop via(Ipv4Address via, String dev) {
    return new NextHop(Optional.of(via), dev, 1, false);
  }

  @Override
  public String toString() {
    return via.map(v -> "via " + v + " ").orElse("") + "dev " + dev + (onlink ? " onlink" : "");
  }
}
