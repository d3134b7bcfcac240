package dev.podpath.model.paste;

import java.util.Objects;

/**
 * Something in a pasted text that was read around, changed or left out: Markdown taken off, an
 * elision ({@code ...}), a prompt, an {@code iptables-save} table named from its chains. Never a
 * reason to stop: the rest is read.
 *
 * @param source the text's name
 * @param line the 1-based line, or 0 for the whole text
 * @param text the line as pasted (shortened), or empty
 * @param message what was done and why
 */
public record PasteWarning(String source, int line, String text, String message) {
  private static final int MAX_TEXT = 160;

  public PasteWarning {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(message, "message");
    if (text.length() > MAX_TEXT) {
      text = text.substring(0, MAX_TEXT) + "…";
    }
  }

  /** {@code source:line}, or {@code source} for the whole text. */
  public String location() {
    return line == 0 ? source : source + ":" + line;
  }

  @Override
  public String toString() {
    return location() + ": " + message + (text.isEmpty() ? "" : "\n    " + text);
  }
}
