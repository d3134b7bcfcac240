package dev.podpath.trace.verify;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code podpath verify --reduce}: shrinks a scenario on which podpath and the kernel disagree to a
 * smallest script that still disagrees the same way, by delta debugging over its commands (Zeller
 * and Hildebrandt, "Simplifying and Isolating Failure-Inducing Input", 2002: drop chunks of
 * commands, halving the chunks while none can go, down to single commands).
 *
 * <p>For a probe's disagreement it first tries the commands up to that probe alone. A candidate is
 * kept only when it is still a valid scenario (podpath's interpreter accepts every line and it has
 * a probe: the {@link Judge} says so without running the kernel) and both sides, run again, still
 * show the same disagreement: the same probe command with the same two answers, the same
 * configuration command taken differently, or the same state fact. Then it simplifies what is left:
 * a list {@code a && b} or {@code a; b} becomes its commands (which may then go one by one), a
 * {@code ping -c N} becomes {@code -c 1}, a {@code traceroute -q N} {@code -q 1}. Each candidate is
 * judged once (the answers are cached by the script's text).
 *
 * <p>The result is 1-minimal: dropping any single command of it makes it invalid or makes that
 * disagreement go. It is not the smallest possible script, and a disagreement that comes and goes
 * with timing may make the reducer keep or drop a command by chance (docs/verify.md).
 */
public final class Reducer {

  /**
   * A judged candidate.
   *
   * @param disagreements what differs between the two sides ({@link
   *     #disagreements(Verifier.Report)})
   * @param transcript the kernel's transcript of the candidate
   */
  public record Judged(List<String> disagreements, String transcript) {
    public Judged {
      disagreements = List.copyOf(disagreements);
      Objects.requireNonNull(transcript, "transcript");
    }
  }

  /** Runs a candidate script on both sides. */
  @FunctionalInterface
  public interface Judge {
    /**
     * {@return the candidate compared on both sides, or empty when it is not a valid scenario (a
     * line podpath refuses, no probe left): then no kernel runs}
     */
    Optional<Judged> judge(String script) throws IOException;
  }

  /**
   * What the reducer ends with.
   *
   * @param script the smallest script found, one command a line, under a comment saying where it
   *     comes from
   * @param disagreement the disagreement it keeps ({@link #disagreements})
   * @param judged its disagreements and kernel transcript
   * @param commandsBefore the commands of the original script
   * @param commandsAfter the commands of the reduced one
   * @param kernelRuns how many candidates ran in the kernel
   */
  public record Result(
      String script,
      String disagreement,
      Judged judged,
      int commandsBefore,
      int commandsAfter,
      int kernelRuns) {}

  /** Why a scenario cannot be reduced. */
  public static final class NothingToReduce extends Exception {
    private static final long serialVersionUID = 1L;

    NothingToReduce(String message) {
      super(message);
    }
  }

  private static final Pattern PING_COUNT = Pattern.compile("(\\bping\\b.*\\s-c\\s*)(\\d+)");
  private static final Pattern TRACEROUTE_QUERIES =
      Pattern.compile("(\\btraceroute\\b.*\\s-q\\s*)(\\d+)");

  private final Judge judge;
  private final PrintWriter log;
  private final Map<String, Optional<Judged>> cache = new HashMap<>();
  private String target = "";
  private int kernelRuns;

  private Reducer(Judge judge, PrintWriter log) {
    this.judge = judge;
    this.log = log;
  }

  /**
   * {@return the script reduced as long as it still shows its first disagreement}
   *
   * @param name the scenario's name, for the reduced script's first comment
   * @param script the scenario's text
   * @param judge runs a candidate on both sides
   * @param log progress, one line per kept candidate
   * @throws NothingToReduce when the script is not valid or both sides agree on it
   * @throws IOException as the judge
   */
  public static Result reduce(String name, String script, Judge judge, PrintWriter log)
      throws IOException, NothingToReduce {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(script, "script");
    Reducer r = new Reducer(Objects.requireNonNull(judge), Objects.requireNonNull(log));
    List<String> commands = commands(script);
    Optional<Judged> first = r.judged(commands);
    if (first.isEmpty()) {
      throw new NothingToReduce(
          name + " is not a scenario verify can run (no probe, or a line fails)");
    }
    List<String> found = first.get().disagreements();
    if (found.isEmpty()) {
      throw new NothingToReduce(
          name + ": podpath and the kernel agree on it: there is no disagreement to keep");
    }
    r.target = found.get(0);
    log.println(
        "reduce "
            + name
            + ": "
            + commands.size()
            + " commands; keeping the disagreement: "
            + r.target
            + (found.size() > 1 ? " (the first of " + found.size() + ")" : ""));
    log.flush();
    List<String> reduced = r.ddmin(r.upToTheProbe(commands));
    List<String> simpler = r.simplify(reduced);
    if (!simpler.equals(reduced)) {
      reduced = r.ddmin(simpler);
    }
    Judged last = r.judged(reduced).orElseThrow();
    String header =
        "# "
            + name
            + " reduced by podpath verify --reduce: "
            + reduced.size()
            + " of its "
            + commands.size()
            + " commands still disagree with the kernel the same way:\n# "
            + r.target.replace("\n", " ")
            + "\n";
    return new Result(
        header + String.join("\n", reduced) + "\n",
        r.target,
        last,
        commands.size(),
        reduced.size(),
        r.kernelRuns);
  }

  /**
   * {@return the report's disagreements, each in words that do not depend on line numbers: a probe
   * that differs (its command, both answers), a configuration command the two sides took
   * differently, a state fact that differs; probes first}
   */
  public static List<String> disagreements(Verifier.Report report) {
    List<String> out = new ArrayList<>();
    for (Verifier.ProbeResult p : report.probes()) {
      if (p.differs()) {
        out.add(
            "probe `"
                + p.probe().origin().text()
                + "`: the kernel "
                + (p.kernel().isEmpty() ? "(nothing)" : String.join(" | ", p.kernel()))
                + "; podpath "
                + String.join(" | ", p.podpath()));
      }
    }
    for (Verifier.CommandDifference c : report.commands()) {
      out.add(
          "command `"
              + KernelPlan.render(c.step().argv())
              + "`: "
              + (c.kernelStatus() < 0
                  ? "the kernel run never reached it"
                  : c.step().source().failed()
                      ? "podpath refused it, the kernel accepted it"
                      : "podpath accepted it, the kernel refused it"));
    }
    for (StateComparison.Difference d : report.state().differences()) {
      out.add("state " + d);
    }
    return out;
  }

  /**
   * {@return the script's commands: its lines with backslash continuations joined, without blank
   * and comment lines}
   */
  static List<String> commands(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      String l = line.stripTrailing();
      if (pending.length() == 0 && (l.isBlank() || l.strip().startsWith("#"))) {
        continue;
      }
      if (pending.length() > 0 && Character.isWhitespace(pending.charAt(pending.length() - 1))) {
        l = l.stripLeading();
      }
      if (l.endsWith("\\")) {
        pending.append(l, 0, l.length() - 1);
        continue;
      }
      pending.append(l);
      out.add(pending.toString().strip());
      pending.setLength(0);
    }
    if (pending.length() > 0) {
      out.add(pending.toString().strip());
    }
    return out;
  }

  /**
   * {@return for a probe's disagreement, the commands up to that probe when they still show it (one
   * kernel run saves the many that would drop the tail a chunk at a time), else all}
   */
  private List<String> upToTheProbe(List<String> commands) throws IOException {
    if (!target.startsWith("probe `")) {
      return commands;
    }
    String probe = target.substring("probe `".length(), target.indexOf('`', "probe `".length()));
    for (int i = 0; i < commands.size() - 1; i++) {
      if (commands.get(i).contains(probe)) {
        List<String> head = commands.subList(0, i + 1);
        if (keeps(head)) {
          log.println("  " + head.size() + " commands (those up to the probe) still disagree");
          log.flush();
          return head;
        }
        break;
      }
    }
    return commands;
  }

  /** Delta debugging: drops chunks of commands while the disagreement stays. */
  private List<String> ddmin(List<String> start) throws IOException {
    List<String> current = start;
    int n = 2;
    while (current.size() >= 2) {
      int chunk = (current.size() + n - 1) / n;
      boolean dropped = false;
      for (int from = 0; from < current.size(); from += chunk) {
        List<String> candidate = new ArrayList<>(current.subList(0, from));
        candidate.addAll(current.subList(Math.min(current.size(), from + chunk), current.size()));
        if (keeps(candidate)) {
          log.println(
              "  "
                  + candidate.size()
                  + " commands still disagree (kernel runs so far: "
                  + kernelRuns
                  + ")");
          log.flush();
          current = candidate;
          n = Math.max(n - 1, 2);
          dropped = true;
          break;
        }
      }
      if (!dropped) {
        if (n >= current.size()) {
          break;
        }
        n = Math.min(n * 2, current.size());
      }
    }
    return current;
  }

  /** Lists split into their commands, counts lowered, each kept only if the disagreement stays. */
  private List<String> simplify(List<String> start) throws IOException {
    List<String> current = start;
    for (int i = 0; i < current.size(); i++) {
      for (List<String> replacement : simpler(current.get(i))) {
        List<String> candidate = new ArrayList<>(current.subList(0, i));
        candidate.addAll(replacement);
        candidate.addAll(current.subList(i + 1, current.size()));
        if (keeps(candidate)) {
          log.println(
              "  simplified: " + current.get(i) + "  ->  " + String.join("; ", replacement));
          log.flush();
          current = candidate;
          i += replacement.size() - 1;
          break;
        }
      }
    }
    return current;
  }

  /** The simpler forms of one command, most useful first. */
  static List<List<String>> simpler(String command) {
    List<List<String>> out = new ArrayList<>();
    List<String> parts = splitList(command);
    if (parts.size() > 1) {
      out.add(parts);
    }
    for (Pattern p : List.of(PING_COUNT, TRACEROUTE_QUERIES)) {
      Matcher m = p.matcher(command);
      if (m.find() && !m.group(2).equals("1")) {
        out.add(List.of(command.substring(0, m.start(2)) + "1" + command.substring(m.end(2))));
      }
    }
    return out;
  }

  /**
   * {@return a list's commands: {@code a && b; c} split at {@code &&} and {@code ;} outside quotes;
   * a list with {@code ||} or a background {@code &} stays whole (its meaning would change)}
   */
  static List<String> splitList(String command) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
        cur.append(c);
      } else if (c == '\'' || c == '"') {
        quote = c;
        cur.append(c);
      } else if (c == '\\' && i + 1 < command.length()) {
        cur.append(c).append(command.charAt(++i));
      } else if (c == ';') {
        parts.add(cur.toString().strip());
        cur.setLength(0);
      } else if (command.startsWith("&&", i)) {
        parts.add(cur.toString().strip());
        cur.setLength(0);
        i++;
      } else if (c == '|' && command.startsWith("||", i) || c == '&') {
        return List.of(command);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString().strip());
    parts.removeIf(String::isEmpty);
    return parts;
  }

  private boolean keeps(List<String> candidate) throws IOException {
    return judged(candidate).map(j -> j.disagreements().contains(target)).orElse(false);
  }

  private Optional<Judged> judged(List<String> candidate) throws IOException {
    String text = String.join("\n", candidate) + "\n";
    Optional<Judged> known = cache.get(text);
    if (known != null) {
      return known;
    }
    Optional<Judged> j = judge.judge(text);
    if (j.isPresent()) {
      kernelRuns++;
    }
    cache.put(text, j);
    return j;
  }
}
