package dev.podpath.trace.cli;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.script.Scenario;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Tracer;
import dev.podpath.trace.render.JsonRenderer;
import dev.podpath.trace.render.TextRenderer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "trace",
    mixinStandardHelpOptions = true,
    description = {
      "Trace one packet from a namespace to an address, hop by hop, and the reply's way back.",
      "",
      "Example:",
      "  podpath trace samples/flannel-host-gw.sh --from busybox-jpnb6 --to 10.10.2.4",
      "  podpath trace samples/snapshots/seed-flannel-host-gw --assume-cni-pods \\",
      "      --from 10.10.1.6 --to default/busybox-8647b8666c-pg7ps"
    })
final class TraceCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Mixin ProbeTarget target;

  @Option(names = "--proto", defaultValue = "icmp", paramLabel = "icmp|udp|tcp", description = "protocol (default: ${DEFAULT-VALUE})")
  String proto;

  @Option(names = "--sport", defaultValue = "40000", description = "source port for udp/tcp (default: ${DEFAULT-VALUE})")
  int sport;

  @Option(names = "--dport", defaultValue = "80", description = "destination port for udp/tcp (default: ${DEFAULT-VALUE})")
  int dport;

  @Option(names = "--ttl", defaultValue = "64", description = "initial TTL (default: ${DEFAULT-VALUE})")
  int ttl;

  @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "text|json", description = "output format (default: ${DEFAULT-VALUE})")
  String output;

  @Override
  public Integer call() {
    if (!output.equals("text") && !output.equals("json")) {
      throw new UserError("-o " + output + ": expected text or json");
    }
    Probe.Protocol protocol = switch (proto) {
      case "icmp" -> Probe.Protocol.ICMP;
      case "udp" -> Probe.Protocol.UDP;
      case "tcp" -> Probe.Protocol.TCP;
      default -> throw new UserError("--proto " + proto + ": expected icmp, udp or tcp");
    };
    if (ttl < 1 || ttl > 255) {
      throw new UserError("--ttl " + ttl + ": expected 1 to 255");
    }
    for (int port : new int[] {sport, dport}) {
      if (port < 0 || port > 65535) {
        throw new UserError("port " + port + ": expected 0 to 65535");
      }
    }
    Inputs.Input input = Inputs.input(target.scenario, target.assumeCniPods);
    Scenario sc = input.scenario();
    Inputs.hint(input, spec.commandLine().getErr());
    Inputs.Source src = Inputs.source(sc.topology(), input.snapshot(), target.from);
    Ipv4Address dst = Inputs.destination(input.snapshot(), target.to);
    Probe probe = new Probe(src.netns(), dst, src.address(), protocol, sport, dport, ttl);
    Trace t = Tracer.trace(sc.topology(), probe);
    String rendered = output.equals("json") ? JsonRenderer.render(t, target.scenario.toString()) : TextRenderer.render(t, target.scenario.toString());
    spec.commandLine().getOut().print(rendered);
    spec.commandLine().getOut().flush();
    return t.succeeded() ? 0 : 1;
  }
}
