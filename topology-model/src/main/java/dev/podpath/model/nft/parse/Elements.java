package dev.podpath.model.nft.parse;

import dev.podpath.model.netfilter.NftType;
import dev.podpath.model.netfilter.NftValue;
import dev.podpath.model.netfilter.NftVerdict;
import dev.podpath.model.netfilter.SetElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The elements of a set or map as written: {@code 10.96.0.10 . udp . 53 : goto service-x}, with the
 * values read by the set's types; an element's {@code comment}, {@code timeout} and {@code expires}
 * are read and left out.
 */
final class Elements {

  private Elements() {}

  /**
   * Elements up to the closing brace (the opening one already read); newlines inside are spaces.
   */
  static List<SetElement> parse(Cursor c, List<NftType> types, Optional<Optional<NftType>> data) {
    List<SetElement> out = new ArrayList<>();
    while (true) {
      skipNewlines(c);
      if (c.peekIs("}")) {
        c.pos++;
        return out;
      }
      out.add(element(c, types, data));
      skipNewlines(c);
      if (c.peekIs(",")) {
        c.pos++;
      } else if (!c.peekIs("}")) {
        throw c.unexpected(c.atEnd() ? "end of file" : "\"" + c.peek().text() + "\"", "',' or '}'");
      }
    }
  }

  private static void skipNewlines(Cursor c) {
    while (c.peekIs(NftLexer.NL)) {
      c.pos++;
    }
  }

  static SetElement element(Cursor c, List<NftType> types, Optional<Optional<NftType>> data) {
    List<NftValue> key = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      if (i > 0) {
        c.expect(".");
      }
      NftLexer.Tok t = c.next("a value");
      if (t.is("{") || t.is("}") || t.is(",") || t.is(NftLexer.NL)) {
        throw c.unexpected("\"" + t.text() + "\"", "a value");
      }
      try {
        key.add(types.get(i).value(t.text()));
      } catch (IllegalArgumentException e) {
        throw new Cursor.NftSyntax(e.getMessage(), t.line());
      }
    }
    while (c.peekIs("comment") || c.peekIs("timeout") || c.peekIs("expires")) {
      c.pos += 2;
    }
    if (data.isEmpty()) {
      if (c.peekIs(":")) {
        throw c.unexpected("':'", "',' or '}'");
      }
      return SetElement.of(key);
    }
    c.expect(":");
    if (data.get().isEmpty()) {
      String w = c.next("a verdict").text();
      if (!Set.of("accept", "drop", "return", "continue", "jump", "goto").contains(w)) {
        throw c.unexpected("\"" + w + "\"", "a verdict");
      }
      NftVerdict.Kind k = NftVerdict.Kind.valueOf(w.toUpperCase(java.util.Locale.ROOT));
      NftVerdict v =
          k == NftVerdict.Kind.JUMP || k == NftVerdict.Kind.GOTO
              ? NftVerdict.to(k, c.next("chain name").bare())
              : NftVerdict.of(k);
      return new SetElement(key, Optional.of(v), Optional.empty());
    }
    NftLexer.Tok t = c.next("a value");
    try {
      return new SetElement(key, Optional.empty(), Optional.of(data.get().get().value(t.text())));
    } catch (IllegalArgumentException e) {
      throw new Cursor.NftSyntax(e.getMessage(), t.line());
    }
  }
}
