package dev.podpath.trace.cli;

import dev.podpath.sim.net.EdgeAssumption;
import dev.podpath.trace.api.LoadOptions;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every probing command shares: the scenario or snapshot, where from, where to. */
final class ProbeTarget {

  @Parameters(
      index = "0",
      paramLabel = "SCENARIO|SNAPSHOT",
      description = {"scenario script, or snapshot folder", "(docs/snapshot.md)"})
  Path scenario;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "NS|IP|POD",
      description =
          "source namespace, an address a namespace owns, or (snapshot) a pod as namespace/name")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "IP|POD|SERVICE",
      description = {
        // one line each: picocli may break a line after a '/', inside a name
        "destination address, or (snapshot) a pod as",
        "namespace/name, or a Service as",
        "namespace/name[:PORT|:PORTNAME]: its ClusterIP",
        "and, unless --proto or --dport say, its port",
        "(the only one, else the first, said as an assumption)"
      })
  String to;

  @Option(
      names = "--assume-cni-pods",
      description =
          "snapshot: model the pods kubectl lists but that were not dumped, as the CNI bridge plugin makes them (printed by lint)")
  boolean assumeCniPods;

  @Option(
      names = "--edge",
      paramLabel = "unknown|drops-private|routes",
      converter = EdgeOption.class,
      description = EdgeOption.DESCRIPTION)
  EdgeAssumption.Mode edge = EdgeAssumption.Mode.UNKNOWN;

  @Option(
      names = "--apply",
      paramLabel = "CHANGES.sh",
      description =
          "apply this file of ip/iptables/ipset/sysctl lines (as in a scenario script) on top of the"
              + " scenario or snapshot before tracing: what a fix would change; on a snapshot each line"
              + " names its namespace (ip -n NODE ..., ip netns exec NODE ...)")
  Path apply;

  /**
   * The scenario or snapshot, and one line on {@code err} when a snapshot has problems (lines it
   * could not read, dumps that contradict each other) or needed assumptions, in lint's words: lint
   * lists them.
   */
  Network load(PrintWriter err) {
    Network network = load(scenario, new LoadOptions(assumeCniPods, edge), err);
    return apply == null ? network : network.apply(apply);
  }

  /**
   * The script or snapshot at {@code scenario}, telling {@code err} how many problems and
   * assumptions a snapshot has and how to list them.
   */
  static Network load(Path scenario, boolean assumeCniPods, PrintWriter err) {
    return load(scenario, new LoadOptions(assumeCniPods), err);
  }

  /** As {@link #load(Path, boolean, PrintWriter)}, with all the load options. */
  static Network load(Path scenario, LoadOptions options, PrintWriter err) {
    Network network;
    try (Progress p = Progress.of("loading " + scenario, 0, "")) {
      network = Podpath.load(scenario, options);
    }
    int problems = network.warnings().size();
    int assumptions = network.assumptions().size();
    if (network.snapshot().isPresent() && (problems > 0 || assumptions > 0)) {
      err.println(
          "podpath: "
              + problems
              + " problem"
              + (problems == 1 ? "" : "s")
              + " and "
              + assumptions
              + " assumption"
              + (assumptions == 1 ? "" : "s")
              + " in this snapshot; `podpath lint "
              + network.snapshot().get().dir()
              + "` lists them");
      err.flush();
    }
    return network;
  }
}
