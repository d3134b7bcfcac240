package dev.podpath.model.dump;

import java.util.ArrayList;
import java.util.List;

/** A whitespace-separated word of a line and its 1-based column. Package-private. */
record Token(String text, int column) {

  /** Splits {@code line} on spaces and tabs; columns count from {@code offset} + 1. */
  static List<Token> split(String line, int offset) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int len = line.length();
    while (i < len) {
      while (i < len && isSpace(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < len && !isSpace(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(new Token(line.substring(start, i), offset + start + 1));
      }
    }
    return out;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  boolean is(String word) {
    return text.equals(word);
  }

  @Override
  public String toString() {
    return text;
  }
}
