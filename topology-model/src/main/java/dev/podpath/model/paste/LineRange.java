package dev.podpath.model.paste;

import java.util.Objects;

/**
 * Lines of a pasted text, 1-based and inclusive: {@code issue.md:12-18}.
 *
 * @param source the text's name ({@link PastedText#name()})
 * @param first the first line
 * @param last the last line (at least {@code first})
 */
public record LineRange(String source, int first, int last) {
  public LineRange {
    Objects.requireNonNull(source, "source");
    if (first < 1 || last < first) {
      throw new IllegalArgumentException("bad line range " + first + "-" + last);
    }
  }

  /** {@code source:first-last}, or {@code source:first} for one line. */
  @Override
  public String toString() {
    return source + ":" + first + (last == first ? "" : "-" + last);
  }
}
