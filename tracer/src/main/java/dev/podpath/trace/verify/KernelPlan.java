package dev.podpath.trace.verify;

import dev.podpath.model.script.FlanneldUdpCommand;
import dev.podpath.model.script.KernelStep;
import dev.podpath.model.script.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the kernel side of {@code podpath verify} runs: the commands the interpreter understood in a
 * scenario ({@link Scenario#kernelSteps()}), as argument vectors for {@code sandbox-run.sh} to
 * execute without a shell, each with a time limit, and the namespaces whose state is dumped
 * afterwards. Nothing of the script's text is run: a line podpath did not understand was refused
 * before, and a display command ({@code echo}, {@code cat}...) is not a step.
 */
public final class KernelPlan {

  /** Seconds a configuration command may take before the sandbox stops it. */
  static final int COMMAND_SECONDS = 120;

  /** Seconds a probe may take (a traceroute of 30 hops waiting 5 s for each is 150 s). */
  static final int PROBE_SECONDS = 300;

  /** Where the plan's folder is seen inside the sandbox. */
  static final String INSIDE = "/run/podpath";

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  /**
   * One step as the sandbox runs it.
   *
   * @param label what the transcript shows before its output ({@code + LABEL}): a probe's script
   *     line, so that the probe's answer is found by it; the command itself for any other step
   * @param command the program and its arguments, in the step's namespace
   * @param source the scenario's step it comes from
   */
  public record Step(String label, List<String> command, int timeoutSeconds, KernelStep source) {
    public Step {
      Objects.requireNonNull(label, "label");
      command = List.copyOf(command);
      Objects.requireNonNull(source, "source");
    }

    /**
     * What the sandbox executes: the command, behind {@code ip netns exec NS} where it runs in one.
     */
    public List<String> argv() {
      return source.inNetns(command);
    }
  }

  private final List<Step> steps;
  private final List<String> stateNamespaces;
  private final List<String> modules;
  private final byte[] collector;
  private final java.util.SortedSet<Integer> captured;

  private KernelPlan(List<Step> steps, List<String> stateNamespaces, List<String> modules) {
    this(steps, stateNamespaces, modules, null, java.util.Set.of());
  }

  private KernelPlan(
      List<Step> steps,
      List<String> stateNamespaces,
      List<String> modules,
      byte[] collector,
      java.util.Set<Integer> captured) {
    this.steps = List.copyOf(steps);
    this.stateNamespaces = List.copyOf(stateNamespaces);
    this.modules = List.copyOf(modules);
    this.collector = collector == null ? null : collector.clone();
    this.captured = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(captured));
  }

  /**
   * This plan with the kernel's frames captured around the scenario's probes {@code probes}
   * (1-based; {@code verify --pcap}): the sandbox runs Wireshark's {@code dumpcap} in every
   * namespace on every device that is up while each of those probes runs, and returns the captures
   * in the transcript ({@link KernelCaptures}).
   */
  public KernelPlan capturing(java.util.Set<Integer> probes) {
    return new KernelPlan(steps, stateNamespaces, modules, collector, probes);
  }

  /** The probes (1-based) whose frames the kernel run captures; empty unless {@link #capturing}. */
  public java.util.SortedSet<Integer> captured() {
    return captured;
  }

  /**
   * This plan, then podpath's snapshot collector ({@code collectorScript}: the text of {@code
   * collect/podpath-collect.sh}) run in the same sandbox over the network the steps built, as
   * {@code podpath-collect.sh --node root}; its files come back in the transcript ({@link
   * CollectedFiles}), with no state dump. So a scenario this machine's kernel cannot build (IPIP)
   * is collected in the VM's.
   */
  public KernelPlan collecting(byte[] collectorScript) {
    return new KernelPlan(steps, List.of(), modules, collectorScript, captured);
  }

  /**
   * The plan of a scenario.
   *
   * @param stateNamespaces the namespaces whose state is dumped after the last step ({@code root}
   *     is the sandbox's own)
   */
  public static KernelPlan of(Scenario sc, List<String> stateNamespaces) {
    List<Step> steps = new ArrayList<>();
    for (KernelStep k : sc.kernelSteps()) {
      if (k.mode() != KernelStep.Mode.NOT_RUN) {
        steps.add(step(k));
      }
    }
    return new KernelPlan(
        steps,
        stateNamespaces,
        KernelFeatures.needed(sc).stream().map(KernelFeatures.Module::name).distinct().toList());
  }

  /**
   * The steps that ran before the scenario's probe {@code probeIndex} (0-based), followed by {@code
   * last} instead of that probe; no state dump.
   */
  public KernelPlan upToProbe(int probeIndex, KernelStep last) {
    List<Step> out = new ArrayList<>();
    for (Step s : steps) {
      if (s.source().probe() == probeIndex + 1) {
        break;
      }
      out.add(s);
    }
    out.add(step(last));
    return new KernelPlan(out, List.of(), modules);
  }

  /**
   * The script's commands the kernel side does not run (podpath does not simulate them; see
   * KernelStep.Mode.NOT_RUN).
   */
  public static List<KernelStep> notRun(Scenario sc) {
    return sc.kernelSteps().stream().filter(k -> k.mode() == KernelStep.Mode.NOT_RUN).toList();
  }

  public List<Step> steps() {
    return steps;
  }

  /**
   * The kernel modules the scenario's devices need that a kernel may lack ({@link
   * KernelFeatures#MODULES}: ipip...). The VM loads them before the steps, as root on a machine
   * would have them loaded on demand ({@code ip tunnel add} asks for {@code netdev-tunl0}, which a
   * user namespace may not load); the namespace sandbox loads nothing.
   */
  public List<String> modules() {
    return modules;
  }

  /** The steps the transcript shows, in order: every one but the background and setup ones. */
  public List<Step> foreground() {
    return steps.stream().filter(s -> s.source().mode() == KernelStep.Mode.FOREGROUND).toList();
  }

  private static Step step(KernelStep k) {
    List<String> command = k.command();
    if (FlanneldUdpCommand.matches(command)) {
      command = podpathsRelay(command);
    } else {
      // the system's program of that name, never one at a path the script gives (./ip, /tmp/ip)
      command = new ArrayList<>(command);
      String program = command.get(0);
      command.set(0, program.substring(program.lastIndexOf('/') + 1));
    }
    String label = k.isProbe() ? k.origin().text().strip() : render(k.inNetns(command));
    return new Step(printable(label), command, k.isProbe() ? PROBE_SECONDS : COMMAND_SECONDS, k);
  }

  /**
   * flanneld-udp.py runs as podpath's own copy (the one in its jar), never a program of the
   * scenario's folder: the sandbox runs no code a scenario brings.
   */
  private static List<String> podpathsRelay(List<String> command) {
    int k = 0;
    while (!command.get(k).endsWith(FlanneldUdpCommand.PROGRAM)) {
      k++;
    }
    List<String> out =
        new ArrayList<>(List.of("python3", INSIDE + "/" + FlanneldUdpCommand.PROGRAM));
    out.addAll(command.subList(k + 1, command.size()));
    return out;
  }

  /**
   * The programs the steps run (what must be installed for the kernel run), in order of first use.
   */
  public List<String> programs() {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (Step s : steps) {
      if (!s.source().netns().equals(dev.podpath.model.topo.NetnsName.ROOT)) {
        out.add("ip");
      }
      String p = s.command().get(0);
      out.add(p.substring(p.lastIndexOf('/') + 1));
    }
    return List.copyOf(out);
  }

  /**
   * Every program the kernel run needs: the sandbox's own, those the steps run, and what the state
   * dump after them needs to compare netfilter (iptables-save, conntrack) when a step sets rules.
   */
  public List<String> requiredTools() {
    java.util.Set<String> out = new java.util.LinkedHashSet<>(KernelRun.SANDBOX_TOOLS);
    out.addAll(programs());
    if (programs().stream().anyMatch(p -> p.startsWith("iptables"))) {
      out.add("iptables-save");
      out.add("conntrack");
    }
    if (!captured.isEmpty()) {
      out.add("dumpcap");
    }
    return List.copyOf(out);
  }

  private boolean usesRelay() {
    return steps.stream()
        .anyMatch(s -> s.command().contains(INSIDE + "/" + FlanneldUdpCommand.PROGRAM));
  }

  /** A command as a shell would show it: words quoted where they need it. */
  public static String render(List<String> argv) {
    List<String> words = new ArrayList<>();
    for (String a : argv) {
      words.add(PLAIN.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return String.join(" ", words);
  }

  /** Text for one transcript line: control characters (a newline, an escape) shown, not sent. */
  public static String printable(String text) {
    return dev.podpath.trace.render.ControlCharacters.escape(text.replace("\n", "\\n"));
  }

  /**
   * Writes the plan into {@code dir} (an empty folder, mode 755): {@code plan}, {@code netns},
   * {@code modules} (one a line, read only by the VM's {@code vm-init.sh}), one {@code stdin-N} per
   * step that reads its standard input, the relay program if a step runs it, the snapshot collector
   * if the plan collects ({@link #collecting}), the steps to capture around if it captures ({@link
   * #capturing}: {@code capture}, pairs of a step's position and its probe's number), and the empty
   * {@code dev} folder the sandbox mounts its TUN node on.
   */
  void writeTo(Path dir) throws IOException {
    ByteArrayOutputStream plan = new ByteArrayOutputStream();
    int n = 0;
    for (Step s : steps) {
      String stdin = "";
      Optional<String> text = s.source().stdin();
      if (text.isPresent()) {
        stdin = "stdin-" + (++n);
        write(dir.resolve(stdin), text.get().getBytes(StandardCharsets.UTF_8));
      }
      field(plan, "@step");
      field(
          plan,
          switch (s.source().mode()) {
            case FOREGROUND -> "fg";
            case BACKGROUND -> "bg";
            case SETUP -> "setup";
            case NOT_RUN ->
                throw new IllegalStateException("a step that is not run is not in a plan");
          });
      field(plan, s.label());
      field(plan, stdin);
      field(plan, Integer.toString(s.timeoutSeconds()));
      field(plan, Integer.toString(s.argv().size()));
      for (String a : s.argv()) {
        field(plan, a);
      }
    }
    write(dir.resolve("plan"), plan.toByteArray());
    ByteArrayOutputStream netns = new ByteArrayOutputStream();
    for (String ns : stateNamespaces) {
      field(netns, ns);
    }
    write(dir.resolve("netns"), netns.toByteArray());
    write(
        dir.resolve("modules"),
        modules.stream()
            .map(m -> m + "\n")
            .collect(java.util.stream.Collectors.joining())
            .getBytes(StandardCharsets.UTF_8));
    if (usesRelay()) {
      write(dir.resolve(FlanneldUdpCommand.PROGRAM), resource(FlanneldUdpCommand.PROGRAM));
    }
    if (collector != null) {
      write(dir.resolve("collector"), collector);
    }
    if (!captured.isEmpty()) {
      ByteArrayOutputStream capture = new ByteArrayOutputStream();
      for (int i = 0; i < steps.size(); i++) {
        int probe = steps.get(i).source().probe();
        if (captured.contains(probe)
            && steps.get(i).source().mode() == KernelStep.Mode.FOREGROUND) {
          field(capture, Integer.toString(i));
          field(capture, Integer.toString(probe));
        }
      }
      write(dir.resolve("capture"), capture.toByteArray());
    }
    Files.createDirectory(
        dir.resolve("dev"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = KernelPlan.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " is missing from the podpath jar");
      }
      return in.readAllBytes();
    }
  }

  static void write(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
  }

  private static void field(ByteArrayOutputStream out, String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "a NUL byte cannot be passed to a program: " + printable(value));
    }
    out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    out.write(0);
  }
}
