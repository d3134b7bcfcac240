package dev.podpath.gui.layout;

/** The first words of what lies beyond the model, short enough for a mark. */
final class OutsideLabels {

  private static final int MAX = 70;

  private OutsideLabels() {}

  /**
   * {@code pods of worker1 that were not dumped: busybox ... } to {@code pods of worker1 that were
   * not dumped}: the words up to the first colon, semicolon or parenthesis.
   */
  static String shortly(String what) {
    int cut = what.length();
    for (char c : new char[] {':', ';', '('}) {
      int i = what.indexOf(c);
      if (i > 0) {
        cut = Math.min(cut, i);
      }
    }
    String s = what.substring(0, cut).strip();
    return s.length() <= MAX ? s : s.substring(0, MAX - 1) + "\u2026";
  }
}
