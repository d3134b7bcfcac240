package dev.podpath.model.paste;

import java.util.Objects;

/**
 * One text given to {@code podpath import}: a file (by the name the user gave) or standard input
 * ({@code -}).
 *
 * @param name the file name as given, or {@code -}; warnings and line ranges name it
 * @param text the whole text, already read and decoded
 */
public record PastedText(String name, String text) {
  public PastedText {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(text, "text");
  }
}
