package dev.podpath.model.snapshot;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.kube.KubeEndpoints;
import dev.podpath.model.kube.KubeNode;
import dev.podpath.model.kube.KubePod;
import dev.podpath.model.kube.KubeService;
import dev.podpath.model.topo.Topology;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A cluster rebuilt from node dumps (a snapshot folder, docs/snapshot.md): the same {@link
 * Topology} a scenario script gives, with every line podpath could not read ({@link #warnings}) and
 * everything it had to assume ({@link #assumptions}).
 *
 * <pre>{@code
 * Snapshot s = Snapshot.load(Path.of("samples/snapshots/seed-flannel-host-gw"), Snapshot.Options.DEFAULTS);
 * Tracer.trace(s.topology(), probe);
 * s.warnings().forEach(System.out::println);     // worker1/ip-route.txt:4:23: ...
 * }</pre>
 *
 * @param pods the pods kubectl listed (to name them on the command line)
 * @param nodes the nodes kubectl listed
 * @param services the Services kubectl listed
 * @param endpoints the endpoints of Services: the EndpointSlices when dumped, else the Endpoints
 */
public record Snapshot(
    Path dir,
    Topology topology,
    List<DumpWarning> warnings,
    List<Assumption> assumptions,
    List<KubePod> pods,
    List<KubeNode> nodes,
    List<KubeService> services,
    List<KubeEndpoints> endpoints) {

  public Snapshot {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(topology, "topology");
    warnings = List.copyOf(warnings);
    assumptions = List.copyOf(assumptions);
    pods = List.copyOf(pods);
    nodes = List.copyOf(nodes);
    services = List.copyOf(services);
    endpoints = List.copyOf(endpoints);
  }

  /**
   * How far podpath may go beyond the dumps.
   *
   * @param assumeCniPods model the pods kubectl lists but that were not dumped, as the CNI bridge
   *     plugin makes them (eth0 with the pod IP in the node bridge's subnet, default route via the
   *     bridge's address, a veth port on the bridge); each is printed as an assumption. Off: a
   *     packet for such a pod leaves the model at the bridge, naming the pod.
   */
  /**
   * What a snapshot is loaded with beyond its dumps.
   *
   * @param assumeCniPods model the pods kubectl lists but that were not dumped as the CNI bridge
   *     plugin makes them ({@code --assume-cni-pods})
   * @param edgeRoutes model the gateways no dump holds as one router that routes every dumped
   *     host's own networks back to it ({@code --edge=routes})
   */
  public record Options(boolean assumeCniPods, boolean edgeRoutes) {
    public static final Options DEFAULTS = new Options(false, false);

    /** Pods assumed or not, the edge not modelled. */
    public Options(boolean assumeCniPods) {
      this(assumeCniPods, false);
    }
  }

  /**
   * Reads and assembles the snapshot in {@code dir}. Interrupting the calling thread cancels it:
   * the load stops before its next file (on every thread reading one) or its next stage of
   * assembly, and throws a {@link java.util.concurrent.CancellationException}.
   */
  public static Snapshot load(Path dir, Options options) throws SnapshotException {
    return load(dir, options, LoadWork.NONE);
  }

  /**
   * {@link #load(Path, Options)}, the files read and each stage's time and lookups recorded in
   * {@code work}.
   */
  public static Snapshot load(Path dir, Options options, LoadWork work) throws SnapshotException {
    SnapshotReader.Read read = SnapshotReader.read(dir, work);
    work.mark("read the files");
    return Assembly.assemble(read, options, work);
  }

  /** The pod called {@code namespace/name} (or {@code name} when unique). */
  public Optional<KubePod> pod(String qualifiedName) {
    int slash = qualifiedName.indexOf('/');
    List<KubePod> found =
        pods.stream()
            .filter(
                p ->
                    slash < 0
                        ? p.name().equals(qualifiedName)
                        : p.name().equals(qualifiedName.substring(slash + 1))
                            && p.namespace()
                                .orElse("default")
                                .equals(qualifiedName.substring(0, slash)))
            .toList();
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }

  /** The Service called {@code namespace/name} (or {@code name} when unique). */
  public Optional<KubeService> service(String qualifiedName) {
    int slash = qualifiedName.indexOf('/');
    List<KubeService> found =
        services.stream()
            .filter(
                s ->
                    slash < 0
                        ? s.name().equals(qualifiedName)
                        : s.name().equals(qualifiedName.substring(slash + 1))
                            && s.namespace()
                                .orElse("default")
                                .equals(qualifiedName.substring(0, slash)))
            .toList();
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }

  /** The Service whose ClusterIP is {@code ip}, if one (and only one) has it. */
  public Optional<KubeService> serviceWithClusterIp(Ipv4Address ip) {
    List<KubeService> found =
        services.stream().filter(s -> s.clusterIp().filter(ip::equals).isPresent()).toList();
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }

  /** The endpoints of {@code service} (every slice of it), ready or not. */
  public List<KubeEndpoints.Endpoint> endpointsOf(KubeService service) {
    return endpoints.stream()
        .filter(e -> e.qualifiedName().equals(service.qualifiedName()))
        .flatMap(e -> e.endpoints().stream())
        .toList();
  }

  /** The Endpoints objects or slices of {@code service}. */
  public List<KubeEndpoints> endpointObjectsOf(KubeService service) {
    return endpoints.stream()
        .filter(e -> e.qualifiedName().equals(service.qualifiedName()))
        .toList();
  }

  /** The pod kubectl lists with {@code ip}, if one (and only one, host-network pods aside) does. */
  public Optional<KubePod> podWithIp(Ipv4Address ip) {
    List<KubePod> found =
        pods.stream()
            .filter(p -> p.ip().filter(ip::equals).isPresent() && !p.hostNetwork().orElse(false))
            .toList();
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }
}
