package dev.podpath.model.nft.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts {@code nft} input into words as nft's scanner does for the part of the language podpath
 * reads: {@code { } ; ,} are tokens of their own, a standalone {@code .} joins a concatenation, a
 * {@code :} at a word's end or alone separates a map's key from its data, {@code "..."} is one
 * word, {@code #} starts a comment, a newline ends a command (outside braces of a set), {@code \}
 * at a line's end continues it.
 */
final class NftLexer {

  /** One word, with its line (from 1); {@code NL} is the token of a line's end. */
  record Tok(String text, int line, boolean quoted) {
    boolean is(String s) {
      return !quoted && text.equals(s);
    }

    /** The text without its quotes. */
    String bare() {
      return quoted ? text.substring(1, text.length() - 1) : text;
    }
  }

  static final String NL = "\n";

  private NftLexer() {}

  static List<Tok> lex(String input, int firstLine) {
    List<Tok> out = new ArrayList<>();
    int line = firstLine;
    int n = input.length();
    StringBuilder w = new StringBuilder();
    int i = 0;
    while (i < n) {
      char c = input.charAt(i);
      if (c == '"') {
        int end = input.indexOf('"', i + 1);
        if (end < 0 || input.substring(i, end).indexOf('\n') >= 0) {
          throw new NftError("Error: syntax error, unterminated string", line, lineOf(input, i));
        }
        flush(w, out, line);
        out.add(new Tok(input.substring(i, end + 1), line, true));
        i = end + 1;
        continue;
      }
      if (c == '\\' && i + 1 < n && input.charAt(i + 1) == '\n') {
        flush(w, out, line);
        line++;
        i += 2;
        continue;
      }
      if (c == '#') {
        while (i < n && input.charAt(i) != '\n') {
          i++;
        }
        continue;
      }
      if (c == '\n') {
        flush(w, out, line);
        out.add(new Tok(NL, line, false));
        line++;
        i++;
        continue;
      }
      if (Character.isWhitespace(c)) {
        flush(w, out, line);
        i++;
        continue;
      }
      if (c == '{' || c == '}' || c == ';' || c == ',') {
        flush(w, out, line);
        out.add(new Tok(String.valueOf(c), line, false));
        i++;
        continue;
      }
      if (c == ':'
          && (w.length() == 0 || i + 1 >= n || Character.isWhitespace(input.charAt(i + 1)))) {
        flush(w, out, line);
        out.add(new Tok(":", line, false));
        i++;
        continue;
      }
      w.append(c);
      i++;
    }
    flush(w, out, line);
    out.add(new Tok(NL, line, false));
    return out;
  }

  private static void flush(StringBuilder w, List<Tok> out, int line) {
    if (w.length() > 0) {
      out.add(new Tok(w.toString(), line, false));
      w.setLength(0);
    }
  }

  static String lineOf(String input, int at) {
    int s = input.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
    int e = input.indexOf('\n', at);
    return input.substring(s, e < 0 ? input.length() : e);
  }
}
