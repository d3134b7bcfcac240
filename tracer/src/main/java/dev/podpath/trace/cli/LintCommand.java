package dev.podpath.trace.cli;

import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.io.UnreadableFileException;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScenarioInterpreter;
import dev.podpath.model.script.ScriptCheck;
import dev.podpath.model.script.ScriptException;
import dev.podpath.model.snapshot.Assumption;
import dev.podpath.model.snapshot.Snapshot;
import dev.podpath.model.topo.Topology;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = {
      "Read a snapshot and list every line podpath could not read (file:line:column, the message, the",
      "line), every kube-proxy rule that disagrees with the Services' endpoints kubectl lists (stale",
      "rules: at the rule's line), and every dump the collector could not take (at its NODE/collect.log",
      "line: the folder, what is unknown because of it, the command and its error; e.g. no iptables",
      "dump: netfilter unknown there, and a trace reaching one of its hooks ends NOT_MODELLED), then",
      "every assumption it made to build the model (e.g. a folder put together by hand without",
      "iptables-save.txt is taken to have no rules).",
      "",
      "Or read a scenario script to its end, as bash without 'set -e' runs it (a failing line has no",
      "effect, the next one runs), and list every line that fails (file:line, the complaint, the line;",
      "a later line may fail because of an earlier one), then the notes on lines podpath accepts but",
      "does not model or that have no effect.",
      "",
      "Exit status 1 when there is such a problem, 0 when only assumptions or notes were needed.",
      "",
      "Examples:",
      "  podpath lint samples/snapshots/seed-flannel-host-gw",
      "  podpath lint samples/router.sh"
    })
final class LintCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SNAPSHOT|SCENARIO",
      description = "snapshot folder (docs/snapshot.md) or scenario script")
  Path input;

  @Option(names = "--assume-cni-pods", description = "as for trace: model the pods kubectl lists but that were not dumped")
  boolean assumeCniPods;

  @Override
  public Integer call() {
    if (!Files.exists(input, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserError("cannot read " + input + ": no such file or folder");
    }
    return Files.isDirectory(input) ? snapshot(spec.commandLine().getOut()) : script(spec.commandLine().getOut());
  }

  private int snapshot(PrintWriter out) {
    Snapshot s = Inputs.snapshot(input, assumeCniPods);
    for (DumpWarning w : s.warnings()) {
      out.println(input + "/" + w.location() + ": " + w.message());
      if (!w.text().isEmpty()) {
        out.println("    " + w.text());
      }
    }
    for (Assumption a : s.assumptions()) {
      out.println(input + "/" + a);
    }
    out.println(count(s.warnings().size(), "problem") + ", " + count(s.assumptions().size(), "assumption") + "; "
        + namespaces(s.topology()));
    out.flush();
    return s.warnings().isEmpty() ? 0 : 1;
  }

  private int script(PrintWriter out) {
    if (assumeCniPods) {
      throw new UserError("--assume-cni-pods is for snapshots; " + input + " is a scenario script");
    }
    ScriptCheck c;
    try {
      c = ScenarioInterpreter.check(input);
    } catch (UnreadableFileException e) {
      throw new UserError(e.getMessage());
    }
    for (ScriptException p : c.problems()) {
      out.println(p.getMessage());
    }
    for (Scenario.Note n : c.scenario().notes()) {
      out.println(n);
    }
    out.println(count(c.problems().size(), "problem") + ", " + count(c.scenario().notes().size(), "note") + ", "
        + count(c.scenario().probes().size(), "probe") + "; " + namespaces(c.scenario().topology()));
    out.flush();
    return c.problems().isEmpty() ? 0 : 1;
  }

  private static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  private static String namespaces(Topology t) {
    return t.namespaces().size() + " namespaces: "
        + String.join(", ", t.namespaces().keySet().stream().map(Object::toString).toList());
  }
}
