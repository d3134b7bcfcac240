package dev.podpath.model.paste;

import dev.podpath.model.addr.Ipv4Address;
import dev.podpath.model.addr.Prefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of {@code iptables [-t TABLE] -L [CHAIN] [-n] [-v] [--line-numbers]} pasted: written
 * as the {@code iptables-save} lines it stands for, as far as a listing says them. A chain's header
 * gives its policy ({@code Chain FORWARD (policy DROP 0 packets, 0 bytes)}) or declares a user
 * chain ({@code (2 references)}); each row gives its target, protocol, fragment option, interfaces
 * (with {@code -v}), source and destination, and after them the text each match and target prints
 * ({@link IptablesListMatches}).
 *
 * <p>What a listing cannot say faithfully stays unknown, never guessed: a row's text podpath cannot
 * rebuild, a row cut short, an address printed as a host name, a port printed as a service name it
 * does not know, the interfaces of a listing without {@code -v} (it does not print them), and rules
 * the poster left out ({@code (...)}) each become a {@code -m listing} match kept as not modelled
 * ({@code Match.NotModelled}): a packet that reaches that rule ends the trace NOT_MODELLED naming
 * it. Each kind is said once in the block's notes, with the paste's lines. Package-private.
 */
final class IptablesListOutput {

  /** The line a block's elision ({@code (...)}) is handed in as, to keep its place in a chain. */
  static final String ELIDED = "\u0000elided";

  /** The module name of a part of a row that is kept as not modelled. */
  static final String UNKNOWN_MODULE = "listing";

  private static final Pattern CHAIN =
      Pattern.compile(
          "^Chain\\s+(\\S+)\\s+\\((?:policy\\s+(\\S+)(?:\\s+(\\S+)\\s+packets,\\s+(\\S+)\\s+bytes)?"
              + "|(\\d+)\\s+references?)\\)\\s*$");
  private static final Pattern COLUMNS =
      Pattern.compile("^(num\\s+)?(pkts\\s+bytes\\s+)?target\\s+prot\\s+opt\\b.*");
  private static final Pattern TOKEN = Pattern.compile("\\S+");
  private static final Pattern COUNTER = Pattern.compile("\\d+[KMGTP]?");
  private static final Pattern OPT = Pattern.compile("--|-f|!f");

  private static final Map<String, List<String>> BUILTIN =
      Map.of(
          "filter", List.of("INPUT", "FORWARD", "OUTPUT"),
          "nat", List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"),
          "mangle", List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"),
          "raw", List.of("PREROUTING", "OUTPUT"),
          "security", List.of("INPUT", "FORWARD", "OUTPUT"));

  private IptablesListOutput() {}

  /** The layout of a listing's rows, from its column header. */
  private record Columns(boolean numbered, boolean verbose) {}

  /**
   * The save lines of a listing.
   *
   * @param lines the block's lines, elisions as {@link #ELIDED}
   * @param table the table when the command names it ({@code filter} for a plain {@code iptables
   *     -L}); empty when the lines were recognised by their shape
   * @param numbers the paste's line number of each line, for the notes
   * @param only the one chain the command lists ({@code iptables -L INPUT}), when it names one
   */
  static List<String> toSave(
      List<String> lines,
      List<Integer> numbers,
      Optional<String> table,
      Optional<String> only,
      List<String> notes) {
    Map<String, String> policies = new LinkedHashMap<>();
    List<String> rules = new ArrayList<>();
    Map<String, List<Integer>> unknown = new LinkedHashMap<>();
    String chain = null;
    Columns columns = null;
    boolean abbreviated = false;
    for (int i = 0; i < lines.size(); i++) {
      String raw = lines.get(i);
      int number = numbers.get(i);
      String t = raw.strip();
      if (t.isEmpty()) {
        continue;
      }
      if (raw.equals(ELIDED)) {
        if (chain != null) {
          rules.add(
              "-A "
                  + chain
                  + " -m "
                  + UNKNOWN_MODULE
                  + " --left-out \"rules left out by the poster\"");
          unknown
              .computeIfAbsent("rules left out by the poster", k -> new ArrayList<>())
              .add(number);
        }
        continue;
      }
      Matcher c = CHAIN.matcher(t);
      if (c.matches()) {
        chain = c.group(1);
        columns = null;
        if (c.group(2) != null) {
          String count = "[0:0]";
          if (c.group(3) != null && c.group(3).matches("\\d+") && c.group(4).matches("\\d+")) {
            count = "[" + c.group(3) + ":" + c.group(4) + "]";
          } else if (c.group(3) != null) {
            abbreviated = true;
          }
          policies.put(chain, c.group(2) + " " + count);
        } else {
          policies.put(chain, "- [0:0]");
        }
        continue;
      }
      Matcher h = COLUMNS.matcher(t);
      if (h.matches()) {
        columns = new Columns(h.group(1) != null, h.group(2) != null);
        continue;
      }
      if (chain == null) {
        unknown.computeIfAbsent("rows before any `Chain` line", k -> new ArrayList<>()).add(number);
        continue;
      }
      Columns cols = columns != null ? columns : guess(t);
      Row row = row(t, cols);
      rules.add(save(chain, row, cols, unknown, number));
      if (row.abbreviatedCounters) {
        abbreviated = true;
      }
    }
    List<String> others = new ArrayList<>();
    if (only.isPresent() && table.isPresent()) {
      for (String builtin : BUILTIN.getOrDefault(table.get(), List.of())) {
        if (!policies.containsKey(builtin)) {
          policies.put(builtin, "ACCEPT [0:0]");
          others.add(builtin);
          rules.add(
              "-A "
                  + builtin
                  + " -m "
                  + UNKNOWN_MODULE
                  + " --not-shown \"chain "
                  + builtin
                  + " (only "
                  + only.get()
                  + " was listed)\"");
        }
      }
    }
    List<String> out = new ArrayList<>();
    table.ifPresent(x -> out.add("*" + x));
    policies.forEach((name, p) -> out.add(":" + name + " " + p));
    out.addAll(rules);
    table.ifPresent(x -> out.add("COMMIT"));
    notes.add(
        "the listing of `iptables -L` written as iptables-save: each `Chain` line as its policy or"
            + " user chain, each row as a rule (target, protocol, fragment, interfaces, addresses,"
            + " and the matches the row prints)"
            + table.map(x -> ", in table " + x + " (*" + x + " ... COMMIT)").orElse("")
            + "; the rule counters are left out"
            + (abbreviated ? " (the listing rounds them: K, M, G)" : ""));
    if (!others.isEmpty()) {
      notes.add(
          "only chain "
              + only.get()
              + " was listed: the rules and policies of "
              + String.join(", ", others)
              + " are unknown (each is kept as one `-m "
              + UNKNOWN_MODULE
              + "` rule, and a packet that reaches it ends the trace NOT_MODELLED)");
    }
    unknown.forEach(
        (why, at) ->
            notes.add(
                "not modelled ("
                    + why
                    + ") at "
                    + Ranges.of(at)
                    + ": each such rule is kept as `-m "
                    + UNKNOWN_MODULE
                    + "`, and a packet that reaches it ends the trace NOT_MODELLED"));
    return out;
  }

  /** A row's columns. */
  private record Row(
      Optional<String> target,
      String prot,
      String opt,
      String in,
      String out,
      String source,
      String destination,
      String rest,
      boolean cut,
      boolean abbreviatedCounters) {}

  /** The layout of a row without a column header before it: by its first words. */
  private static Columns guess(String t) {
    List<String> w = List.of(t.split("\\s+"));
    boolean numbered =
        w.size() > 2 && w.get(0).matches("\\d+") && !COUNTER.matcher(w.get(1)).matches();
    int at = numbered ? 1 : 0;
    boolean verbose =
        w.size() > at + 2
            && COUNTER.matcher(w.get(at)).matches()
            && COUNTER.matcher(w.get(at + 1)).matches();
    return new Columns(numbered, verbose);
  }

  private static Row row(String t, Columns cols) {
    List<int[]> spans = new ArrayList<>();
    Matcher m = TOKEN.matcher(t);
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    int at = (cols.numbered ? 1 : 0) + (cols.verbose ? 2 : 0);
    boolean abbreviated = false;
    if (cols.verbose && spans.size() >= at) {
      for (int k = at - 2; k < at; k++) {
        abbreviated |= !word(t, spans, k).matches("\\d+");
      }
    }
    // the target column is empty for a rule without a target: then the protocol comes first
    Optional<String> target = Optional.empty();
    if (spans.size() > at + 2 && OPT.matcher(word(t, spans, at + 2)).matches()) {
      target = Optional.of(word(t, spans, at));
      at++;
    } else if (!(spans.size() > at + 1 && OPT.matcher(word(t, spans, at + 1)).matches())) {
      target = spans.size() > at ? Optional.of(word(t, spans, at)) : Optional.empty();
      at++;
    }
    int need = at + 2 + (cols.verbose ? 2 : 0) + 2;
    if (spans.size() < need) {
      return new Row(target, "", "", "", "", "", "", t, true, abbreviated);
    }
    String prot = word(t, spans, at);
    String opt = word(t, spans, at + 1);
    at += 2;
    String in = "*";
    String out = "*";
    if (cols.verbose) {
      in = word(t, spans, at);
      out = word(t, spans, at + 1);
      at += 2;
    }
    String source = word(t, spans, at);
    String destination = word(t, spans, at + 1);
    int end = spans.get(at + 1)[1];
    return new Row(
        target,
        prot,
        opt,
        in,
        out,
        source,
        destination,
        t.substring(end).strip(),
        false,
        abbreviated);
  }

  private static String word(String t, List<int[]> spans, int k) {
    return t.substring(spans.get(k)[0], spans.get(k)[1]);
  }

  private static String save(
      String chain, Row row, Columns cols, Map<String, List<Integer>> unknown, int number) {
    StringBuilder sb = new StringBuilder("-A ").append(chain);
    List<String> lost = new ArrayList<>();
    if (row.cut) {
      lost.add("a row cut short: `" + row.rest + "`");
      unknown.computeIfAbsent("a row cut short", k -> new ArrayList<>()).add(number);
    } else {
      address(sb, "-s", row.source, lost, unknown, number);
      address(sb, "-d", row.destination, lost, unknown, number);
      if (!cols.verbose) {
        lost.add("its interfaces (iptables -L without -v does not print them)");
        unknown
            .computeIfAbsent(
                "the interfaces, which `iptables -L` prints only with -v", k -> new ArrayList<>())
            .add(number);
      }
      iface(sb, "-i", row.in);
      iface(sb, "-o", row.out);
      String prot = row.prot.startsWith("!") ? row.prot.substring(1) : row.prot;
      if (!prot.equals("all") && !prot.equals("0")) {
        sb.append(row.prot.startsWith("!") ? " ! -p " : " -p ").append(protocolName(prot));
      }
      if (row.opt.equals("-f")) {
        sb.append(" -f");
      } else if (row.opt.equals("!f")) {
        sb.append(" ! -f");
      }
    }
    IptablesListMatches.Rebuilt rebuilt =
        row.cut
            ? new IptablesListMatches.Rebuilt("", "", "")
            : IptablesListMatches.rebuild(row.rest, row.target.orElse(""), protocolName(row.prot));
    sb.append(rebuilt.matches());
    if (!rebuilt.unread().isEmpty()) {
      lost.add("`" + rebuilt.unread() + "`");
      unknown
          .computeIfAbsent("a row's text podpath cannot rebuild", k -> new ArrayList<>())
          .add(number);
    }
    if (!lost.isEmpty()) {
      sb.append(" -m ")
          .append(UNKNOWN_MODULE)
          .append(" --not-shown \"")
          .append(String.join("; ", lost).replace("\"", "'"))
          .append('"');
    }
    row.target.ifPresent(x -> sb.append(" -j ").append(x).append(rebuilt.targetOptions()));
    return sb.toString();
  }

  private static String protocolName(String p) {
    String q = p.startsWith("!") ? p.substring(1) : p;
    return switch (q) {
      case "6" -> "tcp";
      case "17" -> "udp";
      case "1" -> "icmp";
      default -> q;
    };
  }

  private static void iface(StringBuilder sb, String option, String name) {
    if (name.equals("*") || name.equals("any")) {
      return;
    }
    if (name.startsWith("!")) {
      sb.append(" ! ").append(option).append(' ').append(name.substring(1));
    } else {
      sb.append(' ').append(option).append(' ').append(name);
    }
  }

  private static void address(
      StringBuilder sb,
      String option,
      String text,
      List<String> lost,
      Map<String, List<Integer>> unknown,
      int number) {
    boolean negated = text.startsWith("!");
    String a = negated ? text.substring(1) : text;
    if (a.equals("anywhere") || a.equals("0.0.0.0/0")) {
      if (negated) {
        sb.append(" ! ").append(option).append(" 0.0.0.0/0");
      }
      return;
    }
    Optional<Prefix> p =
        Prefix.tryParse(a).or(() -> Ipv4Address.tryParse(a).map(x -> Prefix.of(x, 32)));
    if (p.isPresent()) {
      sb.append(negated ? " ! " : " ").append(option).append(' ').append(p.get());
    } else {
      lost.add("the address `" + text + "` (a host name the listing resolved)");
      unknown
          .computeIfAbsent("an address printed as a host name", k -> new ArrayList<>())
          .add(number);
    }
  }
}
