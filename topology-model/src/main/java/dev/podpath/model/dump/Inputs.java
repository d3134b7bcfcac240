package dev.podpath.model.dump;

/**
 * The checks every parser makes before reading: an empty file, binary data, text that was not
 * UTF-8. Package-private.
 */
final class Inputs {

  private Inputs() {}

  /**
   * Whether {@code content} is text worth parsing; if not, adds one whole-file warning naming
   * {@code command}, the command whose output the parser expected.
   */
  static boolean usable(String content, String command, Warnings w) {
    if (content.isBlank()) {
      w.ofFile(
          "the file is empty: there is nothing to read. Run `"
              + command
              + "` again and save what it prints (an empty table still prints a header or `[]`)");
      return false;
    }
    int nul = content.indexOf('\0');
    if (nul >= 0) {
      int[] lc = lineColumn(content, nul);
      w.add(
          lc[0],
          lc[1],
          "",
          "binary data (a NUL byte) at line "
              + lc[0]
              + ": this is not the text"
              + " output of `"
              + command
              + "`; was a compressed, pcap or other binary file saved under"
              + " this name?");
      return false;
    }
    int bad = 0;
    int firstBad = -1;
    int sample = Math.min(content.length(), 4096);
    for (int i = 0; i < sample; i++) {
      char c = content.charAt(i);
      if (c == '\uFFFD' || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != 0x1B)) {
        bad++;
        if (firstBad < 0) {
          firstBad = i;
        }
      }
    }
    if (bad > 0 && bad * 20 > sample) {
      int[] lc = lineColumn(content, firstBad);
      w.add(
          lc[0],
          lc[1],
          "",
          "this does not look like text ("
              + bad
              + " undecodable or control"
              + " characters in the first "
              + sample
              + "): not UTF-8 output of `"
              + command
              + "`");
      return false;
    }
    return true;
  }

  /** 1-based line and column of a character offset. */
  static int[] lineColumn(String content, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < content.length(); i++) {
      char c = content.charAt(i);
      if (c == '\n'
          || (c == '\r' && (i + 1 >= content.length() || content.charAt(i + 1) != '\n'))) {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, offset - lineStart + 1};
  }

  /** The text of the line holding {@code offset}, without its terminator. */
  static String lineAt(String content, int offset) {
    int start = offset;
    while (start > 0 && content.charAt(start - 1) != '\n' && content.charAt(start - 1) != '\r') {
      start--;
    }
    int end = offset;
    while (end < content.length() && content.charAt(end) != '\n' && content.charAt(end) != '\r') {
      end++;
    }
    return content.substring(start, end);
  }

  /** The start of {@code s}, shortened for a message. */
  static String head(String s, int max) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    if (nl >= 0) {
      t = t.substring(0, nl);
    }
    return t.length() > max ? t.substring(0, max) + "…" : t;
  }

  /**
   * Whether {@code content} may be the output this parser reads: false, with one whole-file warning
   * naming what it is instead, when it is recognisably another command's output.
   */
  static boolean isExpected(
      String content, java.util.Set<DumpFormat> accepted, String command, Warnings w) {
    java.util.Optional<DumpFormat> found = DumpFormat.sniff(content);
    if (found.isPresent() && !accepted.contains(found.get())) {
      DumpFormat f = found.get();
      w.ofFile(
          "this is the output of `"
              + f.command()
              + "`, not of `"
              + command
              + "`: nothing"
              + " was read. Give it to the reader of `"
              + f.command()
              + "`, or collect `"
              + command
              + "`");
      return false;
    }
    return true;
  }
}
