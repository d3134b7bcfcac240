package dev.podpath.model.script;

import java.util.ArrayList;
import java.util.List;

/**
 * One command line of a script after joining {@code \}-continued physical lines: the number of its
 * first physical line and the joined text.
 */
record LogicalLine(int number, String text) {

  /**
   * Splits a script into logical lines; blank lines and comment-only lines are kept out, and so are
   * the bodies of here-documents (text, not commands: the line that opens one is refused).
   */
  static List<LogicalLine> split(String content) {
    String[] physical = content.split("\n", -1);
    List<LogicalLine> out = new ArrayList<>();
    int i = 0;
    while (i < physical.length) {
      int first = i + 1;
      String text = stripCr(physical[i]);
      i++;
      while (continues(text) && i < physical.length) {
        text = join(text.substring(0, text.length() - 1), stripCr(physical[i]));
        i++;
      }
      if (continues(text)) {
        text = text.substring(0, text.length() - 1);
      }
      String trimmed = text.strip();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        out.add(new LogicalLine(first, trimmed));
      }
      for (HereDocs.Opening doc : HereDocs.openedBy(text)) {
        while (i < physical.length && !doc.endsAt(physical[i++])) {
          // the body of the here-document
        }
      }
    }
    return out;
  }

  private static String stripCr(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  /** A line continues when it ends in an odd number of backslashes and is not a comment. */
  private static boolean continues(String line) {
    if (line.strip().startsWith("#")) {
      return false;
    }
    int n = 0;
    for (int k = line.length() - 1; k >= 0 && line.charAt(k) == '\\'; k--) {
      n++;
    }
    return n % 2 == 1;
  }

  /**
   * Joins the text before a removed {@code \}-newline with the next line as sh does (no separator),
   * collapsing the whitespace around the join to one space for display.
   */
  private static String join(String before, String after) {
    boolean gap =
        before.isEmpty()
            || Character.isWhitespace(before.charAt(before.length() - 1))
            || after.isEmpty()
            || Character.isWhitespace(after.charAt(0));
    return gap ? before.stripTrailing() + " " + after.stripLeading() : before + after;
  }
}
