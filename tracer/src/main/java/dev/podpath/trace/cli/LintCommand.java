package dev.podpath.trace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpath.model.dump.DumpWarning;
import dev.podpath.model.finding.Finding;
import dev.podpath.model.finding.ScenarioFindings;
import dev.podpath.model.finding.Severity;
import dev.podpath.model.script.Scenario;
import dev.podpath.model.script.ScriptCheck;
import dev.podpath.model.script.ScriptException;
import dev.podpath.model.snapshot.Assumption;
import dev.podpath.model.snapshot.Snapshot;
import dev.podpath.model.topo.Topology;
import dev.podpath.sim.net.EdgeAssumption;
import dev.podpath.trace.api.LoadOptions;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.render.FindingJson;
import dev.podpath.trace.render.FindingText;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
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
      "Then, for both, the findings: what is wrong before any packet is traced, computed from the model",
      "(routes that shadow others, gateways nothing answers ARP for, missing routes back, forwarding off,",
      "rp_filter, VXLAN neighbour/FDB entries that contradict the other nodes, MTUs, FORWARD policies and",
      "REJECTs in the way, Services without endpoints, overlapping CIDRs, duplicate addresses...), each",
      "with its code, severity, explanation, evidence (file:line) and fix. For a scenario, the network as",
      "each probe saw it and as the script leaves it; a finding that holds only part of the time says",
      "when. docs/lint.md lists the codes; -o json exports it all (docs/lint-json.md).",
      "",
      "Exit status 1 when there is such a problem or a finding of severity error, 0 otherwise (assumptions,",
      "notes, warnings and infos only).",
      "",
      "Examples:",
      "  podpath lint samples/snapshots/seed-flannel-host-gw",
      "  podpath lint samples/router.sh",
      "  podpath lint samples/flannel-vxlan-broken.sh -o json"
    })
final class LintCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SNAPSHOT|SCENARIO",
      description = "snapshot folder (docs/snapshot.md) or scenario script")
  Path input;

  @Option(
      names = "--assume-cni-pods",
      description = "as for trace: model the pods kubectl lists but that were not dumped")
  boolean assumeCniPods;

  @Option(
      names = "--edge",
      paramLabel = "unknown|drops-private|routes",
      converter = EdgeOption.class,
      description =
          "as for trace (a snapshot only): "
              + EdgeOption.DESCRIPTION
              + "; lint then lists that assumption and finds what the model built on it holds")
  EdgeAssumption.Mode edge = EdgeAssumption.Mode.UNKNOWN;

  @Option(
      names = "--write-fixes",
      paramLabel = "FILE",
      description =
          "write the findings' fixes to FILE as a changes file: one command per line, each after a"
              + " '# why:' comment and the culprit's file:line, in a scenario script's syntax"
              + " (written whole or not at all)")
  Path writeFixes;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "text|json",
      description = {"output format (default: ${DEFAULT-VALUE});", "json: docs/lint-json.md"})
  String output;

  /**
   * Made on first use, not when the class is initialised: picocli creates every subcommand for
   * {@code podpath --help}, and an {@code ObjectMapper} built then loaded ~300 Jackson classes into
   * every command's start (issue 16: {@code --help} 0.246 s became 0.288 s).
   */
  private static final class Json {
    static final ObjectMapper MAPPER =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}
  }

  @Override
  public Integer call() {
    if (!output.equals("text") && !output.equals("json")) {
      throw new UserError("-o " + output + ": expected text or json");
    }
    WriteFixes.checkTarget(writeFixes);
    if (!Files.exists(input, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserError("cannot read " + input + ": no such file or folder");
    }
    return Files.isDirectory(input)
        ? snapshot(spec.commandLine().getOut())
        : script(spec.commandLine().getOut());
  }

  private int snapshot(PrintWriter out) {
    Network network = Podpath.load(input, new LoadOptions(assumeCniPods, edge));
    Snapshot s = network.snapshot().orElseThrow();
    List<Finding> findings = network.findings();
    writeFixes(findings, true);
    UnaryOperator<String> file = f -> input + "/" + f;
    int status = s.warnings().isEmpty() && errors(findings) == 0 ? 0 : 1;
    if (output.equals("json")) {
      ObjectNode root = header("snapshot");
      ArrayNode problems = root.putArray("problems");
      for (DumpWarning w : s.warnings()) {
        ObjectNode p = problems.addObject();
        p.put("location", input + "/" + w.location());
        p.put("message", w.message());
        p.put("text", w.text());
      }
      ArrayNode assumptions = root.putArray("assumptions");
      for (Assumption a : s.assumptions()) {
        ObjectNode p = assumptions.addObject();
        p.put("where", input + "/" + a.where());
        p.put("text", a.text());
      }
      ArrayNode f = root.putArray("findings");
      findings.forEach(x -> f.add(FindingJson.tree(x, file, null, null)));
      ObjectNode sum = summary(root, findings, s.topology());
      sum.put("problems", s.warnings().size());
      sum.put("assumptions", s.assumptions().size());
      root.put("exitStatus", status);
      return json(out, root, status);
    }
    for (DumpWarning w : s.warnings()) {
      out.println(input + "/" + w.location() + ": " + w.message());
      if (!w.text().isEmpty()) {
        out.println("    " + w.text());
      }
    }
    for (Assumption a : s.assumptions()) {
      out.println(input + "/" + a);
    }
    for (Finding x : findings) {
      FindingText.lines(x, "", file).forEach(out::println);
    }
    out.println(
        count(s.warnings().size(), "problem")
            + ", "
            + count(s.assumptions().size(), "assumption")
            + ", "
            + findingCount(findings)
            + "; "
            + namespaces(s.topology()));
    out.flush();
    return status;
  }

  private int script(PrintWriter out) {
    if (assumeCniPods) {
      throw new UserError("--assume-cni-pods is for snapshots; " + input + " is a scenario script");
    }
    if (edge != EdgeAssumption.Mode.UNKNOWN) {
      throw new UserError(
          "--edge is for snapshots (a scenario models its routers); "
              + input
              + " is a scenario script");
    }
    ScriptCheck c = Podpath.check(input);
    List<ScenarioFindings.Staged> staged = ScenarioFindings.of(c.scenario());
    List<Finding> findings = staged.stream().map(ScenarioFindings.Staged::finding).toList();
    writeFixes(findings, false);
    int status = c.problems().isEmpty() && errors(findings) == 0 ? 0 : 1;
    if (output.equals("json")) {
      ObjectNode root = header("scenario");
      ArrayNode problems = root.putArray("problems");
      for (ScriptException p : c.problems()) {
        ObjectNode o = problems.addObject();
        o.put("location", p.file() + ":" + p.line());
        o.put("message", p.reason());
        o.put("text", p.lineText());
      }
      ArrayNode notes = root.putArray("notes");
      for (Scenario.Note n : c.scenario().notes()) {
        ObjectNode o = notes.addObject();
        o.put("location", n.origin().location());
        o.put("severity", n.severity().name().toLowerCase(java.util.Locale.ROOT));
        o.put("message", n.message());
        o.put("text", n.origin().text());
      }
      ArrayNode f = root.putArray("findings");
      staged.forEach(
          x ->
              f.add(
                  FindingJson.tree(x.finding(), UnaryOperator.identity(), x.probes(), x.atEnd())));
      ObjectNode sum = summary(root, findings, c.scenario().topology());
      sum.put("problems", c.problems().size());
      sum.put("notes", c.scenario().notes().size());
      sum.put("probes", c.scenario().probes().size());
      root.put("exitStatus", status);
      return json(out, root, status);
    }
    for (ScriptException p : c.problems()) {
      out.println(p.getMessage());
    }
    for (Scenario.Note n : c.scenario().notes()) {
      out.println(n);
    }
    for (ScenarioFindings.Staged x : staged) {
      FindingText.lines(x.finding(), x.when(), UnaryOperator.identity()).forEach(out::println);
    }
    out.println(
        count(c.problems().size(), "problem")
            + ", "
            + count(c.scenario().notes().size(), "note")
            + ", "
            + count(c.scenario().probes().size(), "probe")
            + ", "
            + findingCount(findings)
            + "; "
            + namespaces(c.scenario().topology()));
    out.flush();
    return status;
  }

  private void writeFixes(List<Finding> findings, boolean snapshot) {
    if (writeFixes != null) {
      String command = "podpath lint " + input + (assumeCniPods ? " --assume-cni-pods" : "");
      WriteFixes.findings(
          writeFixes, command, input, snapshot, findings, spec.commandLine().getErr());
    }
  }

  private ObjectNode header(String kind) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("format", 1);
    root.put("input", input.toString());
    root.put("kind", kind);
    return root;
  }

  private static ObjectNode summary(ObjectNode root, List<Finding> findings, Topology t) {
    ObjectNode sum = root.putObject("summary");
    sum.put("findings", findings.size());
    for (Severity sev : Severity.values()) {
      sum.put(sev.label() + "s", findings.stream().filter(f -> f.severity() == sev).count());
    }
    ArrayNode ns = sum.putArray("namespaces");
    t.namespaces().keySet().forEach(n -> ns.add(n.toString()));
    return sum;
  }

  private static int json(PrintWriter out, ObjectNode root, int status) {
    try {
      out.println(Json.MAPPER.writeValueAsString(root));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    out.flush();
    return status;
  }

  private static long errors(List<Finding> findings) {
    return findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
  }

  /** {@code 3 findings (1 error, 2 warnings)}, or {@code 0 findings}. */
  private static String findingCount(List<Finding> findings) {
    List<String> parts = new java.util.ArrayList<>();
    for (Severity sev : Severity.values()) {
      long n = findings.stream().filter(f -> f.severity() == sev).count();
      if (n > 0) {
        parts.add(count((int) n, sev.label()));
      }
    }
    return count(findings.size(), "finding")
        + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
  }

  private static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  private static String namespaces(Topology t) {
    return t.namespaces().size()
        + " namespaces: "
        + String.join(", ", t.namespaces().keySet().stream().map(Object::toString).toList());
  }
}
