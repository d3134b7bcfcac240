package dev.podpath.trace.cli;

import dev.podpath.model.io.TextFiles;
import dev.podpath.model.io.UnreadableFileException;
import dev.podpath.model.topo.NetnsName;
import dev.podpath.trace.api.InputException;
import dev.podpath.trace.api.KernelUnavailableException;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.verify.KernelPlan;
import dev.podpath.trace.verify.KernelRun;
import dev.podpath.trace.verify.Reducer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code podpath verify --reduce SCENARIO}: the scenario's disagreement with the kernel shrunk by
 * {@link Reducer}, each candidate interpreted as the scenario's own file (its restore files found
 * beside it) and run in {@code kernel}; the result written as {@code NAME.reduced.sh} with its
 * transcript {@code NAME.reduced.kernel.txt}.
 */
final class VerifyReduction {

  private VerifyReduction() {}

  /**
   * Reduces {@code file}; {@code to} is the reduced script's path (its transcript goes beside it).
   *
   * @return verify's exit status: 1 when a disagreement was reduced, 0 when there was none
   */
  static int run(
      Path file,
      Optional<Path> to,
      KernelRun kernel,
      Duration timeout,
      PrintWriter out,
      PrintWriter err)
      throws IOException {
    String text;
    try {
      text = TextFiles.read(file);
    } catch (UnreadableFileException e) {
      throw new UserError(e.getMessage());
    }
    Reducer.Judge judge =
        candidate -> {
          Network net;
          try {
            net = Podpath.loadScenario(file, candidate, kernel.inherited());
          } catch (InputException e) {
            return Optional.empty();
          }
          if (net.scenario().probes().isEmpty()) {
            return Optional.empty();
          }
          KernelRun.Result run;
          try {
            KernelPlan plan =
                KernelPlan.of(
                    net.scenario(),
                    net.topology().namespaces().keySet().stream().map(NetnsName::value).toList());
            kernel.check(plan.requiredTools());
            run = kernel.execute(plan, timeout);
          } catch (KernelRun.Unavailable e) {
            throw new KernelUnavailableException(e.getMessage());
          }
          if (run.timedOut()) {
            // a candidate that hangs (a listener without its client...) is not kept
            return Optional.empty();
          }
          String transcript = run.transcript();
          return Optional.of(
              new Reducer.Judged(Reducer.disagreements(net.verify(transcript)), transcript));
        };
    Reducer.Result r;
    try {
      r = Reducer.reduce(file.toString(), text, judge, err);
    } catch (Reducer.NothingToReduce e) {
      out.println("nothing to reduce: " + e.getMessage());
      return 0;
    }
    Path script = to.orElse(besideScenario(file));
    Path transcript = transcriptBeside(script);
    Files.writeString(script, r.script());
    Files.writeString(transcript, r.judged().transcript());
    out.println(
        "reduced "
            + file
            + " from "
            + r.commandsBefore()
            + " to "
            + r.commandsAfter()
            + " commands ("
            + r.kernelRuns()
            + " kernel runs); it still disagrees the same way:");
    out.println("  " + r.disagreement());
    out.println("written: " + script + " and its kernel transcript " + transcript);
    out.println(
        "check it again without the kernel: podpath verify "
            + script
            + " --transcript "
            + transcript);
    out.println();
    out.print(r.script());
    return 1;
  }

  /** {@code DIR/NAME.sh} gives {@code DIR/NAME.reduced.sh}. */
  static Path besideScenario(Path file) {
    String name = file.getFileName().toString();
    String stem = name.endsWith(".sh") ? name.substring(0, name.length() - 3) : name;
    return file.resolveSibling(stem + ".reduced.sh");
  }

  /** {@code DIR/NAME.sh} gives {@code DIR/NAME.kernel.txt}, as the samples' transcripts. */
  static Path transcriptBeside(Path script) {
    String name = script.getFileName().toString();
    String stem = name.endsWith(".sh") ? name.substring(0, name.length() - 3) : name;
    return script.resolveSibling(stem + ".kernel.txt");
  }
}
