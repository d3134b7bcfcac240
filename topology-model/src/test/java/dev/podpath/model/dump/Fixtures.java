package dev.podpath.model.dump;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;

/** The recorded dumps under {@code src/test/resources/dev/podpath/model/dump/}. */
final class Fixtures {

  /** The iproute2 versions the sandbox dumps were recorded with (see make-fixtures.sh). */
  static final List<String> IPROUTE2 = List.of("4.19.0", "5.10.0", "5.15.0", "6.1.0", "7.1.0");

  /** The versions whose {@code ip -j route} output is valid JSON throughout (5.5 and later). */
  static final List<String> IPROUTE2_VALID_ROUTE_JSON =
      List.of("5.10.0", "5.15.0", "6.1.0", "7.1.0");

  private Fixtures() {}

  static String read(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String iproute2(String version, String file) {
    return read("iproute2-" + version + "/" + file);
  }

  /** Every parser, as (file, content) -> result. */
  static List<Named> parsers() {
    return List.of(
        new Named("IpJsonLinkParser", IpJsonLinkParser::parse),
        new Named("IpJsonAddrParser", IpJsonAddrParser::parse),
        new Named("IpJsonRouteParser", IpJsonRouteParser::parse),
        new Named("IpJsonRuleParser", IpJsonRuleParser::parse),
        new Named("IpJsonNeighParser", IpJsonNeighParser::parse),
        new Named("BridgeJsonFdbParser", BridgeJsonFdbParser::parse),
        new Named("IpLinkTextParser", IpLinkTextParser::parse),
        new Named("IpAddrTextParser", IpAddrTextParser::parse),
        new Named("IpRouteTextParser", IpRouteTextParser::parse),
        new Named("IpRuleTextParser", IpRuleTextParser::parse),
        new Named("IpNeighTextParser", IpNeighTextParser::parse),
        new Named("BridgeFdbTextParser", BridgeFdbTextParser::parse),
        new Named("IfconfigParser", IfconfigParser::parse),
        new Named("RouteNParser", RouteNParser::parse),
        new Named("ArpNParser", ArpNParser::parse),
        new Named("SysctlAParser", SysctlAParser::parse),
        new Named("SubnetEnvParser", SubnetEnvParser::parse),
        new Named("PsParser", PsParser::parse),
        new Named("KubectlNodesParser", KubectlNodesParser::parse),
        new Named("KubectlPodsParser", KubectlPodsParser::parse),
        new Named("KubectlDescribeNodesParser", KubectlDescribeNodesParser::parse),
        new Named("BrctlShowParser", BrctlShowParser::parse),
        new Named("EthtoolDriverParser", EthtoolDriverParser::parse),
        new Named("IptablesRulesParser", IptablesRulesParser::parse));
  }

  /** A parser with its name, for parameterized tests. */
  record Named(String name, BiFunction<String, String, ParseResult<?>> parser) {
    ParseResult<?> parse(String file, String content) {
      return parser.apply(file, content);
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
