package dev.podpath.trace.api;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.finding.Code;
import dev.podpath.model.finding.Finding;
import dev.podpath.model.finding.Findings;
import dev.podpath.model.finding.NetworkFacts;
import dev.podpath.model.finding.QuestionFindings;
import dev.podpath.model.finding.ScenarioFindings;
import dev.podpath.model.io.TextFiles;
import dev.podpath.model.io.UnreadableFileException;
import dev.podpath.model.kube.KubeEndpoints;
import dev.podpath.model.kube.KubePod;
import dev.podpath.model.kube.KubeService;
import dev.podpath.model.kube.ServicePort;
import dev.podpath.model.netfilter.Protocols;
import dev.podpath.model.script.ProbeSpec;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.script.ScriptException;
import dev.podpath.model.snapshot.Assumption;
import dev.podpath.model.snapshot.Snapshot;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.net.EdgeAssumption;
import dev.podpath.sim.net.MultipathChoice;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.sim.netfilter.StatisticChoice;
import dev.podpath.sim.netfilter.StatisticPin;
import dev.podpath.trace.Branches;
import dev.podpath.trace.NextHopAnswers;
import dev.podpath.trace.Probe;
import dev.podpath.trace.ProbeAnswer;
import dev.podpath.trace.ProbeAnswers;
import dev.podpath.trace.Session;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Tracer;
import dev.podpath.trace.Traceroute;
import dev.podpath.trace.api.InputException.Input;
import dev.podpath.trace.api.InputException.Problem;
import dev.podpath.trace.diagnosis.Diagnoser;
import dev.podpath.trace.diagnosis.Diagnosis;
import dev.podpath.trace.render.Annotations;
import dev.podpath.trace.verify.Divergence;
import dev.podpath.trace.verify.KernelCaptures;
import dev.podpath.trace.verify.KernelFeatures;
import dev.podpath.trace.verify.KernelPlan;
import dev.podpath.trace.verify.KernelRun;
import dev.podpath.trace.verify.PcapComparison;
import dev.podpath.trace.verify.Verifier;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A loaded scenario or snapshot: the model podpath traces on, and the questions it answers about
 * it. Made by {@link Podpath#load}: load, resolve, trace.
 *
 * <pre>{@code
 * Network net = Podpath.load(Path.of("samples/kube-proxy.sh"));
 * net.source("p1");                        // Source[netns=p1, address=Optional.empty]
 * net.destination("10.96.0.10");           // Destination[address=10.96.0.10, ...]
 * TraceResult r = net.trace(
 *     TraceRequest.builder("p1", "10.96.0.10").protocol(Probe.Protocol.TCP).allBranches(true).build());
 * r.branches();                            // one per endpoint kube-proxy can pick, each with its probability
 * TracerouteResult hops = net.traceroute(TracerouteRequest.builder("pc", "10.96.0.30").method(TracerouteMethod.TCP).port(80).build());
 * }</pre>
 *
 * <p><b>Immutable and thread-safe.</b> A network holds the immutable {@link Topology} (and a
 * snapshot's kubectl view, warnings and assumptions), read once by {@link Podpath#load}; nothing
 * here changes it. What each endpoint address of a snapshot is (to name the pod behind a DNAT) is
 * computed once, by the first {@link #plan(TraceRequest)}, and cached. Every {@link #trace}, {@link
 * #traceroute} and {@link #probes} call runs a simulation of its own, from a fresh state (empty
 * neighbour caches and bridge FDBs, no connections), so calls are independent of each other and of
 * their order, may run on any thread and concurrently, and cost one simulation each: re-trace after
 * an edit by loading the edited input, trace many pairs by calling {@link #trace} for each. {@link
 * #findings()} is computed on each call.
 */
public final class Network {

  /** The most branches {@link TraceRequest#allBranches()} traces. */
  public static final int MAX_BRANCHES = 64;

  private final Path path;
  private final Scenario scenario;
  private final Optional<Snapshot> snapshot;
  private final Object lock = new Object();

  /** What each endpoint address of the snapshot is; computed on first use, under {@code lock}. */
  private Map<String, String> endpointNames;

  private final EdgeAssumption.Mode edge;

  private Network(
      Path path, Scenario scenario, Optional<Snapshot> snapshot, EdgeAssumption.Mode edge) {
    this.path = path;
    this.scenario = scenario;
    this.snapshot = snapshot;
    this.edge = edge;
  }

  private Network(Path path, Scenario scenario, Optional<Snapshot> snapshot) {
    this(path, scenario, snapshot, EdgeAssumption.Mode.UNKNOWN);
  }

  /**
   * {@return this network with {@code mode} assumed of the gateways no dump owns ({@code --edge})}
   */
  public Network withEdge(EdgeAssumption.Mode mode) {
    return mode == edge ? this : new Network(path, scenario, snapshot, mode);
  }

  /** {@return what the gateways no dump owns are assumed to do ({@code --edge})} */
  public EdgeAssumption.Mode edge() {
    return edge;
  }

  /** The run's knobs: the defaults, with the edge assumed as loaded. */
  private SimConfig config() {
    return SimConfig.defaults().withEdge(EdgeChoice.of(edge, topology()));
  }

  /** The plan's annotations with the edge assumption added, when one is made. */
  private Annotations withEdge(Annotations a) {
    Optional<String> e = EdgeChoice.sentence(edge, topology());
    if (e.isEmpty()) {
      return a;
    }
    List<String> assumptions = new ArrayList<>(a.assumptions());
    assumptions.add(e.get());
    return new Annotations(a.service(), assumptions, a.warnings(), a.endpoints());
  }

  static Network of(Path file, Scenario scenario) {
    return new Network(file, scenario, Optional.empty());
  }

  static Network of(Path dir, Snapshot s) {
    return new Network(dir, Podpath.scenarioOf(dir, s), Optional.of(s));
  }

  /** {@link EndpointNames} of the snapshot, computed once (a trace plan on a snapshot needs it). */
  private Map<String, String> endpointNames() {
    synchronized (lock) {
      if (endpointNames == null) {
        endpointNames = Map.copyOf(snapshot.map(EndpointNames::of).orElse(Map.of()));
      }
      return endpointNames;
    }
  }

  /** {@return the file or folder it was loaded from} */
  public Path path() {
    return path;
  }

  /** {@return the name the output cites it by: its path as given} */
  public String name() {
    return path.toString();
  }

  /** {@return the model traced on} */
  public Topology topology() {
    return scenario.topology();
  }

  /**
   * {@return every frame of {@code trace}, as it was on each device, as pcap-ng for Wireshark: the
   * bytes {@code podpath trace --pcap} writes for the same trace (docs/pcap.md)}
   */
  public byte[] pcap(dev.podpath.trace.Trace trace) {
    return dev.podpath.trace.render.pcap.TracePcap.of(trace, topology(), BuildVersion.line());
  }

  /**
   * {@return the scenario: the script's probes, notes and the network as it stood at each probe;
   * for a snapshot, its model without probes}
   */
  public Scenario scenario() {
    return scenario;
  }

  /**
   * {@return this network with the changes file {@code changes} applied on top: its lines ({@code
   * ip}, {@code iptables}, {@code ipset}, {@code sysctl}..., as in a scenario script) change the
   * network as they would change the real host, one after the other} Nothing of this network
   * changes; the new one has the same path, kubectl view, warnings and assumptions, and every entry
   * a line made or changed has its origin in {@code changes} (file:line), so a trace and a
   * diagnosis cite it there. On a snapshot, which has no namespace of its own, each line names one
   * ({@code ip -n NODE ...}, {@code ip netns exec NODE ...}); on a scenario, a line naming none
   * runs in the script's own namespace. A scenario's probes are then all answered on the changed
   * network.
   *
   * @throws InputException when {@code changes} cannot be read ({@link Problem#UNREADABLE}) or a
   *     line of it fails ({@link Problem#FAILS}: the file, the line and the tool's complaint)
   */
  public Network apply(Path changes) {
    Objects.requireNonNull(changes, "changes");
    String text;
    try {
      text = TextFiles.read(changes);
    } catch (UnreadableFileException e) {
      throw new InputException(
          Input.FILE, Problem.UNREADABLE, changes.toString(), e.getMessage(), List.of(), 0, e);
    }
    return apply(changes, text);
  }

  /**
   * {@return this network with {@code text} applied on top as the changes file {@code changes}, as
   * {@link #apply(Path)} reads it: a part of a changes file (its first lines, for {@code podpath
   * diff --apply} to find the line that changed a pair) cites the file's own lines}
   *
   * @throws InputException when a line fails ({@link Problem#FAILS}: the file, the line and the
   *     tool's complaint)
   */
  public Network apply(Path changes, String text) {
    Objects.requireNonNull(changes, "changes");
    Objects.requireNonNull(text, "text");
    Scenario applied;
    try {
      applied = ScenarioInterpreter.apply(topology(), changes.toString(), text);
    } catch (ScriptException e) {
      throw new InputException(
          Input.FILE, Problem.FAILS, changes.toString(), e.getMessage(), List.of(), 0, e);
    }
    Topology changed = applied.topology();
    Optional<Snapshot> snap =
        snapshot.map(
            s ->
                new Snapshot(
                    s.dir(),
                    changed,
                    s.warnings(),
                    s.assumptions(),
                    s.pods(),
                    s.nodes(),
                    s.services(),
                    s.endpoints()));
    List<Scenario.Note> notes = new ArrayList<>(scenario.notes());
    notes.addAll(applied.notes());
    Scenario next =
        new Scenario(
            scenario.file(),
            changed,
            scenario.probes(),
            Collections.nCopies(scenario.probes().size(), changed),
            notes,
            scenario.kernelSteps());
    return new Network(path, next, snap);
  }

  /** {@return the snapshot, when it was loaded from one: kubectl's pods, Services, endpoints} */
  public Optional<Snapshot> snapshot() {
    return snapshot;
  }

  /**
   * {@return the snapshot's problems: dump lines it could not read, dumps that contradict each
   * other, what the collector could not dump; empty for a scenario}
   */
  public List<DumpWarning> warnings() {
    return snapshot.map(Snapshot::warnings).orElse(List.of());
  }

  /** {@return what was assumed to build a snapshot's model; empty for a scenario} */
  public List<Assumption> assumptions() {
    return snapshot.map(Snapshot::assumptions).orElse(List.of());
  }

  /**
   * {@return what is wrong before any packet is traced ({@code podpath lint}'s findings): for a
   * scenario, of the network as each probe saw it and as the script leaves it}
   */
  /**
   * {@return why {@code trace} (of this network) failed and what to change: the entries responsible
   * with their lines, the findings on the way and the fixes; empty when it succeeded} The findings
   * are computed on each call of a failed trace.
   */
  public Optional<Diagnosis> diagnose(Trace trace) {
    Objects.requireNonNull(trace, "trace");
    return trace.succeeded() ? Optional.empty() : diagnoser().apply(trace);
  }

  /**
   * {@return {@link #diagnose(Trace)} for many traces: the lint findings computed once, now} The
   * function is immutable and may be called from any thread.
   */
  public Function<Trace, Optional<Diagnosis>> diagnoser() {
    NetworkFacts facts = facts();
    List<Finding> findings = List.copyOf(Findings.of(facts));
    return trace ->
        Objects.requireNonNull(trace, "trace").succeeded()
            ? Optional.empty()
            : Diagnoser.diagnose(trace, facts, findings);
  }

  private NetworkFacts facts() {
    return snapshot.map(NetworkFacts::snapshot).orElseGet(() -> NetworkFacts.scenario(topology()));
  }

  public List<Finding> findings() {
    return snapshot.isPresent()
        ? Findings.of(NetworkFacts.snapshot(snapshot.get()))
        : ScenarioFindings.of(scenario).stream().map(ScenarioFindings.Staged::finding).toList();
  }

  /** The lint codes of what a packet meets on a node: its filter chains, forwarding, MTU. */
  private static final Set<Code> ON_THE_WAY =
      Set.of(
          Code.FORWARDING_OFF,
          Code.RP_FILTER_DROPS,
          Code.CNI_DEVICE_RP_FILTER,
          Code.BRIDGE_NF_CALL_IPTABLES_OFF,
          Code.FORWARD_DROPS_POD_TRAFFIC,
          Code.INPUT_REJECTS_LOCAL_ENDPOINT,
          Code.RULES_AFTER_CATCH_ALL,
          Code.TUNNEL_MTU_TOO_LARGE,
          Code.POD_MTU_ABOVE_OVERLAY,
          Code.TUNNEL_PORT_BLOCKED);

  /**
   * {@return what podpath can say when {@code request} cannot be traced because its source is in no
   * dump of this snapshot ({@code failure}: {@link Input#FROM}, {@link Problem#UNKNOWN} or {@link
   * Problem#NO_ADDRESS}): the findings of what was posted that bear on packets of that kind; empty
   * for a scenario, another failure, or a destination that cannot be resolved either}
   */
  public Optional<Untraced> untraced(TraceRequest request, InputException failure) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(failure, "failure");
    if (snapshot.isEmpty()
        || failure.input() != Input.FROM
        || (failure.problem() != Problem.UNKNOWN && failure.problem() != Problem.NO_ADDRESS)) {
      return Optional.empty();
    }
    Destination to;
    try {
      to = destination(request.to());
    } catch (InputException e) {
      return Optional.empty();
    }
    Snapshot s = snapshot.get();
    Optional<Ipv4Address> src =
        Ipv4Address.tryParse(request.from()).or(() -> s.pod(request.from()).flatMap(KubePod::ip));
    Probe.Protocol proto = request.protocol().orElse(Probe.Protocol.ICMP);
    OptionalInt number =
        OptionalInt.of(
            switch (proto) {
              case ICMP -> Protocols.ICMP;
              case TCP -> Protocols.TCP;
              case UDP -> Protocols.UDP;
            });
    OptionalInt dport;
    dport =
        proto == Probe.Protocol.ICMP
            ? OptionalInt.empty()
            : OptionalInt.of(request.dport().orElse(ServicePortChoice.DEFAULT_DPORT));
    Optional<Ipv4Address> dst = Optional.of(to.address());
    boolean dnatted = false;
    Optional<KubeService> svc = to.service().or(() -> s.serviceWithClusterIp(to.address()));
    if (svc.isPresent()) {
      // kube-proxy DNATs in PREROUTING: filter sees the endpoint, known when kubectl lists one
      List<KubeEndpoints.Endpoint> ready =
          s.endpointsOf(svc.get()).stream().filter(KubeEndpoints.Endpoint::ready).toList();
      dnatted = true;
      dst = ready.size() == 1 ? Optional.of(ready.get(0).ip()) : Optional.empty();
      dport = ready.size() == 1 ? ready.get(0).port() : OptionalInt.empty();
    }
    NetworkFacts facts = facts();
    List<Finding> bearing =
        new ArrayList<>(
            QuestionFindings.of(
                facts, new QuestionFindings.Question(src, dst, number, dport, dnatted)));
    for (Finding f : Findings.of(facts)) {
      if (ON_THE_WAY.contains(f.code())
          && bearing.stream().noneMatch(b -> b.key().equals(f.key()))) {
        bearing.add(f);
      }
    }
    return Optional.of(new Untraced(failure.getMessage(), bearing));
  }

  /**
   * {@return where a probe named {@code from} starts: a namespace, an address one namespace owns,
   * or (snapshot) a pod as {@code namespace/name}}
   *
   * @throws InputException ({@link Input#FROM}) for a name that is none of these ({@link
   *     Problem#UNKNOWN}, the namespaces as {@link InputException#candidates()}), an address
   *     several namespaces own ({@link Problem#AMBIGUOUS}, they are the candidates), a pod without
   *     an IP or not dumped ({@link Problem#NO_ADDRESS})
   */
  public Source source(String from) {
    Objects.requireNonNull(from, "from");
    return Resolver.source(topology(), snapshot, from);
  }

  /**
   * {@return the names {@link #source(String)} resolves, for a picker: every namespace, then
   * (snapshot) every pod as {@code namespace/name}; an address a namespace owns is taken too}
   */
  public List<String> sourceCandidates() {
    return Resolver.sourceCandidates(topology(), snapshot);
  }

  /**
   * {@return the names {@link #destination(String)} resolves, for a picker: every address a
   * namespace has (its loopback's aside), then (snapshot) every pod and every Service with a
   * ClusterIP as {@code namespace/name}}
   */
  public List<String> destinationCandidates() {
    return Resolver.destinationCandidates(topology(), snapshot);
  }

  /**
   * {@return where a probe named {@code to} goes: an address or, in a snapshot, a pod ({@code
   * namespace/name}) or a Service ({@code namespace/name[:PORT|:PORTNAME]}, its ClusterIP)}
   *
   * @throws InputException ({@link Input#TO}) for a name that is none of these ({@link
   *     Problem#UNKNOWN}, the snapshot's pods and Services as candidates), a port the Service does
   *     not have (its ports as candidates), a pod without an IP or a Service without a ClusterIP
   *     ({@link Problem#NO_ADDRESS}, a headless Service's endpoints as candidates)
   */
  public Destination destination(String to) {
    Objects.requireNonNull(to, "to");
    return Resolver.destination(snapshot, to);
  }

  /**
   * {@return the request with its names resolved, and, to a Service (named, or an address that is a
   * snapshot's ClusterIP), the protocol and port its kube-proxy rules answer, as {@link
   * TracePlan#assumptions()} and {@link TracePlan#warnings()} say}
   *
   * @throws InputException for a name that cannot be resolved, or a Service port that contradicts
   *     the request's protocol or port
   */
  public TracePlan plan(TraceRequest request) {
    Objects.requireNonNull(request, "request");
    Source src = source(request.from());
    Destination to = destination(request.to());
    String protoName =
        request
            .protocol()
            .map(p -> p.name().toLowerCase(Locale.ROOT))
            .orElse(ServicePortChoice.DEFAULT_PROTOCOL);
    int dport = request.dport().orElse(ServicePortChoice.DEFAULT_DPORT);
    if (snapshot.isEmpty()) {
      return new TracePlan(
          request, src, to, protocol(protoName), dport, withEdge(Annotations.NONE));
    }
    Snapshot s = snapshot.get();
    Optional<KubeService> svc = to.service().or(() -> s.serviceWithClusterIp(to.address()));
    if (svc.isEmpty()) {
      return new TracePlan(
          request,
          src,
          to,
          protocol(protoName),
          dport,
          withEdge(new Annotations(Optional.empty(), List.of(), List.of(), endpointNames())));
    }
    boolean named = to.service().isPresent();
    Optional<String> askedProto = request.protocol().map(p -> p.name().toLowerCase(Locale.ROOT));
    Optional<Integer> askedPort = boxed(request.dport());
    ServicePortChoice c =
        ServicePortChoice.choose(
            svc.get(),
            to.portsAsked(),
            named ? askedProto : Optional.of(protoName),
            named ? askedPort : Optional.of(dport));
    Annotations.ServiceDestination service =
        new Annotations.ServiceDestination(
            svc.get().qualifiedName(),
            to.address(),
            c.port().flatMap(ServicePort::name),
            c.port().map(ServicePort::protocol),
            c.port().map(p -> OptionalInt.of(p.port())).orElse(OptionalInt.empty()),
            svc.get().origin().location());
    return new TracePlan(
        request,
        src,
        to,
        protocol(c.protocol()),
        c.dport(),
        withEdge(
            new Annotations(Optional.of(service), c.assumptions(), c.warnings(), endpointNames())));
  }

  /**
   * {@return the trace of the request: {@link #plan(TraceRequest)}, then {@link #trace(TracePlan)}}
   *
   * @throws InputException as those two
   */
  public TraceResult trace(TraceRequest request) {
    return trace(plan(request));
  }

  /**
   * {@return the trace of a plan made by this network: the probe sent and simulated until nothing
   * is left to happen, its request's and response's hops; with all branches, one trace per way the
   * statistic rules can go (at most {@link #MAX_BRANCHES})}
   *
   * @throws InputException for a payload size out of range ({@link Input#SIZE}), or an endpoint no
   *     nat rule DNATs to ({@link Input#ENDPOINT})
   */
  public TraceResult trace(TracePlan plan) {
    Objects.requireNonNull(plan, "plan");
    Probe probe = plan.probe();
    SimConfig config = configFor(plan);
    if (plan.request().allBranches()) {
      List<Branches.Branch> all = Branches.all(topology(), probe, config, MAX_BRANCHES);
      return new TraceResult(plan, probe, all.get(0).trace(), all);
    }
    Trace t = Tracer.trace(topology(), probe, config);
    return new TraceResult(plan, probe, t, List.of());
  }

  /**
   * {@return the plan's probe traced through each next hop of the multipath routes it meets (ECMP,
   * whose choice the kernel's per-boot hash makes), at most {@link #MAX_BRANCHES}; one trace when
   * it meets none or {@code --nexthop} chose} The statistic rules draw as in {@link
   * #trace(TracePlan)}.
   *
   * @throws InputException as {@link #trace(TracePlan)}
   */
  public List<Branches.Branch> nextHops(TracePlan plan) {
    Objects.requireNonNull(plan, "plan");
    return Branches.nextHops(topology(), plan.probe(), configFor(plan), MAX_BRANCHES);
  }

  /**
   * {@return podpath's answer to a probe of this scenario ({@link #probes()}) through each next hop
   * of the multipath routes its ping or connect met, or empty when it met none}
   */
  public Optional<NextHopAnswers> nextHops(ProbeAnswer answer) {
    Objects.requireNonNull(answer, "answer");
    return NextHopAnswers.of(
        scenario, answer.probe(), answer, config().withClosedPorts(true), MAX_BRANCHES);
  }

  private SimConfig configFor(TracePlan plan) {
    SimConfig config = config();
    List<String> endpoints = plan.request().endpoints();
    if (!endpoints.isEmpty()) {
      Set<StatisticPin> pins = new LinkedHashSet<>();
      for (String e : endpoints) {
        Set<StatisticPin> p = Branches.pins(topology(), e);
        if (p.isEmpty()) {
          throw new InputException(
              Input.ENDPOINT, Problem.UNKNOWN, e, "--endpoint " + e + ": no nat rule DNATs to it");
        }
        pins.addAll(p);
      }
      config = config.withStatistic(new StatisticChoice.Pinned(pins, config.statistic().seed()));
    }
    if (plan.request().nexthop().isPresent()) {
      config = config.withMultipath(MultipathChoice.every(plan.request().nexthop().getAsInt() - 1));
    }
    return config;
  }

  /**
   * {@return the request with its names resolved and, to a named Service, the port its probes go
   * to: {@code TCP}/{@code UDP} its port of that protocol (as {@link #plan(TraceRequest)} picks
   * it); ICMP and the default method's ports are no port of it, said as a warning}
   *
   * @throws InputException for a name that cannot be resolved, or a Service port that contradicts
   *     the request's port
   */
  public TraceroutePlan plan(TracerouteRequest request) {
    Objects.requireNonNull(request, "request");
    Source src = source(request.from());
    Destination to = destination(request.to());
    int port = request.port().orElse(request.method().defaultPort());
    List<String> assumptions = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (to.service().isPresent()) {
      KubeService service = to.service().get();
      Optional<Integer> asked = boxed(request.port());
      switch (request.method()) {
        case TCP, UDP -> {
          ServicePortChoice c =
              ServicePortChoice.choose(
                  service, to.portsAsked(), Optional.of(request.method().protocol()), asked);
          assumptions.addAll(c.assumptions());
          warnings.addAll(c.warnings());
          port = c.dport();
        }
        case ICMP ->
            warnings.addAll(
                ServicePortChoice.choose(service, to.portsAsked(), Optional.of("icmp"), asked)
                    .warnings());
        case DEFAULT ->
            warnings.add(
                "UDP to ports "
                    + port
                    + " and up is no port of "
                    + service.qualifiedName()
                    + " (its ports: "
                    + Resolver.ports(service)
                    + "): kube-proxy DNATs none of them;"
                    + " -T or -U probe the Service's port");
        default -> throw new AssertionError(request.method());
      }
    }
    EdgeChoice.sentence(edge, topology()).ifPresent(assumptions::add);
    return new TraceroutePlan(request, src, to, port, assumptions, warnings);
  }

  /**
   * {@return the traceroute of the request: {@link #plan(TracerouteRequest)}, then {@link
   * #traceroute(TraceroutePlan)}}
   *
   * @throws InputException as {@link #plan(TracerouteRequest)}
   */
  public TracerouteResult traceroute(TracerouteRequest request) {
    return traceroute(plan(request));
  }

  /**
   * {@return what Linux {@code traceroute} would print for a plan made by this network, each line
   * with the traces of its probes, in one simulation as the tool's probes share one host (up to 16
   * in flight, ICMP errors rate-limited per destination)}
   */
  public TracerouteResult traceroute(TraceroutePlan plan) {
    Objects.requireNonNull(plan, "plan");
    Traceroute.Result r =
        Traceroute.run(new Session(topology(), config().withClosedPorts(true)), plan.toRequest());
    return new TracerouteResult(plan, r);
  }

  /**
   * {@return the answers to the scenario's own probes ({@code ping}, {@code nc -z}, {@code
   * traceroute}, {@code ip route get} lines), in the script's order, each run in the network as it
   * stood at its line and in one simulation, so what one probe's ARP and FDB learned is there for
   * the next ({@code podpath probes}); empty for a snapshot}
   */
  public List<ProbeAnswer> probes() {
    // each answer holds its traces; the log need not keep them (DroppingSessionTest)
    Session session = Session.dropping(topology(), config().withClosedPorts(true));
    List<ProbeAnswer> out = new ArrayList<>();
    for (ProbeSpec p : scenario.probes()) {
      out.add(ProbeAnswers.answer(scenario, session, p));
    }
    return List.copyOf(out);
  }

  /**
   * {@return the scenario's probes and final state compared with a kernel transcript of the same
   * script ({@code samples/expected/*.kernel.txt}, or what {@code podpath verify} recorded)}
   */
  public Verifier.Report verify(String transcript) {
    Objects.requireNonNull(transcript, "transcript");
    return Verifier.compare(name(), scenario, transcript);
  }

  /**
   * {@return podpath's frames of the scenario's pings and connects next to the kernel's, device by
   * device, from a transcript of {@link #runInKernel(KernelRun, Duration, boolean)} with captures},
   * and both sides as pcap-ng files (docs/pcap.md, "Against the kernel")
   *
   * @param application the name written into the pcap-ng files
   * @throws InputException when the transcript has no captures
   * @throws IOException when a capture in it cannot be read
   */
  public PcapComparison comparePcap(String transcript, String application) throws IOException {
    Objects.requireNonNull(transcript, "transcript");
    if (!KernelCaptures.in(transcript)) {
      throw new InputException(
          InputException.Input.FILE,
          InputException.Problem.WRONG_KIND,
          "transcript",
          "the kernel's transcript holds no captures: it was recorded without --pcap (record one"
              + " with verify --pcap DIR --save-transcript FILE)",
          List.of());
    }
    CapturedProbes run = capturedProbes();
    return PcapComparison.of(
        scenario, run.answers(), run.frames(), KernelCaptures.parse(transcript), application);
  }

  /**
   * {@return podpath's frames of each of the scenario's probes as {@code verify --pcap} compares
   * them (one list of traces per probe, in the script's order; empty for a probe that sends
   * nothing): the probes run as in {@link #probes()}, but after each captured one the world is let
   * run until it is quiet again, as the sandbox does before it stops the captures (docs/pcap.md,
   * "Until the world is quiet")}
   */
  public List<List<Trace>> probeFrames() {
    return capturedProbes().frames();
  }

  private record CapturedProbes(List<ProbeAnswer> answers, List<List<Trace>> frames) {}

  private CapturedProbes capturedProbes() {
    Session session = new Session(topology(), config().withClosedPorts(true));
    java.util.Set<Integer> captured = PcapComparison.probesToCapture(scenario);
    List<ProbeAnswer> answers = new ArrayList<>();
    List<List<Trace>> frames = new ArrayList<>();
    for (ProbeSpec p : scenario.probes()) {
      int mark = session.sentCount();
      answers.add(ProbeAnswers.answer(scenario, session, p));
      if (captured.contains(answers.size())) {
        // as the sandbox does before it stops the probe's captures (sandbox-run.sh, capture_stop)
        session.settle(SETTLE_STEP_NANOS, SETTLE_LIMIT_NANOS, SETTLE_QUIET_NANOS);
      }
      frames.add(session.tracesSince(mark));
    }
    return new CapturedProbes(List.copyOf(answers), List.copyOf(frames));
  }

  /**
   * {@code verify --pcap}'s wait after a captured probe, on both sides: every 0.1 s, for at most 10
   * s, until no neighbour resolution is pending, then half a second (sandbox-run.sh's
   * capture_stop).
   */
  private static final long SETTLE_STEP_NANOS = 100_000_000L;

  private static final long SETTLE_LIMIT_NANOS = 10_000_000_000L;

  private static final long SETTLE_QUIET_NANOS = 500_000_000L;

  /**
   * {@return what this kernel lacks to run the scenario (the ipip module...), if anything: {@link
   * #verifyInKernel} would refuse it}
   */
  public Optional<String> kernelLacks() {
    return KernelFeatures.missingFor(scenario);
  }

  /**
   * {@return the scenario's probes and final state compared with the kernel's, run for real now:
   * {@link #verify(String)} of {@link #runInKernel(Duration)}}
   *
   * @throws KernelUnavailableException as {@link #runInKernel(Duration)}
   * @throws IOException as {@link #runInKernel(Duration)}
   */
  public Verifier.Report verifyInKernel(Duration timeout) throws IOException {
    return verify(runInKernel(timeout));
  }

  /**
   * {@return the kernel's transcript of the scenario, run for real in a throwaway sandbox ({@code
   * podpath verify}; docs/verify.md: only the commands podpath understood run, as argument vectors,
   * as {@code nobody}, in namespaces of their own)}, for {@link #verify(String)}. Load the scenario
   * with the host's sysctls ({@code Podpath.loadScenario(file, HostSysctls.read())}): the sandbox's
   * namespaces inherit them. Root is needed; the call blocks until the run ends.
   *
   * <pre>{@code
   * Network net = Podpath.loadScenario(Path.of("samples/router.sh"), HostSysctls.read());
   * Verifier.Report r = net.verify(net.runInKernel(Duration.ofMinutes(10)));
   * }</pre>
   *
   * @param timeout the longest the kernel run may take
   * @throws KernelUnavailableException when the kernel side cannot run here (not root, a tool
   *     missing, {@link #kernelLacks()}), or did not finish in time
   * @throws IOException when the sandbox's files cannot be written or read
   */
  public String runInKernel(Duration timeout) throws IOException {
    return runInKernel(KernelRun.sandbox(), timeout);
  }

  /**
   * {@return the kernel's transcript of the scenario, run for real now in {@code kernel}: this
   * machine's ({@link KernelRun#sandbox()}, as {@link #runInKernel(Duration)}) or Debian's in a VM
   * ({@link KernelRun#vm()}, for what this machine's kernel lacks)}. Load the scenario with {@code
   * kernel.inherited()} sysctls, the values that kernel's new namespaces start with.
   *
   * <pre>{@code
   * try (KernelRun vm = KernelRun.vm()) {
   *   Network net = Podpath.loadScenario(Path.of("samples/calico-ipip.sh"), vm.inherited());
   *   Verifier.Report r = net.verify(net.runInKernel(vm, Duration.ofMinutes(10)));
   * }
   * }</pre>
   *
   * @throws KernelUnavailableException when that kernel cannot run the scenario here (not root for
   *     the sandbox, qemu or the VM's kernel missing, a tool missing, a module the kernel lacks),
   *     or did not finish in time
   * @throws IOException when the run's files cannot be written or read
   */
  public String runInKernel(KernelRun kernel, Duration timeout) throws IOException {
    return runInKernel(kernel, timeout, false);
  }

  /**
   * {@return {@link #runInKernel(KernelRun, Duration)}, and with {@code capture} the kernel's
   * frames of every ping and connect as well}: the sandbox runs Wireshark's {@code dumpcap} in
   * every namespace while each of them runs and returns the captures in the transcript, for {@link
   * #comparePcap} ({@code verify --pcap}; dumpcap must be installed).
   *
   * @throws KernelUnavailableException as {@link #runInKernel(KernelRun, Duration)}
   * @throws IOException as {@link #runInKernel(KernelRun, Duration)}
   */
  public String runInKernel(KernelRun kernel, Duration timeout, boolean capture)
      throws IOException {
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(timeout, "timeout");
    Optional<String> missing = kernel.lacks(scenario);
    if (missing.isPresent()) {
      throw new KernelUnavailableException(name() + ": " + missing.get());
    }
    List<String> namespaces =
        topology().namespaces().keySet().stream().map(NetnsName::value).toList();
    KernelPlan plan = KernelPlan.of(scenario, namespaces);
    if (capture) {
      plan = plan.capturing(PcapComparison.probesToCapture(scenario));
    }
    KernelRun.Result run;
    try {
      kernel.check(plan.requiredTools());
      run = kernel.execute(plan, timeout);
    } catch (KernelRun.Unavailable e) {
      throw new KernelUnavailableException(e.getMessage(), e);
    }
    if (run.timedOut()) {
      throw new KernelUnavailableException(
          "the kernel run of " + name() + " did not finish within " + timeout.toSeconds() + " s");
    }
    return run.transcript();
  }

  /**
   * {@return the report with, for each differing probe {@code which} selects, the first hop where
   * the kernel and podpath part, as its note}: the scenario run again in the kernel up to that
   * probe, then {@code traceroute -n} with the probe's own protocol, and the same in podpath. A
   * probe that cannot be located says why in its note.
   *
   * @throws IOException when the sandbox's files cannot be written or read
   */
  public Verifier.Report locateDifferences(
      Verifier.Report report, Predicate<Verifier.ProbeResult> which, Duration timeout)
      throws IOException {
    return locateDifferences(report, which, KernelRun.sandbox(), timeout);
  }

  /**
   * {@return {@link #locateDifferences(Verifier.Report, Predicate, Duration)} with the reruns in
   * {@code kernel}, the kernel the report's transcript came from}
   *
   * @throws IOException when the run's files cannot be written or read
   */
  public Verifier.Report locateDifferences(
      Verifier.Report report,
      Predicate<Verifier.ProbeResult> which,
      KernelRun kernel,
      Duration timeout)
      throws IOException {
    List<Verifier.ProbeResult> out = new ArrayList<>();
    for (Verifier.ProbeResult p : report.probes()) {
      if (!p.differs() || !which.test(p)) {
        out.add(p);
        continue;
      }
      String where;
      try {
        where = Divergence.locate(scenario, p.index() - 1, kernel, timeout).describe();
      } catch (KernelRun.Unavailable e) {
        where = "could not locate: " + e.getMessage();
      }
      out.add(p.withNote(p.note().map(n -> n + "; ").orElse("") + where));
    }
    return new Verifier.Report(
        report.scenario(),
        report.kernelInfo(),
        report.notRun(),
        report.commands(),
        out,
        report.state());
  }

  @Override
  public String toString() {
    return (snapshot.isPresent() ? "snapshot " : "scenario ") + path;
  }

  private static Probe.Protocol protocol(String name) {
    return switch (name) {
      case "udp" -> Probe.Protocol.UDP;
      case "tcp" -> Probe.Protocol.TCP;
      default -> Probe.Protocol.ICMP;
    };
  }

  private static Optional<Integer> boxed(OptionalInt i) {
    return i.isPresent() ? Optional.of(i.getAsInt()) : Optional.empty();
  }
}
