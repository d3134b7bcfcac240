package dev.podpath.trace.cli;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The closest names to a mistyped one ("did you mean --from?"): those at the smallest edit distance
 * (Levenshtein, case ignored), if it is small for the word's length (at most 2, or a third of the
 * word for longer ones), or that the word is a prefix of.
 */
final class Suggestions {

  private Suggestions() {}

  /** The candidates closest to {@code given}, best first; empty when none is close. */
  static List<String> closest(String given, Collection<String> candidates) {
    String g = given.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, g.length() / 3);
    int best = Integer.MAX_VALUE;
    for (String c : candidates) {
      best = Math.min(best, distance(g, c.toLowerCase(Locale.ROOT)));
    }
    if (best <= limit) {
      int b = best;
      return candidates.stream()
          .filter(c -> distance(g, c.toLowerCase(Locale.ROOT)) == b)
          .distinct()
          .limit(3)
          .toList();
    }
    if (g.length() >= 3) {
      return candidates.stream()
          .filter(c -> c.toLowerCase(Locale.ROOT).startsWith(g))
          .distinct()
          .limit(3)
          .toList();
    }
    return List.of();
  }

  /** {@code ; did you mean A or B?}, or empty when nothing is close. */
  static String didYouMean(String given, Collection<String> candidates) {
    List<String> near = closest(given, candidates);
    return near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?";
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
