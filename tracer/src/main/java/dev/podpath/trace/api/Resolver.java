package dev.podpath.trace.api;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.kube.KubeEndpoints;
import dev.podpath.model.kube.KubePod;
import dev.podpath.model.kube.KubeService;
import dev.podpath.model.kube.ServicePort;
import dev.podpath.model.snapshot.Snapshot;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.trace.api.InputException.Input;
import dev.podpath.trace.api.InputException.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one resolver of the names a probe is given: {@code --from} (a namespace, an address one
 * namespace owns, a snapshot's pod) and {@code --to} (an address, a snapshot's pod or Service),
 * with errors a person can act on.
 */
final class Resolver {

  private Resolver() {}

  /**
   * {@code --from}: a namespace, an address, or (in a snapshot) a pod as {@code namespace/name} or
   * name.
   */
  static Source source(Topology t, Optional<Snapshot> snapshot, String from) {
    NetnsName asName = tryName(from);
    if (asName != null && t.netns(asName).isPresent()) {
      return new Source(asName, Optional.empty());
    }
    Optional<Ipv4Address> ip = Ipv4Address.tryParse(from);
    if (ip.isEmpty() && snapshot.isPresent()) {
      Optional<KubePod> pod = snapshot.get().pod(from);
      if (pod.isPresent()) {
        if (pod.get().ip().isEmpty()) {
          throw new InputException(
              Input.FROM,
              Problem.NO_ADDRESS,
              from,
              "--from "
                  + from
                  + ": kubectl shows no IP for this pod ("
                  + pod.get().origin().location()
                  + ")");
        }
        ip = pod.get().ip();
        if (t.owners(ip.get()).isEmpty()) {
          throw new InputException(
              Input.FROM,
              Problem.NO_ADDRESS,
              from,
              "--from "
                  + from
                  + ": the pod ("
                  + ip.get()
                  + ", "
                  + pod.get().origin().location()
                  + ") was not dumped, so there is nothing to send from; add its namespace's dumps to the snapshot,"
                  + " or use --assume-cni-pods");
        }
      }
    }
    if (ip.isPresent()) {
      List<Netns> owners = t.owners(ip.get());
      if (owners.size() == 1) {
        return new Source(owners.get(0).name(), ip);
      }
      if (owners.isEmpty()) {
        throw new InputException(
            Input.FROM,
            Problem.UNKNOWN,
            from,
            "--from " + from + ": no namespace has that address",
            namespaces(t));
      }
      List<String> names = owners.stream().map(n -> n.name().value()).toList();
      throw new InputException(
          Input.FROM,
          Problem.AMBIGUOUS,
          from,
          "--from "
              + from
              + ": several namespaces have that address ("
              + String.join(", ", names)
              + "); give the namespace name",
          names);
    }
    throw new InputException(
        Input.FROM,
        Problem.UNKNOWN,
        from,
        "--from "
            + from
            + ": no such namespace; namespaces are: "
            + String.join(", ", namespaces(t)),
        candidates(namespaces(t), snapshot.map(Snapshot::pods).orElse(List.of()), List.of()));
  }

  /**
   * {@code --to}: an address or, in a snapshot, a pod ({@code namespace/name}) or a Service (its
   * ClusterIP; a headless one is an error naming its endpoints).
   */
  static Destination destination(Optional<Snapshot> snapshot, String to) {
    Optional<Ipv4Address> ip = Ipv4Address.tryParse(to);
    if (ip.isPresent()) {
      return new Destination(ip.get(), Optional.empty(), List.of());
    }
    if (snapshot.isEmpty()) {
      throw new InputException(
          Input.TO, Problem.UNKNOWN, to, "--to " + to + ": not an IPv4 address");
    }
    Snapshot s = snapshot.get();
    Optional<KubePod> pod = s.pod(to);
    if (pod.isPresent()) {
      return new Destination(
          pod.get()
              .ip()
              .orElseThrow(
                  () ->
                      new InputException(
                          Input.TO,
                          Problem.NO_ADDRESS,
                          to,
                          "--to "
                              + to
                              + ": kubectl shows no IP"
                              + " for this pod ("
                              + pod.get().origin().location()
                              + ")")),
          Optional.empty(),
          List.of());
    }
    String name = to;
    Optional<String> portAsked = Optional.empty();
    int colon = to.lastIndexOf(':');
    if (s.service(to).isEmpty() && colon > 0 && colon > to.indexOf('/')) {
      name = to.substring(0, colon);
      portAsked = Optional.of(to.substring(colon + 1));
    }
    Optional<KubeService> svc = s.service(name);
    if (svc.isEmpty()) {
      throw new InputException(
          Input.TO,
          Problem.UNKNOWN,
          to,
          "--to "
              + to
              + ": not an IPv4 address, nor a pod or Service the snapshot's kubectl dumps"
              + " list (as namespace/name"
              + (s.services().isEmpty()
                  ? "; the snapshot has no kubectl-get-services" + " file"
                  : ", or namespace/name:PORT for a Service")
              + ")",
          candidates(List.of(), s.pods(), s.services()));
    }
    KubeService service = svc.get();
    if (service.clusterIp().isEmpty()) {
      throw new InputException(
          Input.TO,
          Problem.NO_ADDRESS,
          to,
          "--to " + to + ": " + noClusterIp(s, service),
          s.endpointsOf(service).stream().map(e -> e.ip().toString()).distinct().toList());
    }
    List<ServicePort> port = List.of();
    if (portAsked.isPresent()) {
      List<ServicePort> found = service.port(portAsked.get());
      if (found.isEmpty()) {
        throw new InputException(
            Input.TO,
            Problem.UNKNOWN,
            to,
            "--to "
                + to
                + ": the Service has no port "
                + portAsked.get()
                + "; its ports are "
                + ports(service)
                + " ("
                + service.origin().location()
                + ")"
                + (service.ports().stream().allMatch(p -> p.name().isEmpty())
                        && !portAsked.get().chars().allMatch(Character::isDigit)
                    ? "; kubectl's table shows no port names: give the number, or add kubectl-get-services.json"
                    : ""),
            service.ports().stream().map(ServicePort::toString).toList());
      }
      port = found;
    }
    return new Destination(service.clusterIp().get(), svc, port);
  }

  private static String noClusterIp(Snapshot s, KubeService service) {
    String where = " (" + service.origin().location() + ")";
    if (service.headless()) {
      List<KubeEndpoints.Endpoint> eps = s.endpointsOf(service);
      String list =
          eps.stream()
              .map(
                  e ->
                      e.ip()
                          + e.pod().map(p -> " (" + p + ")").orElse("")
                          + (e.ready() ? "" : " (not ready)"))
              .distinct()
              .collect(Collectors.joining(", "));
      return "a headless Service (ClusterIP None)"
          + where
          + " has no address of its own: a client's DNS lookup"
          + " gives the addresses of its pods, and kube-proxy has no rule for it. Trace to one of its endpoints"
          + " instead: "
          + (eps.isEmpty()
              ? (s.endpoints().isEmpty()
                  ? "the snapshot has no kubectl-get-endpoints or"
                      + " -endpointslices file to name them"
                  : "kubectl lists none")
              : list);
    }
    if (service.type().equals("ExternalName")) {
      return "an ExternalName Service"
          + where
          + " is only a DNS alias (CNAME); it has no address to trace to";
    }
    return "the Service has no IPv4 ClusterIP" + where;
  }

  /** {@code dns 53/UDP, dns-tcp 53/TCP}, or {@code none}. */
  static String ports(KubeService s) {
    return s.ports().isEmpty()
        ? "none"
        : s.ports().stream().map(ServicePort::toString).collect(Collectors.joining(", "));
  }

  /**
   * What {@link #source} takes: the namespaces, then a snapshot's pods as {@code namespace/name}.
   */
  static List<String> sourceCandidates(Topology t, Optional<Snapshot> snapshot) {
    return candidates(namespaces(t), snapshot.map(Snapshot::pods).orElse(List.of()), List.of());
  }

  /**
   * What {@link #destination} takes: every address a namespace has (not on its loopback), in the
   * namespaces' order, then a snapshot's pods and the Services with a ClusterIP.
   */
  static List<String> destinationCandidates(Topology t, Optional<Snapshot> snapshot) {
    List<String> out = new ArrayList<>();
    for (Netns n : t.namespaces().values()) {
      n.deviceList().stream()
          .filter(d -> !d.isLoopback())
          .flatMap(d -> d.addresses().stream())
          .map(a -> a.address().toString())
          .filter(a -> !out.contains(a))
          .forEach(out::add);
    }
    snapshot.ifPresent(
        s ->
            out.addAll(
                candidates(
                    List.of(),
                    s.pods(),
                    s.services().stream().filter(x -> x.clusterIp().isPresent()).toList())));
    return List.copyOf(out);
  }

  private static List<String> namespaces(Topology t) {
    return t.namespaces().keySet().stream().map(NetnsName::value).toList();
  }

  /** Namespaces, then pods and Services as {@code namespace/name}: what a name could have been. */
  private static List<String> candidates(
      List<String> namespaces, List<KubePod> pods, List<KubeService> services) {
    List<String> out = new ArrayList<>(namespaces);
    pods.forEach(p -> out.add(p.namespace().orElse("default") + "/" + p.name()));
    services.forEach(svc -> out.add(svc.qualifiedName()));
    return List.copyOf(out);
  }

  private static NetnsName tryName(String s) {
    try {
      return NetnsName.of(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
