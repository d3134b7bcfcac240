package dev.podpath.model.dump;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a text dump with its 1-based number; {@code text} has no line terminator.
 * Package-private.
 */
record TextLine(int number, String text) {

  /** Splits on {@code \n}, {@code \r\n} or {@code \r}; a final terminator makes no extra line. */
  static List<TextLine> split(String content) {
    List<TextLine> out = new ArrayList<>();
    int n = 1;
    int start = 0;
    int len = content.length();
    for (int i = 0; i < len; i++) {
      char c = content.charAt(i);
      if (c == '\n' || c == '\r') {
        out.add(new TextLine(n++, content.substring(start, i)));
        if (c == '\r' && i + 1 < len && content.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    if (start < len) {
      out.add(new TextLine(n, content.substring(start)));
    }
    return out;
  }

  boolean isBlank() {
    return text.isBlank();
  }

  /** Whether the line starts with a space or a tab (a continuation in ip/ifconfig output). */
  boolean isIndented() {
    return !text.isEmpty() && (text.charAt(0) == ' ' || text.charAt(0) == '\t');
  }

  List<Token> tokens() {
    return Token.split(text, 0);
  }
}
