package dev.podpath.model.dump;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the output of {@code iptables [-t TABLE] -S [CHAIN]} ({@code --list-rules}) into the lines
 * of {@code iptables-save}: it is the same rule syntax, with a built-in chain's policy as {@code -P
 * CHAIN POLICY} (save: {@code :CHAIN POLICY [0:0]}), a user chain as {@code -N CHAIN} (save: {@code
 * :CHAIN - [0:0]}), and with {@code -v} the counters as {@code -c PACKETS BYTES} inside the line
 * (save {@code -c}: {@code [PACKETS:BYTES]} before it). The chain lines come first, then the rules,
 * as iptables-save orders them; the {@code *TABLE} and {@code COMMIT} lines are the caller's, who
 * knows the table. A line of another shape is a warning and left out.
 *
 * <pre>{@code
 * -P FORWARD DROP                                  :FORWARD DROP [0:0]
 * -N KUBE-FORWARD                        ->        :KUBE-FORWARD - [0:0]
 * -A FORWARD -s 10.244.0.0/16 -c 5 420 -j ACCEPT   [5:420] -A FORWARD -s 10.244.0.0/16 -j ACCEPT
 * }</pre>
 */
public final class IptablesRulesParser {

  static final String COMMAND = "iptables -S";

  private static final Pattern POLICY =
      Pattern.compile("^-P\\s+(\\S+)\\s+(ACCEPT|DROP)(?:\\s+-c\\s+(\\d+)\\s+(\\d+))?\\s*$");
  private static final Pattern CHAIN = Pattern.compile("^-N\\s+(\\S+)\\s*$");
  private static final Pattern RULE = Pattern.compile("^-A\\s+\\S+(?:\\s.*)?$");
  private static final Pattern COUNTERS = Pattern.compile("\\s-c\\s+(\\d+)\\s+(\\d+)(?=\\s|$)");

  private IptablesRulesParser() {}

  /**
   * The {@code iptables-save} lines of {@code content}, without {@code *TABLE} and {@code COMMIT}.
   */
  public static ParseResult<List<String>> parse(String file, String content) {
    Warnings w = new Warnings(file);
    if (!Inputs.usable(content, COMMAND, w)) {
      return w.result(List.of());
    }
    List<String> chains = new ArrayList<>();
    List<String> rules = new ArrayList<>();
    for (TextLine line : TextLine.split(content)) {
      String t = line.text().strip();
      if (t.isEmpty()) {
        continue;
      }
      Matcher p = POLICY.matcher(t);
      if (p.matches()) {
        chains.add(
            ":"
                + p.group(1)
                + " "
                + p.group(2)
                + " ["
                + (p.group(3) == null ? "0:0" : p.group(3) + ":" + p.group(4))
                + "]");
        continue;
      }
      Matcher n = CHAIN.matcher(t);
      if (n.matches()) {
        chains.add(":" + n.group(1) + " - [0:0]");
        continue;
      }
      if (RULE.matcher(t).matches()) {
        Matcher c = COUNTERS.matcher(t);
        rules.add(
            c.find()
                ? "["
                    + c.group(1)
                    + ":"
                    + c.group(2)
                    + "] "
                    + (t.substring(0, c.start()) + t.substring(c.end()))
                : t);
        continue;
      }
      w.add(
          line,
          1,
          "not a line of `iptables -S` (-P CHAIN POLICY, -N CHAIN, -A CHAIN RULE); left out");
    }
    List<String> out = new ArrayList<>(chains);
    out.addAll(rules);
    return w.result(List.copyOf(out));
  }
}
