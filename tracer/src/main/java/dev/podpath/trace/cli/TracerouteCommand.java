package dev.podpath.trace.cli;

import dev.podpath.model.script.TracerouteMethod;
import dev.podpath.trace.Traceroute;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.TraceroutePlan;
import dev.podpath.trace.api.TracerouteRequest;
import dev.podpath.trace.render.TracerouteJson;
import dev.podpath.trace.render.TracerouteLines;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "traceroute",
    mixinStandardHelpOptions = true,
    description = {
      "Show the hops Linux 'traceroute -n -q1' would show, in its format, without timings.",
      "",
      "Like the real tool (traceroute 2.1), up to 16 probes are in flight at once, each with a socket of its own;"
          + " it stops after the first hop whose answer is not a time-exceeded (a reply from the destination, or an"
          + " unreachable such as !H, !N or !X). Behind a DNAT every hop answers as the address probed, and the kernel's"
          + " traceroute repeats it: so does podpath. ICMP errors are rate-limited per destination host (a burst of 6,"
          + " then one a second), so one traceroute after another may show stars at a router the first one saw.",
      "",
      "Examples:",
      "  podpath traceroute samples/flannel-host-gw.sh \\",
      "      --from busybox-jpnb6 --to 10.10.2.4",
      "  podpath traceroute samples/kube-proxy.sh --from pc --to 10.96.0.30 \\",
      "      -T -p 80 -o json",
      ""
    })
final class TracerouteCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Mixin ProbeTarget target;

  @Option(
      names = {"-I", "--icmp"},
      description = "use ICMP echo requests")
  boolean icmp;

  @Option(
      names = {"-T", "--tcp"},
      description = "use TCP SYNs (to port 80, or -p; to a Service, its TCP port)")
  boolean tcp;

  @Option(
      names = {"-U", "--udp"},
      description =
          "use UDP datagrams all to one port (53, or -p; to a Service, its UDP port); without -I, -T or -U, UDP to 33434 and up, one port more per probe")
  boolean udp;

  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      description =
          "the destination port: for -T and -U the port of every probe, for the default method the first (33434); with -I, ignored (the tool's first sequence number)")
  Optional<Integer> port;

  @Option(
      names = {"-w", "--wait"},
      defaultValue = "5",
      paramLabel = "SECONDS",
      description =
          "how long to wait for each probe's answer, in simulated seconds (default: ${DEFAULT-VALUE}): an answer that arrives later is a '*', as in the real tool (an ARP failure answers after 3 s)")
  double waitSeconds;

  @Option(
      names = {"-m", "--max-hops"},
      defaultValue = "30",
      paramLabel = "MAX",
      description = "the largest TTL probed (default: ${DEFAULT-VALUE})")
  int maxTtl;

  @Option(
      names = {"-q", "--queries"},
      defaultValue = "1",
      paramLabel = "N",
      description =
          "probes per hop, 1 to 10 (default: ${DEFAULT-VALUE}; the real tool's is 3). Each is simulated: the line is what the tool prints without timings, an address once while it does not change ('1  10.0.0.1'), a '*' for each probe without an answer ('2  * * *', '1  10.0.0.1 * *' when the rate limit held back the others)")
  int queries;

  @Option(
      names = {"-n"},
      description =
          "accepted for the real tool's command line; podpath never resolves names and always prints addresses")
  boolean numeric;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "text|json",
      description =
          "output format (default: ${DEFAULT-VALUE}); json is described in docs/trace-json.md")
  String output;

  @Override
  public Integer call() {
    if ((icmp ? 1 : 0) + (tcp ? 1 : 0) + (udp ? 1 : 0) > 1) {
      throw new UserError("-I, -T and -U cannot be combined: give one method");
    }
    TracerouteRequest.Builder builder =
        TracerouteRequest.builder(target.from, target.to)
            .method(
                icmp
                    ? TracerouteMethod.ICMP
                    : tcp
                        ? TracerouteMethod.TCP
                        : udp ? TracerouteMethod.UDP : TracerouteMethod.DEFAULT)
            .maxTtl(maxTtl)
            .queries(queries)
            .waitSeconds(waitSeconds);
    port.ifPresent(builder::port);
    TracerouteRequest request = builder.build();
    if (!output.equals("text") && !output.equals("json")) {
      throw new UserError("-o " + output + ": expected text or json");
    }
    PrintWriter err = spec.commandLine().getErr();
    Network network = target.load(err);
    TraceroutePlan plan = network.plan(request);
    if (plan.destination().service().isPresent()) {
      plan.assumptions().forEach(a -> err.println("podpath: assumed: " + a));
      plan.warnings().forEach(a -> err.println("podpath: warning: " + a));
      err.flush();
    }
    Traceroute.Result r = network.traceroute(plan).result();
    PrintWriter out = spec.commandLine().getOut();
    if (output.equals("json")) {
      out.print(TracerouteJson.render(r, target.scenario.toString()));
    } else {
      TracerouteLines.forReader(r).forEach(out::println);
      r.localError().ifPresent(e -> out.println("traceroute: " + e.explain()));
    }
    out.flush();
    return r.reached() ? 0 : 1;
  }
}
