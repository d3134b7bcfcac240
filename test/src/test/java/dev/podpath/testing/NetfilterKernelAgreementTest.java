package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.netfilter.IptablesSave;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.ProbeAnswers;
import dev.podpath.trace.Session;
import dev.podpath.trace.verify.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Test-only netfilter scenarios (test resources netfilter/*.sh) against the kernel's transcripts,
 * recorded with {@code podpath verify --save-transcript}: a router with a stateful firewall, every
 * REJECT variant, a DNAT and a REJECT in INPUT; br_netfilter with a FORWARD policy DROP, a bridged
 * and a routed DNAT, and hairpin; two kube-proxy nodes (ClusterIP from a pod and from the node,
 * NodePort, masqueraded egress); a VXLAN outer packet marked in mangle OUTPUT and routed again into
 * a table that refuses it; traceroutes of every method through DNAT and MASQUERADE
 * (traceroute-nat.sh). Every probe agrees, and the counters podpath can model (the nat table's,
 * policies, a REJECT's) equal the kernel's {@code iptables-save -c}.
 */
final class NetfilterKernelAgreementTest {

  private static final Path DIR = Path.of("src/test/resources/netfilter");

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "router-firewall.sh",
        "br-netfilter.sh",
        "kube-proxy-node.sh",
        "tunnel-reroute.sh"
      })
  void everyProbe_agreesWithTheKernelTranscript(String name) throws Exception {
    Path script = DIR.resolve(name);
    Scenario sc = ScenarioInterpreter.interpret(script);
    Verifier.Report report =
        Verifier.compare(script.toString(), sc, Files.readString(transcript(name)));
    String differences =
        report.probes().stream()
            .filter(Verifier.ProbeResult::differs)
            .map(
                p ->
                    p.probe().origin().location()
                        + "\n      kernel:  "
                        + p.kernel()
                        + "\n      podpath: "
                        + p.podpath())
            .collect(Collectors.joining("\n"));
    assertThat(report.probes()).hasSizeGreaterThan(5);
    assertThat(report.differing())
        .as("probes where podpath and the kernel differ:%n%s", differences)
        .isZero();
    assertThat(report.state().differences()).isEmpty();
  }

  /**
   * traceroute-nat.sh: every traceroute method (-T, -I, -U and the default UDP) to ClusterIPs whose
   * endpoint shares the bridge or sits on the other node, from pods and from the nodes, to a
   * NodePort, through 1:1 DNATs (to the other node, and bridged) and through MASQUERADE; the kernel
   * prints the probed address at every hop behind a DNAT and goes on after a time-exceeded from it,
   * rate-limits its ICMP errors (a burst of 6 per destination host, then one a second: stars at the
   * first hop of later traceroutes, and in {@code -q3}'s second and third probes), and -U probes
   * port 53. Every probe agrees, so do all counters; the conntrack entries agree but for the source
   * port each probe's socket drew at random (each probe is a connection of its own, its SYN-ACK
   * reset: CLOSE).
   */
  @org.junit.jupiter.api.Test
  void traceroutesThroughNat_agreeWithTheKernel_butForTheSourcePortsDrawnAtRandom()
      throws Exception {
    Path script = DIR.resolve("traceroute-nat.sh");
    Scenario sc = ScenarioInterpreter.interpret(script);
    Verifier.Report report =
        Verifier.compare(script.toString(), sc, Files.readString(transcript("traceroute-nat.sh")));
    String differences =
        report.probes().stream()
            .filter(Verifier.ProbeResult::differs)
            .map(
                p ->
                    p.probe().origin().location()
                        + "\n      kernel:  "
                        + p.kernel()
                        + "\n      podpath: "
                        + p.podpath())
            .collect(Collectors.joining("\n"));
    assertThat(report.probes()).hasSize(24);
    assertThat(report.differing())
        .as("probes where podpath and the kernel differ:%n%s", differences)
        .isZero();
    assertThat(report.probes().get(15 - 1).kernel())
        .as("rate-limited: the first hop's error was not sent")
        .containsExactly(" 1  *", " 2  192.168.50.100");
    assertThat(report.state().differences()).allMatch(d -> d.kind().equals("conntrack"));
    // each difference is an entry one side has and the other does not: with the random ports
    // masked, every kernel entry has its podpath twin
    java.util.Map<String, Integer> balance = new java.util.TreeMap<>();
    for (var d : report.state().differences()) {
      balance.merge(
          d.netns() + " " + maskSourcePorts(d.key()),
          d.kernel().equals("has it") ? 1 : -1,
          Integer::sum);
    }
    balance.values().removeIf(v -> v == 0);
    assertThat(balance)
        .as("conntrack entries that differ by more than their source port")
        .isEmpty();
    assertThat(report.state().differences()).hasSizeGreaterThan(50);
  }

  /**
   * {@code sport=N} of the original direction and {@code dport=N} of the reply, which the kernel
   * drew at random.
   */
  private static String maskSourcePorts(String conntrackKey) {
    String[] halves = conntrackKey.split("\\|", 2);
    return halves[0].replaceAll("sport=\\d+", "sport=*")
        + "|"
        + halves[1].replaceAll("dport=\\d+", "dport=*");
  }

  /**
   * Counters of rules whose packets podpath sends exactly as the kernel does. Not compared: the
   * stateful rules, whose kernel counts include the rest of each TCP connection (ACK, data, FIN)
   * that podpath does not send, and ICMP echo flows, which the kernel keys by each ping's own id.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "router-firewall.sh, r, ':FORWARD DROP [1:84]'",
    "router-firewall.sh, r, '[1:60] -A PREROUTING -d 10.1.0.254/32 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.2.0.1:80'",
    "router-firewall.sh, s, '[1:84] -A INPUT -p icmp -j REJECT --reject-with icmp-port-unreachable'",
    "router-firewall.sh, r, ':OUTPUT ACCEPT [0:0]'",
    "router-firewall.sh, r, ':POSTROUTING ACCEPT [0:0]'",
    // VXLAN outer packets from a (84 + 50 bytes each): probe 2's request, probe 3's reply, probes 5
    // and 6
    "tunnel-reroute.sh, a, '[4:536] -A OUTPUT -p udp -m udp --dport 4789 -j MARK --set-xmark 0x1/0xffffffff'"
  })
  void counters_equalTheKernels(String name, String ns, String line) throws Exception {
    assertThat(kernelSave(name, ns)).as("the kernel's line").contains(line);
    Path script = DIR.resolve(name);
    Scenario sc = ScenarioInterpreter.interpret(script);
    Session session = new Session(sc.topology(), dev.podpath.sim.net.SimConfig.defaults());
    for (var p : sc.probes()) {
      ProbeAnswers.answer(sc, session, p);
    }
    session.simulation().reconfigure(sc.topology());
    String podpath = IptablesSave.print(session.simulation().ruleset(NetnsName.of(ns)), true);
    assertThat(podpath.lines()).as(podpath).contains(line);
  }

  private static Path transcript(String name) {
    return DIR.resolve(name.replace(".sh", ".kernel.txt"));
  }

  /** The {@code iptables-save -c} lines of {@code ns} in the transcript's state dump. */
  private static List<String> kernelSave(String name, String ns) throws Exception {
    List<String> lines = Files.readAllLines(transcript(name));
    int start = lines.indexOf("### " + ns + " iptables");
    int end = start + 1;
    while (end < lines.size() && !lines.get(end).startsWith("###")) {
      end++;
    }
    return lines.subList(start + 1, end);
  }
}
