package dev.podpath.model.script;

import dev.podpath.model.origin.Origin;
import java.util.Objects;

/**
 * A scenario script line that podpath (or the kernel it imitates) refuses: a device that does not
 * exist, a gateway the kernel would reject, a command podpath does not know.
 *
 * <p>The message reads like the shell's would, followed by the offending line:
 *
 * <pre>{@code
 * samples/x.sh:12: Cannot find device "veth9"
 *     ip link set veth9 up
 * }</pre>
 */
public final class ScriptException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String lineText;
  private final String reason;

  /**
   * @param file the script's name as given to the interpreter
   * @param line the 1-based line (the first physical line of a continued command)
   * @param lineText the command's text, continuations joined
   * @param reason what went wrong, in the words of the tool or kernel that would complain
   */
  public ScriptException(String file, int line, String lineText, String reason) {
    super(format(file, line, lineText, reason));
    this.file = Objects.requireNonNull(file, "file");
    this.line = line;
    this.lineText = Objects.requireNonNull(lineText, "lineText");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  ScriptException(Origin origin, String reason) {
    this(origin.file(), origin.line(), origin.text(), reason);
  }

  private static String format(String file, int line, String text, String reason) {
    return file + ":" + line + ": " + reason + "\n    " + text;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  /** The offending command, continuations joined. */
  public String lineText() {
    return lineText;
  }

  /** The complaint alone, without file, line or text. */
  public String reason() {
    return reason;
  }

  /** Where the failing command is. */
  public Origin origin() {
    return new Origin(file, line, lineText);
  }
}
