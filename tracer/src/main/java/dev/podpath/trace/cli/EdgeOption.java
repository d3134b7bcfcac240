package dev.podpath.trace.cli;

import dev.podpath.sim.net.EdgeAssumption;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** {@code --edge=unknown|drops-private|routes}: what a gateway no dump owns is assumed to do. */
final class EdgeOption implements CommandLine.ITypeConverter<EdgeAssumption.Mode> {

  static final String DESCRIPTION =
      "what a gateway no dump holds (a cloud VPC router, a home router) does with a packet sent to"
          + " it: unknown (default: the packet leaves the model, UNKNOWN), drops-private (it does"
          + " not route RFC 1918 or RFC 6598 (shared, 100.64.0.0 and up) space it does not own: pod, Service and other"
          + " networks), routes (it routes every dumped host's own networks back to that host:"
          + " modelled as a router, namespace edge; the rest leaves the model); printed as an"
          + " assumption the verdict rests on";

  @Override
  public EdgeAssumption.Mode convert(String value) {
    for (EdgeAssumption.Mode m : EdgeAssumption.Mode.values()) {
      if (m.word().equals(value)) {
        return m;
      }
    }
    throw new CommandLine.TypeConversionException(
        "--edge="
            + value
            + ": not one of "
            + Arrays.stream(EdgeAssumption.Mode.values())
                .map(EdgeAssumption.Mode::word)
                .collect(Collectors.joining(", ")));
  }
}
