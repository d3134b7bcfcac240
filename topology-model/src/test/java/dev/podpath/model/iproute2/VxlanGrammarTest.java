package dev.podpath.model.iproute2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.dump.IpLinkTextParser;
import dev.podpath.model.dump.LinkFacts;
import dev.podpath.model.dump.ParseResult;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.DeviceRef;
import dev.podpath.model.topo.LinkKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Given a VXLAN device made by a command, when {@code ip -d link} prints it and a snapshot reads
 * that back, then both readers of {@link VxlanGrammar} make the same kind.
 */
final class VxlanGrammarTest {

  private static final String HEADER =
      "4: vx0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN"
          + " mode DEFAULT group default qlen 1000\n"
          + "    link/ether 0e:f1:00:00:00:17 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu"
          + " 65535\n";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      id 42 dev eth0 dstport 4789                                  | vxlan id 42 dev eth0 srcport 0 0 dstport 4789 ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx
      vni 1 local 10.0.0.1 dev eth0 dstport 8472 nolearning ttl 5  | vxlan id 1 local 10.0.0.1 dev eth0 srcport 0 0 dstport 8472 nolearning ttl 5 ageing 300
      id 7 dev eth0 dstport 0 hoplimit inherit                     | vxlan id 7 dev eth0 srcport 0 0 dstport 8472 ttl inherit ageing 300
      id 9 dev eth0 dstport 4789 ageing 100 tos inherit noudpcsum  | vxlan id 9 dev eth0 srcport 0 0 dstport 4789 tos inherit ttl auto ageing 100 noudpcsum
      """)
  void aCommand_andTheDumpOfItsDevice_makeTheSameKind(String args, String detail) throws Exception {
    Scenario s =
        ScenarioInterpreter.interpret(
            "vxlan.sh",
            "ip link add eth0 type dummy\nip link add vx0 type vxlan " + args + "\n",
            Sysctls.kernelDefaults());
    LinkKind typed = s.topology().device(DeviceRef.of("root", "vx0")).orElseThrow().kind();
    ParseResult<List<LinkFacts>> read =
        IpLinkTextParser.parse("ip-link.txt", HEADER + "    " + detail + "\n");
    assertThat(read.warnings()).isEmpty();
    assertThat(read.value().get(0).kind(Optional.empty())).isEqualTo(typed);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"external", "l2miss", "gbp", "vnifilter", "collect_metadata"})
  void aFlagPodpathDoesNotModel_isRefusedByTheCommand_andKeptAsNotModelledFromADump(String flag)
      throws Exception {
    assertThat(VxlanGrammar.word(flag)).contains(VxlanGrammar.Word.NOT_MODELLED_FLAG);
    ParseResult<List<LinkFacts>> read =
        IpLinkTextParser.parse(
            "ip-link.txt", HEADER + "    vxlan id 5 dev eth0 dstport 4789 " + flag + "\n");
    assertThat(read.value().get(0).kind(Optional.empty()))
        .isEqualTo(new LinkKind.NotModelled("vxlan " + flag));
  }
}
