package dev.podpath.model.netfilter.parse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The arguments of one iptables command line, each word with the 1-based column where it starts in
 * its file's line (0 when not from a file): two arrays that grow, not an object per word. The
 * tokenizer fills one per line; {@link CommandLine} copies the rule's part into another.
 */
final class Args {

  private String[] words;
  private int[] columns;
  private int size;

  Args(int capacity) {
    words = new String[Math.max(capacity, 4)];
    columns = new int[words.length];
  }

  /** Words not from a file (a script's {@code iptables} command): every column is 0. */
  static Args of(List<String> words) {
    Args a = new Args(words.size());
    for (String w : words) {
      a.add(w, 0);
    }
    return a;
  }

  /** Empties it for the next line, keeping its arrays. */
  void clear() {
    Arrays.fill(words, 0, size, null);
    size = 0;
  }

  void add(String word, int column) {
    if (size == words.length) {
      words = Arrays.copyOf(words, size * 2);
      columns = Arrays.copyOf(columns, size * 2);
    }
    words[size] = word;
    columns[size++] = column;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The {@code k}th word. */
  String word(int k) {
    return words[k];
  }

  /** The column where the {@code k}th word starts, 0 when not from a file. */
  int column(int k) {
    return columns[k];
  }

  /** The same words and columns, as a new {@code Args} that can grow apart from this one. */
  Args copy(int extra) {
    Args a = new Args(size + extra);
    System.arraycopy(words, 0, a.words, 0, size);
    System.arraycopy(columns, 0, a.columns, 0, size);
    a.size = size;
    return a;
  }

  /** One {@link Token} per word. */
  List<Token> tokens() {
    List<Token> out = new ArrayList<>(size);
    for (int k = 0; k < size; k++) {
      out.add(new Token(words[k], columns[k]));
    }
    return out;
  }
}
