package dev.podpath.trace.cli;

import dev.podpath.trace.Probe;
import dev.podpath.trace.matrix.MatrixRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/**
 * The cells a matrix covers, as {@code matrix} and {@code diff} take them: the rows and columns by
 * selector, the protocol and the port (a picocli mixin).
 */
final class CellSelection {

  @Option(
      names = "--sources",
      split = ",",
      paramLabel = "SELECTOR",
      description =
          "the rows: names (a namespace, an address, a pod as namespace/name), node=NAME (its pods"
              + " and its namespace), a CIDR (the sources with an address in it); comma-separated or"
              + " repeated (default: every source)")
  List<String> sources = new ArrayList<>();

  @Option(
      names = "--destinations",
      split = ",",
      paramLabel = "SELECTOR",
      description =
          "the columns: names (an address, a namespace's addresses, a pod or Service as"
              + " namespace/name), node=NAME, a CIDR (default: every destination)")
  List<String> destinations = new ArrayList<>();

  @Option(
      names = "--proto",
      paramLabel = "icmp|udp|tcp",
      description = "protocol (default: icmp; to a Service, the protocol of its port)")
  String proto;

  @Option(
      names = "--dport",
      description = "destination port for udp/tcp (default: 80; to a Service, its port)")
  Integer dport;

  /**
   * {@return the request these options make}
   *
   * @throws UserError for a protocol, port or empty selector the options do not take
   */
  MatrixRequest request() {
    if (proto != null && !List.of("icmp", "udp", "tcp").contains(proto)) {
      throw new UserError("--proto " + proto + ": expected icmp, udp or tcp");
    }
    if (dport != null && (dport < 0 || dport > 65535)) {
      throw new UserError("--dport " + dport + ": expected 0 to 65535");
    }
    if (sources.stream().anyMatch(String::isBlank)) {
      throw new UserError("--sources: an empty selector (two commas?)");
    }
    if (destinations.stream().anyMatch(String::isBlank)) {
      throw new UserError("--destinations: an empty selector (two commas?)");
    }
    return new MatrixRequest(
        sources,
        destinations,
        Optional.ofNullable(proto).map(p -> Probe.Protocol.valueOf(p.toUpperCase(Locale.ROOT))),
        dport == null ? OptionalInt.empty() : OptionalInt.of(dport));
  }
}
