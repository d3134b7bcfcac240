package dev.podpath.model.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the here-documents a line opens ({@code cat <<EOF}, {@code <<-'END'}), so that their
 * bodies, which are text and not commands, are taken with the line that opens them: the line is
 * refused (podpath runs no here-document), and the body is not read as commands.
 */
final class HereDocs {

  private HereDocs() {}

  /** One here-document: its delimiter, and whether leading tabs are stripped ({@code <<-}). */
  record Opening(String delimiter, boolean stripTabs) {

    /** Whether {@code line} ends this here-document's body. */
    boolean endsAt(String line) {
      String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      return (stripTabs ? l.replaceFirst("^\t+", "") : l).equals(delimiter);
    }
  }

  /**
   * The here-documents {@code line} opens, in order: each {@code <<WORD} (not {@code <<<}) outside
   * quotes and comments.
   */
  static List<Opening> openedBy(String line) {
    List<Opening> out = new ArrayList<>();
    char quote = 0;
    for (int k = 0; k < line.length(); k++) {
      char c = line.charAt(k);
      if (quote != 0) {
        if (c == '\\' && quote == '"') {
          k++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\\') {
        k++;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '#' && (k == 0 || Character.isWhitespace(line.charAt(k - 1)))) {
        break;
      } else if (c == '<' && at(line, k + 1) == '<' && at(line, k + 2) != '<') {
        boolean strip = at(line, k + 2) == '-';
        Optional<String> d = delimiterAt(line, k + 2);
        d.ifPresent(w -> out.add(new Opening(w, strip)));
        k++;
      } else if (c == '<' && at(line, k + 1) == '<') {
        k += 2;
      }
    }
    return out;
  }

  /**
   * The delimiter of a here-document whose {@code <<} ends just before {@code k}: after an optional
   * {@code -} and blanks, the next word with its quotes removed.
   */
  static Optional<String> delimiterAt(String s, int k) {
    if (at(s, k) == '-') {
      k++;
    }
    while (k < s.length() && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
      k++;
    }
    StringBuilder word = new StringBuilder();
    char quote = 0;
    for (; k < s.length(); k++) {
      char c = s.charAt(k);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '\\' && k + 1 < s.length()) {
        word.append(s.charAt(++k));
      } else if (c == ' ' || c == '\t' || ";&|<>()".indexOf(c) >= 0) {
        break;
      } else {
        word.append(c);
      }
    }
    return word.length() == 0 ? Optional.empty() : Optional.of(word.toString());
  }

  private static char at(String s, int k) {
    return k < s.length() ? s.charAt(k) : 0;
  }
}
