package dev.podpath.trace.fixes;

import dev.podpath.model.finding.Evidence;
import dev.podpath.model.io.TextFiles;
import dev.podpath.model.io.UnreadableFileException;
import dev.podpath.model.origin.Origin;
import dev.podpath.trace.PacketTrace;
import dev.podpath.trace.Trace;
import dev.podpath.trace.api.Network;
import dev.podpath.trace.api.Podpath;
import dev.podpath.trace.api.TraceRequest;
import dev.podpath.trace.api.TraceResult;
import dev.podpath.trace.diagnosis.Diagnosis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The changes file of a failed trace ({@code podpath trace --write-fixes}): its diagnosis's fixes,
 * and, on a scenario, checked by tracing again with them appended to the script. A diagnosis names
 * the first drop only (the request's; the answer's shows once the request passes), so when the
 * trace still fails, the new failure's fixes are added and it is traced again, up to {@value
 * #ROUNDS} times. The header says what the last trace gave: REACHABLE, or what still fails.
 *
 * <pre>{@code
 * ChangesFile f = TraceFixes.of(network, request, network.trace(request), header);
 * f.header();    // [..., "checked: with the 2 commands below appended to firewall.sh, the trace is REACHABLE"]
 * }</pre>
 */
public final class TraceFixes {

  /** How many times a scenario is traced again with more fixes. */
  public static final int ROUNDS = 3;

  private TraceFixes() {}

  /**
   * {@return the fixes of the result's failed traces (of every failed branch, with all branches)}
   *
   * @throws UncheckedIOException when the temporary script cannot be written
   */
  public static ChangesFile of(
      Network network, TraceRequest request, TraceResult result, List<String> header) {
    List<Diagnosis> ds = diagnoses(network, result, Function.identity());
    List<String> head = new ArrayList<>(header);
    if (network.snapshot().isPresent()) {
      head.add("not checked: a snapshot is traced with changes once it can be loaded with them");
      return ChangesFile.ofDiagnoses(head, ds, CommandCheck.byWords());
    }
    String text;
    try {
      text = TextFiles.read(network.path());
    } catch (UnreadableFileException e) {
      throw new UncheckedIOException(new IOException(e.getMessage(), e));
    }
    String name = network.name();
    CommandCheck check = CommandCheck.inScript(name, text);
    ChangesFile f = ChangesFile.ofDiagnoses(header, ds, check);
    if (result.succeeded()) {
      head.add("the trace is REACHABLE already: nothing to fix");
      return new ChangesFile(head, f.lines());
    }
    for (int round = 1; ; round++) {
      if (f.commands().isEmpty()) {
        head.add("not checked: podpath has no fix it can write as a command");
        break;
      }
      Path tmp = temporary(text, f.commands());
      try {
        Network fixed = Podpath.load(tmp);
        TraceResult again = fixed.trace(request);
        String appended =
            "with the " + count(f.commands().size()) + " below appended to " + name + ", ";
        if (again.succeeded()) {
          head.add("checked: " + appended + "the trace is REACHABLE");
          break;
        }
        String still = "the trace still fails (" + failure(again) + ")";
        if (round == ROUNDS) {
          head.add("NOT ENOUGH: " + appended + still + ", after " + ROUNDS + " rounds of fixes");
          break;
        }
        Function<Evidence, Evidence> rename = e -> renamed(e, tmp.toString(), name);
        List<Diagnosis> more = new ArrayList<>(ds);
        more.addAll(diagnoses(fixed, again, rename));
        ChangesFile g = ChangesFile.ofDiagnoses(header, more, check);
        if (g.commands().equals(f.commands())) {
          head.add("NOT ENOUGH: " + appended + still + "; podpath has no further command for it");
          break;
        }
        ds = more;
        f = g;
      } finally {
        delete(tmp);
      }
    }
    return new ChangesFile(head, f.lines());
  }

  private static List<Diagnosis> diagnoses(
      Network network, TraceResult result, Function<Evidence, Evidence> rename) {
    Function<Trace, Optional<Diagnosis>> why = network.diagnoser();
    List<Trace> traces =
        result.branches().isEmpty()
            ? List.of(result.trace())
            : result.branches().stream().map(b -> b.trace()).toList();
    return traces.stream()
        .flatMap(t -> why.apply(t).stream())
        .map(d -> renamed(d, rename))
        .distinct()
        .toList();
  }

  private static Diagnosis renamed(Diagnosis d, Function<Evidence, Evidence> rename) {
    return new Diagnosis(
        d.reason(), d.culprit().stream().map(rename).toList(), d.related(), d.fixes(), d.noFix());
  }

  /** The evidence with the temporary script's name put back to the scenario's. */
  private static Evidence renamed(Evidence e, String tmp, String name) {
    return new Evidence(
        e.where(),
        e.entry(),
        e.origin().map(o -> o.file().equals(tmp) ? new Origin(name, o.line(), o.text()) : o));
  }

  private static String failure(TraceResult r) {
    Trace t = r.trace();
    Optional<PacketTrace> failed =
        Stream.concat(Stream.of(t.request()), t.response().stream())
            .filter(p -> p.reason().isPresent())
            .findFirst();
    return failed
        .map(
            p ->
                p.reason().get().code()
                    + p.endedIn().map(n -> " in " + n.value()).orElse("")
                    + (p == t.request() ? "" : ", the answer"))
        .orElse("no answer");
  }

  private static String count(int n) {
    return n + (n == 1 ? " command" : " commands");
  }

  private static Path temporary(String script, List<String> commands) {
    StringBuilder sb = new StringBuilder(script);
    if (!script.isEmpty() && !script.endsWith("\n")) {
      sb.append('\n');
    }
    commands.forEach(c -> sb.append(c).append('\n'));
    try {
      Path tmp = Files.createTempFile("podpath-fixes-", ".sh");
      Files.writeString(tmp, sb, StandardCharsets.UTF_8);
      return tmp;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path tmp) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      // a temporary file left behind in the temp folder is no reason to fail
    }
  }
}
