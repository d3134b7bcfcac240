package dev.podpath.model.netfilter.parse;

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
    Args out = new Args(16);
    split(line, 0, new Words(), out);
    return out.tokens();
  }

  /**
   * Puts into {@code out} (emptied first) the arguments of {@code line}, their columns shifted by
   * {@code offset} (the characters before {@code line} on its line); throws with the column of an
   * unterminated quote. Only a quoted word is built character by character; a word without quotes
   * comes from {@code words}, so a word the file said before is the same {@code String}.
   */
  static void split(String line, int offset, Words words, Args out) throws Unterminated {
    out.clear();
    int n = line.length();
    int i = 0;
    while (i < n) {
      char c = line.charAt(i);
      if (blank(c)) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && !blank(line.charAt(i)) && line.charAt(i) != '"') {
        i++;
      }
      if (i == n || blank(line.charAt(i))) {
        out.add(words.of(line, start, i), offset + start + 1);
        continue;
      }
      // a quote in the word: the rest is built char by char, as add_param_to_argv does
      StringBuilder cur = new StringBuilder(line.length() - start).append(line, start, i);
      while (i < n) {
        c = line.charAt(i);
        if (c == '"') {
          int quoteColumn = i + 1;
          i++;
          boolean closed = false;
          while (i < n) {
            c = line.charAt(i++);
            if (c == '\\' && i < n) {
              cur.append(line.charAt(i++));
            } else if (c == '\\') {
              break;
            } else if (c == '"') {
              closed = true;
              break;
            } else {
              cur.append(c);
            }
          }
          if (!closed) {
            throw new Unterminated(offset + quoteColumn);
          }
          // a closing quote ends the word
          break;
        } else if (blank(c)) {
          break;
        } else {
          cur.append(c);
          i++;
        }
      }
      out.add(cur.toString(), offset + start + 1);
    }
  }

  private static boolean blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
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
