package dev.podpath.model.kube;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.origin.Origin;
import java.util.Objects;
import java.util.Optional;

/**
 * A pod as {@code kubectl get pods [-A] -o wide} or {@code -o json} shows it.
 *
 * @param namespace the namespace, when the dump shows it ({@code -A}, or JSON)
 * @param name the pod name
 * @param ip the pod IP, when it has an IPv4 one ({@code <none>} while pending)
 * @param node the node it runs on, when scheduled
 * @param hostNetwork whether it uses the node's network namespace (JSON only)
 */
public record KubePod(
    Optional<String> namespace,
    String name,
    Optional<Ipv4Address> ip,
    Optional<String> node,
    Optional<Boolean> hostNetwork,
    Origin origin) {

  public KubePod {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(hostNetwork, "hostNetwork");
    Objects.requireNonNull(origin, "origin");
  }
}
