package dev.podpath.model.paste;

import java.util.Optional;

/**
 * One line of a pasted text with the Markdown and HTML around it taken off ({@link MarkdownNoise}).
 * Package-private.
 *
 * @param source the text's name
 * @param number the 1-based line number in the text as pasted
 * @param raw the line as pasted
 * @param text the line without quote marks, bold, HTML tags and entities (indentation kept)
 * @param mark what kind of line it is
 * @param fenceInfo on a code fence ({@code ```sh}, {@code ```sudo iptables-save}), what follows the
 *     backticks
 */
record PasteLine(
    String source, int number, String raw, String text, Mark mark, Optional<String> fenceInfo) {

  /** What a line is, before anything is recognised in it. */
  enum Mark {
    /** A line of text (output, a prompt, prose). */
    TEXT,
    /** Empty or white space only. */
    BLANK,
    /** A Markdown code fence or an HTML {@code <pre>}/{@code </pre>}: the edge of a block. */
    FENCE,
    /** {@code ...}, {@code [snip]}: lines the poster left out. */
    ELISION
  }

  boolean isText() {
    return mark == Mark.TEXT;
  }

  /** The text without leading and trailing white space. */
  String stripped() {
    return text.strip();
  }

  /** The number of leading spaces (a tab counts as up to the next multiple of 8). */
  int indent() {
    int col = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ') {
        col++;
      } else if (c == '\t') {
        col = (col / 8 + 1) * 8;
      } else {
        break;
      }
    }
    return col;
  }
}
