package dev.podpath.trace.cli;

import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.snapshot.Assumption;
import dev.podpath.model.snapshot.Snapshot;
import java.io.PrintWriter;
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
      "iptables-save.txt is taken to have no rules). Exit status 1 when there is such a problem, 0 when",
      "only assumptions were needed.",
      "",
      "Example:",
      "  podpath lint samples/snapshots/seed-flannel-host-gw"
    })
final class LintCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "snapshot folder (docs/snapshot.md)")
  Path dir;

  @Option(names = "--assume-cni-pods", description = "as for trace: model the pods kubectl lists but that were not dumped")
  boolean assumeCniPods;

  @Override
  public Integer call() {
    if (!java.nio.file.Files.isDirectory(dir) && java.nio.file.Files.isRegularFile(dir)) {
      throw new UserError(dir + " is a file: lint reads a snapshot folder (a scenario script is checked by"
          + " `podpath probes`)");
    }
    Snapshot s = Inputs.snapshot(dir, assumeCniPods);
    PrintWriter out = spec.commandLine().getOut();
    for (DumpWarning w : s.warnings()) {
      out.println(dir + "/" + w.location() + ": " + w.message());
      if (!w.text().isEmpty()) {
        out.println("    " + w.text());
      }
    }
    for (Assumption a : s.assumptions()) {
      out.println(dir + "/" + a);
    }
    out.println(s.warnings().size() + " problem" + (s.warnings().size() == 1 ? "" : "s") + ", "
        + s.assumptions().size() + " assumption" + (s.assumptions().size() == 1 ? "" : "s") + "; "
        + s.topology().namespaces().size() + " namespaces: "
        + String.join(", ", s.topology().namespaces().keySet().stream().map(Object::toString).toList()));
    out.flush();
    return s.warnings().isEmpty() ? 0 : 1;
  }
}
