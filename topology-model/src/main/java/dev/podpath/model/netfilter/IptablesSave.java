package dev.podpath.model.netfilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints a {@link Ruleset} as {@code iptables-save} (nf_tables backend, v1.8.9) does, without its
 * {@code # Generated}/{@code # Completed} comment lines, and a rule's text as that command prints
 * it.
 *
 * <pre>{@code
 * *filter
 * :INPUT ACCEPT [0:0]
 * :FORWARD DROP [0:0]
 * :OUTPUT ACCEPT [0:0]
 * :DOCKER-USER - [0:0]
 * -A FORWARD -j DOCKER-USER
 * COMMIT
 * }</pre>
 */
public final class IptablesSave {

  private IptablesSave() {}

  /** The whole ruleset; with {@code counters}, as {@code iptables-save -c}. */
  public static String print(Ruleset ruleset, boolean counters) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<NetfilterTable, Map<String, Chain>> t : ruleset.tables().entrySet()) {
      sb.append('*').append(t.getKey().keyword()).append('\n');
      for (Chain c : t.getValue().values()) {
        sb.append(':')
            .append(c.name())
            .append(' ')
            .append(c.policy().map(Policy::name).orElse("-"))
            .append(' ')
            .append(c.builtin() ? c.counters() : Counters.ZERO)
            .append('\n');
      }
      for (Chain c : t.getValue().values()) {
        for (Rule r : c.rules()) {
          if (counters) {
            sb.append(r.counters()).append(' ');
          }
          sb.append(ruleLine(c.name(), r.matches(), r.target())).append('\n');
        }
      }
      sb.append("COMMIT\n");
    }
    return sb.toString();
  }

  /**
   * The rules of one table as {@code iptables -t T -S} lists them ({@code -P}, {@code -N}, {@code
   * -A}).
   */
  public static List<String> listRules(Ruleset ruleset, NetfilterTable table) {
    List<String> out = new ArrayList<>();
    List<Chain> chains = ruleset.chains(table);
    if (chains.isEmpty()) {
      table.builtinChains().forEach(b -> out.add("-P " + b + " ACCEPT"));
      return out;
    }
    chains.stream()
        .filter(Chain::builtin)
        .forEach(c -> out.add("-P " + c.name() + " " + c.policy().orElseThrow()));
    chains.stream().filter(c -> !c.builtin()).forEach(c -> out.add("-N " + c.name()));
    chains.forEach(
        c -> c.rules().forEach(r -> out.add(ruleLine(c.name(), r.matches(), r.target()))));
    return out;
  }

  /** {@code -A CHAIN spec}, as iptables-save prints a rule (without counters). */
  public static String ruleLine(String chain, List<Match> matches, Target target) {
    String spec = spec(matches, target);
    return "-A " + chain + (spec.isEmpty() ? "" : " " + spec);
  }

  /** The matches then the target, separated by single spaces. */
  public static String spec(List<Match> matches, Target target) {
    StringBuilder sb = new StringBuilder();
    for (Match m : matches) {
      append(sb, m.save());
    }
    append(sb, target.save());
    return sb.toString();
  }

  private static void append(StringBuilder sb, String part) {
    if (!part.isEmpty()) {
      sb.append(sb.length() > 0 ? " " : "").append(part);
    }
  }
}
