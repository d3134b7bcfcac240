package dev.podpath.model.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.podpath.model.netfilter.parse.IptablesSaveParser;
import dev.podpath.model.netfilter.parse.NetfilterParseException;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Every dump parser, fuzzed with Jazzer: whatever the bytes, a parser returns a {@link ParseResult}
 * (a value and warnings whose file, line and column make sense) and throws nothing; {@code
 * iptables-save} may only throw its documented {@link NetfilterParseException}.
 *
 * <p>{@code mvn test} runs each method in regression mode on the seed corpus and the saved crashers
 * in {@code src/test/resources/dev/podpath/model/dump/DumpParsersFuzzTestInputs/METHOD/} (real
 * dumps of several tool versions). To fuzz one parser for real: {@code JAZZER_FUZZ=1 mvn -o -pl
 * topology-model test -Dtest=DumpParsersFuzzTest#ipRouteText}; libFuzzer's corpus goes to {@code
 * topology-model/.cifuzz-corpus/} (gitignored), a crash to a file in the Inputs folder, which then
 * stays as a regression case.
 */
final class DumpParsersFuzzTest {

  static <T> void check(
      String file, byte[] input, BiFunction<String, String, ParseResult<T>> parser) {
    ParseResult<String> decoded = DumpFormat.decode(file, input);
    assertNotNull(decoded.value());
    String text = decoded.value();
    ParseResult<T> r = parser.apply(file, text);
    assertNotNull(r, "a parser returns a result");
    assertNotNull(r.value(), "a parser returns a value, empty when nothing was read");
    for (DumpWarning w : r.warnings()) {
      assertEquals(file, w.file());
      assertTrue(w.line() >= 0 && w.column() >= 0, () -> "negative position: " + w.location());
      assertTrue(
          w.line() <= text.split("\r\n|\r|\n", -1).length + 1, () -> "line beyond the end: " + w);
      assertNotNull(w.toString());
    }
    DumpFormat.Detection d = DumpFormat.detect(file, input);
    assertNotNull(d.problems());
  }

  @FuzzTest(maxDuration = "90s")
  void ipJsonLink(byte[] in) {
    check("ip-link.json", in, IpJsonLinkParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void ipJsonAddr(byte[] in) {
    check("ip-addr.json", in, IpJsonAddrParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void ipJsonRoute(byte[] in) {
    check("ip-route.json", in, IpJsonRouteParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void ipJsonRule(byte[] in) {
    check("ip-rule.json", in, IpJsonRuleParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void ipJsonNeigh(byte[] in) {
    check("ip-neigh.json", in, IpJsonNeighParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void bridgeJsonFdb(byte[] in) {
    check("bridge-fdb.json", in, BridgeJsonFdbParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void ipLinkText(byte[] in) {
    check("ip-link.txt", in, IpLinkTextParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void ipAddrText(byte[] in) {
    check("ip-addr.txt", in, IpAddrTextParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void ipRouteText(byte[] in) {
    check("ip-route.txt", in, IpRouteTextParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void ipRuleText(byte[] in) {
    check("ip-rule.txt", in, IpRuleTextParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void ipNeighText(byte[] in) {
    check("ip-neigh.txt", in, IpNeighTextParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void bridgeFdbText(byte[] in) {
    check("bridge-fdb.txt", in, BridgeFdbTextParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void ifconfig(byte[] in) {
    check("ifconfig.txt", in, IfconfigParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void routeN(byte[] in) {
    check("route-n.txt", in, RouteNParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void arpN(byte[] in) {
    check("arp-n.txt", in, ArpNParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void sysctlA(byte[] in) {
    check("sysctl.txt", in, SysctlAParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void subnetEnv(byte[] in) {
    check("subnet.env", in, SubnetEnvParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void ps(byte[] in) {
    check("ps.txt", in, PsParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void collectLog(byte[] in) {
    check("collect.log", in, CollectLogParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void kubectlNodes(byte[] in) {
    check("kubectl-get-nodes.txt", in, KubectlNodesParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void kubectlPods(byte[] in) {
    check("kubectl-get-pods.txt", in, KubectlPodsParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void kubectlServices(byte[] in) {
    check("kubectl-get-services.txt", in, KubectlServicesParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void kubectlEndpoints(byte[] in) {
    check("kubectl-get-endpoints.txt", in, KubectlEndpointsParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void kubectlEndpointSlices(byte[] in) {
    check("kubectl-get-endpointslices.json", in, KubectlEndpointSlicesParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void brctlShow(byte[] in) {
    check("brctl-show.txt", in, BrctlShowParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void ethtoolI(byte[] in) {
    check("ethtool-i.txt", in, EthtoolDriverParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void conntrack(byte[] in) {
    check("conntrack-L.txt", in, ConntrackParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void dockerNetworkInspect(byte[] in) {
    check("docker-network-inspect.json", in, DockerNetworkInspectParser::parse);
  }

  @FuzzTest(maxDuration = "90s")
  void kubectlDescribeNodes(byte[] in) {
    check("kubectl-describe-nodes.txt", in, KubectlDescribeNodesParser::parse);
  }

  /**
   * {@code iptables -S} to iptables-save lines: never throws, and what it writes loads line by
   * line.
   */
  @FuzzTest(maxDuration = "90s")
  void iptablesRules(byte[] in) {
    check("iptables-S.txt", in, IptablesRulesParser::parse);
    String text = DumpFormat.decode("iptables-S.txt", in).value();
    java.util.List<String> save = new java.util.ArrayList<>(List.of("*filter"));
    save.addAll(IptablesRulesParser.parse("iptables-S.txt", text).value());
    save.add("COMMIT");
    dev.podpath.model.netfilter.parse.RulesetBuilder b =
        dev.podpath.model.netfilter.parse.RulesetBuilder.lenient();
    b.load("iptables-save.txt", String.join("\n", save) + "\n", true);
    assertNotNull(b.build());
  }

  @FuzzTest(maxDuration = "90s")
  void iptablesSave(byte[] in) {
    String text = DumpFormat.decode("iptables-save.txt", in).value();
    try {
      assertNotNull(IptablesSaveParser.parse("iptables-save.txt", text));
    } catch (NetfilterParseException e) {
      assertEquals("iptables-save.txt", e.file());
      assertTrue(e.line() >= 1 && e.column() >= 1, () -> "position " + e.line() + ":" + e.column());
      assertNotNull(e.getMessage());
    }
  }

  /**
   * A snapshot's iptables-save, loaded line by line: never throws; every problem has a position.
   */
  @FuzzTest(maxDuration = "90s")
  void iptablesSaveLoad(byte[] in) {
    String text = DumpFormat.decode("iptables-save.txt", in).value();
    dev.podpath.model.netfilter.parse.RulesetBuilder b =
        dev.podpath.model.netfilter.parse.RulesetBuilder.lenient();
    for (dev.podpath.model.netfilter.parse.DumpProblem p :
        b.load("iptables-save.txt", text, true)) {
      NetfilterParseException e = p.error();
      assertEquals("iptables-save.txt", e.file());
      assertTrue(e.line() >= 1 && e.column() >= 1, () -> "position " + e.line() + ":" + e.column());
    }
    assertNotNull(b.build());
  }
}
