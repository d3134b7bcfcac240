package dev.podpath.trace.cli;

import dev.podpath.model.script.ProbeSpec;
import dev.podpath.trace.ProbeAnswer;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.render.AnswerLines;
import dev.podpath.trace.render.BriefLine;
import dev.podpath.trace.render.NextHopText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "probes",
    mixinStandardHelpOptions = true,
    description = {
      "Answer the scenario's own questions: every ping, traceroute and 'ip route get' in the script,",
      "printed the way the real command would print its key line.",
      "",
      "Example:",
      "  podpath probes samples/router.sh",
      "  podpath probes samples/missing-route.sh --brief",
      "",
      "The exit status is 0 whatever the answers (a scenario's probes may fail on purpose), 2 when",
      "the scenario cannot be read: -q checks that it loads and answers.",
      "",
      "A ping or connect that meets a multipath (ECMP) route is answered through each next hop,",
      "since the kernel picks one by a hash with a key drawn once per boot: \"ECMP: the kernel",
      "hashes the flow with a per-boot key: next hop 1 REACHABLE, next hop 2 NOT REACHABLE\", or",
      "\"ECMP: REACHABLE through each of the 2 next hops\" under the first next hop's answer."
    })
final class ProbesCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SCENARIO", description = "scenario script")
  Path scenario;

  @picocli.CommandLine.Option(
      names = "--edge",
      paramLabel = "unknown|drops-private|routes",
      converter = EdgeOption.class,
      description = EdgeOption.DESCRIPTION)
  dev.podpath.sim.net.EdgeAssumption.Mode edge = dev.podpath.sim.net.EdgeAssumption.Mode.UNKNOWN;

  @picocli.CommandLine.Option(
      names = "--pcap",
      paramLabel = "FILE.pcapng",
      description =
          "also write the frames of every ping and connect, one probe after the other, to FILE as"
              + " pcap-ng for Wireshark (docs/pcap.md)")
  Path pcap;

  @picocli.CommandLine.Mixin VerdictOutput show;

  @Override
  public Integer call() {
    show.check("text");
    Network network = Podpath.loadScenario(scenario).withEdge(edge);
    PrintWriter out = show.out(spec);
    List<ProbeSpec> probes = network.scenario().probes();
    if (probes.isEmpty()) {
      out.println(
          "(the scenario asks no questions: add ping, traceroute or 'ip route get' lines,"
              + " or use 'podpath trace')");
    }
    List<ProbeAnswer> answers = network.probes();
    if (pcap != null) {
      PcapFile.write(
          pcap, answers.stream().flatMap(a -> a.trace().stream()).toList(), network.topology());
    }
    if (show.quiet) {
      return 0;
    }
    if (show.brief) {
      answers.forEach(a -> out.println(BriefLine.of(a, network.nextHops(a))));
      out.flush();
      return 0;
    }
    for (int i = 0; i < probes.size(); i++) {
      ProbeSpec p = probes.get(i);
      out.println(
          "[" + p.netns() + "]# " + p.origin().text() + "    (" + p.origin().location() + ")");
      for (String line : AnswerLines.of(answers.get(i))) {
        out.println(line);
      }
      // the kernel's per-boot hash picks a multipath route's next hop: each is answered
      network.nextHops(answers.get(i)).ifPresent(n -> out.println(NextHopText.line(n)));
    }
    out.flush();
    return 0;
  }
}
