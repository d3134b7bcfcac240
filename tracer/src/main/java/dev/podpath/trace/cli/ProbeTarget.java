package dev.podpath.trace.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every probing command shares: the scenario, where from, where to. */
final class ProbeTarget {

  @Parameters(index = "0", paramLabel = "SCENARIO", description = "scenario script")
  Path scenario;

  @Option(names = "--from", required = true, paramLabel = "NS|IP", description = "source namespace, or an address a namespace owns")
  String from;

  @Option(names = "--to", required = true, paramLabel = "IP", description = "destination address")
  String to;
}
