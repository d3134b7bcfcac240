package dev.podpath.bench;

import dev.podpath.model.netfilter.Ruleset;
import dev.podpath.model.netfilter.parse.IptablesSaveParser;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.sysctl.Sysctls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * kube-proxy's rules ({@link KubeProxyRules}: 2,000 and 10,000 Services, 22,008 and 110,008 rules)
 * read two ways: as a snapshot reads an {@code iptables-save} dump ({@code IptablesSaveParser}, the
 * lenient builder the snapshot's {@code NetfilterDump} uses), and restored by a scenario script's
 * {@code iptables-restore} in the interpreter (strict: every rule checked against the hooks that
 * reach its chain). Each is timed cold, then warm (best of the next runs), and printed as rows for
 * {@code bench/run-scale.sh}: {@code ROW<TAB>what<TAB>podpath<TAB>reference<TAB>ratio}, the
 * references being the targets (1 M rules/s for reading a dump; 110,008 rules restored in
 * under 2 s, pro rata for fewer).
 *
 * <pre>
 *   java -Xmx4g -cp bench/target/benchmarks.jar dev.podpath.bench.RulesScale 2000 10000
 * </pre>
 */
final class RulesScale {

  private RulesScale() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length == 0 ? new int[] {2000, 10_000} : new int[args.length];
    for (int i = 0; i < args.length; i++) {
      sizes[i] = Integer.parseInt(args[i]);
    }
    Path dir = Files.createTempDirectory("podpath-rules-scale");
    try {
      for (int services : sizes) {
        String rules = KubeProxyRules.generate(services, 3);
        long t0 = System.nanoTime();
        Ruleset r = IptablesSaveParser.parse("kube.rules", rules);
        long cold = System.nanoTime() - t0;
        int n = r.rules().size();
        long warm = Long.MAX_VALUE;
        for (int k = 0; k < 3; k++) {
          long s = System.nanoTime();
          IptablesSaveParser.parse("kube.rules", rules);
          warm = Math.min(warm, System.nanoTime() - s);
        }
        double perSecond = n / (warm / 1e9);
        System.out.printf(
            Locale.ROOT,
            "%d rules read as a dump: cold %.0f ms, warm %.0f ms (%.2f us/rule, %.0f rules/s)%n",
            n,
            cold / 1e6,
            warm / 1e6,
            warm / 1e3 / n,
            perSecond);
        System.out.printf(
            Locale.ROOT,
            "ROW\tiptables-save read, %d rules (rules/s, warm)\t%.0f\t1000000\t%.2f%n",
            n,
            perSecond,
            perSecond / 1e6);

        Files.writeString(dir.resolve("kube.rules"), rules);
        String script = KubeProxyRules.script("kube.rules");
        String file = dir.resolve("kube.sh").toString();
        long s = System.nanoTime();
        ScenarioInterpreter.interpret(file, script, Sysctls.kernelDefaults());
        long restoreCold = System.nanoTime() - s;
        long restoreWarm = Long.MAX_VALUE;
        for (int k = 0; k < 2; k++) {
          long t = System.nanoTime();
          ScenarioInterpreter.interpret(file, script, Sysctls.kernelDefaults());
          restoreWarm = Math.min(restoreWarm, System.nanoTime() - t);
        }
        double target = 2.0 * n / 110_008;
        System.out.printf(
            Locale.ROOT,
            "%d rules restored by the interpreter: cold %.2f s, warm %.2f s (%.2f us/rule)%n",
            n,
            restoreCold / 1e9,
            restoreWarm / 1e9,
            restoreWarm / 1e3 / n);
        System.out.printf(
            Locale.ROOT,
            "ROW\tinterpreter iptables-restore, %d rules (s, cold)\t%.2f\t%.2f\t%.2f%n",
            n,
            restoreCold / 1e9,
            target,
            restoreCold / 1e9 / target);
      }
    } finally {
      HostGwSnapshot.delete(dir);
    }
  }
}
