package dev.podpath.trace.render;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Colour for a terminal, added to the text the renderers made, line by line: a verdict (REACHABLE
 * green, NOT REACHABLE red, UNKNOWN yellow: the trace's {@code result:} line and the first word of
 * a {@code --brief} line), a drop (a step's {@code DROP} line and a packet's {@code =>} line when
 * it was not delivered) red, a diagnosis's {@code culprit:} line bold magenta. Anything else passes
 * unchanged, and nothing is added until {@link #enable} is called.
 *
 * <p>It sits under {@link ControlCharacters#escaping}: what reaches it is already escaped, so the
 * only escape sequences on the terminal are the SGR codes written here, never a dump's.
 */
public final class TerminalColours extends Writer {

  private static final String RESET = "\u001b[0m";
  private static final String GREEN = "\u001b[32m";
  private static final String RED = "\u001b[31m";
  private static final String YELLOW = "\u001b[33m";
  private static final String CULPRIT = "\u001b[1;35m";

  /** The verdicts, longest first ({@code NOT REACHABLE} before {@code REACHABLE}). */
  private static final List<String> VERDICTS = List.of("NOT REACHABLE", "REACHABLE", "UNKNOWN");

  private final Writer out;
  private final StringBuilder line = new StringBuilder();
  private boolean enabled;

  /** A line whose start was already written (at a flush) goes on uncoloured. */
  private boolean partial;

  public TerminalColours(Writer out) {
    super(out);
    this.out = out;
  }

  /** From now on, colours the lines written. */
  public void enable() {
    synchronized (lock) {
      enabled = true;
    }
  }

  @Override
  public void write(char[] cbuf, int off, int len) throws IOException {
    synchronized (lock) {
      if (!enabled) {
        out.write(cbuf, off, len);
        return;
      }
      for (int k = off; k < off + len; k++) {
        char c = cbuf[k];
        if (c == '\n') {
          out.write(partial ? line.toString() : colour(line.toString()));
          out.write('\n');
          line.setLength(0);
          partial = false;
        } else {
          line.append(c);
        }
      }
    }
  }

  @Override
  public void flush() throws IOException {
    synchronized (lock) {
      if (line.length() > 0) {
        out.write(line.toString());
        line.setLength(0);
        partial = true;
      }
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    flush();
    out.close();
  }

  /** {@return {@code s}, a line without its newline, with the colour its role has} */
  static String colour(String s) {
    if (s.startsWith("result: ")) {
      return "result: " + verdict(s.substring("result: ".length()));
    }
    String verdict = verdict(s);
    if (!verdict.equals(s)) {
      return verdict;
    }
    if (s.startsWith("    culprit: ")) {
      return CULPRIT + s + RESET;
    }
    boolean dropStep = s.stripLeading().startsWith("DROP ") && s.startsWith("       ");
    boolean notDelivered = s.startsWith("  => ") && !s.startsWith("  => DELIVERED");
    if (dropStep || notDelivered) {
      return RED + s + RESET;
    }
    return s;
  }

  /** {@code s} with its leading verdict, followed by a space, a colon or nothing, coloured. */
  private static String verdict(String s) {
    for (String v : VERDICTS) {
      boolean whole =
          s.startsWith(v)
              && (s.length() == v.length()
                  || s.charAt(v.length()) == ' '
                  || s.charAt(v.length()) == ':');
      if (whole) {
        String colour =
            switch (v) {
              case "REACHABLE" -> GREEN;
              case "NOT REACHABLE" -> RED;
              default -> YELLOW;
            };
        return colour + v + RESET + s.substring(v.length());
      }
    }
    return s;
  }
}
