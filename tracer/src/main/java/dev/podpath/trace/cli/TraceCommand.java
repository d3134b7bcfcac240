package dev.podpath.trace.cli;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.kube.KubeService;
import dev.podpath.model.kube.ServicePort;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.snapshot.Snapshot;
import dev.podpath.sim.net.SimConfig;
import dev.podpath.sim.netfilter.StatisticChoice;
import dev.podpath.sim.netfilter.StatisticPin;
import dev.podpath.trace.Branches;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Tracer;
import dev.podpath.trace.render.Annotations;
import dev.podpath.trace.render.JsonRenderer;
import dev.podpath.trace.render.TextRenderer;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "trace",
    mixinStandardHelpOptions = true,
    description = {
      "Trace one packet from a namespace to an address, hop by hop, and the reply's way back.",
      "",
      "Example:",
      "  podpath trace samples/flannel-host-gw.sh --from busybox-jpnb6 --to 10.10.2.4",
      "  podpath trace samples/snapshots/seed-flannel-host-gw --assume-cni-pods \\",
      "      --from 10.10.1.6 --to default/busybox-8647b8666c-pg7ps",
      "  podpath trace samples/kube-proxy.sh --from p1 --to 10.96.0.10 --proto tcp --all-branches",
      "  podpath trace samples/snapshots/kube-proxy-after --assume-cni-pods \\",
      "      --from kube-system/coredns-857d9ff4c9-7m27z --to default/kubernetes",
      "",
      "Where iptables rules choose at random (-m statistic, kube-proxy's endpoint choice), the",
      "trace makes a repeatable pseudo-random choice and says which; --endpoint forces one,",
      "--all-branches traces each with its probability."
    })
final class TraceCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Mixin ProbeTarget target;

  @Option(
      names = "--proto",
      paramLabel = "icmp|udp|tcp",
      description = "protocol (default: icmp; to a Service, the protocol of its port)")
  String proto;

  @Option(
      names = "--sport",
      defaultValue = "40000",
      description = "source port for udp/tcp (default: ${DEFAULT-VALUE})")
  int sport;

  @Option(
      names = "--dport",
      description = "destination port for udp/tcp (default: 80; to a Service, its port)")
  Integer dport;

  @Option(
      names = "--ttl",
      defaultValue = "64",
      description = "initial TTL (default: ${DEFAULT-VALUE})")
  int ttl;

  @Option(
      names = "--endpoint",
      paramLabel = "IP[:PORT]|CHAIN|CHAIN#N",
      description =
          "where -m statistic rules choose, take this branch: an endpoint (the chains that DNAT to it),"
              + " a chain (KUBE-SEP-...) or a rule (CHAIN#N); repeatable")
  java.util.List<String> endpoints = new java.util.ArrayList<>();

  @Option(
      names = "--all-branches",
      description = "trace every branch -m statistic rules can take, with its probability")
  boolean allBranches;

  @Option(
      names = "--size",
      paramLabel = "BYTES",
      description =
          "payload bytes after the ICMP/UDP/TCP header, as ping -s (default: 56 for icmp, 0 otherwise)")
  Integer size;

  @Option(
      names = "--no-df",
      description = "send without the DF flag (ping -M dont); DF is set by default, as ping does")
  boolean noDf;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "text|json",
      description = "output format (default: ${DEFAULT-VALUE})")
  String output;

  @Override
  public Integer call() {
    if (!output.equals("text") && !output.equals("json")) {
      throw new UserError("-o " + output + ": expected text or json");
    }
    if (proto != null && !proto.equals("icmp") && !proto.equals("udp") && !proto.equals("tcp")) {
      throw new UserError("--proto " + proto + ": expected icmp, udp or tcp");
    }
    if (ttl < 1 || ttl > 255) {
      throw new UserError("--ttl " + ttl + ": expected 1 to 255");
    }
    for (int port : new int[] {sport, dport == null ? 0 : dport}) {
      if (port < 0 || port > 65535) {
        throw new UserError("port " + port + ": expected 0 to 65535");
      }
    }
    Inputs.Input input = Inputs.input(target.scenario, target.assumeCniPods);
    Scenario sc = input.scenario();
    Inputs.hint(input, spec.commandLine().getErr());
    Inputs.Source src = Inputs.source(sc.topology(), input.snapshot(), target.from);
    Inputs.Destination to = Inputs.destination(input.snapshot(), target.to);
    Ipv4Address dst = to.address();
    ServiceProbe sp = serviceProbe(input, to);
    String protoName = sp.protocol();
    int dportValue = sp.dport();
    Annotations notes = sp.notes();
    Probe.Protocol protocol =
        switch (protoName) {
          case "udp" -> Probe.Protocol.UDP;
          case "tcp" -> Probe.Protocol.TCP;
          default -> Probe.Protocol.ICMP;
        };
    if (size != null && (size < 0 || size > 65507)) {
      throw new UserError("--size " + size + ": expected 0 to 65507");
    }
    int payload = size != null ? size : protocol == Probe.Protocol.ICMP ? Probe.PING_PAYLOAD : 0;
    // --sport is for udp and tcp; an echo request keeps the default id
    Probe probe =
        new Probe(
            src.netns(),
            dst,
            src.address(),
            protocol,
            protocol == Probe.Protocol.ICMP ? 0 : sport,
            dportValue,
            ttl,
            payload,
            !noDf);
    SimConfig config = SimConfig.defaults();
    if (!endpoints.isEmpty()) {
      java.util.Set<StatisticPin> pins = new java.util.LinkedHashSet<>();
      for (String e : endpoints) {
        java.util.Set<StatisticPin> p = Branches.pins(sc.topology(), e);
        if (p.isEmpty()) {
          throw new UserError("--endpoint " + e + ": no nat rule DNATs to it");
        }
        pins.addAll(p);
      }
      config = config.withStatistic(new StatisticChoice.Pinned(pins, config.statistic().seed()));
    }
    if (allBranches) {
      return branches(sc, probe, config, notes);
    }
    Trace t = Tracer.trace(sc.topology(), probe, config);
    String rendered =
        output.equals("json")
            ? JsonRenderer.render(t, target.scenario.toString(), notes)
            : TextRenderer.render(t, target.scenario.toString(), notes);
    spec.commandLine().getOut().print(rendered);
    spec.commandLine().getOut().flush();
    return t.succeeded() ? 0 : 1;
  }

  /** Every branch the statistic rules allow, each traced; exit 0 only if every one succeeds. */
  private int branches(Scenario sc, Probe probe, SimConfig config, Annotations notes) {
    java.util.List<Branches.Branch> all = Branches.all(sc.topology(), probe, config, MAX_BRANCHES);
    java.io.PrintWriter out = spec.commandLine().getOut();
    String source = target.scenario.toString();
    if (output.equals("json")) {
      com.fasterxml.jackson.databind.ObjectMapper om =
          new com.fasterxml.jackson.databind.ObjectMapper();
      com.fasterxml.jackson.databind.node.ObjectNode root = om.createObjectNode();
      com.fasterxml.jackson.databind.node.ArrayNode arr = root.putArray("branches");
      for (Branches.Branch b : all) {
        com.fasterxml.jackson.databind.node.ObjectNode n = arr.addObject();
        n.put("probability", b.probability());
        b.pins().stream().map(StatisticPin::toString).forEach(n.putArray("pins")::add);
        try {
          n.set("trace", om.readTree(JsonRenderer.render(b.trace(), source, notes)));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      out.println(root.toPrettyString());
    } else {
      int k = 0;
      for (Branches.Branch b : all) {
        k++;
        out.printf(
            "=== branch %d of %d, p=%.3f%s ===%n",
            k,
            all.size(),
            b.probability(),
            b.pins().isEmpty()
                ? " (no random choice on the way)"
                : ": " + String.join(", ", b.pins().stream().map(StatisticPin::toString).toList()));
        out.print(TextRenderer.render(b.trace(), source, notes));
        out.println();
      }
      if (all.size() == MAX_BRANCHES) {
        out.println("(stopped at " + MAX_BRANCHES + " branches)");
      }
    }
    out.flush();
    return all.stream().allMatch(b -> b.trace().succeeded()) ? 0 : 1;
  }

  /**
   * The probe's protocol and port, and what the output says beyond the trace.
   *
   * @param notes the Service the destination is, the assumptions and warnings about its port, the
   *     endpoints' names
   */
  private record ServiceProbe(String protocol, int dport, Annotations notes) {}

  /**
   * On a snapshot, a destination that is a Service (named, or an address that is its ClusterIP)
   * gets its port as {@link ServicePortChoice} picks it (a ClusterIP address only as asked, or the
   * defaults), said on stderr and in the output; elsewhere --proto/--dport or their defaults.
   */
  private ServiceProbe serviceProbe(Inputs.Input input, Inputs.Destination to) {
    String protoName = proto == null ? ServicePortChoice.DEFAULT_PROTOCOL : proto;
    int dportValue = dport == null ? ServicePortChoice.DEFAULT_DPORT : dport;
    if (input.snapshot().isEmpty()) {
      return new ServiceProbe(protoName, dportValue, Annotations.NONE);
    }
    Snapshot s = input.snapshot().get();
    Optional<KubeService> svc = to.service().or(() -> s.serviceWithClusterIp(to.address()));
    if (svc.isEmpty()) {
      return new ServiceProbe(
          protoName,
          dportValue,
          new Annotations(Optional.empty(), List.of(), List.of(), EndpointNames.of(s)));
    }
    boolean named = to.service().isPresent();
    ServicePortChoice c =
        ServicePortChoice.choose(
            svc.get(),
            to.portsAsked(),
            named ? Optional.ofNullable(proto) : Optional.of(protoName),
            named ? Optional.ofNullable(dport) : Optional.of(dportValue));
    PrintWriter err = spec.commandLine().getErr();
    c.assumptions().forEach(a -> err.println("podpath: assumed: " + a));
    c.warnings().forEach(a -> err.println("podpath: warning: " + a));
    err.flush();
    Annotations.ServiceDestination service =
        new Annotations.ServiceDestination(
            svc.get().qualifiedName(),
            to.address(),
            c.port().flatMap(ServicePort::name),
            c.port().map(ServicePort::protocol),
            c.port().map(p -> OptionalInt.of(p.port())).orElse(OptionalInt.empty()),
            svc.get().origin().location());
    return new ServiceProbe(
        c.protocol(),
        c.dport(),
        new Annotations(Optional.of(service), c.assumptions(), c.warnings(), EndpointNames.of(s)));
  }

  /** The most branches --all-branches traces. */
  private static final int MAX_BRANCHES = 64;
}
