package dev.podpath.model.dump;

import java.util.List;
import java.util.Optional;

/** Walks the tokens of one line, keyword by keyword. Package-private. */
final class TokenCursor {

  private final List<Token> tokens;
  private int next;

  TokenCursor(List<Token> tokens) {
    this.tokens = tokens;
  }

  boolean hasNext() {
    return next < tokens.size();
  }

  Token next() {
    return tokens.get(next++);
  }

  Optional<Token> peek() {
    return hasNext() ? Optional.of(tokens.get(next)) : Optional.empty();
  }

  /** The value after a keyword, if the line has one. */
  Optional<Token> value() {
    return hasNext() ? Optional.of(next()) : Optional.empty();
  }

  /** Consumes the next token if it is {@code word}. */
  boolean accept(String word) {
    if (hasNext() && tokens.get(next).is(word)) {
      next++;
      return true;
    }
    return false;
  }

  /** The column just past the last token, for "value missing at end of line" warnings. */
  int endColumn() {
    if (tokens.isEmpty()) {
      return 1;
    }
    Token last = tokens.get(tokens.size() - 1);
    return last.column() + last.text().length();
  }
}
