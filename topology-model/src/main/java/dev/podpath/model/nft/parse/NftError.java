package dev.podpath.model.nft.parse;

/**
 * A command {@code nft} refuses, worded as {@code nft} 1.0.6 words it ({@code Error: syntax error,
 * unexpected ...}, {@code Error: Could not process rule: No such file or directory}), with the line
 * of the input it is about (1 for a command line).
 */
public final class NftError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int line;
  private final String text;

  public NftError(String message, int line, String text) {
    super(message);
    this.line = line;
    this.text = text;
  }

  /** The line of the input (a file's, or 1 for {@code nft add ...}). */
  public int line() {
    return line;
  }

  /** The text of that line. */
  public String text() {
    return text;
  }
}
