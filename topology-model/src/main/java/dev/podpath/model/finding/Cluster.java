package dev.podpath.model.finding;

import dev.podpath.model.kube.KubeEndpoints;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.kube.KubePod;
import dev.podpath.model.kube.KubeService;
import java.util.List;
import java.util.Optional;

/**
 * What kubectl says about a cluster (a snapshot's {@code kubectl-get-*} files); empty for a
 * scenario script.
 *
 * @param endpoints the Endpoints objects or EndpointSlices; empty when none was dumped (a cluster
 *     always has {@code default/kubernetes}'s, so empty means not dumped)
 */
public record Cluster(
    List<KubeNode> nodes,
    List<KubePod> pods,
    List<KubeService> services,
    List<KubeEndpoints> endpoints) {

  public static final Cluster NONE = new Cluster(List.of(), List.of(), List.of(), List.of());

  public Cluster {
    nodes = List.copyOf(nodes);
    pods = List.copyOf(pods);
    services = List.copyOf(services);
    endpoints = List.copyOf(endpoints);
  }

  public Optional<KubeNode> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** The endpoints of {@code service}, every slice of it. */
  public List<KubeEndpoints> endpointsOf(KubeService service) {
    return endpoints.stream()
        .filter(e -> e.qualifiedName().equals(service.qualifiedName()))
        .toList();
  }
}
