package dev.podpath.model.kube;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.origin.Origin;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Service as {@code kubectl get services -A -o wide} or {@code -o json} shows it: enough to name
 * it on the command line ({@code --to default/kubernetes}) and pick its port; what happens to its
 * packets is kube-proxy's iptables rules' business.
 *
 * <pre>{@code
 * NAMESPACE   NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE   SELECTOR
 * default     kubernetes   ClusterIP   10.2.0.1     <none>        443/TCP   7d    <none>
 * }</pre>
 *
 * @param namespace the namespace, when the dump shows it ({@code -A}, or JSON)
 * @param type {@code ClusterIP}, {@code NodePort}, {@code LoadBalancer} or {@code ExternalName}
 *     (empty when the dump does not say)
 * @param clusterIp the IPv4 ClusterIP ({@code spec.clusterIPs}, else {@code spec.clusterIP});
 *     absent for a headless Service, an ExternalName one, or an IPv6-only one
 * @param headless whether the ClusterIP is {@code None}
 * @param ports the Service's ports, in their order
 * @param externalIps {@code spec.externalIPs}, and in the text table the whole EXTERNAL-IP column
 *     ({@code <pending>} and {@code <none>} are none)
 * @param loadBalancerIps {@code status.loadBalancer.ingress[].ip} (JSON only)
 * @param selector {@code spec.selector}; empty for a Service whose endpoints are set by hand
 */
public record KubeService(
    Optional<String> namespace,
    String name,
    String type,
    Optional<Ipv4Address> clusterIp,
    boolean headless,
    List<ServicePort> ports,
    List<Ipv4Address> externalIps,
    List<Ipv4Address> loadBalancerIps,
    Map<String, String> selector,
    Origin origin) {

  public KubeService {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(clusterIp, "clusterIp");
    ports = List.copyOf(ports);
    externalIps = List.copyOf(externalIps);
    loadBalancerIps = List.copyOf(loadBalancerIps);
    selector = Map.copyOf(selector);
    Objects.requireNonNull(origin, "origin");
  }

  /** {@code namespace/name}, with {@code default} when the dump shows no namespace. */
  public String qualifiedName() {
    return namespace.orElse("default") + "/" + name;
  }

  /** The port called {@code nameOrNumber} (a port name, or the port number as text). */
  public List<ServicePort> port(String nameOrNumber) {
    return ports.stream()
        .filter(
            p ->
                p.name().filter(nameOrNumber::equals).isPresent()
                    || String.valueOf(p.port()).equals(nameOrNumber))
        .toList();
  }
}
