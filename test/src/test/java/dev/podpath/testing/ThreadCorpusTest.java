package dev.podpath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Finding;
import dev.podpath.model.finding.Fix;
import dev.podpath.sim.net.EdgeAssumption;
import dev.podpath.trace.Probe;
import dev.podpath.trace.api.InputException;
import dev.podpath.trace.api.LoadOptions;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.api.TraceRequest;
import dev.podpath.trace.api.TraceResult;
import dev.podpath.trace.api.Untraced;
import dev.podpath.trace.diagnosis.Diagnosis;
import dev.podpath.trace.render.Verdicts;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Given a real public debugging thread (test resources {@code threads/<id>/}: the paste as posted,
 * the thread's question and its known answer), when podpath imports the paste, lints it and traces
 * the thread's question, then it gives the thread's verdict, culprit and fix; a thread podpath
 * cannot answer yet is recorded as a miss with the reason, and asserted to still miss, so a fix
 * flips it visibly. The table docs/threads.md is generated from the outcomes: regenerate it with
 * {@code -Dpodpath.updateCorpus=true} and read the diff.
 */
final class ThreadCorpusTest {

  @TempDir Path tmp;

  private static Path threadsDir() {
    return Samples.root().resolve("test/src/test/resources/threads");
  }

  static Stream<Path> threads() throws IOException {
    try (Stream<Path> s = Files.list(threadsDir())) {
      return s.filter(Files::isDirectory).sorted().toList().stream();
    }
  }

  /** What the thread asked and answered (expected.properties), and what podpath cannot do yet. */
  record Expected(
      String from,
      String to,
      Optional<Probe.Protocol> protocol,
      Optional<Integer> port,
      Optional<String> node,
      Optional<Integer> state,
      boolean assumeCniPods,
      EdgeAssumption.Mode edge,
      String verdict,
      String culprit,
      String fix,
      Optional<String> miss) {

    static Expected of(Path thread) throws IOException {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(thread.resolve("expected.properties"))) {
        p.load(r);
      }
      for (String key : List.of("from", "to", "verdict", "culprit", "fix")) {
        assertThat(p.getProperty(key)).as(thread + "/expected.properties: " + key).isNotBlank();
      }
      return new Expected(
          p.getProperty("from"),
          p.getProperty("to"),
          Optional.ofNullable(p.getProperty("proto"))
              .map(v -> Probe.Protocol.valueOf(v.toUpperCase(Locale.ROOT))),
          Optional.ofNullable(p.getProperty("port")).map(Integer::valueOf),
          Optional.ofNullable(p.getProperty("node")),
          Optional.ofNullable(p.getProperty("state")).map(Integer::valueOf),
          Boolean.parseBoolean(p.getProperty("assume-cni-pods", "false")),
          Arrays.stream(EdgeAssumption.Mode.values())
              .filter(m -> m.word().equals(p.getProperty("edge", "unknown")))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalArgumentException(thread + ": edge=" + p.getProperty("edge"))),
          p.getProperty("verdict"),
          p.getProperty("culprit"),
          p.getProperty("fix"),
          Optional.ofNullable(p.getProperty("miss")));
    }
  }

  /**
   * What podpath made of the thread: the verdict, the entries it names with their lines (the
   * trace's diagnosis, or, when no trace ran, the findings of what was posted that bear on the
   * question), the fixes, and lint's findings (what the user reads besides).
   */
  record Outcome(
      String verdict,
      List<Evidence> culprit,
      List<String> fixes,
      List<Finding> lint,
      int assumptions) {

    /** Whether the trace ran (a verdict of its own), or podpath answered from findings. */
    boolean traced() {
      return !verdict.startsWith(Untraced.VERDICT) && !verdict.startsWith("no trace");
    }

    /** The entries the user reads, with a line: the answer's, then lint's. */
    List<Evidence> entries() {
      List<Evidence> all = new ArrayList<>(culprit);
      lint.forEach(f -> all.addAll(f.evidence()));
      return all.stream().filter(ev -> ev.origin().isPresent()).toList();
    }

    List<String> allFixes() {
      List<String> all = new ArrayList<>(fixes);
      lint.forEach(f -> f.fixes().forEach(x -> all.add(x.change())));
      return all;
    }

    /**
     * The thread's answer is in what the user reads: its culprit as an entry with file:line and its
     * fix; the verdict the thread's when a trace ran, or, when none could, the thread's NOT
     * REACHABLE shown as a cause in what was posted.
     */
    boolean answers(Expected e) {
      boolean verdictOk =
          verdict.equals(e.verdict())
              || (verdict.startsWith(Untraced.VERDICT)
                  && e.verdict().equals("NOT REACHABLE")
                  && !culprit.isEmpty());
      return verdictOk
          && entries().stream().anyMatch(c -> c.toString().contains(e.culprit()))
          && allFixes().stream().anyMatch(f -> f.contains(e.fix()));
    }

    /** Where the thread's culprit was found: the trace's diagnosis, or findings. */
    String answeredBy(Expected e) {
      if (!answers(e)) {
        return "-";
      }
      boolean inAnswer =
          culprit.stream()
              .anyMatch(c -> c.origin().isPresent() && c.toString().contains(e.culprit()));
      if (traced() && inAnswer) {
        return "trace";
      }
      return inAnswer ? "findings (no trace ran)" : "lint findings";
    }

    static Outcome failed(String why, List<Finding> lint) {
      return new Outcome(why, List.of(), List.of(), lint, 0);
    }
  }

  /** A thread's files that are not what was posted; every other file is a paste, as posted. */
  private static final Set<String> NOT_PASTES =
      Set.of("thread.md", "expected.properties", "assumptions.txt");

  /** The paste files of a thread, in name order, then its assumptions (stated in the prose). */
  private static List<Path> inputs(Path thread) throws IOException {
    List<Path> in = new ArrayList<>();
    try (Stream<Path> s = Files.list(thread)) {
      s.filter(f -> !NOT_PASTES.contains(f.getFileName().toString())).sorted().forEach(in::add);
    }
    Path assumptions = thread.resolve("assumptions.txt");
    if (Files.isRegularFile(assumptions)) {
      in.add(assumptions);
    }
    return in;
  }

  static int statedAssumptions(Path thread) throws IOException {
    Path a = thread.resolve("assumptions.txt");
    if (!Files.isRegularFile(a)) {
      return 0;
    }
    return (int)
        Files.readAllLines(a).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
  }

  static Outcome run(Path thread, Expected e, Path work) throws IOException {
    Path snap = work.resolve(thread.getFileName().toString()).resolve("snap");
    List<String> args = new ArrayList<>(List.of("import"));
    for (Path p : inputs(thread)) {
      args.add(p.toString());
    }
    e.node().ifPresent(n -> args.addAll(List.of("--node", n)));
    e.state().ifPresent(n -> args.addAll(List.of("--state", String.valueOf(n))));
    args.addAll(List.of("-o", snap.toString()));
    CliTest.Run imported = CliTest.run(args.toArray(String[]::new));
    if (!Files.isDirectory(snap)) {
      return Outcome.failed("import wrote nothing", List.of());
    }
    Network net;
    try {
      net =
          Podpath.load(
              snap, LoadOptions.DEFAULTS.withAssumeCniPods(e.assumeCniPods()).withEdge(e.edge()));
    } catch (RuntimeException ex) {
      return Outcome.failed("not loaded: " + firstLine(ex.getMessage()), List.of());
    }
    List<Finding> findings = net.findings();
    TraceRequest.Builder b = TraceRequest.builder(e.from(), e.to());
    e.protocol().ifPresent(b::protocol);
    e.port().ifPresent(b::dport);
    TraceRequest request = b.build();
    TraceResult t;
    try {
      t = net.trace(request);
    } catch (InputException ex) {
      Optional<Untraced> u = net.untraced(request, ex).filter(x -> !x.bearing().isEmpty());
      if (u.isEmpty()) {
        return Outcome.failed("no trace: " + firstLine(ex.getMessage()), findings);
      }
      return new Outcome(
          Untraced.VERDICT + " (what was posted shows a cause)",
          u.get().culprit(),
          u.get().fixes().stream().map(Fix::change).toList(),
          findings,
          net.assumptions().size());
    } catch (RuntimeException ex) {
      return Outcome.failed("no trace: " + firstLine(ex.getMessage()), findings);
    }
    String verdict = Verdicts.result(t.trace());
    List<Evidence> culprit = new ArrayList<>();
    List<String> fixes = new ArrayList<>();
    Optional<Diagnosis> d = net.diagnose(t.trace());
    if (d.isPresent()) {
      culprit.addAll(d.get().culprit());
      for (Fix f : d.get().fixes()) {
        fixes.add(f.change());
      }
    }
    assertThat(imported.status()).as(imported.err()).isLessThan(2);
    return new Outcome(verdict, culprit, fixes, findings, net.assumptions().size());
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("threads")
  void givenTheThreadsPaste_whenTraced_thenTheThreadsAnswer_orAStatedMiss(Path thread)
      throws Exception {
    assertThat(thread.resolve("thread.md")).exists();
    assertThat(inputs(thread)).as(thread + ": a paste").isNotEmpty();
    Expected e = Expected.of(thread);
    Outcome o = run(thread, e, tmp);
    if (e.miss().isPresent()) {
      assertThat(o.answers(e))
          .as(
              "%s is recorded as a miss (%s) but podpath now answers it: %s; remove miss=",
              thread.getFileName(), e.miss().get(), o)
          .isFalse();
    } else {
      assertThat(o.answers(e))
          .as(
              "%s: expected %s, culprit with file:line containing '%s', fix containing '%s'; got %s",
              thread.getFileName(), e.verdict(), e.culprit(), e.fix(), o)
          .isTrue();
    }
  }

  @Test
  void docsThreadsMd_isTheTableOfTheOutcomes() throws Exception {
    StringBuilder sb = new StringBuilder();
    sb.append(
        """
        # A corpus of real debugging threads

        Each row is a public debugging thread where people posted dumps and the thread reached a
        known answer (test resources `test/src/test/resources/threads/<id>/`: the paste as the
        search index of this project stored it, `thread.md` with the source, date, licence note,
        question and the thread's answer, `expected.properties` with the question as a trace and
        the answer to find). `ThreadCorpusTest` imports each paste as posted, lints it, traces the
        question and diagnoses the trace; a thread podpath cannot answer yet is a **miss**, with
        the reason, and the test checks that it still misses (so a fix shows up here).

        Generated by `mvn -B -pl test -am verify -Dtest=ThreadCorpusTest
        -Dsurefire.failIfNoSpecifiedTests=false -Dpodpath.updateCorpus=true`; do not edit by hand.
        "Assumed" counts the lines of the thread's `assumptions.txt` (facts the thread states in
        prose, not in a dump).

        A thread is **diagnosed** when its culprit (an entry with its file:line) and its fix are in
        what the user reads: the trace's answer and lint's findings. When the trace can run, its
        verdict must be the thread's. When it cannot (the paste stops at one node or one chain, so
        the question's source is in no dump), `trace` says `CANNOT TRACE` and lists the findings
        of what was posted that bear on the question; that counts for a thread whose answer is NOT
        REACHABLE only when those findings name its culprit and fix. "Answered by" says which:
        `trace` (the trace's diagnosis), `findings (no trace ran)`, or `lint findings` (a trace ran
        and its verdict is the thread's, and lint names the culprit).

        """);
    sb.append(
        "| thread | source | symptom | options | podpath's verdict | culprit | fix | answered by | assumed | outcome |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
    int answered = 0;
    int all = 0;
    for (Path thread : threads().toList()) {
      Expected e = Expected.of(thread);
      Outcome o = run(thread, e, tmp);
      Header h = Header.of(thread);
      all++;
      String outcome;
      if (e.miss().isPresent()) {
        outcome = "miss: " + e.miss().get();
      } else {
        answered++;
        outcome = "diagnosed";
      }
      sb.append("| ")
          .append(thread.getFileName())
          .append(" | ")
          .append(h.source())
          .append(" | ")
          .append(cell(h.symptom()))
          .append(" | ")
          .append(options(e))
          .append(" | ")
          .append(cell(o.verdict()))
          .append(" | ")
          .append(cell(shown(o.culprit(), o, e)))
          .append(" | ")
          .append(cell(shownFix(o, e)))
          .append(" | ")
          .append(o.answeredBy(e))
          .append(" | ")
          .append(statedAssumptions(thread))
          .append(" | ")
          .append(cell(outcome))
          .append(" |\n");
    }
    sb.append("\n")
        .append(answered)
        .append(" of ")
        .append(all)
        .append(" threads diagnosed with the thread's verdict, culprit and fix.\n");
    Path doc = Samples.root().resolve("docs/threads.md");
    String text = sb.toString();
    if (Boolean.getBoolean("podpath.updateCorpus")) {
      Files.writeString(doc, text);
    }
    assertThat(doc).as("%s (create it with -Dpodpath.updateCorpus=true)", doc).exists();
    assertThat(text)
        .as(
            "docs/threads.md differs from the outcomes; regenerate with -Dpodpath.updateCorpus=true")
        .isEqualTo(Files.readString(doc));
  }

  /**
   * The options a user gives podpath for the thread: the question and what they choose to assume.
   */
  private static String options(Expected e) {
    StringBuilder sb =
        new StringBuilder("`--from ").append(e.from()).append(" --to ").append(e.to());
    e.protocol().ifPresent(p -> sb.append(" --proto ").append(p.name().toLowerCase(Locale.ROOT)));
    e.port().ifPresent(p -> sb.append(" --dport ").append(p));
    if (e.assumeCniPods()) {
      sb.append(" --assume-cni-pods");
    }
    if (e.edge() != EdgeAssumption.Mode.UNKNOWN) {
      sb.append(" --edge=").append(e.edge().word());
    }
    sb.append('`');
    List<String> importOptions = new ArrayList<>();
    e.node().ifPresent(n -> importOptions.add("--node " + n));
    e.state().ifPresent(n -> importOptions.add("--state " + n));
    if (!importOptions.isEmpty()) {
      sb.append(" (import `").append(String.join(" ", importOptions)).append("`)");
    }
    return sb.toString();
  }

  /** The entry that names the thread's culprit, or the answer's first, or {@code -}. */
  private static String shown(List<Evidence> culprit, Outcome o, Expected e) {
    return o.entries().stream()
        .map(Evidence::toString)
        .filter(c -> c.contains(e.culprit()))
        .findFirst()
        .or(() -> culprit.stream().map(Evidence::toString).findFirst())
        .orElse("-");
  }

  /** The fix that is the thread's, or the answer's first, or {@code -}. */
  private static String shownFix(Outcome o, Expected e) {
    return o.allFixes().stream()
        .filter(f -> f.contains(e.fix()))
        .findFirst()
        .or(() -> o.fixes().stream().findFirst())
        .orElse("-");
  }

  private static String cell(String s) {
    String one = s.replace("|", "\\|").replace('\n', ' ');
    return one.length() > 160 ? one.substring(0, 157) + "..." : one;
  }

  /** The source and the symptom, from thread.md's {@code - Source:} and {@code - Symptom:}. */
  record Header(String source, String symptom) {
    static Header of(Path thread) throws IOException {
      String source = "-";
      String symptom = "-";
      for (String l : Files.readAllLines(thread.resolve("thread.md"))) {
        if (l.startsWith("- Source: ")) {
          source = l.substring("- Source: ".length()).trim();
        } else if (l.startsWith("- Symptom: ")) {
          symptom = l.substring("- Symptom: ".length()).trim();
        }
      }
      return new Header(source, symptom);
    }
  }
}
