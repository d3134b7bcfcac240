package dev.podpath.model.netfilter.parse;

import java.util.Objects;

/**
 * A line of an {@code iptables-save} dump or {@code iptables-restore} file that cannot be read: the
 * file, the 1-based line and column, the line's text, and the complaint (in iptables' words where
 * iptables has them).
 *
 * <pre>{@code
 * rules.txt:2:24: unknown option "--bogus"
 *     -A INPUT -p tcp --bogus 1 -j ACCEPT
 * }</pre>
 */
public final class NetfilterParseException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;
  private final String lineText;
  private final String reason;
  private final String restoreMessage;

  /**
   * @param column 1-based; 1 when the whole line is at fault
   * @param restoreMessage what {@code iptables-restore} prints for the same input
   */
  public NetfilterParseException(
      String file, int line, int column, String lineText, String reason, String restoreMessage) {
    super(file + ":" + line + ":" + column + ": " + reason + "\n    " + lineText);
    this.file = Objects.requireNonNull(file, "file");
    this.line = line;
    this.column = column;
    this.lineText = Objects.requireNonNull(lineText, "lineText");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.restoreMessage = Objects.requireNonNull(restoreMessage, "restoreMessage");
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public String lineText() {
    return lineText;
  }

  /** The complaint alone. */
  public String reason() {
    return reason;
  }

  /** What iptables-restore 1.8.9 (nf_tables) prints for this input. */
  public String restoreMessage() {
    return restoreMessage;
  }
}
