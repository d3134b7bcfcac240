package dev.podpath.bench;

import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.netfilter.parse.IptablesSaveParser;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.model.topo.Topology;
import dev.podpath.trace.Probe;
import dev.podpath.trace.Trace;
import dev.podpath.trace.Tracer;
import java.util.Optional;

/**
 * One cold run of the kube-proxy ruleset: generate {@code services} Services, parse them ({@code
 * IptablesSaveParser}), trace TCP from a pod to the first and the last ClusterIP, and print the
 * times. With a second argument {@code interpret}, also time the scenario interpreter loading the
 * same rules with {@code iptables-restore}.
 *
 * <pre>java -Xmx8g -cp bench/target/benchmarks.jar dev.podpath.bench.KubeProxyCheck 10000</pre>
 */
public final class KubeProxyCheck {

  private KubeProxyCheck() {}

  public static void main(String[] args) throws Exception {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    long t0 = System.nanoTime();
    String rules = KubeProxyRules.generate(services, 3);
    long t1 = System.nanoTime();
    Ruleset ruleset = IptablesSaveParser.parse("kube.rules", rules);
    long t2 = System.nanoTime();
    Topology topo =
        KubeProxyRules.withRules(
            ScenarioInterpreter.interpret(
                    "kube.sh", KubeProxyRules.script(null), Sysctls.kernelDefaults())
                .topology(),
            ruleset);
    System.out.printf(
        "services=%d rules=%d generate=%.0f ms parse=%.0f ms%n",
        services, ruleset.rules().size(), (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    if (args.length > 1 && args[1].equals("interpret")) {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("podpath-kube");
      java.nio.file.Files.writeString(dir.resolve("kube.rules"), rules);
      long s = System.nanoTime();
      ScenarioInterpreter.interpret(
          dir.resolve("kube.sh").toString(),
          KubeProxyRules.script("kube.rules"),
          Sysctls.kernelDefaults());
      System.out.printf(
          "interpreter with iptables-restore: %.0f ms%n", (System.nanoTime() - s) / 1e6);
    }
    for (int i : new int[] {0, services - 1}) {
      Probe probe =
          new Probe(
              NetnsName.of("p1"),
              KubeProxyRules.clusterIp(i),
              Optional.empty(),
              Probe.Protocol.TCP,
              40000,
              80,
              64);
      long best = Long.MAX_VALUE;
      Trace t = null;
      for (int k = 0; k < 200; k++) {
        long s = System.nanoTime();
        t = Tracer.trace(topo, probe);
        best = Math.min(best, System.nanoTime() - s);
      }
      System.out.printf(
          "service #%d (%s): %s, best of 200 traces %.1f us%n",
          i + 1, probe.dst(), t.succeeded() ? "reachable" : "NOT reachable", best / 1e3);
    }
  }
}
