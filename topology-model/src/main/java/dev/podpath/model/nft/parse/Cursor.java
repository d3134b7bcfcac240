package dev.podpath.model.nft.parse;

import java.util.List;

/** A position in a command's tokens, up to (not including) {@code end}. */
final class Cursor {
  final List<NftLexer.Tok> toks;
  int pos;
  final int end;

  Cursor(List<NftLexer.Tok> toks, int pos, int end) {
    this.toks = toks;
    this.pos = pos;
    this.end = end;
  }

  boolean atEnd() {
    return pos >= end;
  }

  NftLexer.Tok peek() {
    return atEnd() ? null : toks.get(pos);
  }

  boolean peekIs(String word) {
    return !atEnd() && toks.get(pos).is(word);
  }

  boolean peekIs(int ahead, String word) {
    return pos + ahead < end && toks.get(pos + ahead).is(word);
  }

  /** The next word, or nft's error for a command that ends too soon. */
  NftLexer.Tok next(String expected) {
    if (atEnd()) {
      throw unexpected("end of line", expected);
    }
    return toks.get(pos++);
  }

  void expect(String word) {
    NftLexer.Tok t = next(word);
    if (!t.is(word)) {
      throw unexpected("\"" + t.text() + "\"", word);
    }
  }

  int line() {
    return toks.get(Math.min(pos, toks.size() - 1)).line();
  }

  /** nft's syntax error. */
  NftSyntax unexpected(String what, String expected) {
    return new NftSyntax(
        "syntax error, unexpected " + what + (expected.isEmpty() ? "" : ", expecting " + expected),
        line());
  }

  /** The words from here to the end, as written. */
  List<String> rest() {
    List<String> out = toks.subList(pos, end).stream().map(NftLexer.Tok::text).toList();
    pos = end;
    return out;
  }

  /** A syntax error at a line; the caller adds the line's text. */
  static final class NftSyntax extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int line;

    NftSyntax(String message, int line) {
      super(message);
      this.line = line;
    }
  }
}
