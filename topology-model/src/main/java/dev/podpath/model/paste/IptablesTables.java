package dev.podpath.model.paste;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code iptables-save} paste that starts without its {@code *filter}/{@code *nat} line (cut,
 * grepped): the table is named from the chains and targets it shows, and the lines it needs are
 * added, each said. Package-private.
 */
final class IptablesTables {

  private static final Pattern CHAIN =
      Pattern.compile("^(?:\\[\\d+:\\d+\\]\\s+)?(?:-[AIN]\\s+|:)(\\S+)");
  private static final Pattern TARGET = Pattern.compile("\\s-[jg]\\s+(\\S+)");
  private static final Set<String> FILTER_CHAINS =
      Set.of(
          "KUBE-FIREWALL",
          "KUBE-FORWARD",
          "DOCKER-USER",
          "DOCKER-ISOLATION",
          "DOCKER-ISOLATION-STAGE-1",
          "DOCKER-ISOLATION-STAGE-2",
          "KUBE-EXTERNAL-SERVICES",
          "KUBE-NODEPORTS",
          "FLANNEL-FWD",
          "DOCKER-FORWARD",
          "KUBE-PROXY-FIREWALL");
  private static final Pattern DECLARED = Pattern.compile("^(?::|-N\\s+)(\\S+)");
  private static final Pattern APPENDED =
      Pattern.compile("^(?:\\[\\d+:\\d+\\]\\s+)?-[AI]\\s+(\\S+)");
  private static final Set<String> BUILT_IN =
      Set.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING");
  private static final Set<String> NAT_CHAINS =
      Set.of("KUBE-POSTROUTING", "KUBE-MARK-MASQ", "FLANNEL-POSTRTG", "KUBE-MARK-DROP");

  private IptablesTables() {}

  /**
   * The lines with a {@code *table} line before the first rule when there is none (and {@code
   * COMMIT} at the end), or empty when the chains do not tell the table.
   */
  static Optional<List<String>> complete(List<String> lines, List<String> notes) {
    int firstRule = -1;
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).strip();
      if (LineShapes.isTableHeader(t)) {
        return Optional.of(lines);
      }
      if (t.startsWith(":") || t.startsWith("-") || t.startsWith("[")) {
        firstRule = i;
        break;
      }
    }
    if (firstRule < 0) {
      return Optional.of(lines);
    }
    int end = lines.size();
    for (int i = firstRule; i < lines.size(); i++) {
      if (LineShapes.isTableHeader(lines.get(i).strip())) {
        end = i;
        break;
      }
    }
    Set<String> chains = new LinkedHashSet<>();
    Set<String> targets = new LinkedHashSet<>();
    for (String l : lines.subList(firstRule, end)) {
      Matcher c = CHAIN.matcher(l.strip());
      if (c.find()) {
        chains.add(c.group(1));
      }
      Matcher t = TARGET.matcher(l);
      while (t.find()) {
        targets.add(t.group(1));
      }
    }
    Optional<String> table = table(chains, targets);
    if (table.isEmpty()) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>(lines.subList(0, firstRule));
    out.add("*" + table.get());
    List<String> body = new ArrayList<>(lines.subList(firstRule, end));
    List<String> undeclared = undeclared(body);
    undeclared.forEach(c -> out.add(":" + c + " - [0:0]"));
    while (!body.isEmpty() && body.get(body.size() - 1).isBlank()) {
      body.remove(body.size() - 1);
    }
    out.addAll(body);
    boolean committed = !body.isEmpty() && body.get(body.size() - 1).strip().equals("COMMIT");
    if (!committed) {
      out.add("COMMIT");
    }
    out.addAll(lines.subList(end, lines.size()));
    notes.add(
        "no `*"
            + table.get()
            + "` line: the rules are read as the "
            + table.get()
            + " table (its chains "
            + String.join(", ", chains.stream().limit(6).toList())
            + (chains.size() > 6 ? ", ..." : "")
            + (targets.isEmpty()
                ? ""
                : "; targets " + String.join(", ", targets.stream().limit(4).toList()))
            + "), with `*"
            + table.get()
            + "` added before them"
            + (committed ? "" : " and `COMMIT` after them"));
    if (!undeclared.isEmpty()) {
      notes.add(
          "chain"
              + (undeclared.size() == 1 ? " " : "s ")
              + String.join(", ", undeclared)
              + " had rules but no `:CHAIN` line (iptables-restore would refuse them): declared"
              + " as user chains (`:"
              + undeclared.get(0)
              + " - [0:0]`); the rules that jump to "
              + (undeclared.size() == 1 ? "it" : "them")
              + " were not posted");
    }
    return Optional.of(out);
  }

  /**
   * The user chains the body appends rules to ({@code -A}/{@code -I}) without declaring them
   * ({@code :CHAIN} or {@code -N CHAIN}), in order of appearance. A built-in chain needs no line.
   */
  private static List<String> undeclared(List<String> body) {
    Set<String> declared = new LinkedHashSet<>();
    Set<String> appended = new LinkedHashSet<>();
    for (String l : body) {
      String t = l.strip();
      Matcher d = DECLARED.matcher(t);
      if (d.find()) {
        declared.add(d.group(1));
      }
      Matcher a = APPENDED.matcher(t);
      if (a.find()) {
        appended.add(a.group(1));
      }
    }
    appended.removeAll(declared);
    appended.removeAll(BUILT_IN);
    return List.copyOf(appended);
  }

  private static Optional<String> table(Set<String> chains, Set<String> targets) {
    boolean natTargets =
        targets.stream().anyMatch(t -> Set.of("DNAT", "SNAT", "MASQUERADE", "REDIRECT").contains(t))
            || chains.stream().anyMatch(c -> NAT_CHAINS.contains(c) || c.startsWith("KUBE-SEP-"));
    boolean verdicts =
        targets.stream().anyMatch(t -> Set.of("ACCEPT", "DROP", "REJECT").contains(t));
    boolean mangleTargets =
        targets.stream()
            .anyMatch(
                t ->
                    Set.of("MARK", "CHECKSUM", "TCPMSS", "TTL", "TOS", "CONNMARK", "DSCP", "TPROXY")
                        .contains(t));
    boolean rawTargets = targets.stream().anyMatch(t -> Set.of("NOTRACK", "CT").contains(t));
    boolean forward = chains.contains("FORWARD");
    boolean pre = chains.contains("PREROUTING") || chains.contains("POSTROUTING");
    if (forward || chains.stream().anyMatch(FILTER_CHAINS::contains)) {
      return mangleTargets && !verdicts && !forward
          ? Optional.of("mangle")
          : forward && pre
              ? (mangleTargets ? Optional.of("mangle") : Optional.empty())
              : Optional.of("filter");
    }
    if (natTargets || pre && !rawTargets && !mangleTargets) {
      return Optional.of("nat");
    }
    if (rawTargets) {
      return Optional.of("raw");
    }
    if (mangleTargets) {
      return Optional.of("mangle");
    }
    if (verdicts && (chains.contains("INPUT") || chains.contains("OUTPUT"))) {
      return Optional.of("filter");
    }
    return Optional.empty();
  }
}
