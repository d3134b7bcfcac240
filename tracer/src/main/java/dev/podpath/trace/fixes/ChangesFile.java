package dev.podpath.trace.fixes;

import dev.podpath.model.finding.Evidence;
import dev.podpath.model.finding.Finding;
import dev.podpath.model.finding.Fix;
import dev.podpath.model.io.TextFiles;
import dev.podpath.trace.diagnosis.Diagnosis;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The fixes a diagnosis or lint's findings suggest, as a changes file: a commented header, then one
 * command per line, each after a {@code # why:} comment and the culprit's file:line, in the syntax
 * the scenario interpreter reads (so the file can be appended to the scenario, or applied on top of
 * it). A fix that is no command (a change in words, a placeholder to fill in, one the interpreter
 * refuses) and every alternative after a diagnosis's first command are written as comments, saying
 * why.
 *
 * <pre>{@code
 * ChangesFile f = ChangesFile.ofDiagnoses("podpath trace ...", List.of(diagnosis), check);
 * f.commands();           // [ip -n router route del blackhole 10.1.2.3]
 * f.write(Path.of("fix.sh"));
 * }</pre>
 *
 * @param header the comment lines at the top (without {@code #})
 * @param lines the fixes, in order
 */
public record ChangesFile(List<String> header, List<FixLine> lines) {

  public ChangesFile {
    header = List.copyOf(header);
    lines = List.copyOf(lines);
  }

  /**
   * {@return the fixes of failed traces' diagnoses: of each, its first fix {@code check} accepts as
   * commands, the others as comments (a diagnosis's fixes are alternatives, in the order to try)}
   */
  public static ChangesFile ofDiagnoses(
      List<String> header, List<Diagnosis> diagnoses, CommandCheck check) {
    Builder b = new Builder(check);
    diagnoses.forEach(d -> b.add(d.fixes(), firstPlaced(d.culprit())));
    return new ChangesFile(header, b.out);
  }

  /**
   * {@return the fixes of lint's findings: of each finding, its first fix {@code check} accepts as
   * commands, the others as comments}
   */
  public static ChangesFile ofFindings(
      List<String> header, List<Finding> findings, CommandCheck check) {
    Builder b = new Builder(check);
    findings.forEach(x -> b.add(x.fixes(), firstPlaced(x.evidence())));
    return new ChangesFile(header, b.out);
  }

  /** The lines written so far, and the commands among them. */
  private static final class Builder {
    private final CommandCheck check;
    private final List<FixLine> out = new ArrayList<>();
    private final List<String> accepted = new ArrayList<>();
    private final Set<String> seen = new LinkedHashSet<>();

    Builder(CommandCheck check) {
      this.check = check;
    }

    /** One diagnosis's or finding's fixes: alternatives, the first command taken. */
    void add(List<Fix> fixes, Optional<Evidence> culprit) {
      boolean chosen = false;
      for (Fix f : fixes) {
        if (!seen.add(f.change())) {
          continue;
        }
        List<String> parts = parts(f.change());
        Optional<String> why =
            chosen ? Optional.of("an alternative to the fix above") : Optional.empty();
        if (why.isEmpty() && accepted.containsAll(parts)) {
          why = Optional.of("already written above");
        }
        List<String> taken = new ArrayList<>(accepted);
        for (String part : parts) {
          if (why.isPresent()) {
            break;
          }
          why = check.check(taken, part);
          taken.add(part);
        }
        if (why.isEmpty()) {
          chosen = true;
          accepted.addAll(parts);
          out.add(new FixLine(f, parts, culprit, Optional.empty()));
        } else {
          out.add(new FixLine(f, List.of(), culprit, why));
        }
      }
    }
  }

  /** The commands of a fix: {@code a && b} is two, each on a line of its own. */
  static List<String> parts(String change) {
    List<String> out = new ArrayList<>();
    for (String p : oneLine(change).split(" && ")) {
      if (!p.isBlank()) {
        out.add(p.trim());
      }
    }
    return out;
  }

  private static Optional<Evidence> firstPlaced(List<Evidence> evidence) {
    return evidence.stream()
        .filter(e -> e.origin().filter(o -> !o.isKernel()).isPresent())
        .findFirst()
        .or(() -> evidence.stream().findFirst());
  }

  /** {@return the commands written to run, in order} */
  public List<String> commands() {
    return lines.stream().flatMap(l -> l.commands().stream()).toList();
  }

  /** {@return the file's text} */
  public String text() {
    StringBuilder sb = new StringBuilder();
    header.forEach(h -> sb.append(comment(h)).append('\n'));
    if (lines.isEmpty()) {
      sb.append("# (no fix to write)\n");
    }
    for (FixLine l : lines) {
      sb.append('\n');
      sb.append(comment("why: " + l.fix().why())).append('\n');
      l.culprit().ifPresent(c -> sb.append(comment("culprit: " + c)).append('\n'));
      if (l.isCommand()) {
        l.commands().forEach(c -> sb.append(c).append('\n'));
      } else {
        sb.append(comment("not run (" + l.notRun().get() + "): " + l.fix().change())).append('\n');
      }
    }
    return sb.toString();
  }

  /** Every line of {@code text} as a comment (a newline in it starts another comment line). */
  private static String comment(String text) {
    return "# " + text.replace("\r", "").replace("\n", "\n# ");
  }

  private static String oneLine(String command) {
    return command.replace("\r", "").replace("\n", " ");
  }

  /**
   * Writes the file at {@code target}, never half: to a temporary file beside it, then moved over
   * it in one step (a reader sees the old file or the whole new one).
   *
   * @throws IOException when the folder cannot be written
   */
  public void write(Path target) throws IOException {
    Objects.requireNonNull(target, "target");
    TextFiles.writeWhole(target, text());
  }
}
