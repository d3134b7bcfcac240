package dev.podpath.model.dump;

import java.util.Objects;

/**
 * Something in a node dump that podpath could not take in: a line it did not understand, a value
 * out of range, a file that is binary, empty, truncated, or the output of another command.
 *
 * <p>Parsers never throw on bad input; they skip what they cannot read, keep the rest, and say why
 * here. {@code line} and {@code column} are 1-based; a problem with the whole file (empty, binary,
 * wrong command) has line 0 and column 0.
 *
 * <pre>{@code
 * ip-route.txt:4:23: unknown keyword "bogus"; the route is kept without it
 *     10.10.2.0/24 via 192.168.2.15 bogus dev enp0s5
 * }</pre>
 *
 * @param file the file name the caller gave the parser
 * @param line the 1-based line, or 0 for the whole file
 * @param column the 1-based column (characters, not bytes), or 0 for the whole line or file
 * @param text the offending line (or the first line of the JSON object), shortened to 200
 *     characters
 * @param message what is wrong and, where there is one, what to do about it
 */
public record DumpWarning(String file, int line, int column, String text, String message) {

  static final int MAX_TEXT = 200;

  public DumpWarning {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(message, "message");
    int nl = text.indexOf('\n');
    if (nl >= 0) {
      text = text.substring(0, nl).stripTrailing() + " …";
    }
    if (text.length() > MAX_TEXT) {
      text = text.substring(0, MAX_TEXT) + "…";
    }
  }

  /** A problem with the whole file (line and column 0, no text). */
  public static DumpWarning ofFile(String file, String message) {
    return new DumpWarning(file, 0, 0, "", message);
  }

  /** {@code file:line:column}, or {@code file} for a whole-file problem. */
  public String location() {
    if (line == 0) {
      return file;
    }
    return file + ":" + line + (column > 0 ? ":" + column : "");
  }

  /** {@code file:line:column: message}, then the offending text indented on a second line. */
  @Override
  public String toString() {
    return location() + ": " + message + (text.isEmpty() ? "" : "\n    " + text);
  }
}
