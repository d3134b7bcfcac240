package dev.podpath.model.kube;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The endpoints of one Service as {@code kubectl get endpoints} ({@code -o wide} or {@code -o
 * json}) or {@code kubectl get endpointslices -o json} show them: one {@link Endpoint} per address
 * and port. Several EndpointSlices of one Service are several of these, one per slice.
 *
 * <pre>{@code
 * NAMESPACE     NAME                  ENDPOINTS                                            AGE
 * default       endpoints/kubernetes  192.168.1.5:6443                                     7d22h
 * kube-system   endpoints/kube-dns    10.1.0.64:53,10.1.0.67:53,10.1.0.64:53 + 3 more...   7d22h
 * }</pre>
 *
 * @param namespace the namespace, when the dump shows it
 * @param service the Service's name (an Endpoints object's own name; a slice's {@code
 *     kubernetes.io/service-name} label)
 * @param endpoints the addresses with their ports, ready and not ready
 * @param truncated whether kubectl's table cut the list short ({@code + 3 more...}): then the list
 *     is only part of the endpoints, and the ports of the text table have no names
 * @param source the file and line (of the row, or of the JSON object)
 */
public record KubeEndpoints(
    Optional<String> namespace,
    String service,
    List<Endpoint> endpoints,
    boolean truncated,
    Origin source) {

  public KubeEndpoints {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(service, "service");
    endpoints = List.copyOf(endpoints);
    Objects.requireNonNull(source, "source");
  }

  /** {@code namespace/service}, with {@code default} when the dump shows no namespace. */
  public String qualifiedName() {
    return namespace.orElse("default") + "/" + service;
  }

  /** The ready endpoints (what kube-proxy DNATs to). */
  public List<Endpoint> ready() {
    return endpoints.stream().filter(Endpoint::ready).toList();
  }

  /**
   * One address and port of a Service's endpoints.
   *
   * @param ip the address
   * @param port the port on the pod; absent when the dump gives none (an EndpointSlice port of
   *     null: all ports)
   * @param portName the name of the Service port it serves ({@code https}); absent in the text
   *     table, and for an unnamed port
   * @param protocol {@code TCP}, {@code UDP}, {@code SCTP}; absent in the text table
   * @param ready whether kube-proxy sends to it ({@code addresses} versus {@code
   *     notReadyAddresses}; a slice's {@code conditions.ready}, true when not given)
   * @param pod the pod behind it as {@code namespace/name} ({@code targetRef} of kind Pod)
   * @param node the node it is on ({@code nodeName})
   */
  public record Endpoint(
      Ipv4Address ip,
      OptionalInt port,
      Optional<String> portName,
      Optional<String> protocol,
      boolean ready,
      Optional<String> pod,
      Optional<String> node) {

    public Endpoint {
      Objects.requireNonNull(ip, "ip");
      Objects.requireNonNull(port, "port");
      Objects.requireNonNull(portName, "portName");
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(pod, "pod");
      Objects.requireNonNull(node, "node");
    }

    /** {@code IP:PORT}, or the address alone when the port is not known. */
    public String address() {
      return ip + (port.isPresent() ? ":" + port.getAsInt() : "");
    }
  }
}
