package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.script.TracerouteMethod;
import dev.podpath.sim.netfilter.StatisticPin;
import dev.podpath.sim.outcome.Disposition;
import dev.podpath.trace.Branches;
import dev.podpath.trace.Hop;
import dev.podpath.trace.PacketTrace;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Traceroute;
import dev.podpath.trace.api.LoadOptions;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.api.TraceRequest;
import dev.podpath.trace.api.TraceResult;
import dev.podpath.trace.api.TracerouteRequest;
import dev.podpath.trace.api.TracerouteResult;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Given the README's examples, when each {@code ./podpath trace} and {@code traceroute} is asked
 * through the Java API ({@code dev.podpath.trace.api}), then the verdict and the hops the README
 * shows. Every such example of the README is here, and nothing else: a new example fails {@link
 * #everyTraceExampleOfTheReadme_isAskedHere} until it is.
 */
final class ReadmeExamplesTest {

  /** One way a probe went: where its request ended, and the namespaces both packets visited. */
  private record Way(String deliveredTo, List<String> request, List<String> response) {}

  /** What an example answers: reachable or not, and its way (one per statistic branch). */
  private record Expected(
      boolean reachable, List<Way> ways, List<String> tracerouteHops, String fix) {
    static Expected trace(Way... ways) {
      return new Expected(true, List.of(ways), List.of(), "");
    }

    static Expected traceroute(String... hops) {
      return new Expected(true, List.of(), List.of(hops), "");
    }

    /** Not reachable, and the diagnosis's first fix is {@code fix}. */
    static Expected fixedBy(String fix) {
      return new Expected(false, List.of(), List.of(), fix);
    }
  }

  private static Way delivered(String to, String... request) {
    List<String> there = List.of(request);
    List<String> back = new ArrayList<>(there);
    java.util.Collections.reverse(back);
    return new Way(to, there, List.copyOf(back));
  }

  private static final List<String> HOST_GW =
      List.of("busybox-jpnb6", "worker1", "lan", "worker2", "busybox-pg7ps");

  /** The README's examples, as the command line reads them, and what each shows. */
  private static final Map<String, Expected> EXAMPLES = new LinkedHashMap<>();

  static {
    EXAMPLES.put(
        "trace samples/kube-proxy.sh --from p1 --to 10.96.0.10 --proto tcp --all-branches",
        // one branch per endpoint kube-proxy's statistic rules pick (p=1/3 each)
        Expected.trace(
            delivered("pa", "p1", "n1", "pa"),
            delivered("pb", "p1", "n1", "pb"),
            delivered("pc", "p1", "n1", "lan", "n2", "pc")));
    EXAMPLES.put(
        "trace samples/flannel-host-gw.sh --from busybox-jpnb6 --to 10.10.2.4",
        Expected.trace(delivered("busybox-pg7ps", HOST_GW.toArray(String[]::new))));
    EXAMPLES.put(
        "trace samples/flannel-vxlan.sh --from busybox-jpnb6 --to 10.10.2.4",
        Expected.trace(delivered("busybox-pg7ps", HOST_GW.toArray(String[]::new))));
    EXAMPLES.put(
        "trace samples/snapshots/seed-flannel-host-gw --from 10.10.1.6 --to 10.10.2.4"
            + " --assume-cni-pods",
        // the pods' namespaces are named as kubectl names the pods; the nodes' L2 is "segment"
        Expected.trace(
            delivered(
                "busybox-8647b8666c-pg7ps",
                "busybox-8647b8666c-jpnb6",
                "worker1",
                "segment",
                "worker2",
                "busybox-8647b8666c-pg7ps")));
    EXAMPLES.put(
        "trace samples/snapshots/flannel-vxlan --from busybox-jpnb6 --to 10.10.2.4",
        Expected.trace(delivered("busybox-pg7ps", HOST_GW.toArray(String[]::new))));
    EXAMPLES.put(
        "trace samples/blackhole.sh --from ns1 --to 10.1.2.3",
        Expected.fixedBy("ip -n router route del blackhole 10.1.2.3"));
    EXAMPLES.put(
        "trace samples/missing-route.sh --apply samples/changes/missing-route-back.sh"
            + " --from ns1 --to 10.1.2.2",
        // the changes file adds the route back ns2 lacks
        Expected.trace(delivered("ns2", "ns1", "router", "ns2")));
    EXAMPLES.put(
        "traceroute samples/flannel-host-gw.sh --from busybox-jpnb6 --to 10.10.2.4",
        Expected.traceroute("10.10.1.1", "192.168.2.15", "10.10.2.4"));
  }

  private static final Pattern EXAMPLE =
      Pattern.compile("^ {4}(?:sudo )?\\./podpath ((?:trace|traceroute) .*)$", Pattern.MULTILINE);

  private static String readme() throws IOException {
    return Files.readString(Samples.root().resolve("README.md"));
  }

  @Test
  void everyTraceExampleOfTheReadme_isAskedHere() throws IOException {
    List<String> inReadme = new ArrayList<>();
    Matcher m = EXAMPLE.matcher(readme());
    while (m.find()) {
      inReadme.add(m.group(1).strip().replaceAll("\\s+", " "));
    }
    assertThat(inReadme).containsExactlyInAnyOrderElementsOf(EXAMPLES.keySet());
  }

  static Stream<String> examples() {
    return EXAMPLES.keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void throughTheApi_eachExample_hasTheVerdictAndHopsTheReadmeShows(String command) {
    Expected expected = EXAMPLES.get(command);
    List<String> args = List.of(command.split(" "));
    Network network =
        Podpath.load(
            Samples.root().resolve(args.get(1)),
            LoadOptions.DEFAULTS.withAssumeCniPods(args.contains("--assume-cni-pods")));
    if (args.contains("--apply")) {
      network = network.apply(Samples.root().resolve(option(args, "--apply")));
    }
    if (args.get(0).equals("traceroute")) {
      TracerouteResult r = network.traceroute(tracerouteRequest(args));
      assertThat(r.reached()).isEqualTo(expected.reachable());
      assertThat(
              r.result().lines().stream()
                  .map(Traceroute.Line::address)
                  .map(a -> a.map(Ipv4Address::toString).orElse("*")))
          .containsExactlyElementsOf(expected.tracerouteHops());
      return;
    }
    TraceRequest request = traceRequest(args);
    TraceResult r = network.trace(request);
    assertThat(r.succeeded()).as("REACHABLE").isEqualTo(expected.reachable());
    if (!expected.reachable()) {
      assertThat(network.diagnose(r.trace()).orElseThrow().fixes().get(0).change())
          .isEqualTo(expected.fix());
      return;
    }
    List<Trace> traces =
        request.allBranches()
            ? r.branches().stream().map(Branches.Branch::trace).toList()
            : List.of(r.trace());
    assertThat(traces).hasSameSizeAs(expected.ways());
    for (int i = 0; i < traces.size(); i++) {
      Trace t = traces.get(i);
      Way way = expected.ways().get(i);
      assertThat(t.request().disposition()).isEqualTo(Disposition.DELIVERED);
      assertThat(t.request().endedIn().map(Object::toString)).contains(way.deliveredTo());
      assertThat(netns(t.request())).as("request hops").containsExactlyElementsOf(way.request());
      assertThat(t.response()).isPresent();
      assertThat(netns(t.response().get()))
          .as("response hops")
          .containsExactlyElementsOf(way.response());
    }
    if (request.allBranches()) {
      assertThat(r.branches())
          .allSatisfy(b -> assertThat(b.probability()).isCloseTo(1.0 / 3, within()))
          .allSatisfy(
              b -> assertThat(b.pins()).singleElement().isInstanceOf(StatisticPin.Target.class));
    }
  }

  /**
   * The trace the README prints under "What it prints" (its numbered hops, as far as it shows them,
   * and its verdict) is the one the API finds for the command it names on its first line.
   */
  @Test
  void theTracePrintedInTheReadme_isTheOneTheApiFinds() throws IOException {
    String readme = readme();
    Matcher header =
        Pattern.compile("^ {4}trace: ping from (\\S+) to (\\S+) +\\((\\S+)\\)$", Pattern.MULTILINE)
            .matcher(readme);
    assertThat(header.find()).as("the README's printed trace").isTrue();
    String block = readme.substring(header.start(), readme.indexOf("result: ", header.end()) + 30);
    Map<Integer, String> hops = new LinkedHashMap<>();
    Matcher hop = Pattern.compile("^ {6}(\\d+)  (\\S+)  ", Pattern.MULTILINE).matcher(block);
    while (hop.find()) {
      // the request's hops come first; the reply's numbering starts again at 1
      hops.putIfAbsent(Integer.parseInt(hop.group(1)), hop.group(2));
    }
    Matcher delivered = Pattern.compile("=> DELIVERED to (\\S+)").matcher(block);
    assertThat(delivered.find()).isTrue();
    Matcher result = Pattern.compile("result: (REACHABLE|NOT REACHABLE)").matcher(block);
    assertThat(result.find()).isTrue();

    Network network = Podpath.load(Samples.root().resolve(header.group(3)));
    TraceResult r = network.trace(TraceRequest.builder(header.group(1), header.group(2)).build());

    assertThat(r.succeeded()).isEqualTo(result.group(1).equals("REACHABLE"));
    assertThat(r.trace().request().endedIn().map(Object::toString)).contains(delivered.group(1));
    List<String> path = netns(r.trace().request());
    assertThat(hops).isNotEmpty();
    hops.forEach((n, name) -> assertThat(path.get(n - 1)).as("hop %d", n).isEqualTo(name));
  }

  private static List<String> netns(PacketTrace p) {
    return p.hops().stream().map(Hop::netns).map(Object::toString).toList();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  /** {@code podpath trace}'s options as the README's examples use them. */
  private static TraceRequest traceRequest(List<String> args) {
    TraceRequest.Builder b = TraceRequest.builder(option(args, "--from"), option(args, "--to"));
    for (int i = 2; i < args.size(); i++) {
      switch (args.get(i)) {
        case "--from", "--to", "--apply" -> i++;
        case "--proto" ->
            b.protocol(Probe.Protocol.valueOf(args.get(++i).toUpperCase(Locale.ROOT)));
        case "--dport" -> b.dport(Integer.parseInt(args.get(++i)));
        case "--all-branches" -> b.allBranches(true);
        case "--assume-cni-pods" -> {}
        default -> fail("an option this test does not ask through the API: " + args.get(i));
      }
    }
    return b.build();
  }

  /** {@code podpath traceroute}'s options as the README's examples use them. */
  private static TracerouteRequest tracerouteRequest(List<String> args) {
    TracerouteRequest.Builder b =
        TracerouteRequest.builder(option(args, "--from"), option(args, "--to"));
    for (int i = 2; i < args.size(); i++) {
      switch (args.get(i)) {
        case "--from", "--to", "--apply" -> i++;
        case "-I" -> b.method(TracerouteMethod.ICMP);
        case "-T" -> b.method(TracerouteMethod.TCP);
        case "-U" -> b.method(TracerouteMethod.UDP);
        case "-p" -> b.port(Integer.parseInt(args.get(++i)));
        case "--assume-cni-pods" -> {}
        default -> fail("an option this test does not ask through the API: " + args.get(i));
      }
    }
    return b.build();
  }

  private static String option(List<String> args, String name) {
    int i = args.indexOf(name);
    return Optional.of(i)
        .filter(x -> x >= 0 && x + 1 < args.size())
        .map(x -> args.get(x + 1))
        .orElseThrow(() -> new AssertionError(name + " missing in " + args));
  }
}
