package dev.podpath.gui.whatif;

import java.util.ArrayList;
import java.util.List;

/** Command words joined into a line a POSIX shell reads back as the same words. */
public final class CommandLines {

  private CommandLines() {}

  /** {@return the words separated by spaces, each quoted with {@code '...'} when it must be} */
  public static String join(List<String> argv) {
    List<String> out = new ArrayList<>(argv.size());
    for (String w : argv) {
      out.add(quote(w));
    }
    return String.join(" ", out);
  }

  /** {@return {@code word} as is when the shell takes it literally, else single-quoted} */
  public static String quote(String word) {
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=,+@%^-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /**
   * Splits what a person typed (a rule's options) into words: blanks separate them, single or
   * double quotes keep blanks inside one, a backslash takes the next character as it is (as a POSIX
   * shell reads them).
   *
   * @throws IllegalArgumentException for a quote left open
   */
  public static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (quote == '"'
            && c == '\\'
            && i + 1 < text.length()
            && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
          w.append(text.charAt(++i));
        } else {
          w.append(c);
        }
      } else if (c == '\\' && i + 1 < text.length()) {
        w.append(text.charAt(++i));
        inWord = true;
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("a quote (" + quote + ") is not closed");
    }
    if (inWord) {
      words.add(w.toString());
    }
    return List.copyOf(words);
  }
}
