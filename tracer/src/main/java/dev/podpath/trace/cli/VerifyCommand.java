package dev.podpath.trace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpath.model.io.TextFiles;
import dev.podpath.model.io.UnreadableFileException;
import dev.podpath.model.script.ProbeSpec;
import dev.podpath.model.sysctl.Sysctls;
import dev.podpath.trace.api.InputException;
import dev.podpath.trace.api.KernelUnavailableException;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.verify.HostSysctls;
import dev.podpath.trace.verify.KernelPlan;
import dev.podpath.trace.verify.KernelRun;
import dev.podpath.trace.verify.StateComparison;
import dev.podpath.trace.verify.Verifier;
import dev.podpath.trace.verify.VmKernel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Run a scenario for real in a throwaway kernel sandbox (root needed), simulate it with podpath,",
      "and compare them probe by probe (ping lines, traceroute hops, 'ip route get' answers), then the",
      "neighbour and bridge FDB entries both ended with.",
      "",
      "The sandbox is 'unshare --net --mount' with its own /run/netns and /sys: nothing of this",
      "machine's network is read or changed, and it vanishes with the process.",
      "",
      "What this machine's kernel lacks (the ipip, gre, dummy, wireguard, geneve modules) runs in a",
      "VM instead: Debian's stock kernel under qemu-system-x86_64, booted once for the whole run,",
      "the same sandbox inside, this machine's /usr and /etc shared read-only, no network device",
      "(--kernel; docs/verify.md). Fetch its kernel once with --fetch-vm-kernel.",
      "",
      "Examples:",
      "  sudo ./podpath verify samples/flannel-host-gw.sh",
      "  ./podpath verify --fetch-vm-kernel",
      "  ./podpath verify --kernel=vm samples/calico-ipip.sh",
      "  ./podpath verify samples/router.sh \\",
      "      --transcript samples/expected/router.kernel.txt",
      "  sudo ./podpath verify --reduce seed-65.sh   # writes seed-65.reduced.sh",
      "  sudo ./podpath verify samples/flannel-vxlan.sh --pcap captures/",
      "  sudo ./podpath verify samples/*.sh --markdown docs/kernel-agreement.md"
    },
    footer = {
      "",
      "A ping or connect that meets a multipath (ECMP) route whose next hops give different answers",
      "agrees \"within ECMP\" when the kernel's answer is one of them (the kernel's hash, with a key",
      "drawn once per boot, chose): counted apart from plain agreement, never as a difference.",
      "",
      "Exit status: 0 all agree, 1 some differ, 2 the kernel run cannot happen here (or bad input)."
    })
final class VerifyCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "SCENARIO", description = "scenario scripts")
  List<Path> scenarios = List.of();

  @Option(
      names = "--kernel",
      defaultValue = "auto",
      paramLabel = "auto|sandbox|vm",
      description =
          "which kernel runs the scenarios: sandbox (this machine's, in namespaces; root needed),"
              + " vm (Debian's, in qemu), or auto: the sandbox, and the VM for a scenario that"
              + " needs a module this kernel lacks (default: ${DEFAULT-VALUE})")
  String kernel;

  @Option(
      names = "--fetch-vm-kernel",
      description =
          "download Debian's kernel and busybox (apt-get download, about 70 MB) and build the"
              + " VM's initramfs in ~/.cache/podpath/vm (or $XDG_CACHE_HOME/podpath/vm,"
              + " $PODPATH_VM_DIR), then go on with the SCENARIOs, if any")
  boolean fetchVmKernel;

  @Option(
      names = "--probe",
      paramLabel = "N",
      description = "compare only the Nth probe of the script (all still run, in order)")
  Optional<Integer> probe;

  @Option(
      names = "--transcript",
      paramLabel = "FILE",
      description =
          "compare with a transcript recorded earlier (samples/expected/*.kernel.txt) instead of running the kernel")
  Optional<Path> transcript;

  @Option(
      names = "--save-transcript",
      paramLabel = "FILE",
      description = "also write the kernel's transcript to FILE")
  Optional<Path> saveTranscript;

  @Option(
      names = "--markdown",
      paramLabel = "FILE",
      description = "write a table of what agrees (scenario x probe) to FILE")
  Optional<Path> markdown;

  @Option(
      names = "--no-locate",
      description = "do not rerun the kernel to find the first hop where a differing probe parts")
  boolean noLocate;

  @Option(
      names = "--reduce",
      description =
          "shrink the scenario's first disagreement with the kernel to a smallest script that"
              + " still shows it (delta debugging over its commands, each candidate run on both"
              + " sides again); writes NAME.reduced.sh and NAME.reduced.kernel.txt beside it")
  boolean reduce;

  @Option(
      names = "--reduce-to",
      paramLabel = "FILE",
      description =
          "with --reduce: write the reduced script to FILE (its transcript beside it, FILE's name"
              + " with .kernel.txt for .sh); restore files it reads must be in FILE's folder too")
  Optional<Path> reduceTo;

  @Option(
      names = "--pcap",
      paramLabel = "DIR",
      description =
          "also capture the kernel's frames of every ping and connect (dumpcap in every namespace,"
              + " on every device) and compare them with podpath's, device by device; both sides"
              + " go to DIR, a scenario NAME.sh's as NAME.kernel.pcapng and NAME.podpath.pcapng"
              + " (docs/pcap.md)")
  Optional<Path> pcap;

  @Option(
      names = "--timeout",
      defaultValue = "600",
      paramLabel = "SECONDS",
      description = "limit for one kernel run (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "text|json",
      description = "output format (default: ${DEFAULT-VALUE})")
  String output;

  /** The VM, booted at its first scenario and ended when verify ends. */
  private KernelRun vm;

  /** {@code --pcap}: each scenario's frames compared, by the report's scenario name. */
  private final java.util.Map<String, dev.podpath.trace.verify.PcapComparison> frames =
      new java.util.HashMap<>();

  @Override
  public Integer call() throws IOException {
    if (!output.equals("text") && !output.equals("json")) {
      throw new UserError("-o " + output + ": expected text or json");
    }
    if (!List.of("auto", "sandbox", "vm").contains(kernel)) {
      throw new UserError("--kernel " + kernel + ": expected auto, sandbox or vm");
    }
    if (fetchVmKernel) {
      PrintWriter err = spec.commandLine().getErr();
      int status = VmKernel.fetch(err);
      err.flush();
      if (status != 0) {
        return 2;
      }
      if (scenarios.isEmpty()) {
        return 0;
      }
    }
    if (scenarios.isEmpty()) {
      throw new UserError(
          "Missing required parameter: 'SCENARIO' (a scenario script to verify; see --help)");
    }
    if (transcript.isPresent() && scenarios.size() != 1) {
      throw new UserError("--transcript goes with exactly one scenario");
    }
    if (pcap.isPresent()) {
      if (reduce) {
        throw new UserError("--pcap and --reduce do not go together");
      }
      if (!Files.isDirectory(pcap.get())) {
        throw new UserError("--pcap " + pcap.get() + ": no such directory");
      }
      java.util.Set<String> names = new java.util.HashSet<>();
      for (Path f : scenarios) {
        if (!names.add(f.getFileName().toString())) {
          throw new UserError(
              "--pcap: two scenarios are named "
                  + f.getFileName()
                  + ", and their captures would have the same names in "
                  + pcap.get());
        }
      }
    }
    if (reduceTo.isPresent() && !reduce) {
      throw new UserError("--reduce-to goes with --reduce");
    }
    if (reduce && (scenarios.size() != 1 || transcript.isPresent())) {
      throw new UserError(
          "--reduce takes exactly one scenario and runs the kernel on every candidate (no"
              + " --transcript: a transcript answers for the whole script only)");
    }
    requireProbes();
    try {
      return reduce ? reduceOne() : verifyAll();
    } finally {
      if (vm != null) {
        vm.close();
      }
    }
  }

  private int verifyAll() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    List<Verifier.Report> reports = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    // a kernel run takes seconds; several of them, minutes: a counter on a terminal's stderr
    Progress progress = Progress.of("verify", scenarios.size(), "scenarios");
    try {
      for (Path file : scenarios) {
        progress.now(file.toString());
        KernelRun where = KernelRun.sandbox();
        if (transcript.isEmpty()) {
          Optional<String> missing =
              kernel.equals("vm") ? Optional.empty() : load(file, HostSysctls.read()).kernelLacks();
          Optional<String> noVm = Optional.empty();
          if (kernel.equals("vm") || missing.isPresent() && kernel.equals("auto")) {
            try {
              where = vm();
            } catch (KernelRun.Unavailable e) {
              noVm = Optional.of(e.getMessage());
            }
          }
          String why =
              missing.orElse("")
                  + noVm.map(v -> (missing.isPresent() ? "; the VM cannot run it: " : "") + v)
                      .orElse("");
          if (noVm.isPresent() || missing.isPresent() && kernel.equals("sandbox")) {
            if (scenarios.size() == 1) {
              throw new KernelUnavailableException(file + ": " + why);
            }
            // With several scenarios, one that cannot run is skipped (and said so), not fatal.
            skipped.add(file + ": " + why);
            progress.step(file.toString());
            if (output.equals("text")) {
              progress.clear();
              out.println("skipped " + file + ": " + why);
              out.flush();
            }
            continue;
          }
        }
        Verifier.Report r = verify(file, where);
        reports.add(r);
        progress.step(file.toString());
        if (output.equals("text")) {
          progress.clear();
          text(out, r);
          out.flush();
        }
      }
    } finally {
      progress.close();
    }
    if (output.equals("json")) {
      out.print(json(reports));
    } else {
      long agree = reports.stream().mapToLong(this::shownAgreeing).sum();
      long differ = reports.stream().mapToLong(this::shownDiffering).sum();
      long notModelled =
          reports.stream()
              .flatMap(r -> r.probes().stream())
              .filter(this::shown)
              .filter(Verifier.ProbeResult::notModelled)
              .count();
      long withinEcmp =
          reports.stream()
              .flatMap(r -> r.probes().stream())
              .filter(this::shown)
              .filter(Verifier.ProbeResult::withinEcmp)
              .count();
      long stateDiff = reports.stream().mapToLong(r -> r.state().differences().size()).sum();
      long commandDiff = reports.stream().mapToLong(r -> r.commands().size()).sum();
      long frameDiff = frames.values().stream().mapToLong(VerifyFrames::differingDevices).sum();
      out.println(
          agree
              + " agree, "
              + differ
              + " differ"
              + (withinEcmp > 0
                  ? ", "
                      + withinEcmp
                      + " agree within ECMP (the kernel's answer is one of the next hops')"
                  : "")
              + (notModelled > 0
                  ? ", " + notModelled + " not modelled (podpath said so instead of answering)"
                  : "")
              + (stateDiff > 0 ? " (and " + stateDiff + " state differences)" : "")
              + (commandDiff > 0
                  ? " (and " + commandDiff + " commands the two sides did not take alike)"
                  : "")
              + (frameDiff > 0
                  ? " (and " + frameDiff + " devices whose frames differ, --pcap)"
                  : "")
              + (skipped.isEmpty()
                  ? ""
                  : "; "
                      + skipped.size()
                      + " scenario"
                      + (skipped.size() == 1 ? "" : "s")
                      + " not run (this kernel lacks what they need)"));
    }
    if (markdown.isPresent()) {
      Files.writeString(markdown.get(), markdownTable(reports) + skippedSection(skipped));
    }
    out.flush();
    boolean ok =
        reports.stream()
            .allMatch(
                r ->
                    shownDiffering(r) == 0
                        && r.commands().isEmpty()
                        && r.state().differences().isEmpty()
                        && (!frames.containsKey(r.scenario())
                            || VerifyFrames.differingDevices(frames.get(r.scenario())) == 0));
    return ok ? 0 : 1;
  }

  /** {@code --reduce}: the one scenario reduced, in the kernel {@code --kernel} picks for it. */
  private int reduceOne() throws IOException {
    Path file = scenarios.get(0);
    KernelRun where = KernelRun.sandbox();
    Optional<String> missing = load(file, HostSysctls.read()).kernelLacks();
    if (kernel.equals("vm") || missing.isPresent() && kernel.equals("auto")) {
      try {
        where = vm();
      } catch (KernelRun.Unavailable e) {
        throw new KernelUnavailableException(file + ": " + e.getMessage());
      }
    } else if (missing.isPresent()) {
      throw new KernelUnavailableException(file + ": " + missing.get());
    }
    PrintWriter out = spec.commandLine().getOut();
    int status =
        VerifyReduction.run(
            file,
            reduceTo,
            where,
            Duration.ofSeconds(timeoutSeconds),
            out,
            spec.commandLine().getErr());
    out.flush();
    return status;
  }

  /** The VM, prepared once (it boots at its first plan). */
  private KernelRun vm() throws KernelRun.Unavailable {
    if (vm == null) {
      vm = KernelRun.vm();
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "podpath: running in "
              + vm.describe()
              + "; it boots once for the whole run (10 to 40 s without KVM)");
      err.flush();
    }
    return vm;
  }

  private Verifier.Report verify(Path file, KernelRun where) throws IOException {
    String text;
    Network network;
    if (transcript.isPresent()) {
      network = load(file, Sysctls.kernelDefaults());
      try {
        text = TextFiles.read(transcript.get());
      } catch (UnreadableFileException e) {
        throw new UserError(e.getMessage());
      }
    } else {
      network = load(file, where.inherited());
      text = network.runInKernel(where, Duration.ofSeconds(timeoutSeconds), pcap.isPresent());
      if (saveTranscript.isPresent()) {
        Files.writeString(saveTranscript.get(), text);
      }
    }
    Verifier.Report report = network.verify(text);
    if (pcap.isPresent()) {
      dev.podpath.trace.verify.PcapComparison c;
      try {
        c = network.comparePcap(text, Versions.line());
      } catch (InputException e) {
        throw new UserError(transcript.map(t -> t + ": ").orElse("") + e.getMessage());
      }
      VerifyFrames.Files files = VerifyFrames.Files.of(pcap.get(), report.scenario());
      PcapFile.write(files.kernel(), c.kernelPcap(), "--pcap");
      PcapFile.write(files.podpath(), c.podpathPcap(), "--pcap");
      frames.put(report.scenario(), c);
    }
    if (transcript.isEmpty() && !noLocate) {
      report =
          network.locateDifferences(report, this::shown, where, Duration.ofSeconds(timeoutSeconds));
    }
    return report;
  }

  /** The scenario, or its first failing line alone: verify does not count the others. */
  private static Network load(Path file, Sysctls inherited) {
    try {
      return Podpath.loadScenario(file, inherited);
    } catch (InputException e) {
      throw new UserError(e.getMessage());
    }
  }

  /**
   * Refuses, before any kernel run, what verify cannot compare: a script without commands, a script
   * without probes, a {@code --probe N} beyond a script's probes. Each would otherwise end in "0
   * agree, 0 differ" with exit status 0.
   */
  private void requireProbes() {
    Sysctls inherited = transcript.isPresent() ? Sysctls.kernelDefaults() : HostSysctls.read();
    for (Path file : scenarios) {
      int n = load(file, inherited).scenario().probes().size();
      if (n == 0) {
        throw new UserError(
            file
                + (isEmpty(file)
                    ? " is empty (no command, only blank or comment lines)"
                    : " asks no questions")
                + ": verify compares the kernel's answers to the script's probes (ping,"
                + " traceroute, nc -z, ip route get lines), and it has none");
      }
      if (probe.isPresent() && (probe.get() < 1 || probe.get() > n)) {
        throw new UserError(
            "--probe "
                + probe.get()
                + ": "
                + file
                + " has "
                + (n == 1 ? "1 probe (--probe 1)" : n + " probes (--probe 1 to " + n + ")"));
      }
    }
  }

  private static boolean isEmpty(Path file) {
    try {
      return TextFiles.read(file)
          .lines()
          .map(String::strip)
          .allMatch(l -> l.isEmpty() || l.startsWith("#"));
    } catch (UnreadableFileException e) {
      throw new UserError(e.getMessage());
    }
  }

  private boolean shown(Verifier.ProbeResult p) {
    return probe.isEmpty() || probe.get() == p.index();
  }

  private long shownAgreeing(Verifier.Report r) {
    return r.probes().stream().filter(this::shown).filter(Verifier.ProbeResult::agree).count();
  }

  private long shownDiffering(Verifier.Report r) {
    return r.probes().stream().filter(this::shown).filter(Verifier.ProbeResult::differs).count();
  }

  /**
   * The command that shows podpath's side of a probe hop by hop, with the probe's protocol and
   * port.
   */
  static String followUp(String scenario, ProbeSpec p) {
    String from = " --from " + p.netns() + " --to " + p.destination();
    if (p instanceof ProbeSpec.Connect c) {
      return "podpath trace "
          + scenario
          + from
          + (c.udp() ? " --proto udp --dport " : " --proto tcp --dport ")
          + c.port();
    }
    if (p instanceof ProbeSpec.Traceroute t) {
      String how =
          switch (t.method()) {
            case ICMP -> " -I";
            case TCP -> " -T" + t.port().map(port -> " -p " + port).orElse("");
            case DEFAULT, UDP -> t.port().map(port -> " -p " + port).orElse("");
          };
      return "podpath traceroute " + scenario + from + how + " -m " + t.maxTtl();
    }
    return "podpath trace " + scenario + from;
  }

  /** The report of one scenario (Main's output escapes the control characters it quotes). */
  private void text(PrintWriter out, Verifier.Report r) {
    out.println("verify " + r.scenario() + "   (" + r.kernelInfo() + ")");
    r.notRun()
        .forEach(
            k ->
                out.println(
                    "  not run in the kernel (podpath does not simulate it): "
                        + k.origin().location()
                        + " `"
                        + KernelPlan.render(k.command())
                        + "`"));
    r.commands().forEach(c -> out.println("  DIFFER command " + c.describe()));
    for (Verifier.ProbeResult p : r.probes()) {
      if (!shown(p)) {
        continue;
      }
      out.printf(
          "  %s probe %d  %s  [%s]%n",
          p.agree()
              ? "agree "
              : p.withinEcmp() ? "agree within ECMP" : p.notModelled() ? "NOT MODELLED" : "DIFFER",
          p.index(),
          p.probe().origin().text(),
          p.probe().origin().location());
      if (p.agree()) {
        p.podpath().forEach(l -> out.println("           " + l));
      } else if (p.withinEcmp()) {
        p.kernel().forEach(l -> out.println("           " + l));
        p.note().ifPresent(n -> out.println("           " + n));
      } else {
        out.println(
            "           kernel:  "
                + (p.kernel().isEmpty() ? "(nothing)" : String.join(" | ", p.kernel())));
        out.println("           podpath: " + String.join(" | ", p.podpath()));
        p.note().ifPresent(n -> out.println("           note: " + n));
        out.println("           see: " + followUp(r.scenario(), p.probe()));
      }
    }
    StateComparison.Result s = r.state();
    out.println(
        "  state after the probes: "
            + s.agreed()
            + " facts agree (neighbours, FDB, iptables counters, conntrack), "
            + s.differences().size()
            + " differ");
    s.differences().forEach(d -> out.println("    DIFFER " + d));
    s.ignored().forEach(i -> out.println("    ignored: " + i));
    if (frames.containsKey(r.scenario())) {
      VerifyFrames.text(
          out, frames.get(r.scenario()), VerifyFrames.Files.of(pcap.get(), r.scenario()));
    }
    out.println();
  }

  private String json(List<Verifier.Report> reports) throws IOException {
    ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode arr = om.createArrayNode();
    for (Verifier.Report r : reports) {
      ObjectNode n = arr.addObject();
      n.put("scenario", r.scenario());
      n.put("kernel", r.kernelInfo());
      ArrayNode notRun = n.putArray("notRun");
      r.notRun()
          .forEach(
              k ->
                  notRun
                      .addObject()
                      .put("location", k.origin().location())
                      .put("command", KernelPlan.render(k.command())));
      ArrayNode commands = n.putArray("commands");
      r.commands()
          .forEach(
              c ->
                  commands
                      .addObject()
                      .put("location", c.step().source().origin().location())
                      .put("command", KernelPlan.render(c.step().argv()))
                      .put("kernelStatus", c.kernelStatus())
                      .put("podpathFailed", c.step().source().failed())
                      .put("difference", c.describe()));
      ArrayNode probes = n.putArray("probes");
      for (Verifier.ProbeResult p : r.probes()) {
        if (!shown(p)) {
          continue;
        }
        ObjectNode pn = probes.addObject();
        pn.put("index", p.index());
        pn.put("command", p.probe().origin().text());
        pn.put("location", p.probe().origin().location());
        pn.put("agree", p.agree());
        pn.put("notModelled", p.notModelled());
        pn.put("withinEcmp", p.withinEcmp());
        p.kernel().forEach(pn.putArray("kernel")::add);
        p.podpath().forEach(pn.putArray("podpath")::add);
        p.note().ifPresent(x -> pn.put("note", x));
      }
      ObjectNode st = n.putObject("state");
      st.put("agree", r.state().agreed());
      ArrayNode diffs = st.putArray("differences");
      r.state()
          .differences()
          .forEach(
              d ->
                  diffs
                      .addObject()
                      .put("netns", d.netns())
                      .put("kind", d.kind())
                      .put("key", d.key())
                      .put("kernel", d.kernel())
                      .put("podpath", d.podpath()));
      r.state().ignored().forEach(st.putArray("ignored")::add);
      if (frames.containsKey(r.scenario())) {
        VerifyFrames.json(
            n, frames.get(r.scenario()), VerifyFrames.Files.of(pcap.get(), r.scenario()));
      }
    }
    return om.writeValueAsString(arr) + "\n";
  }

  private static String skippedSection(List<String> skipped) {
    if (skipped.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("\n## Not run in this kernel\n\n");
    skipped.forEach(s -> sb.append("- ").append(s.replace("|", "\\|")).append('\n'));
    return sb.toString();
  }

  static String markdownTable(List<Verifier.Report> reports) {
    StringBuilder sb = new StringBuilder("# podpath vs the kernel\n\n");
    sb.append(
        "Generated by `podpath verify --markdown`. One row per probe: the kernel's answer and whether podpath gave the same.\n\n");
    sb.append("| scenario | probe | kernel | podpath |\n|---|---|---|---|\n");
    for (Verifier.Report r : reports) {
      for (Verifier.ProbeResult p : r.probes()) {
        sb.append("| ")
            .append(Path.of(r.scenario()).getFileName())
            .append(':')
            .append(p.probe().origin().line())
            .append(" | `")
            .append(p.probe().origin().text().replace("|", "\\|"))
            .append("` | ")
            .append(String.join("<br>", p.kernel()).replace("|", "\\|"))
            .append(" | ")
            .append(
                p.agree()
                    ? "agrees"
                    : p.withinEcmp()
                        ? "agrees within ECMP: " + p.note().orElse("").replace("|", "\\|")
                        : (p.notModelled() ? "not modelled: " : "**differs**: ")
                            + String.join("<br>", p.podpath()).replace("|", "\\|"))
            .append(" |\n");
      }
      sb.append("| ")
          .append(Path.of(r.scenario()).getFileName())
          .append(" | state after the probes | ")
          .append(r.state().agreed() + r.state().differences().size())
          .append(" state facts | ")
          .append(
              r.state().differences().isEmpty()
                  ? "agrees"
                  : "**" + r.state().differences().size() + " differ**")
          .append(" |\n");
    }
    return sb.toString();
  }
}
