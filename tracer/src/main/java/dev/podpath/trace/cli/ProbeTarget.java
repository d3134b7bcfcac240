package dev.podpath.trace.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every probing command shares: the scenario or snapshot, where from, where to. */
final class ProbeTarget {

  @Parameters(
      index = "0",
      paramLabel = "SCENARIO|SNAPSHOT",
      description = "scenario script, or snapshot folder (docs/snapshot.md)")
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
      description =
          "destination address, or (snapshot) a pod as namespace/name, or a Service as namespace/name[:PORT|:PORTNAME]:"
              + " its ClusterIP and, unless --proto/--dport say, its port (the only one, else the first, said as an assumption)")
  String to;

  @Option(
      names = "--assume-cni-pods",
      description =
          "snapshot: model the pods kubectl lists but that were not dumped, as the CNI bridge plugin makes them (printed by lint)")
  boolean assumeCniPods;
}
