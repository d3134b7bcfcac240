package dev.podpath.testing.random;

import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.verify.HostSysctls;
import dev.podpath.trace.verify.KernelPlan;
import dev.podpath.trace.verify.KernelRun;
import dev.podpath.trace.verify.Verifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Verifies random scenarios ({@link RandomScenario}) in the kernel sandbox, as {@code podpath
 * verify} does, and saves every disagreement with its seed: {@code seed-N.sh} (the script, which
 * regenerates from the seed too), {@code seed-N.kernel.txt} (the kernel's transcript, for {@code
 * podpath verify seed-N.sh --transcript seed-N.kernel.txt}) and {@code seed-N.report.txt} (what
 * differs). Needs root, like verify; {@link KernelRun#preflight} says why not otherwise.
 *
 * <p>Run from {@link RandomKernelAgreementTest} (docs/kernel-agreement.md has the command for
 * thousands of seeds).
 */
public final class RandomVerify {

  /** What one seed gave. */
  public record Outcome(
      long seed,
      int probes,
      int agreed,
      int notModelled,
      int differing,
      int stateDifferences,
      int commandDifferences,
      Optional<String> refused) {

    /** Whether podpath and the kernel did not agree on everything compared. */
    public boolean disagrees() {
      return differing > 0 || stateDifferences > 0 || commandDifferences > 0 || refused.isPresent();
    }
  }

  /** The totals over a run. */
  public record Totals(
      int scenarios, int probes, int agreed, int notModelled, List<Outcome> disagreements) {
    public Totals {
      disagreements = List.copyOf(disagreements);
    }

    public String summary() {
      return scenarios
          + " scenarios, "
          + probes
          + " probes: "
          + agreed
          + " agreed, "
          + notModelled
          + " not modelled; "
          + disagreements.size()
          + " scenarios with a disagreement"
          + (disagreements.isEmpty()
              ? ""
              : " (seeds "
                  + disagreements.stream().map(o -> Long.toString(o.seed())).toList()
                  + ")");
    }
  }

  private static final List<String> TOOLS =
      Stream.concat(KernelRun.SANDBOX_TOOLS.stream(), Stream.of("ping", "traceroute", "nc"))
          .toList();

  private RandomVerify() {}

  /** Throws, saying why, when the kernel side cannot run here. */
  public static void preflight() throws KernelRun.Unavailable {
    KernelRun.preflight(TOOLS);
  }

  /**
   * Verifies the seeds from {@code first} to {@code last}; disagreements are saved in {@code out}.
   */
  public static Totals run(long first, long last, Path out, PrintStream log)
      throws IOException, KernelRun.Unavailable {
    Files.createDirectories(out);
    int scenarios = 0;
    int probes = 0;
    int agreed = 0;
    int notModelled = 0;
    List<Outcome> bad = new ArrayList<>();
    for (long seed = first; seed <= last; seed++) {
      Outcome o = verify(seed, out);
      scenarios++;
      probes += o.probes();
      agreed += o.agreed();
      notModelled += o.notModelled();
      if (o.disagrees()) {
        bad.add(o);
      }
      log.println(
          "seed "
              + seed
              + ": "
              + o.agreed()
              + "/"
              + o.probes()
              + " probes agree"
              + (o.disagrees() ? ", DISAGREES (saved in " + out + ")" : ""));
    }
    Totals t = new Totals(scenarios, probes, agreed, notModelled, bad);
    Files.writeString(out.resolve("summary.txt"), t.summary() + "\n");
    return t;
  }

  /** One seed in the kernel and in podpath. */
  public static Outcome verify(long seed, Path out) throws IOException, KernelRun.Unavailable {
    String name = "seed-" + seed + ".sh";
    String script = RandomScenario.generate(seed);
    Scenario sc;
    try {
      sc = ScenarioInterpreter.interpret(name, script, HostSysctls.read());
    } catch (dev.podpath.model.script.ScriptException e) {
      // a generated line podpath refused: a generator bug or a disagreement; kept either way
      Files.writeString(out.resolve(name), script);
      Files.writeString(out.resolve("seed-" + seed + ".report.txt"), e.getMessage() + "\n");
      return new Outcome(seed, 0, 0, 0, 0, 0, 0, Optional.of(e.getMessage()));
    }
    List<String> namespaces =
        sc.topology().namespaces().keySet().stream().map(NetnsName::value).toList();
    KernelRun.Result r = KernelRun.run(KernelPlan.of(sc, namespaces), Duration.ofMinutes(5));
    Verifier.Report report = Verifier.compare(name, sc, r.transcript());
    Outcome o =
        new Outcome(
            seed,
            report.probes().size(),
            (int) report.agreeing(),
            (int) report.notModelled(),
            (int) report.differing(),
            stateDifferences(report),
            report.commands().size(),
            r.timedOut() ? Optional.of("the kernel run timed out") : Optional.empty());
    if (o.disagrees()) {
      Files.writeString(out.resolve(name), script);
      Files.writeString(out.resolve("seed-" + seed + ".kernel.txt"), r.transcript());
      Files.writeString(out.resolve("seed-" + seed + ".report.txt"), describe(report));
    }
    return o;
  }

  /**
   * The state differences that count: a conntrack entry that one side has and the other does not is
   * left out when its twin differs only by the source port the kernel drew at random (each
   * traceroute probe's socket has its own; podpath counts from 40000), as
   * NetfilterKernelAgreementTest does.
   */
  static int stateDifferences(Verifier.Report report) {
    java.util.Map<String, Integer> balance = new java.util.TreeMap<>();
    int other = 0;
    for (var d : report.state().differences()) {
      if (!d.kind().equals("conntrack") || !d.key().contains("|")) {
        other++;
        continue;
      }
      balance.merge(
          d.netns() + " " + maskSourcePorts(d.key()),
          d.kernel().equals("has it") ? 1 : -1,
          Integer::sum);
    }
    return other + balance.values().stream().mapToInt(Math::abs).sum();
  }

  private static String maskSourcePorts(String conntrackKey) {
    String[] halves = conntrackKey.split("\\|", 2);
    return halves[0].replaceAll("sport=\\d+", "sport=*")
        + "|"
        + halves[1].replaceAll("dport=\\d+", "dport=*");
  }

  /** The differences of a report, one per line. */
  static String describe(Verifier.Report report) {
    StringBuilder sb = new StringBuilder();
    for (Verifier.ProbeResult p : report.probes()) {
      if (p.differs()) {
        sb.append("DIFFER ")
            .append(p.probe().origin().location())
            .append("\n  kernel:  ")
            .append(p.kernel())
            .append("\n  podpath: ")
            .append(p.podpath())
            .append('\n');
      }
    }
    report.state().differences().forEach(d -> sb.append("STATE ").append(d).append('\n'));
    report.commands().forEach(c -> sb.append("COMMAND ").append(c.describe()).append('\n'));
    return sb.toString();
  }

  /**
   * {@code RandomVerify FIRST LAST OUT}: verifies seeds FIRST to LAST, saving disagreements in OUT.
   */
  public static void main(String[] args) throws Exception {
    long first = args.length > 0 ? Long.parseLong(args[0]) : 1;
    long last = args.length > 1 ? Long.parseLong(args[1]) : first + 9;
    Path out = Path.of(args.length > 2 ? args[2] : "target/random");
    preflight();
    System.out.println(run(first, last, out, System.out).summary());
  }
}
