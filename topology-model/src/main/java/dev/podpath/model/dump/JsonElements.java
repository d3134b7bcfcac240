package dev.podpath.model.dump;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits the top-level JSON array that {@code ip -j} and {@code bridge -j} print into its objects,
 * and parses each one on its own, so that one broken object (a cut-off copy, the invalid JSON some
 * iproute2 versions print) costs a warning and not the file. Several arrays one after the other
 * (two commands saved into one file) are all read. Package-private.
 */
final class JsonElements {

  /** One object of the array, where it starts, and its text. */
  record Element(JsonNode node, int line, int column, String text) {}

  static final ObjectMapper MAPPER = JsonMapper.builder().build();

  /**
   * iproute2 4.19 prints a route's type as a bare string ({@code {"throw","dst":...}}); the object
   * is read as if it said {@code "type":"throw"}.
   */
  private static final Pattern BARE_ROUTE_TYPE =
      Pattern.compile(
          "^\\{\"(unicast|local|broadcast|anycast|multicast|blackhole|unreachable|prohibit|throw|nat|xresolve)\",");

  private JsonElements() {}

  static List<Element> read(String content, String command, Warnings w) {
    return read(content, 0, command, w);
  }

  /** As {@link #read(String, String, Warnings)}, for an array that starts at {@code from}. */
  static List<Element> read(String content, int from, String command, Warnings w) {
    return read(content, from, false, command, w);
  }

  /** The objects of the one array at {@code from} only; what follows it is not looked at. */
  static List<Element> readArray(String content, int from, String command, Warnings w) {
    return read(content, from, true, command, w);
  }

  private static List<Element> read(
      String content, int from, boolean single, String command, Warnings w) {
    LineIndex index = new LineIndex(content);
    List<Element> out = new ArrayList<>();
    int pos = skipSpace(content, from);
    if (pos >= content.length() || content.charAt(pos) != '[') {
      w.ofFile(notJsonArray(content, command));
      return out;
    }
    while (pos < content.length()) {
      int[] arrayStart = index.lineColumn(pos);
      pos++;
      int count = 0;
      boolean closed = false;
      while (true) {
        pos = skipSpace(content, pos);
        if (pos >= content.length()) {
          break;
        }
        char c = content.charAt(pos);
        if (c == ']') {
          pos++;
          closed = true;
          break;
        }
        if (c == ',') {
          pos++;
          continue;
        }
        int end = endOfValue(content, pos);
        int[] lc = index.lineColumn(pos);
        if (end >= 0 && end <= pos) {
          w.add(
              lc[0],
              lc[1],
              Inputs.lineAt(content, pos),
              "unexpected '" + c + "' in the JSON" + " array; skipped");
          pos++;
          continue;
        }
        if (end < 0) {
          w.add(
              lc[0],
              lc[1],
              content.substring(pos, Math.min(content.length(), pos + 120)),
              "this entry is cut off by the end of the file: the copy looks truncated"
                  + (count > 0 ? " (the " + count + " entries before it were read)" : ""));
          return out;
        }
        String text = content.substring(pos, end);
        parseOne(text, pos, index, w).ifPresent(out::add);
        count++;
        pos = end;
      }
      if (!closed) {
        w.add(
            arrayStart[0],
            arrayStart[1],
            "",
            "the JSON array that starts here is never closed with ']': the file looks truncated"
                + " after "
                + count
                + " complete entries (they were read). Save the whole output of `"
                + command
                + "` again");
        return out;
      }
      if (single) {
        return out;
      }
      pos = skipSpace(content, pos);
      if (pos < content.length() && content.charAt(pos) != '[') {
        int[] lc = index.lineColumn(pos);
        w.add(
            lc[0],
            lc[1],
            Inputs.lineAt(content, pos),
            "text after the end of the JSON array is ignored");
        return out;
      }
    }
    return out;
  }

  private static java.util.Optional<Element> parseOne(
      String text, int start, LineIndex index, Warnings w) {
    int[] lc = index.lineColumn(start);
    Matcher m = BARE_ROUTE_TYPE.matcher(text);
    String json =
        m.lookingAt() ? "{\"type\":\"" + m.group(1) + "\"," + text.substring(m.end()) : text;
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || !node.isObject()) {
        w.add(lc[0], lc[1], text, "expected a JSON object here, found " + kind(node));
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(new Element(node, lc[0], lc[1], text));
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      int offset = start;
      if (loc != null && loc.getCharOffset() >= 0 && json == text) {
        offset = start + (int) Math.min(loc.getCharOffset(), text.length());
      }
      int[] at = index.lineColumn(offset);
      String hint =
          text.contains(" weight ")
              ? " (iproute2 before 5.5 prints multipath routes as invalid JSON: use `ip route show table all` text for them)"
              : "";
      w.add(at[0], at[1], text, "not valid JSON: " + message(e) + "; this entry is skipped" + hint);
      return java.util.Optional.empty();
    }
  }

  /** Jackson's message, first line, without its source-location noise. */
  static String message(JsonProcessingException e) {
    String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    m = m.lines().findFirst().orElse("");
    return m.replaceAll("\\s*\\(start marker at \\[Source:.*$", "")
        .replaceAll("\\s*\\[Source:.*$", "");
  }

  private static String kind(JsonNode node) {
    return node == null
        ? "nothing"
        : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  /** The message for content that is not a JSON array, naming what it looks like instead. */
  static String notJsonArray(String content, String command) {
    String start = Inputs.head(content, 60);
    String looks =
        DumpFormat.sniff(content)
            .map(f -> "; it looks like the output of `" + f.command() + "`")
            .orElse("");
    return "this is not the JSON array `"
        + command
        + "` prints: it starts with \""
        + start
        + "\""
        + looks;
  }

  static int skipSpace(String s, int pos) {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
    return pos;
  }

  /** The offset just past the JSON value starting at {@code pos}, or -1 if the text ends first. */
  static int endOfValue(String s, int pos) {
    int depth = 0;
    boolean inString = false;
    for (int i = pos; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
          if (depth == 0) {
            return i + 1;
          }
        }
        continue;
      }
      switch (c) {
        case '"' -> inString = true;
        case '{', '[' -> depth++;
        case '}', ']' -> {
          if (depth == 0) {
            return i;
          }
          depth--;
          if (depth == 0) {
            return i + 1;
          }
        }
        case ',' -> {
          if (depth == 0) {
            return i;
          }
        }
        default -> {}
      }
    }
    return -1;
  }

  /** Offsets to 1-based line and column in O(log lines). */
  static final class LineIndex {
    private final int[] starts;

    LineIndex(String s) {
      int[] st = new int[16];
      int n = 0;
      st[n++] = 0;
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) == '\n') {
          if (n == st.length) {
            st = Arrays.copyOf(st, n * 2);
          }
          st[n++] = i + 1;
        }
      }
      starts = Arrays.copyOf(st, n);
    }

    int[] lineColumn(int offset) {
      int i = Arrays.binarySearch(starts, offset);
      int line = i >= 0 ? i : -i - 2;
      return new int[] {line + 1, offset - starts[line] + 1};
    }
  }
}
