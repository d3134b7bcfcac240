package dev.podpath.trace.cli;

import dev.podpath.model.script.Scenario;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Session;
import dev.podpath.trace.Traceroute;
import dev.podpath.sim.net.SimConfig;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "traceroute",
    mixinStandardHelpOptions = true,
    description = {
      "Show the hops Linux 'traceroute -n -q1' would show, in its format.",
      "",
      "Example:",
      "  podpath traceroute samples/flannel-host-gw.sh --from busybox-jpnb6 --to 10.10.2.4"
    })
final class TracerouteCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Mixin ProbeTarget target;

  @Option(names = "-I", description = "use ICMP echo probes")
  boolean icmp;

  @Option(names = "-T", description = "use TCP SYN probes")
  boolean tcp;

  @Option(names = "-p", paramLabel = "PORT", description = "destination port for -T (default 80; to a Service, its TCP port)")
  Optional<Integer> port;

  @Option(names = {"-w", "--wait"}, defaultValue = "5", paramLabel = "SECONDS",
      description = "how long to wait for each answer, in simulated seconds (default: ${DEFAULT-VALUE}); an ARP failure answers after 3 s")
  double waitSeconds;

  @Option(names = {"-m", "--max-hops"}, defaultValue = "30", description = "maximum TTL (default: ${DEFAULT-VALUE})")
  int maxTtl;

  @Override
  public Integer call() {
    if (icmp && tcp) {
      throw new UserError("-I and -T cannot be combined");
    }
    if (maxTtl < 1 || maxTtl > 255) {
      throw new UserError("-m " + maxTtl + ": expected 1 to 255");
    }
    Inputs.Input input = Inputs.input(target.scenario, target.assumeCniPods);
    Scenario sc = input.scenario();
    Inputs.hint(input, spec.commandLine().getErr());
    Inputs.Source src = Inputs.source(sc.topology(), input.snapshot(), target.from);
    Probe.Protocol proto = icmp ? Probe.Protocol.ICMP : tcp ? Probe.Protocol.TCP : Probe.Protocol.UDP;
    Inputs.Destination to = Inputs.destination(input.snapshot(), target.to);
    int dport = tcp ? port.orElse(80) : Traceroute.BASE_PORT;
    if (tcp && to.service().isPresent()) {
      // -T to a Service: its TCP port, as trace picks it
      ServicePortChoice c = ServicePortChoice.choose(to.service().get(), to.portsAsked(), Optional.of("tcp"), port);
      dport = c.dport();
      c.assumptions().forEach(a -> spec.commandLine().getErr().println("podpath: assumed: " + a));
      c.warnings().forEach(a -> spec.commandLine().getErr().println("podpath: warning: " + a));
      spec.commandLine().getErr().flush();
    }
    Probe probe = new Probe(src.netns(), to.address(), src.address(), proto, 44444, dport, 1);
    if (waitSeconds < 0 || waitSeconds > 3600) {
      throw new UserError("-w " + waitSeconds + ": expected 0 to 3600 seconds");
    }
    Traceroute.Result r = Traceroute.run(new Session(sc.topology(), SimConfig.defaults().withClosedPorts(true)), probe,
        maxTtl, Math.round(waitSeconds * 1e9));
    var out = spec.commandLine().getOut();
    out.println(r.header());
    for (Traceroute.Line l : r.lines()) {
      out.println(l.render());
      l.trace().localError().ifPresent(e -> out.println("traceroute: " + e));
    }
    out.flush();
    return r.reached() ? 0 : 1;
  }
}
