package dev.podpath.trace.matrix;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.kube.KubePod;
import dev.podpath.model.kube.KubeService;
import dev.podpath.model.snapshot.Snapshot;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.api.InputException;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.matrix.MatrixEndpoint.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The default rows and columns of a network's matrix: the namespaces with an IPv4 address (on a
 * snapshot also the pods kubectl lists) to every address of the namespaces (and the pods and the
 * Services with a ClusterIP).
 *
 * @param rows every source
 * @param columns every destination
 * @param skipped pods that cannot send (not in the model), with the reason
 */
record Candidates(
    List<MatrixEndpoint> rows, List<MatrixEndpoint> columns, List<Matrix.Skipped> skipped) {

  Candidates {
    rows = List.copyOf(rows);
    columns = List.copyOf(columns);
    skipped = List.copyOf(skipped);
  }

  static Candidates of(Network network) {
    List<MatrixEndpoint> rows = new ArrayList<>();
    List<MatrixEndpoint> columns = new ArrayList<>();
    List<Matrix.Skipped> skipped = new ArrayList<>();
    Map<NetnsName, Integer> senders = new HashMap<>();
    Set<String> nodes =
        network.snapshot().stream()
            .flatMap(s -> s.nodes().stream())
            .map(KubeNode::name)
            .collect(Collectors.toSet());
    Map<Ipv4Address, List<NetnsName>> owners = owners(network);
    for (KubePod pod : network.snapshot().map(Snapshot::pods).orElse(List.of())) {
      if (pod.ip().isEmpty()) {
        continue;
      }
      String label = pod.namespace().orElse("default") + "/" + pod.name();
      Optional<NetnsName> netns = owner(owners, pod.ip().get());
      MatrixEndpoint e = new MatrixEndpoint(label, Kind.POD, pod.ip(), netns, pod.node());
      try {
        NetnsName sender = network.source(label).netns();
        if (!nodes.contains(sender.value()) && !pod.hostNetwork().orElse(false)) {
          senders.merge(sender, 1, Integer::sum);
        }
        rows.add(e);
      } catch (InputException ex) {
        skipped.add(new Matrix.Skipped(label, ex.getMessage()));
      }
      columns.add(e);
    }
    // a pod's own namespace has one pod; one several pods send from is their node's (host network)
    Set<NetnsName> podNetns =
        senders.entrySet().stream()
            .filter(x -> x.getValue() == 1)
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    for (Netns ns : network.topology().netnsList()) {
      if (podNetns.contains(ns.name())) {
        continue;
      }
      List<Ipv4Address> addresses = addresses(ns);
      if (addresses.isEmpty()) {
        continue;
      }
      Optional<String> node =
          nodes.contains(ns.name().value()) ? Optional.of(ns.name().value()) : Optional.empty();
      Optional<NetnsName> self = Optional.of(ns.name());
      rows.add(new MatrixEndpoint(ns.name().value(), Kind.NAMESPACE, Optional.empty(), self, node));
      for (Ipv4Address a : addresses) {
        columns.add(new MatrixEndpoint(a.toString(), Kind.ADDRESS, Optional.of(a), self, node));
      }
    }
    for (KubeService svc : network.snapshot().map(Snapshot::services).orElse(List.of())) {
      if (svc.clusterIp().isPresent() && !svc.headless()) {
        columns.add(
            new MatrixEndpoint(
                svc.qualifiedName(),
                Kind.SERVICE,
                svc.clusterIp(),
                Optional.empty(),
                Optional.empty()));
      }
    }
    return new Candidates(rows, columns, skipped);
  }

  /** The namespace's IPv4 addresses but the loopback's, each once, in device order. */
  static List<Ipv4Address> addresses(Netns ns) {
    Set<Ipv4Address> out = new LinkedHashSet<>();
    for (NetDevice d : ns.deviceList()) {
      for (IfAddress a : d.addresses()) {
        if (!d.isLoopback() && !a.address().isLoopback()) {
          out.add(a.address());
        }
      }
    }
    return List.copyOf(out);
  }

  /** Which namespaces have each address. */
  static Map<Ipv4Address, List<NetnsName>> owners(Network network) {
    Map<Ipv4Address, List<NetnsName>> out = new HashMap<>();
    for (Netns ns : network.topology().netnsList()) {
      for (Ipv4Address a : addresses(ns)) {
        out.computeIfAbsent(a, k -> new ArrayList<>()).add(ns.name());
      }
    }
    return out;
  }

  /** The one namespace that has the address, if one has it. */
  static Optional<NetnsName> owner(Map<Ipv4Address, List<NetnsName>> owners, Ipv4Address address) {
    List<NetnsName> found = owners.getOrDefault(address, List.of());
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }
}
