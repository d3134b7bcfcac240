package dev.podpath.model.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file podpath was given but will not read: missing, not a regular file (a device, a FIFO, a
 * socket, a folder), larger than {@link TextFiles#limit()}, or not UTF-8 text. The message is one
 * line a person can act on:
 *
 * <pre>{@code
 * cannot read /dev/zero: not a regular file (a character device)
 * cannot read capture.sh: not a text file (binary data at byte 112)
 * }</pre>
 */
public final class UnreadableFileException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String reason;

  /**
   * @param file the file as the user named it
   * @param reason why it is not read, without the file name
   */
  public UnreadableFileException(Path file, String reason) {
    super("cannot read " + file + ": " + reason);
    this.file = Objects.requireNonNull(file, "file");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The file as the user named it. */
  public Path file() {
    return file;
  }

  /**
   * Why the file is not read ({@code "no such file"}, {@code "not a regular file (a FIFO)"}...).
   */
  public String reason() {
    return reason;
  }
}
