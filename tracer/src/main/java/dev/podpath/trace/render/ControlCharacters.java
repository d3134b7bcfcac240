package dev.podpath.trace.render;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;

/**
 * Keeps text from a dump or a script line from acting on the terminal: a control character is
 * written as its JSON escape (backslash, u, four hex digits: <code>&#92;u001b</code> for ESC), so
 * an escape sequence in a dump line cannot recolour, clear, retitle or rewrite what the user reads.
 * Escaped: the C0 controls but tab and newline (ESC, CR, BEL, backspace...), DEL, the C1 controls
 * (U+0080 to U+009F, CSI among them), and the Unicode bidirectional controls that reorder what is
 * shown (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069).
 *
 * <p>The escape is JSON's, so JSON output stays valid and means the same: Jackson already writes C0
 * controls escaped, and a DEL or C1 control left in a JSON string becomes its JSON escape.
 */
public final class ControlCharacters {

  private ControlCharacters() {}

  /** Whether {@code c} is written escaped. */
  static boolean isEscaped(char c) {
    return c < 0x20 && c != '\t' && c != '\n'
        || c >= 0x7F && c <= 0x9F
        || c == 0x061C
        || c == 0x200E
        || c == 0x200F
        || c >= 0x202A && c <= 0x202E
        || c >= 0x2066 && c <= 0x2069;
  }

  /** {@code s} with every control character escaped. */
  public static String escape(CharSequence s) {
    StringBuilder sb = null;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (isEscaped(c)) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 16).append(s, 0, k);
        }
        sb.append(escaped(c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s.toString() : sb.toString();
  }

  private static String escaped(char c) {
    return String.format(Locale.ROOT, "\\u%04x", (int) c);
  }

  /**
   * A writer that escapes everything written through it before it reaches {@code out}: the command
   * line's standard output and error go through one, so no renderer can forget it.
   */
  public static PrintWriter escaping(Writer out) {
    return new PrintWriter(new Escaping(out), true);
  }

  private static final class Escaping extends FilterWriter {

    Escaping(Writer out) {
      super(out);
    }

    @Override
    public void write(int c) throws IOException {
      if (isEscaped((char) c)) {
        out.write(escaped((char) c));
      } else {
        out.write(c);
      }
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      int run = off;
      for (int k = off; k < off + len; k++) {
        if (isEscaped(cbuf[k])) {
          out.write(cbuf, run, k - run);
          out.write(escaped(cbuf[k]));
          run = k + 1;
        }
      }
      out.write(cbuf, run, off + len - run);
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
      int run = off;
      for (int k = off; k < off + len; k++) {
        if (isEscaped(str.charAt(k))) {
          out.write(str, run, k - run);
          out.write(escaped(str.charAt(k)));
          run = k + 1;
        }
      }
      out.write(str, run, off + len - run);
    }
  }
}
