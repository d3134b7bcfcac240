package dev.podpath.model.paste;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Long lines a forum, a mail client or a narrow terminal wrapped: the second half is put back on
 * the first where the shape makes it certain, and nowhere else. Certain means the first half cannot
 * end there or the second cannot start a line of that output: an {@code ip route} line ending with
 * {@code via} (a keyword that takes a value), a line starting with {@code dev eth0 ...} (no route
 * line starts with a keyword), an {@code iptables-save} rule whose comment's quote is not closed,
 * or a line that starts with a rule's option ({@code -j KUBE-SVC-...}, {@code --dport 443}) after a
 * rule. The halves are joined with one space: wrapping happens between words. Package-private.
 *
 * <pre>{@code
 * 10.244.2.0/24 via                          ->  10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink
 * 10.244.2.0 dev flannel.1 onlink
 * }</pre>
 */
final class Wraps {

  /**
   * Per family: the keywords that take a value (a line cannot end with one), and the words no line
   * of that output starts with.
   */
  private record Shape(Set<String> takeValue, Set<String> neverFirst) {}

  private static final Set<String> ROUTE_KEYWORDS =
      Set.of(
          "via",
          "dev",
          "src",
          "proto",
          "scope",
          "metric",
          "table",
          "mtu",
          "realms",
          "expires",
          "pref",
          "initcwnd",
          "initrwnd",
          "advmss",
          "error",
          "weight");
  private static final Map<Family, Shape> SHAPES =
      Map.of(
          Family.ROUTE,
              new Shape(
                  ROUTE_KEYWORDS, union(ROUTE_KEYWORDS, Set.of("onlink", "linkdown", "pervasive"))),
          Family.NEIGH,
              new Shape(
                  Set.of("dev", "lladdr"),
                  Set.of(
                      "dev",
                      "lladdr",
                      "router",
                      "proxy",
                      "REACHABLE",
                      "STALE",
                      "DELAY",
                      "PROBE",
                      "FAILED",
                      "INCOMPLETE",
                      "PERMANENT",
                      "NOARP")),
          Family.FDB,
              new Shape(
                  Set.of("dev", "dst", "master", "vlan", "vni", "port", "via", "src_vni"),
                  Set.of(
                      "dev",
                      "dst",
                      "master",
                      "vlan",
                      "self",
                      "permanent",
                      "static",
                      "vni",
                      "port")),
          Family.DEVICES,
              new Shape(
                  Set.of(
                      "mtu",
                      "qdisc",
                      "state",
                      "mode",
                      "group",
                      "qlen",
                      "master",
                      "brd",
                      "scope",
                      "peer",
                      "link-netnsid",
                      "link-netns",
                      "link/ether",
                      "link/loopback"),
                  Set.of(
                      "mtu",
                      "qdisc",
                      "state",
                      "mode",
                      "group",
                      "qlen",
                      "master",
                      "brd",
                      "scope",
                      "link-netnsid",
                      "link-netns",
                      "dynamic",
                      "noprefixroute",
                      "secondary")),
          Family.RULE,
              new Shape(
                  Set.of(
                      "from", "to", "lookup", "table", "fwmark", "iif", "oif", "pref", "priority"),
                  Set.of("lookup", "table", "fwmark", "iif", "oif")));

  /** Options of iptables rules that take no value: a rule may end with one. */
  private static final Set<String> IPTABLES_FLAGS =
      Set.of(
          "--syn",
          "-f",
          "--fragment",
          "--random",
          "--random-fully",
          "--persistent",
          "--physdev-is-bridged",
          "--physdev-is-in",
          "--physdev-is-out",
          "--set",
          "--update",
          "--rcheck",
          "--remove",
          "--rsource",
          "--rdest",
          "--reap",
          "--nodst",
          "--log-uid",
          "--log-ip-options",
          "--log-tcp-options",
          "--log-tcp-sequence",
          "--notrack",
          "--checksum-fill",
          "--clamp-mss-to-pmtu",
          "--ecn-tcp-remove",
          "!");

  /** What joining two lines found. */
  record Joined(PasteLine line, String why) {}

  private Wraps() {}

  /**
   * The line {@code next} put back on {@code previous} when {@code next} can only be the rest of
   * it; empty otherwise.
   */
  static Optional<Joined> rejoin(Family family, PasteLine previous, PasteLine next) {
    String prev = previous.stripped();
    String t = next.stripped();
    if (prev.isEmpty() || t.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> why = family == Family.IPTABLES ? iptables(prev, t) : words(family, prev, t);
    return why.map(
        w ->
            new Joined(
                new PasteLine(
                    previous.source(),
                    previous.number(),
                    previous.raw() + "\n" + next.raw(),
                    previous.text().stripTrailing() + " " + t,
                    PasteLine.Mark.TEXT,
                    Optional.empty()),
                w));
  }

  private static Optional<String> words(Family family, String prev, String t) {
    Shape s = SHAPES.get(family);
    if (s == null) {
      return Optional.empty();
    }
    String last = prev.substring(prev.lastIndexOf(' ') + 1);
    String first = t.split("\\s+", 2)[0];
    if (s.takeValue().contains(last)) {
      return Optional.of("the line before ends with `" + last + "`, which takes a value");
    }
    if (s.neverFirst().contains(first)) {
      return Optional.of("no line of this output starts with `" + first + "`");
    }
    return Optional.empty();
  }

  private static Optional<String> iptables(String prev, String t) {
    String rule = prev.replaceFirst("^\\[\\d+:\\d+\\]\\s+", "");
    if (!rule.startsWith("-A ") && !rule.startsWith("-I ")) {
      return Optional.empty();
    }
    if (unclosedQuote(prev)) {
      return Optional.of("the rule before has a quote that is not closed");
    }
    String first = t.split("\\s+", 2)[0];
    boolean startsLine =
        t.startsWith("-A ")
            || t.startsWith("-I ")
            || t.startsWith("-N ")
            || t.startsWith("-P ")
            || t.startsWith(":")
            || t.startsWith("*")
            || t.startsWith("#")
            || t.startsWith("[")
            || t.equals("COMMIT");
    if (startsLine) {
      return Optional.empty();
    }
    if (first.startsWith("-") && first.length() > 1) {
      return Optional.of("a rule's option (`" + first + "`) cannot start a line of iptables-save");
    }
    String last = prev.substring(prev.lastIndexOf(' ') + 1);
    if (last.startsWith("-") && last.length() > 1 && !IPTABLES_FLAGS.contains(last)) {
      return Optional.of("the rule before ends with `" + last + "`, which takes a value");
    }
    return Optional.empty();
  }

  private static boolean unclosedQuote(String s) {
    boolean open = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && open) {
        i++;
      } else if (c == '"') {
        open = !open;
      }
    }
    return open;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    java.util.HashSet<String> u = new java.util.HashSet<>(a);
    u.addAll(b);
    return Set.copyOf(u);
  }
}
