package dev.podpath.trace.api;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.kube.KubeService;
import dev.podpath.model.kube.ServicePort;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a probe goes, as {@link Network#destination(String)} resolves it: an address, and when the
 * name was a Service ({@code namespace/name}, {@code namespace/name:PORT} or {@code
 * namespace/name:PORTNAME}) the Service and the ports the name asked for.
 *
 * <pre>{@code
 * network.destination("10.10.2.4");                  // address 10.10.2.4, no Service
 * network.destination("default/busybox-pg7ps");      // the pod's IP
 * network.destination("kube-system/kube-dns:53");    // its ClusterIP, ports dns 53/UDP and dns-tcp 53/TCP
 * }</pre>
 *
 * @param address the address the probe is sent to (a Service's ClusterIP)
 * @param service the Service the name named
 * @param portsAsked the Service's ports the name asked for (two for {@code kube-dns:53}: UDP and
 *     TCP); empty when it named none
 */
public record Destination(
    Ipv4Address address, Optional<KubeService> service, List<ServicePort> portsAsked) {

  public Destination {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(service, "service");
    portsAsked = List.copyOf(portsAsked);
  }
}
