package dev.podpath.trace.cli;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.io.UnreadableFileException;
import dev.podpath.model.kube.KubeEndpoints;
import dev.podpath.model.kube.KubePod;
import dev.podpath.model.kube.KubeService;
import dev.podpath.model.kube.ServicePort;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.script.ScriptException;
import dev.podpath.model.snapshot.Snapshot;
import dev.podpath.model.snapshot.SnapshotException;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Loading a scenario or a snapshot and resolving {@code --from}/{@code --to}, with errors a person
 * can act on.
 */
final class Inputs {

  private Inputs() {}

  /**
   * What a probing command traces on: a scenario, or a snapshot (wrapped as a scenario without
   * probes).
   */
  record Input(Scenario scenario, Optional<Snapshot> snapshot) {}

  /** A scenario script, or a snapshot folder (docs/snapshot.md). */
  static Input input(Path file, boolean assumeCniPods) {
    if (Files.isDirectory(file)) {
      Snapshot s = snapshot(file, assumeCniPods);
      return new Input(
          new Scenario(file.toString(), s.topology(), List.of(), List.of()), Optional.of(s));
    }
    if (assumeCniPods) {
      throw new UserError("--assume-cni-pods is for snapshots; " + file + " is a scenario script");
    }
    return new Input(load(file), Optional.empty());
  }

  /**
   * One line on stderr when a snapshot has problems (lines it could not read, dumps that contradict
   * each other) or needed assumptions, in lint's words: lint lists them.
   */
  static void hint(Input input, java.io.PrintWriter err) {
    input
        .snapshot()
        .filter(s -> !s.warnings().isEmpty() || !s.assumptions().isEmpty())
        .ifPresent(
            s -> {
              err.println(
                  "podpath: "
                      + s.warnings().size()
                      + " problem"
                      + (s.warnings().size() == 1 ? "" : "s")
                      + " and "
                      + s.assumptions().size()
                      + " assumption"
                      + (s.assumptions().size() == 1 ? "" : "s")
                      + " in this snapshot; `podpath lint "
                      + s.dir()
                      + "` lists them");
              err.flush();
            });
  }

  static Snapshot snapshot(Path dir, boolean assumeCniPods) {
    try {
      return Snapshot.load(dir, new Snapshot.Options(assumeCniPods));
    } catch (SnapshotException e) {
      throw new UserError(e.getMessage());
    }
  }

  static Scenario load(Path file) {
    if (Files.isDirectory(file)) {
      throw new UserError(
          file
              + " is a folder: this command takes a scenario script (snapshots work with trace,"
              + " traceroute and lint)");
    }
    try {
      return ScenarioInterpreter.interpret(file);
    } catch (UnreadableFileException e) {
      throw new UserError(e.getMessage());
    } catch (ScriptException e) {
      throw new UserError(e.getMessage() + moreProblems(file));
    }
  }

  /**
   * After the first failing line of a script, how many more fail (the script read once more, to its
   * end, as lint reads it), pointing to lint for them; empty when there are none.
   */
  private static String moreProblems(Path file) {
    int more;
    try {
      more = ScenarioInterpreter.check(file).problems().size() - 1;
    } catch (UnreadableFileException | RuntimeException e) {
      // only a hint: the first problem, already in hand, is the message
      return "";
    }
    return more <= 0
        ? ""
        : "\n("
            + more
            + " more line"
            + (more == 1 ? " fails" : "s fail")
            + " after this one: `podpath lint "
            + file
            + "` lists "
            + (more == 1 ? "it" : "them all")
            + ")";
  }

  /** A source: a namespace name, or an address one namespace owns. */
  record Source(NetnsName netns, Optional<Ipv4Address> address) {}

  static Source source(Topology t, String from) {
    return source(t, Optional.empty(), from);
  }

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
          throw new UserError(
              "--from "
                  + from
                  + ": kubectl shows no IP for this pod ("
                  + pod.get().origin().location()
                  + ")");
        }
        ip = pod.get().ip();
        if (t.owners(ip.get()).isEmpty()) {
          throw new UserError(
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
        throw new UserError("--from " + from + ": no namespace has that address");
      }
      throw new UserError(
          "--from "
              + from
              + ": several namespaces have that address ("
              + owners.stream().map(n -> n.name().value()).collect(Collectors.joining(", "))
              + "); give the namespace name");
    }
    throw new UserError(
        "--from "
            + from
            + ": no such namespace; namespaces are: "
            + t.namespaces().keySet().stream()
                .map(NetnsName::value)
                .collect(Collectors.joining(", ")));
  }

  /**
   * What {@code --to} named: an address, and when it named a Service ({@code ns/name}, {@code
   * ns/name:PORT} or {@code ns/name:PORTNAME}), the Service and the port asked for.
   */
  record Destination(
      Ipv4Address address, Optional<KubeService> service, List<ServicePort> portsAsked) {}

  static Ipv4Address destination(String to) {
    return destination(Optional.empty(), to).address();
  }

  /**
   * {@code --to}: an address or, in a snapshot, a pod ({@code namespace/name}) or a Service (its
   * ClusterIP; a headless one is an error naming its endpoints). The one resolver of names for
   * trace and traceroute.
   */
  static Destination destination(Optional<Snapshot> snapshot, String to) {
    Optional<Ipv4Address> ip = Ipv4Address.tryParse(to);
    if (ip.isPresent()) {
      return new Destination(ip.get(), Optional.empty(), List.of());
    }
    if (snapshot.isEmpty()) {
      throw new UserError("--to " + to + ": not an IPv4 address");
    }
    Snapshot s = snapshot.get();
    Optional<KubePod> pod = s.pod(to);
    if (pod.isPresent()) {
      return new Destination(
          pod.get()
              .ip()
              .orElseThrow(
                  () ->
                      new UserError(
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
      throw new UserError(
          "--to "
              + to
              + ": not an IPv4 address, nor a pod or Service the snapshot's kubectl dumps"
              + " list (as namespace/name"
              + (s.services().isEmpty()
                  ? "; the snapshot has no kubectl-get-services" + " file"
                  : ", or namespace/name:PORT for a Service")
              + ")");
    }
    KubeService service = svc.get();
    if (service.clusterIp().isEmpty()) {
      throw new UserError("--to " + to + ": " + noClusterIp(s, service));
    }
    List<ServicePort> port = List.of();
    if (portAsked.isPresent()) {
      List<ServicePort> found = service.port(portAsked.get());
      if (found.isEmpty()) {
        throw new UserError(
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
                    : ""));
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

  static String ports(KubeService s) {
    return s.ports().isEmpty()
        ? "none"
        : s.ports().stream().map(ServicePort::toString).collect(Collectors.joining(", "));
  }

  private static NetnsName tryName(String s) {
    try {
      return NetnsName.of(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
