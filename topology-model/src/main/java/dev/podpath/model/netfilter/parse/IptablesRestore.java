package dev.podpath.model.netfilter.parse;

import dev.podpath.model.netfilter.Counters;
import dev.podpath.model.netfilter.NetfilterTable;
import dev.podpath.model.netfilter.Rule;
import dev.podpath.model.netfilter.Target;
import dev.podpath.model.origin.Origin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code iptables-save} output or an {@code iptables-restore} file into a {@link
 * RulesetBuilder}: {@code *table} blocks ending in {@code COMMIT}, chain lines {@code :CHAIN POLICY
 * [packets:bytes]}, rule lines (optionally led by {@code [packets:bytes]}), comments. Without
 * {@code --noflush} each table in the file replaces the one in place. The file applies all or
 * nothing ({@link #run}), or, for a dump of another machine, line by line ({@link #load}): a line
 * that cannot be read is a problem and, when it is a rule, keeps its place in its chain as a {@link
 * Target.Unreadable} rule.
 */
final class IptablesRestore {

  /** Blanks between words (compiled once: a dump has a line per rule). */
  private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

  private final RulesetBuilder work;

  /** The file's words, each kept once. */
  private final Words words = new Words();

  /** The arguments of the rule line being read, its arrays reused from line to line. */
  private final Args tokens = new Args(32);

  private final String file;
  private final boolean noflush;
  private final boolean counters;

  /** Where a dump's unreadable lines go; null when a line that fails fails the file. */
  private final List<DumpProblem> problems;

  private IptablesRestore(
      RulesetBuilder work,
      String file,
      boolean noflush,
      boolean counters,
      List<DumpProblem> problems) {
    this.work = work;
    this.file = file;
    this.noflush = noflush;
    this.counters = counters;
    this.problems = problems;
  }

  /** Applies {@code content} to {@code target}, or leaves it unchanged and throws. */
  static List<Rule> run(
      RulesetBuilder target, String file, String content, boolean noflush, boolean counters)
      throws NetfilterParseException {
    RulesetBuilder work = target.copy();
    IptablesRestore r = new IptablesRestore(work, file, noflush, counters, null);
    List<Rule> rules = r.lines(content.split("\n", -1));
    target.setFrom(work);
    return rules;
  }

  /**
   * Loads an {@code iptables-save} dump into {@code target} line by line: what reads is loaded, and
   * each line that does not is returned. A rule line that does not read keeps its place in its
   * chain ({@link Target.Unreadable}); a table the dump does not close ({@code COMMIT}) gets such a
   * place at the end of every chain whose rules may be missing; a table podpath does not know is
   * skipped whole.
   */
  static List<DumpProblem> load(
      RulesetBuilder target, String file, String content, boolean counters) {
    List<DumpProblem> problems = new ArrayList<>();
    IptablesRestore r = new IptablesRestore(target, file, false, counters, problems);
    try {
      r.lines(content.split("\n", -1));
    } catch (NetfilterParseException e) {
      throw new AssertionError("a dump's lines are collected, not thrown", e);
    }
    return problems;
  }

  private List<Rule> lines(String[] lines) throws NetfilterParseException {
    int count = lines.length;
    if (count > 0 && lines[count - 1].isEmpty()) {
      count--;
    }
    Map<Integer, Set<String>> declared = declarations(lines, count);
    List<Rule> rules = new ArrayList<>();
    NetfilterTable table = null;
    Set<String> declaredHere = Set.of();
    boolean skipping = false;
    for (int n = 1; n <= count; n++) {
      String raw = stripCr(lines[n - 1]);
      String text = raw.strip();
      if (text.isEmpty() || text.charAt(0) == '#') {
        continue;
      }
      if (skipping) {
        skipping = !text.equals("COMMIT");
        continue;
      }
      lastColumn = 0;
      try {
        if (problems != null && table != null && text.startsWith("*")) {
          problem(
              new NetfilterParseException(
                  file,
                  n,
                  1,
                  raw,
                  "COMMIT expected before a new table: the dump of *"
                      + table.keyword()
                      + " ends here",
                  "iptables-restore: line " + n + " failed"),
              DumpProblem.Effect.CHAINS_END_UNKNOWN);
          unknownRest(table, declaredHere, n - 1);
          unknownPolicies(table, n - 1);
          table = null;
        }
        if (text.equals("COMMIT")) {
          if (table == null) {
            throw new LineError(
                "COMMIT outside a table (no *table line before it)",
                1,
                "iptables-restore: line " + n + " failed");
          }
          unknownPolicies(table, n);
          table = null;
        } else if (text.startsWith("*")) {
          if (table != null) {
            throw new LineError(
                "Bad argument `" + text + "' (COMMIT expected before a new table)",
                1,
                "Bad argument `" + text + "'\nError occurred at line: " + n);
          }
          try {
            table = table(text.substring(1).strip(), n);
          } catch (LineError e) {
            skipping = problems != null;
            throw e;
          }
          lastRuleChain = null;
          if (!noflush) {
            work.dropTable(table);
          }
          declaredHere = declared.getOrDefault(n, Set.of());
        } else if (table == null) {
          throw new LineError(
              "line outside a table (no *table line before it)",
              raw.indexOf(text.charAt(0)) + 1,
              "iptables-restore: line " + n + " failed");
        } else if (text.startsWith(":")) {
          chainLine(table, text, n);
        } else {
          rules.addAll(ruleLine(table, raw, n, declaredHere));
        }
      } catch (LineError e) {
        failed(
            new NetfilterParseException(file, n, e.column, raw, e.getMessage(), e.restoreMessage),
            table,
            raw);
      } catch (IptablesError e) {
        // iptables-nft finds a jump to a missing chain only when it commits the table
        int reported = e.detail().startsWith("Chain '") ? commitLine(lines, n, count) : n;
        failed(
            new NetfilterParseException(
                file, n, column(e), raw, e.detail(), e.restoreMessage(reported)),
            table,
            raw);
      }
    }
    if (table != null) {
      int n = count + 1;
      NetfilterParseException e =
          new NetfilterParseException(
              file,
              count,
              1,
              count > 0 ? stripCr(lines[count - 1]) : "",
              "COMMIT expected at line " + n + " (the table is not closed)",
              "iptables-restore: COMMIT expected at line " + n);
      problem(e, DumpProblem.Effect.CHAINS_END_UNKNOWN);
      unknownRest(table, declaredHere, count);
      unknownPolicies(table, count);
    }
    return rules;
  }

  /** The chain of the last rule line read in the open table: a truncated dump stops in it. */
  private String lastRuleChain;

  /** The built-in chains of the open table whose {@code :CHAIN POLICY} line did not read. */
  private final Map<String, NetfilterParseException> policyUnread = new java.util.LinkedHashMap<>();

  /**
   * At the end of a table: a built-in chain whose policy is unknown ends in an unreadable place.
   */
  private void unknownPolicies(NetfilterTable table, int last) {
    policyUnread.forEach(
        (chain, e) ->
            work.chainOrCreate(table, chain)
                .rules
                .add(
                    new Rule(
                        List.of(),
                        new Target.Unreadable(
                            "the policy of " + chain + " is unknown: " + e.reason()),
                        Counters.ZERO,
                        new Origin(file, e.line(), e.lineText().strip()),
                        e.lineText().strip())));
    policyUnread.clear();
  }

  private void problem(NetfilterParseException e, DumpProblem.Effect effect)
      throws NetfilterParseException {
    if (problems == null) {
      throw e;
    }
    problems.add(new DumpProblem(e, effect));
  }

  /**
   * A line that did not read: the file fails, or, in a dump, the problem is kept and a rule line
   * keeps its place in its chain (when the line names a chain the table has).
   */
  private void failed(NetfilterParseException e, NetfilterTable table, String raw)
      throws NetfilterParseException {
    if (problems == null) {
      throw e;
    }
    String t = raw.strip();
    if (t.startsWith("*")) {
      problem(e, DumpProblem.Effect.TABLE_SKIPPED);
      return;
    }
    if (table == null) {
      problem(e, DumpProblem.Effect.SKIPPED);
      return;
    }
    if (t.startsWith(":")) {
      String chain = SPACES.split(t.substring(1))[0];
      if (table.isBuiltin(chain)) {
        policyUnread.put(chain, e);
        problem(e, DumpProblem.Effect.POLICY_UNKNOWN);
        return;
      }
      if (!chain.isEmpty()) {
        try {
          work.declareUserChain(table, chain);
        } catch (IptablesError bad) {
          // a name the kernel refuses: its rules fail too, each with its own problem
        }
      }
      problem(e, DumpProblem.Effect.SKIPPED);
      return;
    }
    String[] w = t.replaceFirst("^\\[[^\\]]*\\]\\s*", "").split("\\s+");
    if (w.length > 1
        && (w[0].equals("-A") || w[0].equals("--append"))
        && work.exists(table, w[1])) {
      work.chainOrCreate(table, w[1])
          .rules
          .add(
              new Rule(
                  List.of(),
                  new Target.Unreadable(e.reason()),
                  Counters.ZERO,
                  new Origin(file, e.line(), t),
                  t));
      lastRuleChain = w[1];
      problem(e, DumpProblem.Effect.RULE_KEPT_PLACE);
      return;
    }
    problem(e, DumpProblem.Effect.SKIPPED);
  }

  /**
   * The dump of {@code table} stops at line {@code last} before its {@code COMMIT}: the chain it
   * was filling and every chain declared after it may have more rules in the kernel than were read.
   * Each gets an unreadable place at its end.
   */
  private void unknownRest(NetfilterTable table, Set<String> declaredHere, int last) {
    List<String> order = new ArrayList<>(declaredHere);
    int from = lastRuleChain == null ? 0 : Math.max(0, order.indexOf(lastRuleChain));
    String at =
        "the dump of *"
            + table.keyword()
            + " ends at line "
            + last
            + " without COMMIT (truncated?): the rest of this chain is unknown";
    for (String chain : order.subList(from, order.size())) {
      if (work.exists(table, chain)) {
        work.chainOrCreate(table, chain)
            .rules
            .add(
                new Rule(
                    List.of(),
                    new Target.Unreadable(at),
                    Counters.ZERO,
                    new Origin(file, last, "(end of the dump)"),
                    "(rules after line " + last + " of " + file + ")"));
      }
    }
  }

  /** The column of the part of the line an {@link IptablesError} is about. */
  private int lastColumn;

  private int column(IptablesError e) {
    return lastColumn > 0 ? lastColumn : 1;
  }

  private static NetfilterTable table(String name, int n) throws LineError {
    Optional<NetfilterTable> t = NetfilterTable.parse(name);
    if (t.isEmpty()) {
      throw new LineError(
          "table name '" + name + "' invalid",
          2,
          "iptables-restore "
              + IptablesError.VERSION
              + ": iptables-restore: line "
              + n
              + " table name '"
              + name
              + "' invalid\nError occurred at line: "
              + n);
    }
    return t.get();
  }

  /**
   * The line of the {@code COMMIT} that closes the block containing line {@code n} (or {@code n}).
   */
  private static int commitLine(String[] lines, int n, int count) {
    for (int k = n; k <= count; k++) {
      if (lines[k - 1].strip().equals("COMMIT")) {
        return k;
      }
    }
    return n;
  }

  private static String stripCr(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * For each {@code *table} line, the user chains its block declares (a dump may jump before it
   * declares).
   */
  private static Map<Integer, Set<String>> declarations(String[] lines, int count) {
    Map<Integer, Set<String>> out = new HashMap<>();
    Set<String> current = null;
    for (int n = 1; n <= count; n++) {
      String line = lines[n - 1];
      int at = 0;
      while (at < line.length() && Character.isWhitespace(line.charAt(at))) {
        at++;
      }
      if (at == line.length()) {
        continue;
      }
      char first = line.charAt(at);
      if (first == '*') {
        current = new LinkedHashSet<>();
        out.put(n, current);
      } else if (first == ':' && current != null) {
        // the chain's name: from after the colon to the first blank (as chainLine splits at \s+)
        int end = at + 1;
        while (end < line.length() && " \t\n\u000B\f\r".indexOf(line.charAt(end)) < 0) {
          end++;
        }
        current.add(line.substring(at + 1, end));
      } else if (first == 'C' && line.strip().equals("COMMIT")) {
        current = null;
      }
    }
    return out;
  }

  /** {@code :CHAIN POLICY [packets:bytes]}. */
  private void chainLine(NetfilterTable table, String text, int n) throws LineError {
    String[] p = SPACES.split(text.substring(1));
    String name = p[0];
    if (name.isEmpty()) {
      throw new LineError(
          "chain line without a name", 2, "iptables-restore: line " + n + " failed");
    }
    String policy = p.length > 1 ? p[1] : "-";
    Optional<Counters> c = Optional.empty();
    if (p.length > 2) {
      c = Optional.of(counters(p[2], text.indexOf(p[2], 1 + name.length()) + 1, n));
    }
    if (p.length > 3) {
      throw new LineError(
          "Bad argument `" + p[3] + "'",
          text.lastIndexOf(p[3]) + 1,
          "Bad argument `" + p[3] + "'\nError occurred at line: " + n);
    }
    if (table.isBuiltin(name)) {
      lastColumn = name.length() + 3;
      work.policy(
          table, name, policy, counters ? c : Optional.empty(), new Origin(file, n, text.strip()));
      lastColumn = 0;
    } else {
      lastColumn = 2;
      work.declareUserChain(table, name);
      lastColumn = 0;
    }
  }

  private static Counters counters(String text, int column, int n) throws LineError {
    int colon = text.indexOf(':');
    int len = text.length();
    if (len < 5
        || text.charAt(0) != '['
        || text.charAt(len - 1) != ']'
        || !digits(text, 1, colon)
        || !digits(text, colon + 1, len - 1)) {
      throw new LineError(
          "bad counters `" + text + "' (expected [packets:bytes])",
          column,
          "iptables-restore: line " + n + " failed");
    }
    try {
      return new Counters(
          Long.parseLong(text, 1, colon, 10), Long.parseLong(text, colon + 1, len - 1, 10));
    } catch (NumberFormatException e) {
      // Found by fuzzing: digits beyond a 64-bit counter were a NumberFormatException.
      throw new LineError(
          "bad counters `" + text + "' (a counter beyond 9223372036854775807)",
          column,
          "iptables-restore: line " + n + " failed");
    }
  }

  /** Whether {@code text[from, to)} is one or more ASCII digits (a regex's {@code [0-9]+}). */
  private static boolean digits(String text, int from, int to) {
    if (from < 0 || to <= from) {
      return false;
    }
    for (int k = from; k < to; k++) {
      char c = text.charAt(k);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** {@code [packets:bytes] -A CHAIN spec} or any other iptables command without {@code -t}. */
  private List<Rule> ruleLine(NetfilterTable table, String raw, int n, Set<String> declaredHere)
      throws LineError {
    String rest = raw;
    int offset = 0;
    Optional<Counters> c = Optional.empty();
    String lead = raw.stripLeading();
    if (lead.startsWith("[")) {
      int close = lead.indexOf(']');
      int at = raw.indexOf('[');
      String ctext = close < 0 ? SPACES.split(lead)[0] : lead.substring(0, close + 1);
      c = Optional.of(counters(ctext, at + 1, n));
      offset = at + ctext.length();
      rest = raw.substring(offset);
    }
    try {
      RestoreTokenizer.split(rest, offset, words, tokens);
    } catch (RestoreTokenizer.Unterminated e) {
      throw new LineError(
          "unterminated quote", e.column, "iptables-restore: line " + n + " failed");
    }
    for (int k = 0; k < tokens.size(); k++) {
      String t = tokens.word(k);
      if (t.equals("-t") || t.equals("--table")) {
        throw new LineError(
            "The -t option (seen in line " + n + ") cannot be used in iptables-restore.",
            tokens.column(k),
            "iptables-restore "
                + IptablesError.VERSION
                + ": The -t option (seen in line "
                + n
                + ") cannot be used in iptables-restore.\nError occurred at line: "
                + n);
      }
    }
    if (!tokens.isEmpty() && !tokens.word(0).startsWith("-")) {
      String bad = tokens.word(0);
      throw new LineError(
          "Bad argument `" + bad + "'",
          tokens.column(0),
          "Bad argument `" + bad + "'\nError occurred at line: " + n);
    }
    CommandLine cl;
    try {
      cl = CommandLine.parse(tokens);
    } catch (IptablesError e) {
      lastColumn = tokens.isEmpty() ? 1 : tokens.column(0);
      throw e;
    }
    if (c.isPresent() && counters) {
      Args spec = cl.spec().copy(3);
      spec.add("-c", 0);
      spec.add(Long.toString(c.get().packets()), 0);
      spec.add(Long.toString(c.get().bytes()), 0);
      cl =
          new CommandLine(
              cl.op(), cl.table(), cl.chain(), cl.number(), cl.second(), spec, cl.opColumn());
    }
    Optional<String> text = work.strict ? Optional.empty() : Optional.of(rest.strip());
    int[] column = new int[1];
    Origin origin = new Origin(file, n, raw.strip());
    lastColumn = cl.opColumn();
    try {
      List<Rule> added =
          RuleCommands.apply(work, table, cl, origin, text, declaredHere::contains, column);
      lastRuleChain = cl.chain();
      return added;
    } catch (IptablesError e) {
      if (column[0] > 0) {
        lastColumn = column[0];
      }
      throw e;
    }
  }

  /** A line-level error with its column and iptables-restore's wording. */
  private static final class LineError extends Exception {
    private static final long serialVersionUID = 1L;
    final int column;
    final String restoreMessage;

    LineError(String message, int column, String restoreMessage) {
      super(message, null, false, false);
      this.column = column;
      this.restoreMessage = restoreMessage;
    }
  }
}
