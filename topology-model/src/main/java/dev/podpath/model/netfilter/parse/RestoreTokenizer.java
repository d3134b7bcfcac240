package dev.podpath.model.netfilter.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an {@code iptables-restore} line into arguments as iptables does ({@code
 * add_param_to_argv}): blanks separate, {@code "..."} groups, and inside quotes a backslash takes
 * the next character literally. Unlike iptables, an unterminated quote is an error.
 */
final class RestoreTokenizer {

  private RestoreTokenizer() {}

  /** The arguments of {@code line}; throws with the column of an unterminated quote. */
  static List<Token> split(String line) throws Unterminated {
    List<Token> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inToken = false;
    boolean quoted = false;
    boolean escaped = false;
    int start = 0;
    int quoteColumn = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (escaped) {
          cur.append(c);
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          quoted = false;
          out.add(new Token(cur.toString(), start + 1));
          cur.setLength(0);
          inToken = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        if (!inToken) {
          start = i;
        }
        quoted = true;
        inToken = true;
        quoteColumn = i + 1;
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        if (inToken) {
          out.add(new Token(cur.toString(), start + 1));
          cur.setLength(0);
          inToken = false;
        }
      } else {
        if (!inToken) {
          start = i;
          inToken = true;
        }
        cur.append(c);
      }
    }
    if (quoted) {
      throw new Unterminated(quoteColumn);
    }
    if (inToken) {
      out.add(new Token(cur.toString(), start + 1));
    }
    return out;
  }

  /** A {@code "} without its closing quote, at {@code column}. */
  static final class Unterminated extends Exception {
    private static final long serialVersionUID = 1L;
    final int column;

    Unterminated(int column) {
      super("unterminated quote", null, false, false);
      this.column = column;
    }
  }
}
