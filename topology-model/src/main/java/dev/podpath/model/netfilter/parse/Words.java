package dev.podpath.model.netfilter.parse;

/**
 * The words of one file, each kept once: a dump of kube-proxy's rules says {@code -A}, {@code -m},
 * {@code comment}, {@code --dport}, {@code 80} and each chain's name thousands of times. The
 * tokenizer asks for a word by its place in the line ({@link #of}) and gets the same {@code String}
 * for the same characters, made only the first time; later lookups of it in the parser's option
 * tables then reuse its cached hash code. An open-addressing table over the characters, so a word
 * seen before costs a hash and a compare, and no allocation.
 */
final class Words {

  /** Longer words (comments, rule texts) are not worth a table entry. */
  private static final int LONGEST = 64;

  /** A file's distinct words are bounded; past this many the table stops growing. */
  private static final int MOST = 1 << 20;

  private String[] table = new String[1024];

  /** Each entry's hash, compared before its characters. */
  private int[] hashes = new int[1024];

  private int size;

  /** The word {@code line[from, to)}, the same instance as any earlier equal word. */
  String of(String line, int from, int to) {
    int len = to - from;
    if (len > LONGEST) {
      return line.substring(from, to);
    }
    int h = 0;
    for (int k = from; k < to; k++) {
      h = 31 * h + line.charAt(k);
    }
    int mask = table.length - 1;
    int slot = spread(h) & mask;
    while (true) {
      String w = table[slot];
      if (w == null) {
        String made = line.substring(from, to);
        if (size < MOST) {
          table[slot] = made;
          hashes[slot] = h;
          if (++size * 2 > table.length) {
            grow();
          }
        }
        return made;
      }
      if (hashes[slot] == h && w.length() == len && w.regionMatches(0, line, from, len)) {
        return w;
      }
      slot = (slot + 1) & mask;
    }
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  private void grow() {
    String[] old = table;
    int[] oldHashes = hashes;
    table = new String[old.length * 2];
    hashes = new int[table.length];
    int mask = table.length - 1;
    for (int k = 0; k < old.length; k++) {
      if (old[k] != null) {
        int slot = spread(oldHashes[k]) & mask;
        while (table[slot] != null) {
          slot = (slot + 1) & mask;
        }
        table[slot] = old[k];
        hashes[slot] = oldHashes[k];
      }
    }
  }
}
