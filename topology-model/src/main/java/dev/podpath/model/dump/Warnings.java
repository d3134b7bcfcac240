package dev.podpath.model.dump;

import java.util.ArrayList;
import java.util.List;

/** Collects the warnings of one parse of one file. Package-private; one per parse call. */
final class Warnings {

  private final String file;
  private final List<DumpWarning> list = new ArrayList<>();

  Warnings(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  void add(int line, int column, String text, String message) {
    list.add(new DumpWarning(file, line, column, text, message));
  }

  void add(TextLine line, int column, String message) {
    add(line.number(), column, line.text(), message);
  }

  void add(TextLine line, Token token, String message) {
    add(line.number(), token.column(), line.text(), message);
  }

  void ofFile(String message) {
    list.add(DumpWarning.ofFile(file, message));
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  List<DumpWarning> list() {
    return List.copyOf(list);
  }

  <T> ParseResult<T> result(T value) {
    return ParseResult.of(value, list);
  }
}
