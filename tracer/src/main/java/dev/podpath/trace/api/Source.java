package dev.podpath.trace.api;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.topo.NetnsName;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a probe starts, as {@link Network#source(String)} resolves it: a namespace, and the address
 * to send from when the name was an address (or a pod) rather than the namespace.
 *
 * <pre>{@code
 * network.source("busybox-jpnb6");   // Source[netns=busybox-jpnb6, address=Optional.empty]
 * network.source("10.10.1.6");       // Source[netns=busybox-jpnb6, address=Optional[10.10.1.6]]
 * }</pre>
 *
 * @param netns the namespace that sends
 * @param address the source address to use, if not the one routing picks
 */
public record Source(NetnsName netns, Optional<Ipv4Address> address) {

  public Source {
    Objects.requireNonNull(netns, "netns");
    Objects.requireNonNull(address, "address");
  }
}
