package dev.podpath.gui.network;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.io.UnreadableFileException;
import dev.podpath.model.kube.KubePod;
import dev.podpath.model.kube.KubeService;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.script.ScriptException;
import dev.podpath.model.snapshot.Snapshot;
import dev.podpath.model.snapshot.SnapshotException;
import dev.podpath.model.topo.IfAddress;
import dev.podpath.model.topo.NetDevice;
import dev.podpath.model.topo.Netns;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Tracer;
import dev.podpath.trace.graph.TopologyGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one door between the GUI and podpath's engine: opening a scenario or snapshot, naming what
 * can be traced from and to, and tracing. Everything the GUI shows comes through here, from the
 * model, the simulator and the tracer; the GUI decides nothing about packets.
 *
 * <p>The resolution of names mirrors the command line's ({@code --from}/{@code --to}); when the
 * tracer publishes that resolution, this class calls it instead.
 */
public final class GuiNetwork {

  private GuiNetwork() {}

  /** Opens a scenario script or a snapshot folder. */
  public static LoadedNetwork open(Path path) throws NetworkInputException {
    if (!Files.exists(path)) {
      throw new NetworkInputException(path + ": no such file or folder");
    }
    Topology topology;
    Optional<Snapshot> snapshot = Optional.empty();
    try {
      if (Files.isDirectory(path)) {
        Snapshot s = Snapshot.load(path, Snapshot.Options.DEFAULTS);
        snapshot = Optional.of(s);
        topology = s.topology();
      } else {
        topology = ScenarioInterpreter.interpret(path).topology();
      }
    } catch (UnreadableFileException | ScriptException | SnapshotException e) {
      throw new NetworkInputException(e.getMessage());
    }
    return new LoadedNetwork(path, topology, snapshot, TopologyGraph.of(topology));
  }

  /**
   * What a trace may start from or go to, for the pickers: every namespace, then the pods and
   * Services a snapshot's kubectl dumps name.
   */
  public static List<String> endpoints(LoadedNetwork n) {
    List<String> out = new ArrayList<>();
    n.topology().namespaces().keySet().forEach(x -> out.add(x.value()));
    n.snapshot()
        .ifPresent(
            s -> {
              s.pods().stream()
                  .map(p -> p.namespace().map(ns -> ns + "/").orElse("") + p.name())
                  .forEach(out::add);
              s.services().stream()
                  .filter(x -> x.clusterIp().isPresent())
                  .map(KubeService::qualifiedName)
                  .forEach(out::add);
            });
    return out;
  }

  /** Traces {@code r} through {@code n}: the same {@link Trace} the CLI prints. */
  public static Trace trace(LoadedNetwork n, TraceRequest r) throws NetworkInputException {
    Source src = source(n, r.from().strip());
    Ipv4Address dst = destination(n, r.to().strip());
    int payload =
        r.payloadBytes() >= 0
            ? r.payloadBytes()
            : r.protocol() == Probe.Protocol.ICMP ? Probe.PING_PAYLOAD : 0;
    Probe probe =
        new Probe(
            src.netns(),
            dst,
            src.address(),
            r.protocol(),
            r.protocol() == Probe.Protocol.ICMP ? 0 : 40000,
            r.dport(),
            64,
            payload,
            r.dontFragment());
    return Tracer.trace(n.topology(), probe);
  }

  private record Source(NetnsName netns, Optional<Ipv4Address> address) {}

  private static Source source(LoadedNetwork n, String from) throws NetworkInputException {
    Topology t = n.topology();
    Optional<NetnsName> name = netnsNamed(t, from);
    if (name.isPresent()) {
      return new Source(name.get(), Optional.empty());
    }
    Optional<Ipv4Address> ip = Ipv4Address.tryParse(from);
    if (ip.isEmpty()) {
      ip = n.snapshot().flatMap(s -> s.pod(from)).flatMap(KubePod::ip);
    }
    if (ip.isEmpty()) {
      throw new NetworkInputException(
          "from " + from + ": no namespace, address or pod of that name");
    }
    List<Netns> owners = t.owners(ip.get());
    if (owners.size() != 1) {
      throw new NetworkInputException(
          "from "
              + from
              + (owners.isEmpty()
                  ? ": no namespace has " + ip.get()
                  : ": several namespaces have "
                      + ip.get()
                      + " ("
                      + owners.stream().map(x -> x.name().value()).collect(Collectors.joining(", "))
                      + "); pick the namespace"));
    }
    return new Source(owners.get(0).name(), ip);
  }

  private static Ipv4Address destination(LoadedNetwork n, String to) throws NetworkInputException {
    Optional<Ipv4Address> ip = Ipv4Address.tryParse(to);
    if (ip.isPresent()) {
      return ip.get();
    }
    Optional<NetnsName> name = netnsNamed(n.topology(), to);
    if (name.isPresent()) {
      return firstAddress(n.topology().require(name.get()))
          .orElseThrow(
              () -> new NetworkInputException("to " + to + ": the namespace has no address"));
    }
    if (n.snapshot().isPresent()) {
      Snapshot s = n.snapshot().get();
      Optional<Ipv4Address> pod = s.pod(to).flatMap(KubePod::ip);
      if (pod.isPresent()) {
        return pod.get();
      }
      Optional<Ipv4Address> svc = s.service(to).flatMap(KubeService::clusterIp);
      if (svc.isPresent()) {
        return svc.get();
      }
    }
    throw new NetworkInputException(
        "to " + to + ": not an address, nor a namespace, pod or Service of this network");
  }

  /** The first address of a namespace that is not on the loopback. */
  public static Optional<Ipv4Address> firstAddress(Netns n) {
    return n.deviceList().stream()
        .filter(d -> !d.isLoopback())
        .map(NetDevice::addresses)
        .flatMap(List::stream)
        .map(IfAddress::address)
        .findFirst();
  }

  private static Optional<NetnsName> netnsNamed(Topology t, String s) {
    try {
      NetnsName name = NetnsName.of(s);
      return t.netns(name).map(Netns::name);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
