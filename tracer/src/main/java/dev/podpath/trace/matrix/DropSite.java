package dev.podpath.trace.matrix;

import dev.podpath.model.topo.NetnsName;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the failed packet ended: the namespace of its last hop and the device it came in on there
 * (none where it was created).
 *
 * <pre>{@code
 * new DropSite(NetnsName.of("router"), Optional.of("v1_r"));   // router/v1_r
 * }</pre>
 */
public record DropSite(NetnsName netns, Optional<String> device) {

  public DropSite {
    Objects.requireNonNull(netns, "netns");
    Objects.requireNonNull(device, "device");
  }

  @Override
  public String toString() {
    return device.map(d -> netns + "/" + d).orElse(netns.toString());
  }
}
