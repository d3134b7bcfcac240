package dev.podpath.model.paste;

import java.util.List;

/** Line numbers written as ranges: {@code 3-7, 9, 12-13}. Package-private. */
final class Ranges {

  private Ranges() {}

  /** {@code lines} (ascending) as {@code lines 3-7, 9}, at most 6 ranges then {@code ...}. */
  static String of(List<Integer> lines) {
    StringBuilder sb = new StringBuilder(lines.size() == 1 ? "line " : "lines ");
    int ranges = 0;
    int i = 0;
    while (i < lines.size()) {
      int j = i;
      while (j + 1 < lines.size() && lines.get(j + 1) <= lines.get(j) + 1) {
        j++;
      }
      if (ranges == 6) {
        sb.append(", ...");
        break;
      }
      sb.append(ranges == 0 ? "" : ", ").append(lines.get(i));
      if (!lines.get(j).equals(lines.get(i))) {
        sb.append('-').append(lines.get(j));
      }
      ranges++;
      i = j + 1;
    }
    return sb.toString();
  }
}
